import { describe, expect, it } from 'vitest';
import { parseQuery } from '@/lib/query/parse';
import type { GraphEdge, GraphNode } from '@/lib/model/service-graph';
import { edgeFlowsQuery, flowsHref, nodeFlowsQuery } from './flows-link';
import { neighbourhood, searchMatches, subgraph } from './focus';

const node = (id: string, kind: GraphNode['kind'] = 'workload'): GraphNode => {
  const [ns, name] = id.includes('/') ? id.split('/') : ['', id];
  return {
    id,
    label: name!,
    namespace: ns!,
    cluster: '',
    kind,
    workloadKind: '',
    flowsIn: 0,
    flowsOut: 0,
    dropped: 0,
    lastSeenMs: 0,
  };
};
const edge = (source: string, target: string, port = 80) =>
  ({ id: `${source}>${target}|TCP|${port}`, source, target, protocol: 'TCP', port }) as GraphEdge;
const graph = {
  nodes: ['a/x', 'a/y', 'b/z', 'c/w'].map(id => node(id)),
  edges: [edge('a/x', 'a/y'), edge('a/y', 'b/z'), edge('c/w', 'b/z')],
};

describe('focus', () => {
  it('finds the n-hop neighbourhood in both directions', () => {
    expect([...neighbourhood(graph, 'a/x', 1)].sort()).toEqual(['a/x', 'a/y']);
    expect([...neighbourhood(graph, 'a/x', 2)].sort()).toEqual(['a/x', 'a/y', 'b/z']);
    expect([...neighbourhood(graph, 'b/z', 1)].sort()).toEqual(['a/y', 'b/z', 'c/w']);
    const sub = subgraph(graph, neighbourhood(graph, 'a/x', 1));
    expect(sub.edges.map(e => e.id)).toEqual(['a/x>a/y|TCP|80']);
  });

  it('matches search text on id and label', () => {
    expect([...searchMatches(graph, 'Y')]).toEqual(['a/y']);
    expect(searchMatches(graph, ' ').size).toBe(0);
  });
});

describe('flows links', () => {
  it('build filters the flows page accepts', () => {
    const q = edgeFlowsQuery(
      edge('shop/frontend', 'shop/cart', 8080),
      node('shop/frontend'),
      node('shop/cart'),
    );
    expect(q).toBe('--from-pod shop/frontend --to-pod shop/cart --to-port 8080 --protocol tcp');
    const world = { ...node('world:api.github.com', 'world'), label: 'api.github.com' };
    const host = node('reserved:host', 'reserved');
    const ns = { ...node('ns:shop', 'namespace'), namespace: 'shop' };
    for (const s of [
      q,
      edgeFlowsQuery(edge('reserved:host', 'world:api.github.com', 443), host, world),
      nodeFlowsQuery(ns),
      nodeFlowsQuery(node('cidr:10.0.0.0/8', 'cidr')),
      nodeFlowsQuery(node('world', 'world')),
    ]) {
      expect(() => parseQuery(s), s).not.toThrow();
    }
    expect(nodeFlowsQuery(ns)).toBe('--namespace shop');
    expect(flowsHref('--namespace shop')).toBe('/flows?q=--namespace%20shop');
  });
});
