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
});
