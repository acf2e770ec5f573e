import { describe, expect, it } from 'vitest';
import { createBackoff } from '@/lib/hubble/backoff';

describe('createBackoff', () => {
  it('doubles from 0.5 s up to the 30 s cap without jitter at the midpoint', () => {
    const b = createBackoff({ random: () => 0.5 });
    const seq = Array.from({ length: 10 }, () => b.next());
    expect(seq).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000]);
    expect(b.attempts).toBe(10);
  });

  it('applies ±20 % jitter at the extremes of the random source', () => {
    expect(createBackoff({ random: () => 0 }).next()).toBe(400);
    // random() < 1, so the top is approached but never reached.
    expect(createBackoff({ random: () => 0.999999 }).next()).toBe(600);
    const capped = createBackoff({ random: () => 0 });
    for (let i = 0; i < 20; i++) capped.next();
    expect(capped.next()).toBe(24000);
  });

  it('stays within bounds for random jitter', () => {
    const b = createBackoff();
    for (let i = 0; i < 200; i++) {
      const base = Math.min(30_000, 500 * 2 ** i);
      const d = b.next();
      expect(d).toBeGreaterThanOrEqual(Math.floor(base * 0.8));
      expect(d).toBeLessThanOrEqual(Math.ceil(base * 1.2));
    }
  });

  it('reset starts over', () => {
    const b = createBackoff({ random: () => 0.5 });
    b.next();
    b.next();
    b.next();
    b.reset();
    expect(b.attempts).toBe(0);
    expect(b.next()).toBe(500);
  });

  it('rejects nonsensical options', () => {
    expect(() => createBackoff({ initialMs: 0 })).toThrow(RangeError);
    expect(() => createBackoff({ initialMs: 1000, maxMs: 10 })).toThrow(RangeError);
    expect(() => createBackoff({ jitter: 1 })).toThrow(RangeError);
  });
});
