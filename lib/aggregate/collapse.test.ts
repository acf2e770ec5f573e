import { describe, expect, it } from 'vitest';
import { collapseGraph, namespaceNodeId } from './collapse';
import { createGraphAggregator } from './graph';
import { dropBetween, flowBetween, pod, reserved } from './testing/flow-builders';
import { sampleRecords } from './testing/samples';

const web = pod('shop', 'web-7d4b9c8f6d-x2x9z');
const api = pod('shop', 'api-7d4b9c8f6d-abcde');
const db = pod('data', 'db-0');
const cache = pod('data', 'cache-0');
const world = reserved('world', 2);

function graph() {
  const g = createGraphAggregator();
  g.add([
    flowBetween(web, db, { dstPort: 5432 }),
    flowBetween(api, db, { dstPort: 5432 }),
    flowBetween(api, cache, { dstPort: 6379 }),
    dropBetween(web, cache, 'POLICY_DENIED', 133),
    flowBetween(web, api),
    flowBetween(api, world, { dstPort: 443 }),
  ]);
  return g.snapshot('all');
}

describe('collapseGraph', () => {
  it('leaves graphs at or under the threshold untouched', () => {
    const g = graph();
    const r = collapseGraph(g, { threshold: g.nodes.length });
    expect(r.collapsed).toBe(false);
    expect(r.graph).toBe(g);
  });

  it('collapses namespaces into one node each and merges their edges with summed counts', () => {
    const g = graph();
    const r = collapseGraph(g, { threshold: 2 });
    expect(r.collapsed).toBe(true);
    expect(r.totalNodes).toBe(g.nodes.length);
    const ids = r.graph.nodes.map(n => n.id);
    expect(ids).toEqual([namespaceNodeId('data'), namespaceNodeId('shop'), 'world'].sort());
    const shop = r.graph.nodes.find(n => n.id === 'ns:shop')!;
    expect(shop).toMatchObject({ kind: 'namespace', label: 'shop', namespace: 'shop', members: 2 });

    const cross = r.graph.edges.find(e => e.id === 'ns:shop>ns:data|*|0')!;
    // web->db, api->db, api->cache forwarded; web->cache dropped: two ports, so no single port.
    expect(cross).toMatchObject({ flows: 4, forwarded: 3, dropped: 1, port: 0, dropPct: 25 });
    expect(cross.topDropReasons).toEqual([{ reason: 'POLICY_DENIED', count: 1 }]);
    expect(r.graph.edges.find(e => e.id === 'ns:shop>ns:shop|*|0')?.flows).toBe(1);
    expect(r.graph.edges.some(e => e.source === 'ns:shop' && e.target === 'world')).toBe(true);
    // Totals are preserved by collapsing.
    const sum = (es: { flows: number }[]) => es.reduce((a, e) => a + e.flows, 0);
    expect(sum(r.graph.edges)).toBe(sum(g.edges));
  });

  it('keeps expanded namespaces as individual workloads', () => {
    const r = collapseGraph(graph(), { threshold: 2, expand: ['shop'] });
    const ids = r.graph.nodes.map(n => n.id);
    expect(ids).toContain('ns:data');
    expect(ids.filter(id => id.startsWith('shop/'))).toHaveLength(2);
    expect(
      r.graph.edges.every(e => !e.source.startsWith('data/') && !e.target.startsWith('data/')),
    ).toBe(true);
  });

  it('preserves flow totals on a real sample', () => {
    const g = createGraphAggregator();
    g.add(sampleRecords('400-tcp'));
    const snap = g.snapshot('all');
    const r = collapseGraph(snap, { threshold: 1 });
    const total = (es: { flows: number; dropped: number }[]) =>
      es.reduce((a, e) => [a[0]! + e.flows, a[1]! + e.dropped], [0, 0]);
    expect(total(r.graph.edges)).toEqual(total(snap.edges));
    expect(r.graph.nodes.length).toBeLessThan(snap.nodes.length);
  });

  it("keeps two clusters' namespaces of the same name apart (ClusterMesh)", () => {
    const g = createGraphAggregator();
    const east = pod('shop', 'web-0', { cluster: 'east' });
    const west = pod('shop', 'web-0', { cluster: 'west' });
    const westDb = pod('data', 'db-0', { cluster: 'west' });
    g.add([flowBetween(east, westDb), flowBetween(west, westDb)]);
    const snap = g.snapshot('all');
    const r = collapseGraph(snap, { threshold: 1 });
    expect(r.graph.nodes.map(n => n.id)).toEqual(['ns:east/shop', 'ns:west/data', 'ns:west/shop']);
    expect(r.graph.nodes[0]).toMatchObject({
      label: 'east/shop',
      namespace: 'shop',
      cluster: 'east',
    });
    const expanded = collapseGraph(snap, { threshold: 1, expand: ['west/shop'] });
    expect(expanded.graph.nodes.map(n => n.id)).toEqual([
      'ns:east/shop',
      'ns:west/data',
      'west/shop/web',
    ]);
  });
});
