/**
 * Service graph aggregation: flow records -> workload nodes and client->server edges with windowed
 * stats (issue 3 item 1). Counting rules (replies, duplicate observation points, policy verdicts, L7)
 * are in observation.ts; node identity in workload.ts; per-edge windows in edge-store.ts.
 *
 * Bounded: at most `maxNodes` nodes and `maxEdges` edges. When a new one would exceed a cap, the
 * least recently seen 10 % are evicted (a node takes its edges with it) and counted in `truncated`,
 * so one scan pays for many inserts. Memory is about 4 KB per edge for counters (see CounterRing) plus
 * drop-reason maps and latency sketches for edges that have them, independent of the flow count.
 */
import type { FlowRecord, L4Protocol } from '@/lib/model/flow-record';
import type {
  GraphAccounting,
  GraphDelta,
  GraphFilter,
  ServiceGraph,
} from '@/lib/model/service-graph';
import { WINDOW_MS, type TimeWindow } from '@/lib/model/time-window';
import { C, EdgeStore, GRAPH_TIERS } from './edge-store';
import { buildGraph, type EdgeState, type NodeState } from './graph-snapshot';
import { diffGraphs, resetDelta } from './graph-diff';
import { isReplyDirection, observationRole } from './observation';
import { pickTier, windowRange, type BucketRange, type BucketSpec } from './time-buckets';
import { createWorkloadResolver, type NodeRef, type WorkloadResolver } from './workload';

/** Options of {@link createGraphAggregator}; every field has a default. */
export interface GraphAggregatorOptions {
  /** Node cap (default 5,000). */
  maxNodes?: number;
  /** Edge cap (default 20,000). */
  maxEdges?: number;
  /** Time tiers, finest first (default {@link GRAPH_TIERS}). */
  tiers?: readonly BucketSpec[];
  /** Drop reasons listed per edge (default 3). */
  topDropReasons?: number;
  resolver?: WorkloadResolver;
}

/** Service graph over the records added so far. Returned graphs are shared with the delta history: treat them as immutable. */
export interface GraphAggregator {
  /** Adds a batch of records (any order; late records land in their own time bucket). */
  add(records: readonly FlowRecord[]): void;
  /**
   * The graph over `window` ending at `nowMs` (default: the newest flow time seen, which is what an
   * imported file needs; live callers pass the wall clock). Each call gets a new `version`.
   */
  snapshot(window: TimeWindow, filter?: GraphFilter, nowMs?: number): ServiceGraph;
  /**
   * Changes since the snapshot or delta with `sinceVersion` for the same window and filter; a `reset`
   * delta with the whole graph when that version is no longer remembered (the last 3 per window and
   * filter are).
   */
  delta(sinceVersion: number, window: TimeWindow, filter?: GraphFilter, nowMs?: number): GraphDelta;
  readonly version: number;
  readonly size: { nodes: number; edges: number };
  /** Newest flow time seen, ms (0 before the first timed flow). */
  readonly newestMs: number;
}

const PROTOCOLS: L4Protocol[] = ['', 'TCP', 'UDP', 'ICMPv4', 'ICMPv6', 'SCTP', 'VRRP', 'IGMP'];
const HISTORY_PER_KEY = 3;
const HISTORY_KEYS = 8;

/** Creates an empty graph aggregator. */
export function createGraphAggregator(opts: GraphAggregatorOptions = {}): GraphAggregator {
  const maxNodes = opts.maxNodes ?? 5_000;
  const maxEdges = opts.maxEdges ?? 20_000;
  const tiers = opts.tiers ?? GRAPH_TIERS;
  const topDropReasons = opts.topDropReasons ?? 3;
  const resolver = opts.resolver ?? createWorkloadResolver();
  const store = new EdgeStore(tiers, maxEdges);
  const nodes = new Map<string, NodeState>();
  const edges = new Set<EdgeState>();
  const truncated = { nodes: 0, edges: 0 };
  const accounting: GraphAccounting = {
    records: 0,
    counted: 0,
    replies: 0,
    duplicatePoints: 0,
    policyVerdicts: 0,
    l7: 0,
    other: 0,
    untimed: 0,
  };
  const history = new Map<string, ServiceGraph[]>();
  let version = 0;
  let serial = 0;
  let newest = 0;
  let oldest = Infinity;

  function nodeFor(ref: NodeRef, t: number, keep: NodeState | null): NodeState {
    let n = nodes.get(ref.id);
    if (n === undefined) {
      if (nodes.size >= maxNodes) evictNodes(keep);
      n = { ref, serial: serial++, lastSeenMs: t, out: new Map() };
      nodes.set(ref.id, n);
    } else if (t > n.lastSeenMs) n.lastSeenMs = t;
    return n;
  }

  function edgeFor(a: NodeState, b: NodeState, protocol: L4Protocol, port: number, t: number) {
    const key = (b.serial * 8 + PROTOCOLS.indexOf(protocol)) * 65_536 + port;
    let e = a.out.get(key);
    if (e === undefined) {
      if (edges.size >= maxEdges) evictEdges(Math.max(1, Math.ceil(maxEdges / 10)));
      e = {
        key,
        id: `${a.ref.id}>${b.ref.id}|${protocol}|${port}`,
        source: a,
        target: b,
        protocol,
        port,
        row: store.allocate(),
        lastSeenMs: t,
      };
      a.out.set(key, e);
      edges.add(e);
    } else if (t > e.lastSeenMs) e.lastSeenMs = t;
    return e;
  }

  function removeEdge(e: EdgeState): void {
    edges.delete(e);
    e.source.out.delete(e.key);
    store.release(e.row);
    truncated.edges++;
  }

  function evictEdges(count: number): void {
    const victims = [...edges.values()].sort((x, y) => x.lastSeenMs - y.lastSeenMs);
    for (let i = 0; i < count && i < victims.length; i++) removeEdge(victims[i]!);
  }

  function evictNodes(keep: NodeState | null): void {
    const count = Math.max(1, Math.ceil(maxNodes / 10));
    const victims = [...nodes.values()]
      .filter(n => n !== keep)
      .sort((x, y) => x.lastSeenMs - y.lastSeenMs)
      .slice(0, count);
    const gone = new Set(victims);
    for (const n of victims) nodes.delete(n.ref.id);
    truncated.nodes += victims.length;
    for (const e of [...edges.values()]) {
      if (gone.has(e.source) || gone.has(e.target)) removeEdge(e);
    }
  }

  function addOne(r: FlowRecord): void {
    accounting.records++;
    const t = r.timeMs;
    if (t > 0) {
      if (t > newest) newest = t;
      if (t < oldest) oldest = t;
    } else accounting.untimed++;
    const reply = isReplyDirection(r);
    const role = observationRole(r, reply);
    const client = reply ? r.dst : r.src;
    const server = reply ? r.src : r.dst;
    const a = nodeFor(resolver.resolve(client), t, null);
    const b = nodeFor(resolver.resolve(server), t, a);
    const e = edgeFor(a, b, r.l4, server.port, t);
    const row = e.row;
    store.at(row, t);
    store.inc(C.observed);
    switch (role) {
      case 'flow':
        accounting.counted++;
        store.inc(C.flows);
        if (r.verdict === 'ERROR') store.inc(C.errors);
        break;
      case 'drop':
        accounting.counted++;
        store.inc(C.flows);
        store.inc(C.dropped);
        store.dropReason(row, t, r.dropReason || 'DROP_REASON_UNKNOWN');
        break;
      case 'reply':
        accounting.replies++;
        break;
      case 'duplicate':
        accounting.duplicatePoints++;
        break;
      case 'policy-verdict':
        accounting.policyVerdicts++;
        break;
      case 'l7':
        break;
      case 'other':
        accounting.other++;
        break;
    }
    const l7 = r.l7;
    if (r.type !== 'L7' || l7 === null) return;
    accounting.l7++;
    if (l7.type === 'REQUEST') {
      store.inc(l7.http !== null ? C.httpReq : l7.dns !== null ? C.dnsReq : C.otherReq);
    } else if (l7.type === 'RESPONSE') {
      if (l7.http !== null) {
        store.inc(C.httpResp);
        const cls = Math.floor(l7.http.code / 100);
        if (cls >= 1 && cls <= 5) store.inc(C.http1xx + cls - 1);
      } else if (l7.dns !== null) {
        store.inc(C.dnsResp);
        if (l7.dns.rcode !== 0) store.inc(C.dnsFail);
      } else store.inc(C.otherResp);
      if (l7.latencyNs > 0) store.latency(row, t, l7.latencyNs / 1e6);
    }
  }

  function rangeFor(window: TimeWindow, nowMs: number): BucketRange {
    if (window === 'all') {
      const start = oldest === Infinity ? nowMs : oldest;
      return { tier: -1, bucketMs: 0, fromBucket: 0, toBucket: 0, startMs: start, endMs: nowMs };
    }
    const w = WINDOW_MS[window];
    return windowRange(tiers, pickTier(tiers, w), nowMs, w);
  }

  function remember(key: string, g: ServiceGraph): void {
    const list = history.get(key) ?? [];
    history.delete(key);
    list.push(g);
    if (list.length > HISTORY_PER_KEY) list.shift();
    history.set(key, list);
    if (history.size > HISTORY_KEYS) history.delete(history.keys().next().value!);
  }

  function snapshotFor(key: string, window: TimeWindow, filter: GraphFilter, nowMs?: number) {
    const now = nowMs ?? newest;
    const range = rangeFor(window, now);
    const dataStart = Math.max(range.startMs, oldest === Infinity ? now : oldest);
    const g = buildGraph({
      version: ++version,
      window,
      nowMs: now,
      range,
      durationMs: Math.max(1000, now - dataStart),
      edges: edges.values(),
      store,
      filter,
      topDropReasons,
      truncated: { ...truncated },
      accounting: { ...accounting },
    });
    remember(key, g);
    return g;
  }

  return {
    add(records) {
      for (let i = 0; i < records.length; i++) addOne(records[i]!);
    },
    snapshot(window, filter = {}, nowMs) {
      return snapshotFor(filterKey(window, filter), window, filter, nowMs);
    },
    delta(sinceVersion, window, filter = {}, nowMs) {
      const key = filterKey(window, filter);
      const prev = history.get(key)?.find(g => g.version === sinceVersion);
      const next = snapshotFor(key, window, filter, nowMs);
      return prev === undefined ? resetDelta(next, sinceVersion) : diffGraphs(prev, next);
    },
    get version() {
      return version;
    },
    get size() {
      return { nodes: nodes.size, edges: edges.size };
    },
    get newestMs() {
      return newest;
    },
  };
}

function filterKey(window: TimeWindow, f: GraphFilter): string {
  const ns = f.namespaces === undefined ? '' : [...f.namespaces].sort().join(',');
  return `${window}|${ns}|${f.hideReserved === true}|${f.errorsOnly === true}`;
}
