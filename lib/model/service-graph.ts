/**
 * JSON-safe service graph contract shared by the aggregation (lib/aggregate/graph.ts), the API
 * (`GET /api/v1/graph` and its delta stream) and the browser cache (lib/aggregate/apply-delta.ts).
 *
 * Counting rules (which flow records count towards which number) are documented in
 * lib/aggregate/observation.ts; every count here is over the snapshot's window.
 */
import type { TimeWindow } from './time-window';

/**
 * `workload`: pods grouped by workload; `reserved`: a Cilium reserved identity (host, remote-node,
 * health, kube-apiserver, ingress, unmanaged, init, unknown); `world`: outside the cluster, split by
 * DNS name when known; `cidr`: a CIDR identity (policy-selected prefix). What the aggregator
 * produces; API responses can also carry `namespace` nodes (see GraphNode.kind).
 */
export type GraphNodeKind = 'workload' | 'reserved' | 'world' | 'cidr';

export interface GraphNode {
  /**
   * Stable id: `ns/name` or `cluster/ns/name` for workloads, `identity:<n>` for cluster identities
   * with no namespace, `reserved:<entity>`, `world` or `world:<dns name>`, `cidr:<prefix>`.
   */
  id: string;
  /** Display name: workload name, reserved entity, DNS name or prefix. */
  label: string;
  /** Kubernetes namespace ('' for reserved, world and cidr nodes). */
  namespace: string;
  /** ClusterMesh cluster name ('' when flows do not carry one). */
  cluster: string;
  /** A GraphNodeKind, or `namespace` for a collapsed namespace (level of detail, collapse.ts). */
  kind: GraphNodeKind | 'namespace';
  /** Workload kind from the flow's `workloads` field (e.g. Deployment); '' when not sent. */
  workloadKind: string;
  /** Counted flows on edges into / out of this node in the window. */
  flowsIn: number;
  flowsOut: number;
  /** Dropped flows on edges touching this node in the window. */
  dropped: number;
  /** Newest flow time seen on any of its edges, ms since the epoch. */
  lastSeenMs: number;
  /** `namespace` nodes only: how many nodes were collapsed into it. */
  members?: number;
}

export type L7Protocol = 'http' | 'dns' | 'kafka';

export interface LatencySummary {
  /** Milliseconds; null when no response in the window carried a latency. */
  p50: number | null;
  p95: number | null;
  /** Responses that carried a latency. */
  samples: number;
}

/** One direction of traffic: client workload -> server workload on one L4 protocol and port. */
export interface GraphEdge {
  /** `source>target|protocol|port`. */
  id: string;
  /** Client node id (the side that sent the request; replies are folded onto this edge). */
  source: string;
  /** Server node id. */
  target: string;
  /** L4 protocol (`TCP`, `UDP`, `ICMPv4`, ...; '' when the flow had none). */
  protocol: string;
  /** Server port (0 for ICMP and port-less flows). */
  port: number;
  /** Flow records attributed to this edge at any observation point and in either direction. */
  observed: number;
  /** Counted L3/L4 flows (one per canonical observation, see observation.ts) plus L7 drops. */
  flows: number;
  /** Counted flows per second over the window. */
  flowRate: number;
  forwarded: number;
  dropped: number;
  /** Flows with verdict ERROR. */
  errors: number;
  /** dropped / flows × 100 (0 when no flows). */
  dropPct: number;
  /** Most frequent drop reasons (`drop_reason_desc` names), highest first. */
  topDropReasons: { reason: string; count: number }[];
  /** L7 protocols seen on this edge in the window. */
  l7: L7Protocol[];
  /** L7 REQUEST records. */
  l7Requests: number;
  l7RequestRate: number;
  /** L7 RESPONSE records. */
  l7Responses: number;
  httpResponses: number;
  /** Responses by status class. */
  httpByClass: { '1xx': number; '2xx': number; '3xx': number; '4xx': number; '5xx': number };
  /** 5xx / HTTP responses × 100. */
  http5xxPct: number;
  dnsResponses: number;
  /** DNS responses with an rcode other than NOERROR. */
  dnsFailures: number;
  dnsFailurePct: number;
  /** From L7 response latency. */
  latencyMs: LatencySummary;
  lastSeenMs: number;
}

/** Record accounting since the aggregator started: where each record went under the counting rules. */
export interface GraphAccounting {
  records: number;
  /** L3/L4 records counted as flows (canonical observation point, request direction, or drops). */
  counted: number;
  /** L3/L4 reply-direction records (folded onto the request edge, not counted). */
  replies: number;
  /** L3/L4 records at a non-canonical observation point (the same packet is counted elsewhere). */
  duplicatePoints: number;
  /** Policy-verdict events (the datapath reports the same packet as a trace or drop too). */
  policyVerdicts: number;
  /** L7 records. */
  l7: number;
  /** Socket-LB, debug and capture events, which describe no packet on the wire. */
  other: number;
  /** Records without a time; in `all` but in no sliding window. */
  untimed: number;
}

export interface ServiceGraph {
  /** Revision: increases with every snapshot or delta the aggregator produces. */
  version: number;
  window: TimeWindow;
  /** End of the window, ms since the epoch. */
  nowMs: number;
  /** Start of the window as covered by whole time buckets. */
  startMs: number;
  /** Seconds-denominator of every rate, ms: the window span that held data. */
  durationMs: number;
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Nodes / edges evicted (least recently seen first) to stay under the size caps, since start. */
  truncated: { nodes: number; edges: number };
  /** Nodes / edges in the window that the filter left out. */
  hidden: { nodes: number; edges: number };
  accounting: GraphAccounting;
}

/**
 * Changes from the graph with `fromVersion` to the graph with `toVersion`. Objects in `upsert*` are
 * complete and replace the previous ones with the same id. `reset` deltas carry the whole graph and
 * replace whatever the client holds.
 */
export interface GraphDelta {
  fromVersion: number;
  toVersion: number;
  reset: boolean;
  window: TimeWindow;
  nowMs: number;
  startMs: number;
  durationMs: number;
  truncated: ServiceGraph['truncated'];
  hidden: ServiceGraph['hidden'];
  accounting: GraphAccounting;
  upsertNodes: GraphNode[];
  removeNodes: string[];
  upsertEdges: GraphEdge[];
  removeEdges: string[];
}

/** Server-side view filter for snapshots and deltas (flow-level `q` filtering happens upstream). */
export interface GraphFilter {
  /** Keep edges with at least one end in these namespaces ("one namespace" mode). */
  namespaces?: string[];
  /** Leave out reserved, world and cidr nodes and their edges. */
  hideReserved?: boolean;
  /** Keep only edges with drops, errors, HTTP 5xx or DNS failures in the window. */
  errorsOnly?: boolean;
}
