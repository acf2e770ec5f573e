/**
 * The built-in cluster's own status: the same nodes, IPs and pod CIDRs as lib/sim/topology.ts (the
 * demo's master241 / worker242 / worker243, 192.168.1.241–243, 10.100.{0,1,2}.0/24; a scaled
 * topology's one node per 50 workloads), VXLAN 8472, Cilium 1.19.4 with kube-proxy replacement,
 * cluster-pool IPAM, Hubble and Relay. It is built as Kubernetes objects plus per-agent
 * StatusResponse documents and fed through the same decoders and assembly as the real sources, so
 * the demo exercises the production path.
 */
import type { ClusterView } from '@/lib/model/cluster';
import { buildTopology, type SimTopology } from '@/lib/sim/topology';
import { assembleClusterView } from '../assemble';
import { cidrContains } from '../cidr';
import { buildClusterObjects, inputsFromObjects, type WorkloadPod } from '../cluster-objects';
import { decodeStatus } from '../decode-status';
import { chartCiliumConfig, type CiliumNodeSpec } from '../k8s-objects';
import { statusResponseDoc } from '../status-builder';

export const SIM_CILIUM_VERSION = '1.19.4';

/** Ring-buffer counters for one node, to keep the status consistent with the simulated Relay. */
export interface SimHubbleCounters {
  current: number;
  max: number;
  seen: number;
  uptimeSeconds: number;
}

export interface SimulatedClusterOptions {
  /** The inventory to describe; default: the built-in topology at `scale`. */
  topology?: SimTopology;
  /** Total workloads of a scaled-up built-in cluster (`FLOWSCOPE_SIM_SCALE`); default: the demo. */
  scale?: number;
  nowMs?: number;
  /** Live counters per node from the simulator; default: a full 4095-flow buffer after one hour. */
  hubble?: (node: string) => SimHubbleCounters | null;
}

/** `k8s:app=frontend` identity labels → pod labels (Cilium-internal `io.*` labels dropped). */
function podLabels(identityLabels: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of identityLabels) {
    const m = /^k8s:([^=]+)=(.*)$/.exec(l);
    if (m && !m[1]!.startsWith('io.')) out[m[1]!] = m[2]!;
  }
  return out;
}

function goDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.round((seconds % 60) * 1000) / 1000;
  return `${h > 0 ? `${h}h` : ''}${h > 0 || m > 0 ? `${m}m` : ''}${s}s`;
}

// The last built topology: the view is collected again every cache period, and rebuilding the
// inventory each time costs ~150 ms at 5,000 workloads. Topologies are deterministic per scale.
let lastTopology: { scale: number | undefined; topo: SimTopology } | null = null;

function topologyAt(scale: number | undefined): SimTopology {
  if (!lastTopology || lastTopology.scale !== scale)
    lastTopology = { scale, topo: buildTopology({ scale }) };
  return lastTopology.topo;
}

/** The demo's pool, carved into its three /24s. */
const DEMO_POOL = '10.100.0.0/16';
/**
 * A scaled topology's pool: its nodes' /16s run from 10.100 to 10.199, which straddles 10.128.0.0,
 * so no prefix shorter than /8 holds them all (10.64.0.0/10 stops at 10.127). 10.0.0.0/8 is also the
 * Helm chart's default `ipam.operator.clusterPoolIPv4PodCIDRList`.
 */
const SCALED_POOL = '10.0.0.0/8';

/** True when all of `inner` lies inside `outer` (IPv4 CIDRs). */
function cidrWithin(inner: string, outer: string): boolean {
  const [net, len] = inner.split('/');
  return Number(len) >= Number(outer.split('/')[1]) && cidrContains(outer, net ?? '');
}

/**
 * The `cilium-config` the built-in cluster's operator would run with: a cluster pool that contains
 * every node's pod CIDR, carved at the nodes' prefix length (/24 in the demo, /16 scaled).
 */
export function simulatedCiliumConfig(topo: SimTopology): Record<string, string> {
  const cidrs = topo.nodes.map(n => n.podCidr);
  const pool = cidrs.every(c => cidrWithin(c, DEMO_POOL)) ? DEMO_POOL : SCALED_POOL;
  return chartCiliumConfig({
    'kube-proxy-replacement': 'true',
    'cluster-name': topo.clusterName,
    'cluster-pool-ipv4-cidr': pool,
    'cluster-pool-ipv4-mask-size': cidrs[0]?.split('/')[1] ?? '24',
    'enable-bpf-masquerade': 'true',
    'hubble-metrics-server': ':9965',
    'hubble-metrics': 'dns drop tcp flow port-distribution icmp httpV2:exemplars=true',
  });
}

/** The simulated cluster's view. Deterministic for a given topology, time and counters. */
export function simulatedClusterView(opts: SimulatedClusterOptions = {}): ClusterView {
  const topo = opts.topology ?? topologyAt(opts.scale);
  const nodes: CiliumNodeSpec[] = topo.nodes.map(n => ({
    name: n.name,
    internalIP: n.internalIp,
    ciliumInternalIP: n.ciliumHostIp,
    podCIDRs: [n.podCidr],
    healthIPv4: n.healthIp,
    labels:
      n.role === 'control-plane' ? { 'node-role.kubernetes.io/control-plane': '' } : undefined,
  }));
  const workloadPods: WorkloadPod[] = topo.pods.map(p => {
    const labels = podLabels(p.labels);
    // The relay pod carries the chart's component labels so it is counted as hubble-relay.
    if (p.app === 'hubble-relay')
      Object.assign(labels, {
        'k8s-app': 'hubble-relay',
        'app.kubernetes.io/name': 'hubble-relay',
      });
    return { name: p.name, namespace: p.namespace, node: p.node, ip: p.ip, labels };
  });
  const objects = buildClusterObjects({
    version: SIM_CILIUM_VERSION,
    nodes,
    config: simulatedCiliumConfig(topo),
    envoy: true,
    relay: true,
    workloadPods,
  });
  const nowMs = opts.nowMs ?? Date.now();
  const inputs = inputsFromObjects(objects, { nowMs, sources: ['simulated'] });

  const peers = topo.nodes.map(n => ({
    name: n.name,
    ipv4: n.internalIp,
    podCIDR: n.podCidr,
    healthIPv4: n.healthIp,
  }));
  const podsOnNode = new Map<string, number>();
  for (const p of topo.pods) podsOnNode.set(p.node, (podsOnNode.get(p.node) ?? 0) + 1);
  inputs.agents = topo.nodes.map(n => {
    const h = opts.hubble?.(n.name) ?? {
      current: 4095,
      max: 4095,
      seen: 61_200,
      uptimeSeconds: 3600,
    };
    // Router (cilium_host) and health endpoint are allocated from the pod CIDR too.
    const allocated = (podsOnNode.get(n.name) ?? 0) + 2;
    const doc = statusResponseDoc({
      self: n.name,
      clusterName: topo.clusterName,
      podCIDR: n.podCidr,
      ipv4Allocated: allocated,
      // The agent counts every address of its pod CIDR but network and broadcast: a scaled node's
      // /16 holds 65,534, not a /24's 254.
      ipv4Capacity: 2 ** (32 - Number(n.podCidr.split('/')[1] ?? 24)) - 2,
      routing: { inter: 'Tunnel', intra: 'BPF', protocol: 'vxlan' },
      kpr: 'True',
      controllers: 42,
      hubble: { current: h.current, max: h.max, seen: h.seen, uptime: goDuration(h.uptimeSeconds) },
      hubbleMetricsTopLevel: true,
      peers,
      masquerade: { mode: 'BPF', ipv4: true, ipv6: false },
    });
    const status = decodeStatus(doc);
    status.clusterHealth = {
      ...(status.clusterHealth ?? { state: 'Ok', msg: '', knownNodes: peers.length }),
      reachable: peers.length,
      total: peers.length,
      unreachableNodes: [],
    };
    return { node: n.name, status };
  });
  return assembleClusterView(inputs);
}
