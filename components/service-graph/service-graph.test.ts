/**
 * The cytoscape update path against a real headless cytoscape with the real fcose layout: batched
 * diff (add / remove / data) and the "layout only when nodes are added, existing nodes stay" rule.
 */
import cytoscape, { type Core, type NodeSingular } from 'cytoscape';
import fcose from 'cytoscape-fcose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createGraphAggregator } from '@/lib/aggregate/graph';
import { dropBetween, flowBetween, pod } from '@/lib/aggregate/testing/flow-builders';
import { GRID_LAYOUT_NODES, runLayout } from './layout';
import { applyElements } from './service-graph';
import { boxId, toElements } from './to-elements';

const web = pod('shop', 'web-7d4b9c8f6d-x2x9z');
const api = pod('shop', 'api-7d4b9c8f6d-abcde');
const db = pod('data', 'db-0');
const cache = pod('data', 'cache-0');

beforeAll(() => {
  cytoscape.use(fcose);
});

const positions = (cy: Core) =>
  Object.fromEntries(
    cy
      .nodes()
      .filter((n: NodeSingular) => !n.isParent())
      .map((n: NodeSingular) => [n.id(), { ...n.position() }]),
  );

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
    for (let i = 0; i < GRID_LAYOUT_NODES + 40; i++) {
      flows.push(flowBetween(pod(`ns${i % 30}`, `w${i}-0`), db));
    }
    agg.add(flows);
    const added1 = applyElements(cy, toElements(agg.snapshot('all'), new Set()));
    runLayout(cy, added1, true);
    const before = positions(cy);
    const cells = new Set(Object.values(before).map(p => `${Math.round(p.x)},${Math.round(p.y)}`));
    expect(cells.size).toBe(Object.keys(before).length);

    agg.add([flowBetween(pod('ns3', 'late-0'), db), flowBetween(pod('fresh', 'new-0'), db)]);
    const added2 = applyElements(cy, toElements(agg.snapshot('all'), new Set()));
    expect(added2).toEqual(new Set(['ns3/late', 'fresh/new', boxId('fresh')]));
    runLayout(cy, added2, false);
    const after = positions(cy);
    for (const [id, p] of Object.entries(before)) expect(after[id], id).toEqual(p);
    const all = new Set(Object.values(after).map(p => `${Math.round(p.x)},${Math.round(p.y)}`));
    expect(all.size).toBe(Object.keys(after).length);
    cy.destroy();
  });
});
