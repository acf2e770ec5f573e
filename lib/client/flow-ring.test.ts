import { describe, expect, it } from 'vitest';
import { FlowRing } from './flow-ring';
import { flowRecord } from './testing/flow-builder';

const ids = (xs: { id: string }[]) => xs.map(x => x.id);

describe('FlowRing', () => {
  it('keeps only the newest `capacity` records, newest first', () => {
    const ring = new FlowRing(3);
    const flows = [1, 2, 3, 4, 5].map(i => flowRecord({ id: `f${i}`, timeMs: i }));
    expect(ring.push(flows)).toBe(5);
    expect(ring.size).toBe(3);
    expect(ring.seq).toBe(5);
    expect(ids(ring.newestFirst())).toEqual(['f5', 'f4', 'f3']);
    expect(ids(ring.oldestFirst())).toEqual(['f3', 'f4', 'f5']);
  });

  it('never holds more than capacity across many batches (bounded memory)', () => {
    const ring = new FlowRing(100);
    for (let b = 0; b < 50; b++) {
      ring.push(Array.from({ length: 37 }, (_, i) => flowRecord({ id: `b${b}-${i}` })));
      expect(ring.size).toBeLessThanOrEqual(100);
    }
    expect(ring.size).toBe(100);
    expect(ring.newestFirst()[0]?.id).toBe('b49-36');
  });

  it('skips duplicate ids, also within one batch, but accepts an id again once evicted', () => {
    const ring = new FlowRing(2);
    const a = flowRecord({ id: 'a' });
    expect(ring.push([a, a, flowRecord({ id: 'b' })])).toBe(2);
    expect(ring.push([flowRecord({ id: 'b' })])).toBe(0);
    ring.push([flowRecord({ id: 'c' })]); // evicts a
    expect(ring.push([flowRecord({ id: 'a' })])).toBe(1);
    expect(ids(ring.newestFirst())).toEqual(['a', 'c']);
  });

  it('merges an older backfill under live records, ordered by time, without duplicates', () => {
    const ring = new FlowRing(4);
    ring.push([flowRecord({ id: 'live1', timeMs: 100 }), flowRecord({ id: 'live2', timeMs: 101 })]);
    const backfill = [
      flowRecord({ id: 'old1', timeMs: 10 }),
      flowRecord({ id: 'old2', timeMs: 20 }),
      flowRecord({ id: 'old3', timeMs: 30 }),
      flowRecord({ id: 'live1', timeMs: 100 }),
    ];
    expect(ring.merge(backfill)).toBe(3);
    expect(ids(ring.newestFirst())).toEqual(['live2', 'live1', 'old3', 'old2']);
    expect(ring.size).toBe(4);
    expect(ring.seq).toBe(5);
  });

  it('clear() empties the ring and resets the sequence', () => {
    const ring = new FlowRing(2);
    ring.push([flowRecord(), flowRecord()]);
    ring.clear();
    expect(ring.size).toBe(0);
    expect(ring.seq).toBe(0);
    expect(ring.newestFirst()).toEqual([]);
  });

  it('rejects a non-positive capacity', () => {
    expect(() => new FlowRing(0)).toThrow(RangeError);
  });
});

describe('FlowRing.snapshot', () => {
  it('is newest first, carries the sequence, and does not change when the ring does', () => {
    const ring = new FlowRing(3);
    ring.push([flowRecord({ id: 'a' }), flowRecord({ id: 'b' })]);
    const snap = ring.snapshot();
    ring.push([flowRecord({ id: 'c' })]);
    expect(snap.length).toBe(2);
    expect(snap.seq).toBe(2);
    expect([snap.at(0)?.id, snap.at(1)?.id, snap.at(2)]).toEqual(['b', 'a', undefined]);
    expect(Object.keys(snap)).toEqual(['seq']); // records stay out of React's dev prop diffing
  });
});
