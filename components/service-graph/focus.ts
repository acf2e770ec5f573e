/**
 * Client-side view steps on a received graph: search matches and "focus" (the n-hop neighbourhood
 * of a node, in either direction). Pure, so they are tested without a browser.
 */
import type { ServiceGraph } from '@/lib/model/service-graph';

type Graph = Pick<ServiceGraph, 'nodes' | 'edges'>;

/** Ids of nodes whose id or label contains `text` (case-insensitive); empty for blank text. */
export function searchMatches(graph: Graph, text: string): Set<string> {
  const needle = text.trim().toLowerCase();
  const out = new Set<string>();
  if (needle === '') return out;
  for (const n of graph.nodes) {
    if (n.id.toLowerCase().includes(needle) || n.label.toLowerCase().includes(needle))
      out.add(n.id);
  }
  return out;
}

/** Node ids within `hops` edges of `center` (ignoring direction), including `center`. */
export function neighbourhood(graph: Graph, center: string, hops: number): Set<string> {
  const adj = new Map<string, string[]>();
  const link = (a: string, b: string) => {
    const list = adj.get(a);
    if (list) list.push(b);
    else adj.set(a, [b]);
  };
  for (const e of graph.edges) {
    link(e.source, e.target);
    link(e.target, e.source);
  }
  const seen = new Set([center]);
  let frontier = [center];
  for (let h = 0; h < hops && frontier.length > 0; h++) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const m of adj.get(id) ?? []) {
        if (!seen.has(m)) {
          seen.add(m);
          next.push(m);
        }
      }
    }
    frontier = next;
  }
  return seen;
}

/** The subgraph on `keep` (nodes in it and edges with both ends in it). */
export function subgraph<G extends Graph>(graph: G, keep: Set<string>): G {
  return {
    ...graph,
    nodes: graph.nodes.filter(n => keep.has(n.id)),
    edges: graph.edges.filter(e => keep.has(e.source) && keep.has(e.target)),
  };
}
