/**
 * Endpoint -> graph node identity (workload, reserved entity, world destination or CIDR).
 *
 * Order of evidence for an endpoint with a pod name or workloads:
 *   1. `workloads[0]` (name, kind) as the agent sent it (Cilium ≥ 1.10);
 *   2. an owner label, `k8s:app.kubernetes.io/name` then `k8s:app`;
 *   3. the pod name with its controller suffixes removed: `-<pod-template-hash>-<5 chars>`
 *      (Deployment), `-<5 chars>` (DaemonSet, Job, bare ReplicaSet), `-<ordinal>` (StatefulSet),
 *      using the alphabet Kubernetes draws these suffixes from.
 * A pod name always wins over the identity: L7 flows can carry identity 2 / `reserved:world` together
 * with the pod (hubble-api.md §8). Such records have no k8s labels, so the pod's identity learned from
 * a record that had them is reused; only a pod never seen with labels falls back to step 3.
 *
 * Endpoints without a pod: owner label (namespace from the ep or the `io.kubernetes.pod.namespace`
 * label) -> workload; other cluster identities -> their service account name, else `identity-<n>`; reserved labels or reserved identity numbers -> one node per entity; world ->
 * `world:<dns name>` when `names` knows the IP, else `world`; `cidr:` labels -> `cidr:<longest
 * prefix>`, except host prefixes (/32, /128) with a known DNS name, which read better as world names.
 */
import type { EndpointRecord } from '@/lib/model/flow-record';
import type { GraphNodeKind } from '@/lib/model/service-graph';

/** A resolved graph node identity. */
export interface NodeRef {
  id: string;
  label: string;
  namespace: string;
  cluster: string;
  kind: GraphNodeKind;
  /** From `workloads[0].kind`; '' otherwise. */
  workloadKind: string;
}

// Kubernetes' utilrand alphabet (no vowels, no 0/1/3): ReplicaSet hashes and pod suffixes use it.
const SAFE = '[bcdfghjklmnpqrstvwxz2456789]';
const DEPLOYMENT_POD = new RegExp(`^(.+)-${SAFE}{6,10}-${SAFE}{5}$`);
const SUFFIXED_POD = new RegExp(`^(.+)-${SAFE}{5}$`);
const STATEFUL_POD = /^(.+)-\d+$/;

/** Workload name guessed from a pod name by stripping controller-generated suffixes. */
export function workloadNameFromPod(pod: string): string {
  const m = DEPLOYMENT_POD.exec(pod) ?? SUFFIXED_POD.exec(pod) ?? STATEFUL_POD.exec(pod);
  return m === null ? pod : m[1]!;
}

const OWNER_LABELS = ['k8s:app.kubernetes.io/name=', 'k8s:app='];
const NAMESPACE_LABEL = 'k8s:io.kubernetes.pod.namespace=';
const SERVICE_ACCOUNT_LABEL = 'k8s:io.cilium.k8s.policy.serviceaccount=';

/** Value of the first owner label present (`app.kubernetes.io/name`, then `app`), or ''. */
export function ownerLabel(labels: readonly string[]): string {
  for (const prefix of OWNER_LABELS) {
    for (let i = 0; i < labels.length; i++) {
      const l = labels[i]!;
      if (l.startsWith(prefix) && l.length > prefix.length) return l.slice(prefix.length);
    }
  }
  return '';
}

function labelValue(labels: readonly string[], prefix: string): string {
  for (let i = 0; i < labels.length; i++) {
    if (labels[i]!.startsWith(prefix)) return labels[i]!.slice(prefix.length);
  }
  return '';
}

// Reserved entities by precedence: an apiserver on a node carries host/remote-node labels too.
const RESERVED_ORDER = [
  'kube-apiserver',
  'host',
  'remote-node',
  'health',
  'ingress',
  'init',
  'unmanaged',
  'world',
  'world-ipv4',
  'world-ipv6',
  'unknown',
];
// pkg/identity/numericidentity.go; 11 (encrypted overlay) has no label and reads as unknown.
const RESERVED_BY_IDENTITY: Record<number, string> = {
  1: 'host',
  2: 'world',
  3: 'unmanaged',
  4: 'health',
  5: 'init',
  6: 'remote-node',
  7: 'kube-apiserver',
  8: 'ingress',
  9: 'world-ipv4',
  10: 'world-ipv6',
};
const LOCAL_SCOPE = 1 << 24;

function reservedEntity(ep: EndpointRecord): string {
  let best = -1;
  for (const l of ep.labels) {
    if (!l.startsWith('reserved:')) continue;
    const i = RESERVED_ORDER.indexOf(l.slice(9));
    if (i >= 0 && (best < 0 || i < best)) best = i;
  }
  if (best >= 0) return RESERVED_ORDER[best]!;
  return RESERVED_BY_IDENTITY[ep.identity] ?? '';
}

function longestCidr(labels: readonly string[]): string {
  let best = '';
  let bestLen = -1;
  for (const l of labels) {
    if (!l.startsWith('cidr:')) continue;
    const prefix = l.slice(5);
    const len = Number(prefix.slice(prefix.lastIndexOf('/') + 1));
    if (len > bestLen) {
      best = prefix;
      bestLen = len;
    }
  }
  return best;
}

function hasCidrLabel(labels: readonly string[]): boolean {
  for (let i = 0; i < labels.length; i++) if (labels[i]!.startsWith('cidr:')) return true;
  return false;
}

function smallestName(names: readonly string[]): string {
  let best = '';
  for (const n of names) if (n !== '' && (best === '' || n < best)) best = n;
  return best.endsWith('.') ? best.slice(0, -1) : best;
}

function fqdnLabel(labels: readonly string[]): string {
  const v = labelValue(labels, 'fqdn:');
  return v.endsWith('.') ? v.slice(0, -1) : v;
}

function workloadRef(
  name: string,
  namespace: string,
  cluster: string,
  workloadKind: string,
): NodeRef {
  const base = namespace === '' ? name : `${namespace}/${name}`;
  return {
    id: cluster === '' ? base : `${cluster}/${base}`,
    label: name,
    namespace,
    cluster,
    kind: 'workload',
    workloadKind,
  };
}

function plainRef(id: string, label: string, kind: GraphNodeKind): NodeRef {
  return { id, label, namespace: '', cluster: '', kind, workloadKind: '' };
}

function outsideRef(ep: EndpointRecord): NodeRef {
  const cidr = longestCidr(ep.labels);
  const name = smallestName(ep.names);
  const hostPrefix = cidr.endsWith('/32') || cidr.endsWith('/128');
  if (cidr !== '' && !(hostPrefix && name !== '')) return plainRef(`cidr:${cidr}`, cidr, 'cidr');
  const world = name || fqdnLabel(ep.labels);
  return world === ''
    ? plainRef('world', 'world', 'world')
    : plainRef(`world:${world}`, world, 'world');
}

/** Options of {@link createWorkloadResolver}. */
export interface WorkloadResolverOptions {
  /** Cached pod and identity resolutions before the cache is cleared (default 50,000). */
  maxEntries?: number;
}

/** Endpoint -> node identity with bounded memo caches; share one between graph and metrics. */
export interface WorkloadResolver {
  /** Graph node identity of one side of a flow. */
  resolve(ep: EndpointRecord): NodeRef;
  /** Cached entries (bounded by maxEntries). */
  readonly size: number;
}

interface CachedPod {
  namespace: string;
  cluster: string;
  ref: NodeRef;
  /** Derived from workloads or k8s labels, not from the pod name alone. */
  rich: boolean;
}

/** Creates a resolver with bounded caches (pods by cluster/namespace/name, identities by number). */
export function createWorkloadResolver(opts: WorkloadResolverOptions = {}): WorkloadResolver {
  const maxEntries = opts.maxEntries ?? 50_000;
  // Keyed by pod name, then matched on namespace and cluster: no key string is built per lookup
  // (this runs twice per flow on the hot path).
  const pods = new Map<string, CachedPod[]>();
  let podCount = 0;
  const identities = new Map<string | number, NodeRef>();
  const reservedRefs = new Map<string, NodeRef>();

  function resolvePod(ep: EndpointRecord): NodeRef {
    let list = pods.get(ep.pod);
    let cached: CachedPod | undefined;
    if (list !== undefined) {
      for (let i = 0; i < list.length; i++) {
        const c = list[i]!;
        if (c.namespace === ep.namespace && c.cluster === ep.cluster) cached = c;
      }
    }
    if (cached !== undefined && cached.rich) return cached.ref;
    const rich = ep.workloads.length > 0 || ep.labels.some(l => l.startsWith('k8s:'));
    // A record without labels (the L7 reserved:world quirk) reuses whatever is known for the pod; a
    // richer record replaces a name-only guess so the graph converges on one node per workload.
    if (cached !== undefined && !rich) return cached.ref;
    const namespace = ep.namespace || labelValue(ep.labels, NAMESPACE_LABEL);
    const w = ep.workloads[0];
    let ref: NodeRef;
    if (w !== undefined && w.name !== '') ref = workloadRef(w.name, namespace, ep.cluster, w.kind);
    else {
      const owner = ownerLabel(ep.labels);
      ref = workloadRef(owner || workloadNameFromPod(ep.pod), namespace, ep.cluster, '');
    }
    if (cached !== undefined) {
      cached.ref = ref;
      cached.rich = rich;
      return ref;
    }
    if (podCount >= maxEntries) {
      // Clearing wholesale keeps the hot path simple; entries are cheap to recompute.
      pods.clear();
      podCount = 0;
      list = undefined;
    }
    if (list === undefined) pods.set(ep.pod, (list = []));
    list.push({ namespace: ep.namespace, cluster: ep.cluster, ref, rich });
    podCount++;
    return ref;
  }

  function resolveOther(ep: EndpointRecord): NodeRef {
    const w = ep.workloads[0];
    if (w !== undefined && w.name !== '') {
      const ns = ep.namespace || labelValue(ep.labels, NAMESPACE_LABEL);
      return workloadRef(w.name, ns, ep.cluster, w.kind);
    }
    const id = ep.identity;
    if (id < 256 || id >= LOCAL_SCOPE) return reservedOrOutside(ep);
    // Cluster-scoped identity: its labels are fixed, so the resolution is too.
    const key = ep.cluster === '' ? id : `${ep.cluster}\u0000${id}`;
    const hit = identities.get(key);
    if (hit !== undefined) return hit;
    const namespace = ep.namespace || labelValue(ep.labels, NAMESPACE_LABEL);
    const owner = ownerLabel(ep.labels);
    let ref: NodeRef;
    if (owner !== '') ref = workloadRef(owner, namespace, ep.cluster, '');
    else if (namespace === '') ref = plainRef(`identity:${id}`, `identity ${id}`, 'workload');
    else {
      // No pod name to hash: the service account usually equals the workload name (coredns,
      // hubble-relay, ...) when there is no app label; `default` says nothing.
      const sa = labelValue(ep.labels, SERVICE_ACCOUNT_LABEL);
      ref = workloadRef(
        sa !== '' && sa !== 'default' ? sa : `identity-${id}`,
        namespace,
        ep.cluster,
        '',
      );
    }
    if (ep.labels.length > 0) {
      if (identities.size >= maxEntries) identities.clear();
      identities.set(key, ref);
    }
    return ref;
  }

  function reservedOrOutside(ep: EndpointRecord): NodeRef {
    const owner = ownerLabel(ep.labels); // well-known identities (100–255) carry k8s labels
    if (owner !== '') {
      const ns = ep.namespace || labelValue(ep.labels, NAMESPACE_LABEL);
      return workloadRef(owner, ns, ep.cluster, '');
    }
    const entity = reservedEntity(ep);
    if (entity.startsWith('world') || ep.identity >= LOCAL_SCOPE || hasCidrLabel(ep.labels)) {
      return outsideRef(ep);
    }
    const name = entity || 'unknown';
    let ref = reservedRefs.get(name);
    if (ref === undefined)
      reservedRefs.set(name, (ref = plainRef(`reserved:${name}`, name, 'reserved')));
    return ref;
  }

  return {
    resolve(ep: EndpointRecord): NodeRef {
      return ep.pod !== '' ? resolvePod(ep) : resolveOther(ep);
    },
    get size() {
      return podCount + identities.size;
    },
  };
}
