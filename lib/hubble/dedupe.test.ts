import { describe, expect, it } from 'vitest';
import { DedupeWindow } from '@/lib/hubble/dedupe';

describe('DedupeWindow', () => {
  it('accepts new ids once and rejects repeats inside the window', () => {
    const d = new DedupeWindow({ maxEntries: 10, horizonMs: 1000 });
    expect(d.add('a', 100)).toBe(true);
    expect(d.add('b', 200)).toBe(true);
    expect(d.add('a', 100)).toBe(false);
    expect(d.add('b', 200)).toBe(false);
    expect(d.size).toBe(2);
  });

  it('forgets ids older than the time horizon relative to the newest flow', () => {
    const d = new DedupeWindow({ maxEntries: 100, horizonMs: 1000 });
    d.add('old', 0);
    d.add('mid', 600);
    d.add('new', 1500); // cutoff 500: 'old' leaves, 'mid' stays
    expect(d.has('old')).toBe(false);
    expect(d.has('mid')).toBe(true);
    expect(d.size).toBe(2);
    // A repeat of a forgotten id is accepted again: it is outside any resume overlap.
    expect(d.add('old', 0)).toBe(true);
  });

  it('bounds the count and reports overflow', () => {
    const d = new DedupeWindow({ maxEntries: 3, horizonMs: 1e9 });
    for (const id of ['a', 'b', 'c', 'd', 'e']) d.add(id, 1);
    expect(d.size).toBe(3);
    expect(d.overflowed).toBe(2);
    expect(d.has('a')).toBe(false);
    expect(d.has('b')).toBe(false);
    expect(['c', 'd', 'e'].every(id => d.has(id))).toBe(true);
  });

  it('handles a resume overlap: replayed ids dropped, later ones kept, ring wraps', () => {
    const d = new DedupeWindow({ maxEntries: 50, horizonMs: 3000 });
    const delivered: string[] = [];
    const offer = (n: number) => {
      const id = `f${n}`;
      if (d.add(id, n * 100)) delivered.push(id);
    };
    for (let n = 0; n < 100; n++) offer(n); // first stream, 0..9.9 s
    for (let n = 80; n < 130; n++) offer(n); // resumed from 8 s: 80..99 repeat
    expect(delivered).toEqual(Array.from({ length: 130 }, (_, n) => `f${n}`));
    expect(d.size).toBeLessThanOrEqual(50);
    expect(d.overflowed).toBe(0);
  });

  it('stays O(1): 1M adds well under a second and bounded', () => {
    const d = new DedupeWindow({ maxEntries: 1000, horizonMs: 500 });
    const t0 = performance.now();
    for (let i = 0; i < 1_000_000; i++) d.add(`id-${i}`, i * 0.02);
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(d.size).toBeLessThanOrEqual(1000);
  });

  it('clear forgets everything', () => {
    const d = new DedupeWindow();
    d.add('x', 1);
    d.clear();
    expect(d.has('x')).toBe(false);
    expect(d.add('x', 1)).toBe(true);
  });
});
