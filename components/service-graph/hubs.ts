/**
 * Hub edges: in a big cluster a few nodes talk to nearly every workload (the host's kubelet probes,
 * Prometheus scrapes, kube-dns lookups). Drawn, their healthy edges are most of the picture (at 500
 * workloads ~1,500 of ~2,500 edges), hide everything else and cost most of the drawing time. The
 * graph page therefore leaves out a hub's healthy edges by default and says so; a hub's failing
 * edges always stay, and selecting a hub (or turning the option off) brings all of its edges back.
 * Pure, so it is tested without a browser.
 */
import type { ServiceGraph } from '@/lib/model/service-graph';
import { edgeHealth } from './to-elements';

type Graph = Pick<ServiceGraph, 'nodes' | 'edges'>;

/** A node is a hub with at least this many edges ... */
export const HUB_MIN_EDGES = 40;
/** ... that reach at least this share of the graph's nodes. */
export const HUB_MIN_SHARE = 0.1;

export interface HubSplit<G extends Graph> {
  /** The graph without the hidden edges (nodes unchanged). */
  graph: G;
  /** Hub node ids with at least one edge hidden, most edges first. */
  hubs: string[];
  /** Edges left out. */
  hiddenEdges: number;
}

/** Ids of hub nodes: {@link HUB_MIN_EDGES} edges or more, to {@link HUB_MIN_SHARE} of the nodes. */
export function findHubs(graph: Graph): Map<string, number> {
  const degree = new Map<string, number>();
  for (const e of graph.edges) {
    degree.set(e.source, (degree.get(e.source) ?? 0) + 1);
    if (e.target !== e.source) degree.set(e.target, (degree.get(e.target) ?? 0) + 1);
  }
  const min = Math.max(HUB_MIN_EDGES, Math.ceil(graph.nodes.length * HUB_MIN_SHARE));
  const out = new Map<string, number>();
  for (const [id, d] of degree) if (d >= min) out.set(id, d);
  return out;
}

/**
 * Leaves out the healthy (`ok` / `idle`) edges that touch a hub, except those of `keep` (the
 * selected node). Returns `graph` itself when nothing is hidden.
 */
export function hideHubEdges<G extends Graph>(graph: G, keep: string | null): HubSplit<G> {
  const hubs = findHubs(graph);
  if (keep !== null) hubs.delete(keep);
  if (hubs.size === 0) return { graph, hubs: [], hiddenEdges: 0 };
  const hiddenBy = new Map<string, number>();
  const edges = graph.edges.filter(e => {
    const hub = hubs.has(e.source) ? e.source : hubs.has(e.target) ? e.target : null;
    if (hub === null || e.source === keep || e.target === keep) return true;
    const health = edgeHealth(e);
    if (health !== 'ok' && health !== 'idle') return true;
    hiddenBy.set(hub, (hiddenBy.get(hub) ?? 0) + 1);
    return false;
  });
  if (edges.length === graph.edges.length) return { graph, hubs: [], hiddenEdges: 0 };
  const order = [...hiddenBy.keys()].sort(
    (a, b) => (hubs.get(b) ?? 0) - (hubs.get(a) ?? 0) || a.localeCompare(b),
  );
  return {
    graph: { ...graph, edges },
    hubs: order,
    hiddenEdges: graph.edges.length - edges.length,
  };
}
