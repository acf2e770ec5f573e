/**
 * The built-in cluster's own status: the same three nodes, IPs and pod CIDRs as lib/sim/topology.ts
 * (master241 / worker242 / worker243, 192.168.1.241–243, 10.100.{0,1,2}.0/24, VXLAN 8472), Cilium
 * 1.19.4 with kube-proxy replacement, cluster-pool IPAM, Hubble and Relay. It is built as Kubernetes
 * objects plus per-agent StatusResponse documents and fed through the same decoders and assembly as
 * the real sources, so the demo exercises the production path.
 */
import type { ClusterView } from '@/lib/model/cluster';
import { buildTopology, type SimTopology } from '@/lib/sim/topology';
import { assembleClusterView } from '../assemble';
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
  topology?: SimTopology;
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

/** The simulated cluster's view. Deterministic for a given topology, time and counters. */
export function simulatedClusterView(opts: SimulatedClusterOptions = {}): ClusterView {
  const topo = opts.topology ?? buildTopology();
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
    config: chartCiliumConfig({
      'kube-proxy-replacement': 'true',
      'cluster-name': topo.clusterName,
      'cluster-pool-ipv4-cidr': '10.100.0.0/16',
      'enable-bpf-masquerade': 'true',
      'hubble-metrics-server': ':9965',
      'hubble-metrics': 'dns drop tcp flow port-distribution icmp httpV2:exemplars=true',
    }),
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
  inputs.agents = topo.nodes.map(n => {
    const h = opts.hubble?.(n.name) ?? {
      current: 4095,
      max: 4095,
      seen: 61_200,
      uptimeSeconds: 3600,
    };
    // Router (cilium_host) and health endpoint are allocated from the pod CIDR too.
    const allocated = topo.pods.filter(p => p.node === n.name).length + 2;
    const doc = statusResponseDoc({
      self: n.name,
      clusterName: topo.clusterName,
      podCIDR: n.podCidr,
      ipv4Allocated: allocated,
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
