import { describe, expect, it } from 'vitest';
import { collapseGraph } from '@/lib/aggregate/collapse';
import { createGraphAggregator } from '@/lib/aggregate/graph';
import { dropBetween, flowBetween, pod, reserved } from '@/lib/aggregate/testing/flow-builders';
import { sampleRecords } from '@/lib/aggregate/testing/samples';
import type { EdgeData, NodeData } from './to-elements';
import { boxId, FRAMED_NODES, SEMANTIC_EDGES, toElements } from './to-elements';

const NODE_FIELDS: (keyof NodeData)[] = [
  'id',
  'label',
  'detail',
  'display',
  'namespace',
  'kind',
  'box',
  'health',
  'match',
];
const EDGE_FIELDS: (keyof EdgeData)[] = ['id', 'source', 'target', 'label', 'health', 'width'];

describe('toElements', () => {
  const g = createGraphAggregator();
  g.add(sampleRecords('400-tcp'));
  const graph = g.snapshot('all');

  it('gives every data field explicitly on every element, with no undefined values', () => {
    const els = toElements(graph, new Set());
    for (const n of els.nodes) {
      for (const f of NODE_FIELDS) expect(n.data[f], `${n.data.id}.${f}`).not.toBeUndefined();
    }
    for (const e of els.edges) {
      for (const f of EDGE_FIELDS) expect(e.data[f], `${e.data.id}.${f}`).not.toBeUndefined();
    }
    expect(els.edges).toHaveLength(graph.edges.length);
  });

  it('puts workloads into namespace boxes that come before their children', () => {
    const els = toElements(graph, new Set(['bookinfo/reviews']));
    const ids = els.nodes.map(n => n.data.id);
    const box = boxId('bookinfo');
    const page = els.nodes.find(n => n.data.id === 'bookinfo/productpage')!;
    expect(page.data.parent).toBe(box);
    expect(page.data.box).toBe(box);
    expect(ids.indexOf(box)).toBeLessThan(ids.indexOf('bookinfo/productpage'));
    const host = els.nodes.find(n => n.data.id === 'reserved:host')!;
    expect(host.data.parent).toBeUndefined();
    expect(host.data.box).toBe('');
    expect(els.nodes.find(n => n.data.id === 'bookinfo/reviews')!.data.match).toBe(1);
    expect(page.data.match).toBe(0);
  });

  it('colours edges by health and labels them with rate and error %', () => {
    const web = pod('shop', 'web-7d4b9c8f6d-x2x9z');
    const db = pod('shop', 'db-0');
    const agg = createGraphAggregator();
    agg.add([
      flowBetween(web, db),
      dropBetween(web, db, 'POLICY_DENIED', 133),
      flowBetween(web, reserved('world', 2), { dstPort: 443 }),
    ]);
    const els = toElements(agg.snapshot('all'), new Set());
    const bad = els.edges.find(e => e.data.target === 'shop/db')!.data as EdgeData;
    expect(bad.health).toBe('bad');
    expect(bad.label).toMatch(/\/s · 50 % err$/);
    const ok = els.edges.find(e => e.data.target !== 'shop/db')!.data as EdgeData;
    expect(ok.health).toBe('ok');
    expect(ok.label).not.toMatch(/p95/);
    expect(ok.width).toBeGreaterThanOrEqual(1);
    // Widths move in half-pixel steps, so small rate changes do not restyle the edge.
    expect(ok.width * 2).toBe(Math.round(ok.width * 2));
  });

  it("boxes each cluster's namespace separately when flows carry a cluster name", () => {
    const agg = createGraphAggregator();
    agg.add([
      flowBetween(
        pod('shop', 'web-0', { cluster: 'east' }),
        pod('shop', 'api-0', { cluster: 'west' }),
      ),
    ]);
    const els = toElements(agg.snapshot('all'), new Set());
    const boxes = els.nodes.filter(n => n.data.kind === 'box');
    expect(boxes.map(b => [b.data.id, b.data.label])).toEqual([
      [boxId('east/shop'), 'east/shop'],
      [boxId('west/shop'), 'west/shop'],
    ]);
    expect(els.nodes.find(n => n.data.id === 'east/shop/web')!.data.parent).toBe(
      boxId('east/shop'),
    );
  });

  it('adds one meta edge per pair of frames when a framed graph has many edges', () => {
    const agg = createGraphAggregator();
    const flows = [];
    // 3 namespaces × 40 workloads; each calls 30 others round the ring: 3,600 edges.
    const w = (i: number) => pod(`ns${i % 3}`, `w${i}-0`);
    for (let i = 0; i < 120; i++) {
      for (let k = 1; k <= 30; k++) flows.push(flowBetween(w(i), w((i + k) % 120)));
    }
    flows.push(dropBetween(w(0), w(1), 'POLICY_DENIED', 133));
    flows.push(flowBetween(reserved('host', 1), w(5)));
    agg.add(flows);
    const g = agg.snapshot('all');
    expect(g.edges.length).toBeGreaterThan(SEMANTIC_EDGES);
    const els = toElements(g, new Set(), true);
    expect(els.semantic).toBe(true);
    const metas = els.edges.filter(e => e.classes === 'meta');
    const leaves = els.edges.filter(e => e.classes === 'leaf');
    // ns0<->ns1<->ns2 both ways, plus host -> ns2's frame.
    expect(metas.map(m => m.data.id).sort()).toEqual([
      'meta:box:ns0>box:ns1',
      'meta:box:ns0>box:ns2',
      'meta:box:ns1>box:ns0',
      'meta:box:ns1>box:ns2',
      'meta:box:ns2>box:ns0',
      'meta:box:ns2>box:ns1',
      'meta:reserved:host>box:ns2',
    ]);
    expect(leaves).toHaveLength(g.edges.length);
    expect(metas.every(m => m.selectable === false)).toBe(true);
    // The failing w0 -> w1 edge makes its frame pair's meta edge bad.
    expect(metas.find(m => m.data.id === 'meta:box:ns0>box:ns1')!.data.health).toBe('bad');
    expect(metas.find(m => m.data.id === 'meta:box:ns1>box:ns2')!.data.health).toBe('ok');
    // Small or compound graphs never get meta edges.
    expect(toElements(g, new Set(), false).semantic).toBe(false);
  });

  it('frames big graphs that have workloads, not graphs of collapsed namespaces alone', () => {
    const agg = createGraphAggregator();
    const flows = [];
    for (let i = 0; i <= FRAMED_NODES; i++)
      flows.push(flowBetween(pod(`ns${i % 20}`, `w${i}-0`), pod('data', 'db-0')));
    agg.add(flows);
    const g = agg.snapshot('all');
    expect(toElements(g, new Set()).framed).toBe(true);
    const collapsed = collapseGraph(g, { threshold: 0 }).graph;
    expect(collapsed.nodes.length).toBeLessThanOrEqual(21);
    const many = {
      nodes: Array.from({ length: FRAMED_NODES + 1 }, (_, i) => ({
        ...collapsed.nodes[0]!,
        id: `ns:n${i}`,
      })),
      edges: [],
    };
    expect(toElements(many, new Set()).framed).toBe(false);
  });
});
