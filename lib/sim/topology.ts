/**
 * The simulated cluster's inventory: nodes, pods, services, reserved identities and the outside
 * world. Modelled on the three-node cluster used throughout the Cilium docs (master241, worker242,
 * worker243 with pod CIDRs 10.100.{0,1,2}.0/24 and a VXLAN overlay), populated with a small shop.
 * A scaled topology adds generated workloads and nodes (topology-scale.ts, topology-nodes.ts).
 *
 * Plain data and fully deterministic (no seed needed): names, IPs, identities and endpoint IDs come
 * from fixed tables and a string hash, so the same topology is rebuilt on every start and a recorded
 * demo stays comparable across runs.
 */
import { APP_PORTS, NODE_SPECS, SERVICES, WORKLOADS } from '@/lib/sim/topology-data';
import { ipv4ToNum, numToIpv4, simNodeSpecs } from '@/lib/sim/topology-nodes';
import { SCALED_APP_PORT, scaledInventory, type SimCall } from '@/lib/sim/topology-scale';

export type { SimCall } from '@/lib/sim/topology-scale';

/** A Kubernetes node running a Cilium agent. */
export interface SimNode {
  name: string;
  role: 'control-plane' | 'worker';
  /** Node InternalIP; also the Hubble peer address (`:4244`). */
  internalIp: string;
  podCidr: string;
  /** IP of the `cilium_host` interface (first usable pod-CIDR address Cilium reserves). */
  ciliumHostIp: string;
  /** IP of the node's cilium-health endpoint. */
  healthIp: string;
  /** Node labels as Hubble reports them in `node_labels` (`key=value`). */
  labels: string[];
  /** MAC of the node's uplink, used on overlay trace events. */
  mac: string;
}

/** A pod's owning workload, as Hubble reports it. */
export interface SimWorkload {
  name: string;
  kind: string;
}

/** A pod (a Cilium endpoint). */
export interface SimPod {
  name: string;
  namespace: string;
  /** Value of the app label (`app` or, for CoreDNS, `k8s-app`). */
  app: string;
  node: string;
  ip: string;
  /** Security identity, >= 256 (cluster-allocated); shared by all replicas of a workload. */
  identity: number;
  /** Cilium endpoint ID, unique per node. */
  endpointId: number;
  /** Identity labels, sorted, `k8s:` source prefix, as Hubble sends them. */
  labels: string[];
  workloads: SimWorkload[];
  /** Host-side veth (`lxc…`) name and ifindex. */
  ifName: string;
  ifIndex: number;
  mac: string;
}

/** A ClusterIP Service. */
export interface SimService {
  name: string;
  namespace: string;
  clusterIp: string;
  port: number;
  targetPort: number;
  /** App label value of the backends; '' for a service without backends. */
  app: string;
}

/** A reserved identity (host, world, ...) or an FQDN/CIDR identity for an external address. */
export interface SimIdentity {
  name: string;
  identity: number;
  labels: string[];
  /** Representative IP ('' for the per-node reserved identities, whose IP depends on the node). */
  ip: string;
}

/** The whole inventory. */
export interface SimTopology {
  clusterName: string;
  nodes: SimNode[];
  /** Namespaces that own workloads, sorted. */
  namespaces: string[];
  pods: SimPod[];
  services: SimService[];
  reserved: {
    host: SimIdentity;
    remoteNode: SimIdentity;
    health: SimIdentity;
    kubeApiserver: SimIdentity;
    world: SimIdentity;
  };
  /** External destinations resolved through DNS (FQDN identities, `world` traffic). */
  externals: SimIdentity[];
  /** Public client addresses that hit the front end from the Internet. */
  internetClients: string[];
  /** Generated HTTP calls between generated workloads (empty unless scaled, see topology-scale.ts). */
  calls: SimCall[];
}

/** The demo's three node names, in topology order (a scaled topology starts with them too). */
export const SIM_NODE_NAMES = NODE_SPECS.map(n => n.name);

/** FNV-1a, 32 bit: a stable string hash for names, identities and MACs. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// Kubernetes' pod-name suffix alphabet (no vowels, no ambiguous characters).
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function suffix(seed: string, len: number): string {
  let h = fnv1a(seed);
  let out = '';
  for (let i = 0; i < len; i++) {
    out += SUFFIX_ALPHABET[h % SUFFIX_ALPHABET.length];
    h = Math.imul(h ^ (h >>> 13), 0x5bd1e995) >>> 0;
  }
  return out;
}

function mac(seed: string): string {
  const h1 = fnv1a(seed);
  const h2 = fnv1a(seed + '#');
  // Locally administered, unicast: second-lowest bit of the first octet set, lowest clear.
  const bytes = [((h1 >>> 24) & 0xfc) | 0x02, h1 >>> 16, h1 >>> 8, h1, h2 >>> 8, h2];
  return bytes.map(b => (b & 0xff).toString(16).padStart(2, '0')).join(':');
}

/** Options of {@link buildTopology}. */
export interface TopologyOptions {
  clusterName?: string;
  /**
   * Total workloads (`FLOWSCOPE_SIM_SCALE`): the shop plus generated workloads and calls, on one
   * node per 50 workloads (3 to 100) with a /16 pod CIDR each. Default: the shop on three nodes.
   */
  scale?: number;
}

/**
 * Builds the simulated cluster's inventory. `clusterName` only changes labels and TLS names; node
 * names carry no `cluster/` prefix, as with Relay's `default` cluster.
 */
export function buildTopology(opts: TopologyOptions = {}): SimTopology {
  const clusterName = opts.clusterName ?? 'default';
  const scaled = opts.scale !== undefined ? scaledInventory(opts.scale) : undefined;
  const nodes: SimNode[] = simNodeSpecs(opts.scale).map(n => ({
    ...n,
    labels: [
      'beta.kubernetes.io/arch=amd64',
      'beta.kubernetes.io/os=linux',
      'kubernetes.io/arch=amd64',
      `kubernetes.io/hostname=${n.name}`,
      'kubernetes.io/os=linux',
      ...(n.role === 'control-plane' ? ['node-role.kubernetes.io/control-plane='] : []),
    ],
    mac: mac(n.name),
  }));

  const usedIdentities = new Set<number>();
  const nextHost = nodes.map(() => 20);
  const usedEndpointIds = nodes.map(() => new Set<number>());
  const pods: SimPod[] = [];

  for (const w of scaled ? [...WORKLOADS, ...scaled.workloads] : WORKLOADS) {
    const appKey = w.appKey ?? 'app';
    const appValue = w.appValue ?? w.app;
    const sa = w.serviceAccount ?? w.app;
    const labels = [
      `k8s:${appKey}=${appValue}`,
      `k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=${w.namespace}`,
      `k8s:io.cilium.k8s.policy.cluster=${clusterName}`,
      `k8s:io.cilium.k8s.policy.serviceaccount=${sa}`,
      `k8s:io.kubernetes.pod.namespace=${w.namespace}`,
    ].sort();
    let identity = 256 + (fnv1a(labels.join(',')) % 65000);
    while (usedIdentities.has(identity)) identity++;
    usedIdentities.add(identity);

    for (let i = 0; i < w.replicas; i++) {
      const nodeIdx = (w.firstNode + i) % nodes.length;
      const node = nodes[nodeIdx] as SimNode;
      const name =
        w.kind === 'StatefulSet'
          ? `${w.app}-${i}`
          : `${w.app}-${w.rsHash}-${suffix(`${w.app}/${i}`, 5)}`;
      // Spread pod IPs over the pod CIDR the way IPAM does after some churn, not 10,11,12...
      const host = nextHost[nodeIdx] as number;
      nextHost[nodeIdx] = host + 7 + (fnv1a(name) % 11);
      let endpointId = 1 + (fnv1a(`ep/${name}`) % 4000);
      const usedEp = usedEndpointIds[nodeIdx] as Set<number>;
      while (usedEp.has(endpointId)) endpointId++;
      usedEp.add(endpointId);
      pods.push({
        name,
        namespace: w.namespace,
        app: w.app,
        node: node.name,
        ip: numToIpv4(ipv4ToNum(node.podCidr.split('/')[0] as string) + host),
        identity,
        endpointId,
        labels,
        workloads: [{ name: w.app, kind: w.kind }],
        ifName:
          'lxc' +
          (fnv1a(`if/${name}`).toString(16) + fnv1a(`if2/${name}`).toString(16)).slice(0, 12),
        ifIndex: 10 + (fnv1a(`idx/${name}`) % 90),
        mac: mac(name),
      });
    }
  }

  const services: SimService[] = SERVICES.map(s => ({
    ...s,
    targetPort: s.app ? (APP_PORTS[s.app] ?? s.port) : s.port,
  }));
  for (const s of scaled?.services ?? []) services.push({ ...s, targetPort: SCALED_APP_PORT });

  const namespaces = [...new Set(pods.map(p => p.namespace))].sort();

  return {
    clusterName,
    nodes,
    namespaces,
    pods,
    services,
    reserved: {
      host: { name: 'host', identity: 1, labels: ['reserved:host'], ip: '' },
      remoteNode: { name: 'remote-node', identity: 6, labels: ['reserved:remote-node'], ip: '' },
      health: { name: 'health', identity: 4, labels: ['reserved:health'], ip: '' },
      kubeApiserver: {
        name: 'kube-apiserver',
        identity: 7,
        labels: ['reserved:kube-apiserver', 'reserved:remote-node'],
        ip: (nodes[0] as SimNode).internalIp,
      },
      world: { name: 'world', identity: 2, labels: ['reserved:world'], ip: '' },
    },
    externals: [
      {
        name: 'api.stripe.com',
        identity: 16777217,
        labels: ['fqdn:api.stripe.com', 'reserved:world'],
        ip: '203.0.113.10',
      },
      {
        name: 'o4505.ingest.sentry.io',
        identity: 16777218,
        labels: ['fqdn:*.ingest.sentry.io', 'reserved:world'],
        ip: '203.0.113.77',
      },
      // Cloud metadata endpoint: egress to it is denied by an explicit deny rule (POLICY_DENY).
      {
        name: 'metadata',
        identity: 16777219,
        labels: ['cidr:169.254.169.254/32', 'reserved:world'],
        ip: '169.254.169.254',
      },
    ],
    internetClients: [
      '198.51.100.23',
      '198.51.100.87',
      '198.51.100.142',
      '203.0.113.201',
      '192.0.2.58',
    ],
    calls: scaled?.calls ?? [],
  };
}

/** All pods of an app, in topology order. */
export function podsOf(topology: SimTopology, app: string): SimPod[] {
  return topology.pods.filter(p => p.app === app);
}

/** A service by name (throws for unknown names: a typo in the traffic tables is a bug). */
export function serviceOf(topology: SimTopology, name: string): SimService {
  const svc = topology.services.find(s => s.name === name);
  if (!svc) throw new Error(`sim topology has no service ${name}`);
  return svc;
}

/** A node by name (throws for unknown names). */
export function nodeOf(topology: SimTopology, name: string): SimNode {
  const node = topology.nodes.find(n => n.name === name);
  if (!node) throw new Error(`sim topology has no node ${name}`);
  return node;
}
