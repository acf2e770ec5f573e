/**
 * Typed builders for the Kubernetes objects the cluster view reads (CiliumNode, cilium-config,
 * DaemonSets, Deployments, Pods, CiliumEndpoints), in their wire JSON shape. The simulated source
 * builds the built-in cluster from them, and tests serve them from a local API server, so neither
 * hand-writes JSON.
 */

type Json = Record<string, unknown>;

export interface CiliumNodeSpec {
  name: string;
  internalIP?: string;
  internalIPv6?: string;
  externalIP?: string;
  ciliumInternalIP?: string;
  ciliumInternalIPv6?: string;
  podCIDRs?: string[];
  /** Multi-pool IPAM allocations. */
  pools?: { pool: string; cidrs: string[] }[];
  healthIPv4?: string;
  healthIPv6?: string;
  encryptKey?: number;
  wireguardPublicKey?: string;
  operatorError?: string;
  labels?: Record<string, string>;
}

/** A `cilium.io/v2` CiliumNode as the agent writes it (1.14–1.19 field set). */
export function ciliumNodeObject(s: CiliumNodeSpec): Json {
  const addresses: Json[] = [];
  if (s.internalIP) addresses.push({ ip: s.internalIP, type: 'InternalIP' });
  if (s.internalIPv6) addresses.push({ ip: s.internalIPv6, type: 'InternalIP' });
  if (s.externalIP) addresses.push({ ip: s.externalIP, type: 'ExternalIP' });
  if (s.ciliumInternalIP) addresses.push({ ip: s.ciliumInternalIP, type: 'CiliumInternalIP' });
  if (s.ciliumInternalIPv6) addresses.push({ ip: s.ciliumInternalIPv6, type: 'CiliumInternalIP' });
  const health: Json = {};
  if (s.healthIPv4) health.ipv4 = s.healthIPv4;
  if (s.healthIPv6) health.ipv6 = s.healthIPv6;
  const ipam: Json = { podCIDRs: s.podCIDRs ?? [] };
  if (s.pools) ipam.pools = { allocated: s.pools };
  const annotations: Record<string, string> = {};
  if (s.wireguardPublicKey) annotations['network.cilium.io/wg-pub-key'] = s.wireguardPublicKey;
  return {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumNode',
    metadata: {
      name: s.name,
      labels: { 'kubernetes.io/hostname': s.name, 'kubernetes.io/os': 'linux', ...s.labels },
      annotations,
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: s.name, uid: `uid-${s.name}` }],
    },
    spec: {
      addresses,
      'alibaba-cloud': {},
      azure: {},
      encryption: s.encryptKey ? { key: s.encryptKey } : {},
      eni: {},
      health,
      ingress: {},
      ipam,
    },
    status: {
      ipam: {
        'operator-status': s.operatorError ? { error: s.operatorError } : {},
        'pod-cidrs': Object.fromEntries((s.podCIDRs ?? []).map(c => [c, { status: 'in-use' }])),
      },
    },
  };
}

/** cilium-config as Helm chart 1.19 writes it for a tunnel/VXLAN cluster; `overrides` replace keys. */
export function chartCiliumConfig(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    'routing-mode': 'tunnel',
    'tunnel-protocol': 'vxlan',
    'kube-proxy-replacement': 'false',
    ipam: 'cluster-pool',
    'cluster-pool-ipv4-cidr': '10.0.0.0/8',
    'cluster-pool-ipv4-mask-size': '24',
    'enable-ipv4': 'true',
    'enable-ipv6': 'false',
    'enable-ipv4-masquerade': 'true',
    'enable-ipv6-masquerade': 'true',
    'enable-bpf-masquerade': 'false',
    'enable-hubble': 'true',
    'hubble-listen-address': ':4244',
    'hubble-disable-tls': 'false',
    'cluster-name': 'default',
    'cluster-id': '0',
    'datapath-mode': 'veth',
    ...overrides,
  };
}

/** The `cilium-config` ConfigMap object. */
export function configMapObject(
  data: Record<string, string>,
  opts: { name?: string; namespace?: string; annotations?: Record<string, string> } = {},
): Json {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: opts.name ?? 'cilium-config',
      namespace: opts.namespace ?? 'kube-system',
      annotations: opts.annotations ?? {},
    },
    data,
  };
}

export interface WorkloadSpec {
  name: string;
  namespace?: string;
  images: string[];
  labels: Record<string, string>;
  desired: number;
  ready?: number;
  available?: number;
  updated?: number;
  generation?: number;
  observedGeneration?: number;
}

function template(s: WorkloadSpec): Json {
  return {
    metadata: { labels: s.labels },
    spec: { containers: s.images.map((image, i) => ({ name: i === 0 ? s.name : `c${i}`, image })) },
  };
}

/** A DaemonSet with status counters (zero counters omitted, as the API server does). */
export function daemonSetObject(s: WorkloadSpec): Json {
  const ready = s.ready ?? s.desired;
  const available = s.available ?? ready;
  const status: Json = {
    desiredNumberScheduled: s.desired,
    currentNumberScheduled: s.desired,
    numberReady: ready,
    numberMisscheduled: 0,
    observedGeneration: s.observedGeneration ?? s.generation ?? 1,
  };
  if (available > 0) status.numberAvailable = available;
  if (s.desired - available > 0) status.numberUnavailable = s.desired - available;
  if ((s.updated ?? s.desired) > 0) status.updatedNumberScheduled = s.updated ?? s.desired;
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: {
      name: s.name,
      namespace: s.namespace ?? 'kube-system',
      generation: s.generation ?? 1,
      labels: s.labels,
    },
    spec: { selector: { matchLabels: s.labels }, template: template(s) },
    status,
  };
}

/** A Deployment with status counters (zero counters omitted). */
export function deploymentObject(s: WorkloadSpec): Json {
  const ready = s.ready ?? s.desired;
  const available = s.available ?? ready;
  const status: Json = { observedGeneration: s.observedGeneration ?? s.generation ?? 1 };
  if (s.desired > 0) status.replicas = s.desired;
  if (ready > 0) status.readyReplicas = ready;
  if (available > 0) status.availableReplicas = available;
  if (s.desired - available > 0) status.unavailableReplicas = s.desired - available;
  if ((s.updated ?? s.desired) > 0) status.updatedReplicas = s.updated ?? s.desired;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: s.name,
      namespace: s.namespace ?? 'kube-system',
      generation: s.generation ?? 1,
      labels: s.labels,
    },
    spec: { replicas: s.desired, selector: { matchLabels: s.labels }, template: template(s) },
    status,
  };
}

export interface PodSpec {
  name: string;
  namespace: string;
  nodeName: string;
  labels?: Record<string, string>;
  images?: string[];
  /** First container's name (`cilium-agent` for agent pods). */
  containerName?: string;
  phase?: 'Running' | 'Pending' | 'Succeeded' | 'Failed' | 'Unknown';
  hostNetwork?: boolean;
  podIP?: string;
  ready?: boolean;
  restarts?: number;
  /** Container waiting (e.g. CrashLoopBackOff) with the last termination. */
  crash?: { reason: string; exitCode: number; message: string };
}

/** A Pod with one status per container. */
export function podObject(s: PodSpec): Json {
  const images = s.images ?? ['registry.k8s.io/pause:3.10'];
  const names = images.map((_, i) => (i === 0 ? (s.containerName ?? s.name) : `c${i}`));
  const containerStatuses = images.map((image, i) => ({
    name: names[i],
    image,
    ready: s.crash ? false : (s.ready ?? true),
    restartCount: s.restarts ?? 0,
    state: s.crash
      ? { waiting: { reason: s.crash.reason } }
      : { running: { startedAt: '2026-01-01T00:00:00Z' } },
    lastState: s.crash
      ? { terminated: { exitCode: s.crash.exitCode, message: s.crash.message, reason: 'Error' } }
      : {},
  }));
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: s.name, namespace: s.namespace, labels: s.labels ?? {} },
    spec: {
      nodeName: s.nodeName,
      hostNetwork: s.hostNetwork ?? false,
      containers: images.map((image, i) => ({ name: names[i], image })),
    },
    status: { phase: s.phase ?? 'Running', podIP: s.podIP, containerStatuses },
  };
}

/** A CiliumEndpoint (namespaced; one per Cilium-managed pod). */
export function ciliumEndpointObject(s: {
  name: string;
  namespace: string;
  podIP?: string;
  node?: string;
}): Json {
  return {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumEndpoint',
    metadata: { name: s.name, namespace: s.namespace },
    status: {
      id: 1,
      state: 'ready',
      networking: { addressing: s.podIP ? [{ ipv4: s.podIP }] : [], node: s.node ?? '' },
    },
  };
}

/** A `kind: <Kind>List` wrapper as list calls return. */
export function listObject(kind: string, apiVersion: string, items: Json[]): Json {
  return { apiVersion, kind: `${kind}List`, metadata: { resourceVersion: '1' }, items };
}
