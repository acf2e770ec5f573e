/**
 * The cytoscape update path against a real headless cytoscape with the real fcose layout: batched
 * diff (add / remove / data) and the "layout only when nodes are added, existing nodes stay" rule.
 */
import cytoscape, { type Core, type NodeSingular } from 'cytoscape';
import fcose from 'cytoscape-fcose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGraphAggregator } from '@/lib/aggregate/graph';
import { dropBetween, flowBetween, pod } from '@/lib/aggregate/testing/flow-builders';
import { runLayout } from './layout';
import {
  addDeferredLeaves,
  applyElements,
  FAR_ZOOM,
  showSelection,
  updateSemantic,
  withoutDeferredLeaves,
} from './service-graph';
import { buildStylesheet, NEAR_SELECTION } from './stylesheet';
import type { GraphPalette } from './palette';
import { boxId, FRAMED_NODES, toElements } from './to-elements';

const web = pod('shop', 'web-7d4b9c8f6d-x2x9z');
const api = pod('shop', 'api-7d4b9c8f6d-abcde');
const db = pod('data', 'db-0');
const cache = pod('data', 'cache-0');

beforeAll(() => {
  cytoscape.use(fcose);
});

const PALETTE = Object.fromEntries(
  [
    'node',
    'nodeBorder',
    'label',
    'labelMuted',
    'box',
    'boxBorder',
    'edge',
    'ok',
    'warn',
    'bad',
    'select',
    'match',
    'reserved',
    'namespace',
  ].map(k => [k, '#888']),
) as unknown as GraphPalette;

const positions = (cy: Core) =>
  Object.fromEntries(
    cy
      .nodes()
      .filter((n: NodeSingular) => n.data('kind') !== 'box')
      .map((n: NodeSingular) => [n.id(), { ...n.position() }]),
  );

/** 450 workloads in 3 namespaces, each calling the next 7: a framed graph with semantic zoom. */
function semanticGraph() {
  const agg = createGraphAggregator();
  const flows = [];
  const w = (i: number) => pod(`ns${i % 3}`, `w${i}-0`);
  for (let i = 0; i < 450; i++) {
    for (let k = 1; k <= 7; k++) flows.push(flowBetween(w(i), w((i + k) % 450)));
  }
  agg.add(flows);
  return { agg, els: toElements(agg.snapshot('all'), new Set()) };
}

/** Every frame is a plain node (no compound) around all of its members; frames do not overlap. */
function expectFramesHoldTheirMembers(cy: Core): void {
  const frames = cy.nodes('[kind = "box"]');
  expect(frames.length).toBeGreaterThan(0);
  expect(cy.nodes(':parent')).toHaveLength(0);
  const rect = (n: NodeSingular) => {
    const { x, y } = n.position();
    const w = n.data('frameW') as number;
    const h = n.data('frameH') as number;
    return { x1: x - w / 2, x2: x + w / 2, y1: y - h / 2, y2: y + h / 2 };
  };
  const rects = frames.map(rect);
  cy.nodes('[kind != "box"]').forEach((n: NodeSingular) => {
    const box = n.data('box') as string;
    if (!box) return;
    const r = rect(cy.getElementById(box) as NodeSingular);
    const p = n.position();
    expect(
      p.x - 17 >= r.x1 && p.x + 17 <= r.x2 && p.y - 17 >= r.y1 && p.y + 17 <= r.y2,
      n.id(),
    ).toBe(true);
  });
  for (let i = 0; i < rects.length; i++) {
    for (let j = i + 1; j < rects.length; j++) {
      const a = rects[i]!;
      const b = rects[j]!;
      const apart = a.x2 <= b.x1 || b.x2 <= a.x1 || a.y2 <= b.y1 || b.y2 <= a.y1;
      expect(apart, `${frames[i]!.id()} overlaps ${frames[j]!.id()}`).toBe(true);
    }
  }
}

describe('applyElements + runLayout (headless cytoscape)', () => {
  it('adds, updates and removes by id, and keeps placed nodes where they are', () => {
    const cy = cytoscape({
      headless: true,
      styleEnabled: true,
      style: [{ selector: 'node', style: { width: 34, height: 34 } }],
    });
    const agg = createGraphAggregator();
    agg.add([flowBetween(web, db), flowBetween(api, db)]);
    const g1 = agg.snapshot('all');

    const added1 = applyElements(cy, toElements(g1, new Set()));
    expect(added1).toEqual(
      new Set([boxId('data'), boxId('shop'), 'data/db', 'shop/api', 'shop/web']),
    );
    expect(cy.getElementById('shop/web').parent().first().id()).toBe(boxId('shop'));
    runLayout(cy, added1, true);
    const before = positions(cy);

    // A new node and a changed edge: only the new node is added; the edge's data is updated.
    agg.add([flowBetween(api, cache), dropBetween(web, db, 'POLICY_DENIED', 133)]);
    const g2 = agg.snapshot('all');
    const added2 = applyElements(cy, toElements(g2, new Set(['shop/web'])));
    expect(added2).toEqual(new Set(['data/cache']));
    expect(cy.getElementById('shop/web').data('match')).toBe(1);
    const webDb = g2.edges.find(e => e.source === 'shop/web' && e.target === 'data/db')!;
    expect(cy.getElementById(webDb.id).data('health')).toBe('bad');
    runLayout(cy, added2, false);
    const after = positions(cy);
    for (const [id, p] of Object.entries(before)) {
      expect(after[id]!.x, id).toBeCloseTo(p.x, 0);
      expect(after[id]!.y, id).toBeCloseTo(p.y, 0);
    }
    expect(after['data/cache']).toBeDefined();

    // Removing: a graph without the shop namespace drops its nodes, its box and its edges.
    const only = { nodes: g2.nodes.filter(n => n.namespace === 'data'), edges: [] };
    expect(applyElements(cy, toElements(only, new Set())).size).toBe(0);
    expect(
      cy
        .nodes()
        .map(n => n.id())
        .sort(),
    ).toEqual([boxId('data'), 'data/cache', 'data/db']);
    expect(cy.edges()).toHaveLength(0);
    cy.destroy();
  });

  it('lays out a big expanded graph on the grid: no stacked nodes, placed nodes stay', () => {
    const cy = cytoscape({
      headless: true,
      styleEnabled: true,
      style: [{ selector: 'node', style: { width: 34, height: 34 } }],
    });
    const agg = createGraphAggregator();
    const flows = [];
    for (let i = 0; i < FRAMED_NODES + 40; i++) {
      flows.push(flowBetween(pod(`ns${i % 30}`, `w${i}-0`), db));
    }
    agg.add(flows);
    const els1 = toElements(agg.snapshot('all'), new Set());
    expect(els1.framed).toBe(true);
    const added1 = applyElements(cy, els1);
    runLayout(cy, added1, true, true);
    const before = positions(cy);
    const cells = new Set(Object.values(before).map(p => `${Math.round(p.x)},${Math.round(p.y)}`));
    expect(cells.size).toBe(Object.keys(before).length);

    agg.add([flowBetween(pod('ns3', 'late-0'), db), flowBetween(pod('fresh', 'new-0'), db)]);
    const added2 = applyElements(cy, toElements(agg.snapshot('all'), new Set()));
    expect(added2).toEqual(new Set(['ns3/late', 'fresh/new', boxId('fresh')]));
    runLayout(cy, added2, false, true);
    const after = positions(cy);
    for (const [id, p] of Object.entries(before)) expect(after[id], id).toEqual(p);
    const all = new Set(Object.values(after).map(p => `${Math.round(p.x)},${Math.round(p.y)}`));
    expect(all.size).toBe(Object.keys(after).length);
    expectFramesHoldTheirMembers(cy);
    cy.destroy();
  });

  it("mirrors the page selection on the canvas and marks the selected node's edges, new ones too", () => {
    const cy = cytoscape({ headless: true, styleEnabled: true });
    const agg = createGraphAggregator();
    agg.add([flowBetween(web, db), flowBetween(api, db)]);
    applyElements(cy, toElements(agg.snapshot('all'), new Set()));
    showSelection(cy, { group: 'nodes', id: 'data/db' });
    expect(cy.$(':selected').map(n => n.id())).toEqual(['data/db']);
    expect(cy.edges(`.${NEAR_SELECTION}`)).toHaveLength(2);

    agg.add([flowBetween(cache, db)]);
    applyElements(cy, toElements(agg.snapshot('all'), new Set()));
    showSelection(cy, { group: 'nodes', id: 'data/db' });
    expect(cy.edges(`.${NEAR_SELECTION}`)).toHaveLength(3);

    const edge = cy.edges().first().id();
    showSelection(cy, { group: 'edges', id: edge });
    expect(cy.$(':selected').map(e => e.id())).toEqual([edge]);
    expect(cy.edges(`.${NEAR_SELECTION}`)).toHaveLength(0);
    showSelection(cy, null);
    expect(cy.$(':selected')).toHaveLength(0);
    cy.destroy();
  });

  it("semantic zoom swaps leaf edges for meta edges below FAR_ZOOM, keeping the selection's", () => {
    const cy = cytoscape({ headless: true, styleEnabled: true });
    const { els } = semanticGraph();
    expect(els.framed && els.semantic).toBe(true);
    cy.style(buildStylesheet(PALETTE, true, true));
    applyElements(cy, els);
    const shown = () =>
      cy
        .edges()
        .filter(e => e.style('display') !== 'none')
        .map(e => ({ meta: e.hasClass('meta') }));
    cy.zoom(FAR_ZOOM * 2);
    expect(updateSemantic(cy, true)).toBe(false);
    expect(shown().filter(e => e.meta)).toHaveLength(0);
    expect(shown()).toHaveLength(els.edges.filter(e => e.classes !== 'meta').length);

    cy.zoom(FAR_ZOOM / 2);
    expect(updateSemantic(cy, true)).toBe(true);
    expect(shown().filter(e => !e.meta)).toHaveLength(0);
    expect(shown().length).toBeGreaterThan(0);
    showSelection(cy, { group: 'nodes', id: 'ns0/w0' });
    expect(shown().filter(e => !e.meta)).toHaveLength(
      cy.getElementById('ns0/w0').connectedEdges().length,
    );
    expect(updateSemantic(cy, false)).toBe(false);
    expect(cy.edges('.far')).toHaveLength(0);
    cy.destroy();
  });

  it("defers a semantic graph's workload edges until they are needed, then adds them all", () => {
    const cy = cytoscape({ headless: true, styleEnabled: true });
    const { agg, els } = semanticGraph();
    const leaves = els.edges.filter(e => e.classes === 'leaf').length;
    expect(leaves).toBeGreaterThan(3_000);
    applyElements(cy, withoutDeferredLeaves(els, false));
    expect(cy.edges('.leaf')).toHaveLength(0);
    expect(cy.edges('.meta').length).toBeGreaterThan(0);
    expect(cy.nodes()).toHaveLength(els.nodes.length);
    addDeferredLeaves(cy, els);
    expect(cy.edges('.leaf')).toHaveLength(leaves);
    // Once there, a full update keeps them; small graphs are never filtered.
    expect(applyElements(cy, withoutDeferredLeaves(els, true)).size).toBe(0);
    expect(cy.edges('.leaf')).toHaveLength(leaves);
    const small = toElements(agg.snapshot('all'), new Set(), false);
    expect(withoutDeferredLeaves(small, false)).toBe(small);
    cy.destroy();
  });
});
