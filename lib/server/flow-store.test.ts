import { describe, expect, it } from 'vitest';
import type { FlowRecord } from '@/lib/model/flow-record';
import { compileQuery } from '@/lib/query/match';
import { parseQuery } from '@/lib/query/parse';
import { dropped, flowBetween, httpResponse, pod, world } from '@/lib/query/testing/flow-builder';
import { FlowStore } from './flow-store';

const web = pod('shop', 'web-1', { ip: '10.100.1.12' });
const db = pod('data', 'postgres-0', { ip: '10.100.0.30', port: 5432 });
const all = () => true;
const bytes = (n: number) => Uint8Array.of(n & 255, (n >> 8) & 255, 7);

function fill(
  store: FlowStore,
  n: number,
  make: (k: number) => FlowRecord = () => flowBetween(web, db),
): FlowRecord[] {
  const out: FlowRecord[] = [];
  for (let k = 0; k < n; k++) {
    const r = make(k);
    out.push(r);
    store.ingest(r, bytes(k));
  }
  return out;
}

describe('FlowStore', () => {
  it('round-trips a record exactly through the compact tier', () => {
    const store = new FlowStore({ rawCapacity: 10, compactCapacity: 10 });
    const original = flowBetween(
      web,
      world('203.0.113.9', { names: ['api.example.com'], port: 443 }),
      {
        l7: httpResponse(503, 'http://web/cart'),
        type: 'L7',
        icmp: null,
        isReply: null,
        policies: { allowedBy: ['shop/allow-web'], deniedBy: [] },
      },
    );
    store.ingest(original, null);
    const [copy] = store.query(all, 10).flows;
    expect(copy).toEqual(original);
    expect(JSON.parse(JSON.stringify(copy))).toEqual(JSON.parse(JSON.stringify(original)));
  });

  it('keeps the compact capacity, evicts the oldest and counts evictions', () => {
    const store = new FlowStore({ rawCapacity: 3, compactCapacity: 5 });
    const flows = fill(store, 12);
    const stats = store.stats();
    expect(stats).toMatchObject({
      compactCount: 5,
      compactCapacity: 5,
      rawCount: 3,
      rawCapacity: 3,
      evicted: 7,
    });
    expect(stats.oldestMs).toBe(flows[7]!.timeMs);
    expect(stats.newestMs).toBe(flows[11]!.timeMs);
    const { flows: got, matched } = store.query(all, 100);
    expect(matched).toBe(5);
    expect(got.map(f => f.id)).toEqual(
      flows
        .slice(7)
        .reverse()
        .map(f => f.id),
    );
  });

  it('queries newest first with a compiled filter, a limit and a total match count', () => {
    const store = new FlowStore({ rawCapacity: 100, compactCapacity: 100 });
    const flows = fill(store, 50, k => (k % 5 === 0 ? dropped(web, db) : flowBetween(web, db)));
    const match = compileQuery(parseQuery('--verdict DROPPED --to-namespace data'));
    const res = store.query(match, 3);
    expect(res.matched).toBe(10);
    expect(res.flows.map(f => f.id)).toEqual([flows[45]!.id, flows[40]!.id, flows[35]!.id]);
    expect(res.flows.every(f => f.verdict === 'DROPPED' && f.dropReason === 'POLICY_DENIED')).toBe(
      true,
    );
  });

  it('returns raw bytes only for flows still in the raw tier, and says how many are not', () => {
    const store = new FlowStore({ rawCapacity: 4, compactCapacity: 10 });
    const flows = fill(store, 10);
    const res = store.queryRaw(all, 100);
    expect(res.matched).toBe(10);
    expect(res.notInRaw).toBe(6);
    expect(res.raws).toEqual([bytes(9), bytes(8), bytes(7), bytes(6)]);
    expect(store.queryRaw(all, 2).raws).toEqual([bytes(9), bytes(8)]);
    expect(store.rawById(flows[9]!.id)).toEqual(bytes(9));
    expect(store.rawById(flows[5]!.id)).toBeNull();
  });

  it('keeps the raw id index bounded when both tiers have the same capacity', () => {
    const store = new FlowStore({ rawCapacity: 5, compactCapacity: 5 });
    const flows = fill(store, 50);
    expect((store as unknown as { rawIds: Map<string, number> }).rawIds.size).toBe(5);
    expect(store.rawById(flows[44]!.id)).toBeNull();
    expect(store.rawById(flows[45]!.id)).toEqual(bytes(45));
  });

  it('replays sequence numbers after a given one, oldest first, bounded; get() materialises them', () => {
    const store = new FlowStore({ rawCapacity: 10, compactCapacity: 10 });
    const flows = fill(store, 8);
    expect(store.since(5, all, 10)).toEqual({ seqs: [6, 7, 8], skipped: 0 });
    expect(store.get(6)).toEqual(flows[5]);
    expect(store.since(2, all, 2)).toEqual({ seqs: [7, 8], skipped: 4 });
    fill(store, 10);
    expect(store.since(3, all, 100)).toMatchObject({ skipped: 5 });
    expect(store.get(8)).toBeNull();
    expect(store.get(9)).not.toBeNull();
    expect(store.get(19)).toBeNull();
  });

  it('keeps ids that are not UUIDs (pre-1.14 agents) and odd time texts exactly, and frees them on eviction', () => {
    const store = new FlowStore({ rawCapacity: 2, compactCapacity: 2 });
    const derived = flowBetween(web, db, {
      id: 'd:worker242|2026-01-01T00:00:00.5Z|10.0.0.1:1>10.0.0.2:2/TCP|FORWARDED|4.0|false',
    });
    store.ingest(derived, null);
    expect(store.query(all, 1).flows[0]).toEqual(derived);
    fill(store, 2);
    const ring = (
      store as unknown as {
        ring: { idFallback: Map<number, string>; timeFallback: Map<number, string> };
      }
    ).ring;
    expect(ring.idFallback.size).toBe(0);
    expect(store.query(all, 2).flows.map(f => f.id)).not.toContain(derived.id);
  });

  it('interns repeated strings and label arrays across flows', () => {
    const store = new FlowStore({ rawCapacity: 1, compactCapacity: 10 });
    fill(store, 3, () => flowBetween(pod('shop', 'web-1'), db));
    const [a, b] = store.query(all, 2).flows;
    expect(a!.src.labels).toBe(b!.src.labels);
    expect(a!.src.workloads).toBe(b!.src.workloads);
  });
});
