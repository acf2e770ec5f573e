/**
 * Builds a ServiceGraph from the aggregator's edge states for one window: sums each edge's counters
 * over the window's buckets, applies the view filter and derives node totals from the kept edges.
 * Output is sorted by id so equal inputs give byte-identical JSON (golden tests, cheap diffs).
 */
import type {
  GraphAccounting,
  GraphEdge,
  GraphFilter,
  GraphNode,
  L7Protocol,
  ServiceGraph,
} from '@/lib/model/service-graph';
import type { TimeWindow } from '@/lib/model/time-window';
import { C, COUNTERS, type AuxSummary, type EdgeStore } from './edge-store';
import { QuantileSketch } from './sketch';
import type { BucketRange } from './time-buckets';
import type { NodeRef } from './workload';

/** Aggregator-side node state. */
export interface NodeState {
  ref: NodeRef;
  /** Unique for the aggregator's lifetime; edge keys use it instead of the (longer) id. */
  serial: number;
  lastSeenMs: number;
  /** Outgoing edges by numeric key (target serial, protocol, port): no string built per flow. */
  out: Map<number, EdgeState>;
}

/** Aggregator-side edge state; its counters live in the EdgeStore row. */
export interface EdgeState {
  /** Key in the source node's `out` map. */
  key: number;
  id: string;
  source: NodeState;
  target: NodeState;
  protocol: string;
  port: number;
  row: number;
  lastSeenMs: number;
}

/** Everything {@link buildGraph} reads; the aggregator owns the state. */
export interface BuildGraphInput {
  version: number;
  window: TimeWindow;
  nowMs: number;
  range: BucketRange;
  durationMs: number;
  edges: Iterable<EdgeState>;
  store: EdgeStore;
  filter: GraphFilter;
  topDropReasons: number;
  truncated: ServiceGraph['truncated'];
  accounting: GraphAccounting;
}

const round = (x: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};
const pct = (part: number, whole: number): number =>
  whole > 0 ? round((part / whole) * 100, 2) : 0;
const byId = (a: { id: string }, b: { id: string }): number =>
  a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

function toEdge(e: EdgeState, s: Float64Array, aux: AuxSummary, seconds: number, topN: number) {
  const flows = s[C.flows]!;
  const dropped = s[C.dropped]!;
  const errors = s[C.errors]!;
  const l7Requests = s[C.httpReq]! + s[C.dnsReq]! + s[C.otherReq]!;
  const httpResponses = s[C.httpResp]!;
  const l7: L7Protocol[] = [];
  if (s[C.httpReq]! + httpResponses > 0) l7.push('http');
  if (s[C.dnsReq]! + s[C.dnsResp]! > 0) l7.push('dns');
  if (s[C.otherReq]! + s[C.otherResp]! > 0) l7.push('kafka');
  const reasons = [...aux.drops]
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
    .slice(0, topN)
    .map(([reason, count]) => ({ reason, count }));
  const p50 = aux.latency.quantile(0.5);
  const p95 = aux.latency.quantile(0.95);
  const edge: GraphEdge = {
    id: e.id,
    source: e.source.ref.id,
    target: e.target.ref.id,
    protocol: e.protocol,
    port: e.port,
    observed: s[C.observed]!,
    flows,
    flowRate: round(flows / seconds, 3),
    forwarded: flows - dropped - errors,
    dropped,
    errors,
    dropPct: pct(dropped, flows),
    topDropReasons: reasons,
    l7,
    l7Requests,
    l7RequestRate: round(l7Requests / seconds, 3),
    l7Responses: httpResponses + s[C.dnsResp]! + s[C.otherResp]!,
    httpResponses,
    httpByClass: {
      '1xx': s[C.http1xx]!,
      '2xx': s[C.http1xx + 1]!,
      '3xx': s[C.http1xx + 2]!,
      '4xx': s[C.http1xx + 3]!,
      '5xx': s[C.http1xx + 4]!,
    },
    http5xxPct: pct(s[C.http1xx + 4]!, httpResponses),
    dnsResponses: s[C.dnsResp]!,
    dnsFailures: s[C.dnsFail]!,
    dnsFailurePct: pct(s[C.dnsFail]!, s[C.dnsResp]!),
    latencyMs: {
      p50: p50 === null ? null : round(p50, 3),
      p95: p95 === null ? null : round(p95, 3),
      samples: aux.latency.count,
    },
    lastSeenMs: e.lastSeenMs,
  };
  return edge;
}

function keep(edge: GraphEdge, src: NodeRef, dst: NodeRef, f: GraphFilter): boolean {
  if (f.hideReserved === true && (src.kind !== 'workload' || dst.kind !== 'workload')) return false;
  if (f.namespaces !== undefined && f.namespaces.length > 0) {
    if (!f.namespaces.includes(src.namespace) && !f.namespaces.includes(dst.namespace))
      return false;
  }
  if (f.errorsOnly === true) {
    const bad = edge.dropped + edge.errors + edge.httpByClass['5xx'] + edge.dnsFailures > 0;
    if (!bad) return false;
  }
  return true;
}

function nodeOf(n: NodeState): GraphNode {
  const r = n.ref;
  return {
    id: r.id,
    label: r.label,
    namespace: r.namespace,
    cluster: r.cluster,
    kind: r.kind,
    workloadKind: r.workloadKind,
    flowsIn: 0,
    flowsOut: 0,
    dropped: 0,
    lastSeenMs: n.lastSeenMs,
  };
}

/** Builds the graph for one window (see module doc). */
export function buildGraph(input: BuildGraphInput): ServiceGraph {
  const { range, store, filter } = input;
  const seconds = input.durationMs / 1000;
  const sums = new Float64Array(COUNTERS);
  const aux: AuxSummary = { latency: new QuantileSketch(), drops: new Map() };
  const outNodes = new Map<string, GraphNode>();
  const outEdges: GraphEdge[] = [];
  const seenNodes = new Set<string>();
  let hiddenEdges = 0;
  for (const e of input.edges) {
    // Cheap pre-check: an edge last seen before the window has no data in it.
    if (range.tier >= 0 && e.lastSeenMs < range.startMs) continue;
    store.sum(e.row, range, sums);
    if (sums[C.observed] === 0) continue;
    store.summarizeAux(e.row, range, aux);
    const edge = toEdge(e, sums, aux, seconds, input.topDropReasons);
    seenNodes.add(e.source.ref.id).add(e.target.ref.id);
    if (!keep(edge, e.source.ref, e.target.ref, filter)) {
      hiddenEdges++;
      continue;
    }
    outEdges.push(edge);
    let src = outNodes.get(e.source.ref.id);
    if (src === undefined) outNodes.set(e.source.ref.id, (src = nodeOf(e.source)));
    let dst = outNodes.get(e.target.ref.id);
    if (dst === undefined) outNodes.set(e.target.ref.id, (dst = nodeOf(e.target)));
    src.flowsOut += edge.flows;
    dst.flowsIn += edge.flows;
    src.dropped += edge.dropped;
    if (dst !== src) dst.dropped += edge.dropped;
  }
  return {
    version: input.version,
    window: input.window,
    nowMs: input.nowMs,
    startMs: range.startMs,
    durationMs: input.durationMs,
    nodes: [...outNodes.values()].sort(byId),
    edges: outEdges.sort(byId),
    truncated: input.truncated,
    hidden: { nodes: seenNodes.size - outNodes.size, edges: hiddenEdges },
    accounting: input.accounting,
  };
}
