/**
 * Level of detail for big graphs (issue 3 item 3): above a node threshold the server collapses every
 * namespace the user has not expanded into one `namespace` node, and merges the edges that then join
 * the same pair of nodes. The browser never has to lay out thousands of workloads it cannot read.
 *
 * Pure: returns a new graph and leaves its input untouched.
 */
import type { GraphEdge, GraphNode, ServiceGraph } from '@/lib/model/service-graph';

/**
 * Nodes above which namespaces collapse by default. The page draws ~500 workloads in full detail
 * within its budget (first render under 2 s, pan/zoom at 30 fps or better in software-rendered
 * Chromium on 2 cores: bench/RESULTS.md), and a whole cluster of that size is worth seeing at once;
 * at ~1,000 and beyond the first render passes 2 s and frame rate drops, so namespaces collapse.
 */
export const COLLAPSE_THRESHOLD = 600;

/** Id of the node a collapsed namespace becomes (`key`: see {@link namespaceKey}). */
export const namespaceNodeId = (key: string): string => `ns:${key}`;

/**
 * What a node is grouped by: its namespace, or `cluster/namespace` when flows carry a ClusterMesh
 * `cluster_name` (two clusters' `shop` namespaces are different places). Used for collapsing, for
 * `expand`, and for the page's namespace boxes.
 */
export const namespaceKey = (n: Pick<GraphNode, 'namespace' | 'cluster'>): string =>
  n.cluster === '' ? n.namespace : `${n.cluster}/${n.namespace}`;

export interface CollapseOptions {
  /** Collapse only when the graph has more nodes than this (default {@link COLLAPSE_THRESHOLD}). */
  threshold?: number;
  /** Namespaces (their {@link namespaceKey}) whose workloads stay individual nodes. */
  expand?: readonly string[];
}

export interface CollapseResult {
  graph: ServiceGraph;
  /** True when at least one namespace was collapsed. */
  collapsed: boolean;
  /** Nodes before collapsing. */
  totalNodes: number;
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Collapses namespaces of `graph` when it has more than `threshold` nodes (per cluster when flows
 * carry one, see {@link namespaceKey}). Nodes without a namespace
 * (reserved, world, cidr) are never collapsed. Merged edges get the id `source>target|*|0`: their
 * counts are sums, rates and percentages are recomputed from the sums, and latency is the worst
 * (highest) of the merged edges' percentiles, since percentiles cannot be added.
 */
export function collapseGraph(graph: ServiceGraph, opts: CollapseOptions = {}): CollapseResult {
  const threshold = opts.threshold ?? COLLAPSE_THRESHOLD;
  const totalNodes = graph.nodes.length;
  if (totalNodes <= threshold) return { graph, collapsed: false, totalNodes };
  const expand = new Set(opts.expand ?? []);
  const mapped = new Map<string, string>();
  const groups = new Map<string, GraphNode[]>();
  const nodes: GraphNode[] = [];
  for (const n of graph.nodes) {
    const key = namespaceKey(n);
    if (n.namespace === '' || expand.has(key)) {
      mapped.set(n.id, n.id);
      nodes.push(n);
      continue;
    }
    const id = namespaceNodeId(key);
    mapped.set(n.id, id);
    const members = groups.get(id);
    if (members) members.push(n);
    else groups.set(id, [n]);
  }
  if (groups.size === 0) return { graph, collapsed: false, totalNodes };
  for (const [id, members] of groups) nodes.push(mergeNodes(id, members));

  const merged = new Map<string, GraphEdge[]>();
  const edges: GraphEdge[] = [];
  for (const e of graph.edges) {
    const source = mapped.get(e.source) ?? e.source;
    const target = mapped.get(e.target) ?? e.target;
    if (source === e.source && target === e.target) {
      edges.push(e);
      continue;
    }
    const id = `${source}>${target}|*|0`;
    const list = merged.get(id);
    if (list) list.push(e);
    else merged.set(id, [e]);
  }
  const seconds = graph.durationMs > 0 ? graph.durationMs / 1000 : 0;
  for (const [id, list] of merged) {
    const [source, target] = id.slice(0, id.indexOf('|')).split('>') as [string, string];
    edges.push(mergeEdges(id, source, target, list, seconds));
  }
  return {
    graph: { ...graph, nodes: nodes.sort(byId), edges: edges.sort(byId) },
    collapsed: true,
    totalNodes,
  };
}

function mergeNodes(id: string, members: GraphNode[]): GraphNode {
  const first = members[0]!;
  let flowsIn = 0;
  let flowsOut = 0;
  let dropped = 0;
  let lastSeenMs = 0;
  for (const m of members) {
    flowsIn += m.flowsIn;
    flowsOut += m.flowsOut;
    dropped += m.dropped;
    lastSeenMs = Math.max(lastSeenMs, m.lastSeenMs);
  }
  return {
    id,
    label: namespaceKey(first),
    namespace: first.namespace,
    cluster: first.cluster,
    kind: 'namespace',
    workloadKind: '',
    flowsIn,
    flowsOut,
    dropped,
    lastSeenMs,
    members: members.length,
  };
}

const pct = (part: number, whole: number) => (whole > 0 ? (part / whole) * 100 : 0);
const maxOrNull = (a: number | null, b: number | null) =>
  a === null ? b : b === null ? a : Math.max(a, b);

function mergeEdges(
  id: string,
  source: string,
  target: string,
  list: GraphEdge[],
  seconds: number,
): GraphEdge {
  const protocols = new Set(list.map(e => e.protocol));
  const ports = new Set(list.map(e => e.port));
  const out: GraphEdge = {
    id,
    source,
    target,
    protocol: protocols.size === 1 ? list[0]!.protocol : '*',
    port: ports.size === 1 ? list[0]!.port : 0,
    observed: 0,
    flows: 0,
    flowRate: 0,
    forwarded: 0,
    dropped: 0,
    errors: 0,
    dropPct: 0,
    topDropReasons: [],
    l7: [],
    l7Requests: 0,
    l7RequestRate: 0,
    l7Responses: 0,
    httpResponses: 0,
    httpByClass: { '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 },
    http5xxPct: 0,
    dnsResponses: 0,
    dnsFailures: 0,
    dnsFailurePct: 0,
    latencyMs: { p50: null, p95: null, samples: 0 },
    lastSeenMs: 0,
  };
  const reasons = new Map<string, number>();
  const l7 = new Set<GraphEdge['l7'][number]>();
  for (const e of list) {
    out.observed += e.observed;
    out.flows += e.flows;
    out.forwarded += e.forwarded;
    out.dropped += e.dropped;
    out.errors += e.errors;
    out.l7Requests += e.l7Requests;
    out.l7Responses += e.l7Responses;
    out.httpResponses += e.httpResponses;
    for (const k of ['1xx', '2xx', '3xx', '4xx', '5xx'] as const)
      out.httpByClass[k] += e.httpByClass[k];
    out.dnsResponses += e.dnsResponses;
    out.dnsFailures += e.dnsFailures;
    out.latencyMs = {
      p50: maxOrNull(out.latencyMs.p50, e.latencyMs.p50),
      p95: maxOrNull(out.latencyMs.p95, e.latencyMs.p95),
      samples: out.latencyMs.samples + e.latencyMs.samples,
    };
    out.lastSeenMs = Math.max(out.lastSeenMs, e.lastSeenMs);
    for (const p of e.l7) l7.add(p);
    for (const r of e.topDropReasons) reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + r.count);
  }
  out.flowRate = seconds > 0 ? out.flows / seconds : 0;
  out.l7RequestRate = seconds > 0 ? out.l7Requests / seconds : 0;
  out.dropPct = pct(out.dropped, out.flows);
  out.http5xxPct = pct(out.httpByClass['5xx'], out.httpResponses);
  out.dnsFailurePct = pct(out.dnsFailures, out.dnsResponses);
  out.l7 = [...l7].sort();
  out.topDropReasons = [...reasons]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1))
    .slice(0, 3);
  return out;
}
