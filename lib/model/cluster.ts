/**
 * The cluster view (issue 5): what `cilium status` (the CLI and the in-agent `cilium-dbg status`) shows,
 * the node list and the node-to-node tunnel/route table. Shared by GET /api/v1/cluster,
 * GET /api/v1/cluster/tunnels and the cluster page. Plain JSON: no Kubernetes client, protobuf or Node
 * types.
 *
 * Convention: anything the source could not tell us is `'unknown'` (for enums/strings) or `null` (for
 * numbers, IPs and objects), never a guess. What failed while collecting it is listed in `problems`.
 */

/** A yes/no setting that may be unknowable (ConfigMap forbidden, key absent on an old version, ...). */
export type Tri = boolean | 'unknown';

/** Agent subsystem state (`Status.state` in StatusResponse). */
export type SubsystemState = 'Ok' | 'Warning' | 'Failure' | 'Disabled' | 'unknown';

/** Where the data came from. `kubernetes` may be combined with `exec`. */
export type ClusterSourceKind = 'kubernetes' | 'exec' | 'file' | 'simulated';

export type ProblemKind =
  /** HTTP 403 from the API server: RBAC does not allow the call. `permission` says what is missing. */
  | 'forbidden'
  /** HTTP 401: credentials rejected or expired. */
  | 'unauthorized'
  /** The object does not exist (e.g. ConfigMap `cilium-config` absent, CRD not installed). */
  | 'not-found'
  /** Connection refused / DNS failure / TLS failure: the API server could not be reached. */
  | 'unreachable'
  /** A call or exec did not answer within its deadline. */
  | 'timeout'
  /** An object or document was present but could not be decoded (fields fell back to unknown). */
  | 'malformed'
  | 'error';

/** The RBAC rule a forbidden call needed, so the page can say exactly what to grant. */
export interface PermissionHint {
  verb: string;
  /** Plural resource, with subresource when any (`pods/exec`). */
  resource: string;
  /** API group, '' for the core group. */
  apiGroup: string;
  /** Namespace for namespaced calls; null for cluster-scoped or all-namespace calls. */
  namespace: string | null;
}

/** One thing that failed while collecting the view. Never fatal: the rest is still returned. */
export interface ClusterProblem {
  /**
   * What was being read, e.g. `kubernetes:ciliumnodes`, `kubernetes:configmap/cilium-config`,
   * `exec:worker242`, `file:/data/status-node1.json`.
   */
  source: string;
  kind: ProblemKind;
  /** Human text, e.g. "forbidden: needs `list` on `ciliumnodes.cilium.io` (cluster-scoped)". */
  message: string;
  permission?: PermissionHint;
  /** Node the problem concerns, when it is node-specific. */
  node?: string;
}

export type ComponentName =
  | 'cilium'
  | 'cilium-envoy'
  | 'cilium-operator'
  | 'hubble-relay'
  | 'hubble-ui'
  | 'clustermesh-apiserver';

/** `disabled` = the DaemonSet/Deployment does not exist (what the CLI prints as "disabled"). */
export type ComponentHealth = 'ok' | 'warning' | 'error' | 'disabled' | 'unknown';

/** One line of the CLI's "DaemonSet cilium  Desired: 3, Ready: 3/3, Available: 3/3" block. */
export interface ComponentStatus {
  name: ComponentName;
  kind: 'DaemonSet' | 'Deployment';
  health: ComponentHealth;
  desired: number | null;
  ready: number | null;
  available: number | null;
  unavailable: number | null;
  updated: number | null;
  /** Pod phase → count for the component's pods ("Containers: cilium  Running: 3"). */
  phases: Record<string, number>;
  /** Image → pod count ("Image versions"), from the pods, else from the pod template. */
  images: { image: string; count: number }[];
  /** Version from the main image tag (`1.19.4`), 'unknown' when not a semver tag. */
  version: string;
  /** Errors and warnings in the CLI's wording ("1 pods of DaemonSet cilium are not ready"). */
  errors: string[];
  warnings: string[];
}

export type RoutingMode = 'tunnel' | 'native' | 'hybrid' | 'unknown';
export type TunnelProtocol = 'vxlan' | 'geneve' | 'unknown';
/** Normalised lower-case KPR setting: `true`/`false` (≥1.15) or the legacy ≤1.15 modes. */
export type KubeProxyReplacementMode =
  'true' | 'false' | 'strict' | 'partial' | 'probe' | 'disabled' | 'unknown';
export type EncryptionMode = 'disabled' | 'ipsec' | 'wireguard' | 'ztunnel' | 'unknown';

/** Datapath settings, from `cilium-config` and/or the agents' StatusResponse. */
export interface ClusterNetworking {
  routingMode: RoutingMode;
  /** Configured even in native mode (the chart always writes it); only used when encapsulating. */
  tunnelProtocol: TunnelProtocol;
  /** UDP port of the overlay: 8472 (VXLAN) / 6081 (Geneve) unless `tunnel-port` overrides it. */
  tunnelPort: number | null;
  autoDirectNodeRoutes: Tri;
  /** Address family of the tunnel underlay (`underlay-protocol`, newer versions); auto = IPv4 first. */
  underlayProtocol: 'ipv4' | 'ipv6' | 'auto';
  ipv4NativeRoutingCIDR: string | null;
  ipv6NativeRoutingCIDR: string | null;
  kubeProxyReplacement: KubeProxyReplacementMode;
  /** `cluster-pool`, `kubernetes`, `multi-pool`, `eni`, ... */
  ipamMode: string;
  ipv4Enabled: Tri;
  ipv6Enabled: Tri;
  masquerade: {
    ipv4: Tri;
    ipv6: Tri;
    /** BPF masquerading (`enable-bpf-masquerade`) rather than iptables. */
    bpf: Tri;
    ipMasqAgent: Tri;
  };
  encryption: EncryptionMode;
  /** Host routing: BPF or Legacy (`enable-host-legacy-routing`). */
  hostRouting: 'BPF' | 'Legacy' | 'unknown';
  datapathMode: string;
  clusterName: string;
  clusterId: number | null;
  /** Where the routing fields came from: live agent status wins over the ConfigMap (§3). */
  routingSource: 'agent-status' | 'configmap' | 'unknown';
}

export interface HubbleSettings {
  enabled: Tri;
  /** hubble-relay Deployment present (and not scaled to zero). */
  relayEnabled: Tri;
  uiEnabled: Tri;
  listenAddress: string | null;
  metricsServer: string | null;
  /** Enabled Hubble metrics (names only, options stripped), [] when none; null when unknown. */
  metrics: string[] | null;
}

export interface ClusterSummary {
  sources: ClusterSourceKind[];
  /** Namespace Cilium runs in (default kube-system). */
  namespace: string;
  /** Cilium version, from the agent image tag (or the agents' reports). */
  ciliumVersion: string;
  /** Overall: the worst component health (ignoring disabled optional components). */
  health: ComponentHealth;
  components: ComponentStatus[];
  /** "Cluster Pods: managed/total managed by Cilium" (non-hostNetwork Running/Pending pods vs CEPs). */
  clusterPods: { managed: number | null; total: number | null };
  networking: ClusterNetworking;
  hubble: HubbleSettings;
  /** `config.cilium.io*` annotations on cilium-config (the CLI's "Configuration:" errors). */
  configErrors: string[];
  nodeCount: number;
}

/** Failing controller (`consecutive-failure-count > 0`). */
export interface FailingController {
  name: string;
  consecutiveFailures: number;
  lastFailureMsg: string;
  lastFailureTime: string | null;
  lastSuccessTime: string | null;
}

/** One `cluster.nodes[]` element of a StatusResponse. */
export interface AgentPeer {
  /** Node name without the `cluster/` prefix. */
  name: string;
  primaryIPv4: string | null;
  primaryIPv6: string | null;
  /** Pod CIDR (`alloc-range`) per family. */
  allocRangeV4: string | null;
  allocRangeV6: string | null;
  healthIPv4: string | null;
  healthIPv6: string | null;
}

/** A decoded `cilium-dbg status -o json` (StatusResponse) for one agent. */
export interface AgentStatus {
  /** `cluster.self`, without a `cluster/` prefix; 'unknown' when absent. */
  self: string;
  cilium: { state: SubsystemState; msg: string };
  kubernetes: { state: SubsystemState; msg: string };
  kvstore: { state: SubsystemState; msg: string };
  /** Probe name → time for probes that did not finish ("Stale status data"). */
  stale: Record<string, string>;
  controllers: { total: number; failing: FailingController[] } | null;
  ipam: {
    /** Human text, e.g. "IPv4: 11/254 allocated from 10.244.2.0/24,". */
    status: string;
    ipv4Allocated: number | null;
    ipv4Capacity: number | null;
    ipv4AllocatedFrom: string | null;
    ipv6Allocated: number | null;
    /** Number of entries in `allocations` (ip → owner), null when not sent. */
    allocations: number | null;
  } | null;
  hubble: {
    state: SubsystemState;
    msg: string;
    currentFlows: number | null;
    maxFlows: number | null;
    seenFlows: number | null;
    uptimeSeconds: number | null;
    /** currentFlows / maxFlows in [0,1]. */
    fill: number | null;
    /** seenFlows / uptime, as the text status computes it. */
    flowsPerSecond: number | null;
    metricsState: SubsystemState;
  } | null;
  clusterHealth: {
    state: SubsystemState;
    msg: string;
    /** Nodes the agent knows (`cluster.nodes`), null when the agent sent `"nodes": null`. */
    knownNodes: number | null;
    /** From `cilium-health status` when it was run, else null. */
    reachable: number | null;
    total: number | null;
    unreachableNodes: string[];
  } | null;
  encryption: { mode: EncryptionMode; msg: string; wireguardPeers: number | null } | null;
  routing: {
    interHost: 'Tunnel' | 'Native' | 'unknown';
    intraHost: 'BPF' | 'Legacy' | 'unknown';
    tunnelProtocol: TunnelProtocol;
  } | null;
  kubeProxyReplacement: {
    mode: KubeProxyReplacementMode;
    devices: string[];
    directRoutingDevice: string | null;
    nodePortMode: string | null;
  } | null;
  masquerading: { enabled: Tri; mode: string; ipv4: Tri; ipv6: Tri } | null;
  /**
   * Nodes as this agent knows them (`cluster.nodes`): lets a lone status document (file source) still
   * draw the node list and tunnel table. null when the agent sent `"nodes": null` or no `cluster`.
   */
  peers: AgentPeer[] | null;
  attachMode: string;
  datapathMode: string;
  /** Reasons this agent is unhealthy, in the CLI's spirit ("controller X is failing ..."). Empty = ok. */
  unhealthy: string[];
  /** Fields that were present but of the wrong type, and were treated as unknown. */
  decodeWarnings: string[];
}

/** The agent pod on a node, from the pod list. */
export interface AgentPod {
  name: string;
  phase: string;
  ready: Tri;
  restarts: number | null;
  image: string | null;
  /** e.g. "container cilium-agent is in CrashLoopBackOff, exited with code 1: ...", '' when fine. */
  message: string;
}

export interface ClusterNode {
  name: string;
  /** First IPv4 InternalIP (the tunnel endpoint / direct-route next hop); null when absent. */
  internalIP: string | null;
  internalIPv6: string | null;
  externalIP: string | null;
  /** `cilium_host` router IPs (CiliumInternalIP). Never a tunnel endpoint. */
  ciliumInternalIP: string | null;
  ciliumInternalIPv6: string | null;
  podCIDRs: { ipv4: string[]; ipv6: string[] };
  health: { ipv4: string | null; ipv6: string | null };
  /** IPsec key index (`spec.encryption.key`), 0 = off. */
  encryptKey: number;
  wireguardPublicKey: string | null;
  /** Agent status from exec or a file; null when not collected. */
  agent: AgentStatus | null;
  agentPod: AgentPod | null;
  /** Node-specific failures (exec timeout, operator IPAM error, malformed CiliumNode, ...). */
  errors: string[];
}

export type TunnelVia = 'vxlan' | 'geneve' | 'native' | 'unknown';

/**
 * One row of the node-to-node table: traffic for `prefix` goes to `endpoint`, encapsulated (`vxlan`,
 * `geneve`) or as a native route. Shaped like `cilium bpf tunnel list` (prefix → node IP).
 */
export interface TunnelEntry {
  /** Node that owns the prefix; 'unknown' when a raw list row matches no known node. */
  node: string;
  /** Pod CIDR (`10.244.2.0/24`); raw `bpf tunnel list` keys carry no length (`10.244.2.0`). */
  prefix: string;
  family: 'ipv4' | 'ipv6';
  /** Tunnel endpoint / next hop (the node's InternalIP); null when the node has none. */
  endpoint: string | null;
  via: TunnelVia;
  /** UDP port for vxlan/geneve, null for native routes. */
  port: number | null;
  /** For native: who installs the route. null for tunnels. */
  route: 'auto-direct-node-routes' | 'external' | null;
  encryptKey: number;
  /**
   * True for the rows a ≤1.17 agent put in `cilium_tunnel_map`: only each node's first IPv4 and first
   * IPv6 pod CIDR. Secondary CIDRs are reachable through the ipcache on ≥1.18.
   */
  primary: boolean;
  origin: 'ciliumnode' | 'bpf-tunnel-list' | 'bpf-ipcache-list';
  /** Node ID printed by some 1.15/1.16 `bpf tunnel list` revisions, else null. */
  nodeId: number | null;
}

export interface TunnelTable {
  mode: RoutingMode;
  protocol: TunnelProtocol;
  port: number | null;
  entries: TunnelEntry[];
  /** Explanations, e.g. "ipam eni: per-IP pools, no pod-CIDR tunnel entries". */
  notes: string[];
}

/** Everything a source produced: the GET /api/v1/cluster body is `{ summary, nodes, problems }`. */
export interface ClusterView {
  summary: ClusterSummary;
  nodes: ClusterNode[];
  tunnels: TunnelTable;
  problems: ClusterProblem[];
  /** Epoch ms when collected. */
  fetchedAtMs: number;
}
