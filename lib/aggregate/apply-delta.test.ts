import { describe, expect, it } from 'vitest';
import type { ServiceGraph } from '@/lib/model/service-graph';
import { applyGraphDelta, graphDeltaStatus } from './apply-delta';
import { createGraphAggregator } from './graph';
import { diffGraphs, jsonEqual } from './graph-diff';
import { dropBetween, flowBetween, pod, T0 } from './testing/flow-builders';
import { sampleRecords } from './testing/samples';

const web = pod('shop', 'web-7d4b9c8f6d-x2x9z');
const db = pod('shop', 'db-0');
const cache = pod('shop', 'cache-0');

const withoutVersion = (g: ServiceGraph | undefined) => ({ ...g!, version: 0 });

describe('graph deltas end to end', () => {
  it('patching the previous snapshot with a delta gives the next snapshot', () => {
    const records = sampleRecords('400-tcp');
    const g = createGraphAggregator();
    g.add(records.slice(0, 150));
    const first = g.snapshot('all');
    g.add(records.slice(150));
    const delta = g.delta(first.version, 'all');
    expect(delta.reset).toBe(false);
    expect(delta.fromVersion).toBe(first.version);
    expect(delta.upsertEdges.length).toBeGreaterThan(0);
    expect(delta.upsertEdges.length).toBeLessThan(first.edges.length + 10);
    const patched = applyGraphDelta(first, delta);
    expect(patched!.version).toBe(delta.toVersion);
    expect(withoutVersion(patched)).toEqual(withoutVersion(g.snapshot('all')));
  });

  it('removes edges that slid out of the window and keeps unchanged objects', () => {
    const g = createGraphAggregator();
    g.add([flowBetween(web, db, { timeMs: T0 }), flowBetween(web, cache, { timeMs: T0 + 30_000 })]);
    const a = g.snapshot('1m', {}, T0 + 35_000);
    expect(a.edges.length).toBe(2);
    const d = g.delta(a.version, '1m', {}, T0 + 65_000);
    expect(d.removeEdges).toEqual(['shop/web>shop/db|TCP|8080']);
    expect(d.removeNodes).toEqual(['shop/db']);
    const b = applyGraphDelta(a, d)!;
    expect(b.edges.map(e => e.id)).toEqual(['shop/web>shop/cache|TCP|8080']);
    // The cache edge's counts did not change, but its rate did (longer span): it is upserted.
    expect(d.upsertEdges.map(e => e.id)).toEqual(['shop/web>shop/cache|TCP|8080']);
    const web2 = b.nodes.find(n => n.id === 'shop/web')!;
    expect(web2.flowsOut).toBe(1);
  });

  it('answers an unknown version with a reset that replaces the cache', () => {
    const g = createGraphAggregator();
    g.add([flowBetween(web, db)]);
    const d = g.delta(12345, '5m');
    expect(d.reset).toBe(true);
    expect(d.upsertEdges.length).toBe(1);
    expect(applyGraphDelta(undefined, d)!.edges.length).toBe(1);
  });
});

describe('applyGraphDelta', () => {
  function twoGraphs() {
    const g = createGraphAggregator();
    g.add([flowBetween(web, db, { timeMs: T0 }), flowBetween(web, cache, { timeMs: T0 })]);
    const prev = g.snapshot('all');
    g.add([dropBetween(web, db, 'POLICY_DENIED', 133, { timeMs: T0 + 1 })]);
    const next = g.snapshot('all');
    return { prev, next };
  }

  it('shares unchanged nodes and edges with the previous graph', () => {
    const { prev, next } = twoGraphs();
    const d = diffGraphs(prev, next);
    expect(d.upsertEdges.map(e => e.id)).toEqual(['shop/web>shop/db|TCP|8080']);
    const out = applyGraphDelta(prev, d)!;
    const unchanged = out.edges.find(e => e.id === 'shop/web>shop/cache|TCP|8080');
    expect(unchanged).toBe(prev.edges.find(e => e.id === unchanged!.id));
    expect(out.edges.find(e => e.id === 'shop/web>shop/db|TCP|8080')!.dropped).toBe(1);
    expect(prev.edges.find(e => e.id === 'shop/web>shop/db|TCP|8080')!.dropped).toBe(0);
  });

  it('ignores stale deltas and deltas that do not start at the cached version', () => {
    const { prev, next } = twoGraphs();
    const d = diffGraphs(prev, next);
    const current = applyGraphDelta(prev, d)!;
    expect(graphDeltaStatus(current, d)).toBe('stale');
    expect(applyGraphDelta(current, d)).toBe(current); // replayed message: no roll-back
    const gap = { ...d, fromVersion: prev.version - 1, toVersion: next.version + 5 };
    expect(graphDeltaStatus(prev, gap)).toBe('gap');
    expect(applyGraphDelta(prev, gap)).toBe(prev);
    expect(graphDeltaStatus(undefined, d)).toBe('gap');
    expect(graphDeltaStatus(prev, { ...d, reset: true })).toBe('reset');
  });
});

describe('jsonEqual', () => {
  it('compares JSON shapes deeply', () => {
    expect(jsonEqual({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toBe(true);
    expect(jsonEqual({ a: [1, 2] }, { a: [1, 3] })).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(jsonEqual([1], { 0: 1 })).toBe(false);
  });
});
