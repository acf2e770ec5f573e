import { describe, expect, it } from 'vitest';
import {
  bucketOf,
  CounterRing,
  pickTier,
  TieredBuckets,
  TimeBuckets,
  windowRange,
  type BucketSpec,
} from './time-buckets';

const TIERS: BucketSpec[] = [
  { bucketMs: 10_000, buckets: 30 },
  { bucketMs: 60_000, buckets: 15 },
  { bucketMs: 240_000, buckets: 15 },
];

describe('window arithmetic', () => {
  it('numbers buckets by floor(time / size), also before the epoch', () => {
    expect(bucketOf(0, 1000)).toBe(0);
    expect(bucketOf(999, 1000)).toBe(0);
    expect(bucketOf(1000, 1000)).toBe(1);
    expect(bucketOf(-1, 1000)).toBe(-1);
  });

  it('picks the finest tier that spans the window', () => {
    expect(pickTier(TIERS, 60_000)).toBe(0);
    expect(pickTier(TIERS, 300_000)).toBe(0);
    expect(pickTier(TIERS, 900_000)).toBe(1);
    expect(pickTier(TIERS, 3_600_000)).toBe(2);
    expect(pickTier(TIERS, 10 * 3_600_000)).toBe(2);
  });

  it('covers the bucket holding now and the ones before it', () => {
    const now = 1_000_000 + 4_000; // 4 s into bucket 100
    const r = windowRange(TIERS, 0, now, 60_000);
    expect(r).toEqual({
      tier: 0,
      bucketMs: 10_000,
      fromBucket: 95,
      toBucket: 100,
      startMs: 950_000,
      endMs: now,
    });
    // Never more buckets than the ring holds.
    const wide = windowRange(TIERS, 0, now, 10 * 3_600_000);
    expect(wide.toBucket - wide.fromBucket + 1).toBe(30);
  });
});

describe('TimeBuckets', () => {
  function counterRing(size = 4) {
    let created = 0;
    const ring = new TimeBuckets<{ n: number }>(
      { bucketMs: 1000, buckets: size },
      () => {
        created++;
        return { n: 0 };
      },
      b => (b.n = 0),
    );
    return { ring, created: () => created };
  }

  it('returns the same bucket within its time span and a fresh one after it', () => {
    const { ring } = counterRing();
    ring.at(10_100)!.n++;
    ring.at(10_900)!.n++;
    ring.at(11_000)!.n++;
    const seen: [number, number][] = [];
    ring.forEach(0, 100, (b, num) => seen.push([num, b.n]));
    expect(seen).toEqual([
      [10, 2],
      [11, 1],
    ]);
  });

  it('recycles slots when the ring wraps and refuses times older than its horizon', () => {
    const { ring, created } = counterRing(4);
    for (let s = 0; s < 100; s++) ring.at(s * 1000)!.n += s;
    expect(created()).toBe(4); // memory bounded by the ring size, not by the number of adds
    expect(ring.at(95_000)).toBeNull(); // 5 buckets behind the newest (99)
    expect(ring.at(96_000)!.n).toBe(96);
    const seen: number[] = [];
    ring.forEach(0, 99, (_b, num) => seen.push(num));
    expect(seen).toEqual([96, 97, 98, 99]);
  });

  it('skips stale slots after a jump forward', () => {
    const { ring } = counterRing(4);
    ring.at(1000)!.n = 1;
    ring.at(2000)!.n = 2;
    ring.at(7000)!.n = 7; // buckets 1 and 2 are now behind the horizon (newest 7, 4 slots)
    const seen: number[] = [];
    ring.forEach(0, 7, (b, num) => seen.push(num * 100 + b.n));
    expect(seen).toEqual([707]);
  });
});

describe('TieredBuckets', () => {
  it('adds to the total and every tier, and untimed records to the total only', () => {
    const t = new TieredBuckets<{ n: number }>(
      TIERS,
      () => ({ n: 0 }),
      b => (b.n = 0),
    );
    t.add(1_000_000, b => b.n++);
    t.add(1_005_000, b => b.n++);
    t.add(0, b => b.n++);
    expect(t.total.n).toBe(3);
    const fine: number[] = [];
    t.visit(windowRange(TIERS, 0, 1_005_000, 60_000), b => fine.push(b.n));
    expect(fine).toEqual([2]);
    const out: { n: number }[] = [];
    expect(t.bucketsAt(1_005_000, out)).toBe(4);
    expect(out[0]).toBe(t.total);
    expect(t.bucketsAt(0, out)).toBe(1);
    const all: number[] = [];
    t.visit({ ...windowRange(TIERS, 0, 0, 1), tier: -1 }, b => all.push(b.n));
    expect(all).toEqual([3]);
  });
});

describe('CounterRing', () => {
  it('sums a row over the buckets of a window, per counter', () => {
    const ring = new CounterRing({ bucketMs: 1000, buckets: 10 }, 3, 100, 2);
    const add = (row: number, t: number, c: number, n: number) => {
      const base = ring.cell(row, t);
      ring.values[base + c]! += n;
    };
    add(0, 5_000, 0, 1);
    add(0, 5_500, 0, 2);
    add(0, 7_000, 1, 5);
    add(5, 7_000, 2, 9); // row 5 forces growth past the initial 2 rows
    const out = new Float64Array(3);
    ring.sum(0, windowRange([{ bucketMs: 1000, buckets: 10 }], 0, 7_999, 3_000), out);
    expect([...out]).toEqual([3, 5, 0]);
    out.fill(0);
    ring.sum(0, windowRange([{ bucketMs: 1000, buckets: 10 }], 0, 7_999, 1_000), out);
    expect([...out]).toEqual([0, 5, 0]);
    out.fill(0);
    ring.sum(5, windowRange([{ bucketMs: 1000, buckets: 10 }], 0, 7_999, 10_000), out);
    expect([...out]).toEqual([0, 0, 9]);
  });

  it('zeroes a recycled cell, refuses too-old times and forgets cleared rows', () => {
    const spec = { bucketMs: 1000, buckets: 4 };
    const ring = new CounterRing(spec, 1, 10);
    ring.values[ring.cell(0, 1_000)]! += 7;
    ring.values[ring.cell(0, 5_000)]! += 1; // same slot as bucket 1
    const out = new Float64Array(1);
    ring.sum(0, windowRange([spec], 0, 5_000, 4_000), out);
    expect(out[0]).toBe(1);
    expect(ring.cell(0, 1_000)).toBe(-1);
    ring.clearRow(0);
    out.fill(0);
    ring.sum(0, windowRange([spec], 0, 5_000, 4_000), out);
    expect(out[0]).toBe(0);
    expect(() => ring.cell(10, 5_000)).toThrow(RangeError);
  });
});
