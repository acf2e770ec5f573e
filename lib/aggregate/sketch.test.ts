import { describe, expect, it } from 'vitest';
import { QuantileSketch, TopK } from './sketch';

// Deterministic PRNG (mulberry32) so failures reproduce.
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function logNormal(rand: () => number, mu: number, sigma: number): number {
  const u = rand() || 1e-12;
  const v = rand();
  return Math.exp(mu + sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
}

// Same rank definition as the sketch: element floor(q × (n − 1)) of the sorted values.
function exactQuantile(sorted: number[], q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))]!;
}

describe('QuantileSketch', () => {
  it('returns every quantile within the relative accuracy of the exact value', () => {
    const rand = prng(42);
    const values = Array.from({ length: 20_000 }, () => logNormal(rand, 2, 1.5));
    const s = new QuantileSketch({ alpha: 0.01 });
    for (const v of values) s.add(v);
    const sorted = [...values].sort((a, b) => a - b);
    for (const q of [0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1]) {
      const exact = exactQuantile(sorted, q);
      const got = s.quantile(q)!;
      expect(Math.abs(got - exact) / exact, `q=${q}`).toBeLessThanOrEqual(0.0101);
    }
    expect(s.count).toBe(20_000);
  });

  it('merges exactly: two halves give the same answers as one sketch of everything', () => {
    const rand = prng(7);
    const all = new QuantileSketch();
    const a = new QuantileSketch();
    const b = new QuantileSketch();
    for (let i = 0; i < 5_000; i++) {
      const v = logNormal(rand, 0, 2);
      all.add(v);
      (i % 3 === 0 ? a : b).add(v);
    }
    a.merge(b);
    expect(a.count).toBe(all.count);
    for (const q of [0.1, 0.5, 0.95, 0.99]) expect(a.quantile(q)).toBe(all.quantile(q));
    expect(() => a.merge(new QuantileSketch({ alpha: 0.02 }))).toThrow(RangeError);
  });

  it('ignores absent latencies and stays bounded over any value range', () => {
    const s = new QuantileSketch();
    expect(s.quantile(0.5)).toBeNull();
    for (const v of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) s.add(v);
    expect(s.count).toBe(0);
    for (let e = -12; e <= 12; e += 0.001) s.add(10 ** e);
    // Clamped to [1e-3, 1e7]: log(1e10) / log(γ) ≈ 1,151 buckets at α = 1 %.
    expect(s.bucketCount).toBeLessThanOrEqual(1_152);
    s.clear();
    expect(s.count).toBe(0);
    expect(s.quantile(0.5)).toBeNull();
  });
});

describe('TopK (Space-Saving)', () => {
  it('is exact while the distinct keys fit', () => {
    const t = new TopK(4);
    for (const [k, n] of [
      ['a', 5],
      ['b', 3],
      ['c', 9],
      ['d', 1],
    ] as const) {
      for (let i = 0; i < n; i++) t.add(k);
    }
    t.add('b', 4);
    expect(t.top()).toEqual([
      { key: 'c', count: 9, error: 0 },
      { key: 'b', count: 7, error: 0 },
      { key: 'a', count: 5, error: 0 },
      { key: 'd', count: 1, error: 0 },
    ]);
    expect(t.overflowed).toBe(false);
    expect(t.get('zzz')).toBe(0);
  });

  it('finds the heavy hitters of a skewed stream with bounded error', () => {
    const rand = prng(99);
    const t = new TopK(32);
    const truth = new Map<string, number>();
    for (let i = 0; i < 50_000; i++) {
      // Zipf-like: key k with probability ∝ 1 / (k + 1).
      const k = Math.floor(Math.exp(rand() * Math.log(2_000))) - 1;
      const key = `k${k}`;
      truth.set(key, (truth.get(key) ?? 0) + 1);
      t.add(key);
    }
    expect(t.overflowed).toBe(true);
    expect(t.size).toBe(32);
    const trueTop = [...truth].sort((a, b) => b[1] - a[1]).slice(0, 5);
    const got = new Map(t.top().map(e => [e.key, e]));
    for (const [key, n] of trueTop) {
      const e = got.get(key)!;
      expect(e, key).toBeDefined();
      expect(e.count).toBeGreaterThanOrEqual(n);
      expect(e.count - e.error).toBeLessThanOrEqual(n);
    }
    t.clear();
    expect(t.size).toBe(0);
    expect(t.overflowed).toBe(false);
  });
});
