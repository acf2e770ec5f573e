import { describe, expect, it } from 'vitest';
import { diffGraphs, resetDelta } from '@/lib/aggregate/graph-diff';
import { createGraphAggregator } from '@/lib/aggregate/graph';
import { flowBetween, pod } from '@/lib/aggregate/testing/flow-builders';
import type { GraphDeltaEvent, GraphResponseBody } from '@/lib/model/graph-api';
import { applyGraphEvents, graphSearch } from './graph-client';

const meta = {
  coverage: { basis: 'live' as const, flows: 1, oldestMs: 1, newestMs: 1 },
  lod: { collapsed: false, threshold: 600, totalNodes: 2, expanded: [], forced: false },
};
const web = pod('shop', 'web-7d4b9c8f6d-x2x9z');
const db = pod('shop', 'db-0');
const api = pod('shop', 'api-7d4b9c8f6d-abcde');

describe('graphSearch', () => {
  it('is canonical: equal views give equal keys', () => {
    const base = { window: '5m' as const, q: ' ', errorsOnly: false, hideReserved: true };
    expect(graphSearch({ ...base, namespaces: ['b', 'a'], expand: [], collapse: false })).toBe(
      'window=5m&namespace=a%2Cb&hideReserved=true',
    );
    expect(
      graphSearch({ ...base, namespaces: [], expand: ['west/shop', 'a'], collapse: true }),
    ).toBe('window=5m&hideReserved=true&collapse=true&expand=a%2Cwest%2Fshop');
  });
});

describe('applyGraphEvents', () => {
  const agg = createGraphAggregator();
  agg.add([flowBetween(web, db)]);
  const g1 = agg.snapshot('all');
  agg.add([flowBetween(api, db)]);
  const g2 = agg.snapshot('all');
  const cached: GraphResponseBody = { ...g1, ...meta };

  it('applies a delta and carries the event metadata', () => {
    const ev: GraphDeltaEvent = {
      ...diffGraphs(g1, g2),
      ...meta,
      coverage: { ...meta.coverage, flows: 2 },
    };
    const r = applyGraphEvents(cached, [ev]);
    expect(r.gap).toBe(false);
    expect(r.graph?.version).toBe(g2.version);
    expect(r.graph?.nodes.map(n => n.id)).toEqual(g2.nodes.map(n => n.id));
    expect(r.graph?.coverage.flows).toBe(2);
  });

  it('reports a gap and keeps the cache when a delta does not start at the cached version', () => {
    const ev: GraphDeltaEvent = { ...diffGraphs({ ...g1, version: g1.version - 1 }, g2), ...meta };
    const r = applyGraphEvents(cached, [ev]);
    expect(r.gap).toBe(true);
    expect(r.graph).toBe(cached);
  });

  it('a reset replaces the cache; stale events are ignored', () => {
    const reset: GraphDeltaEvent = { ...resetDelta(g2, 0), ...meta };
    const stale: GraphDeltaEvent = { ...resetDelta(g1, 0), ...meta };
    const r = applyGraphEvents(undefined, [reset, stale]);
    expect(r.gap).toBe(false);
    expect(r.graph?.version).toBe(g2.version);
    expect(r.graph?.edges).toHaveLength(2);
  });
});
