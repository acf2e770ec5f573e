import { describe, expect, it } from 'vitest';
import { RateMeter } from './rate-meter';

describe('RateMeter', () => {
  it('reports arrivals per second over the sliding window', () => {
    const m = new RateMeter(5_000);
    for (let t = 0; t <= 10_000; t += 250) m.add(10, t); // 40/s
    expect(m.rate(10_000)).toBeCloseTo(40, 0);
  });

  it('falls to zero when nothing arrives for a whole window', () => {
    const m = new RateMeter(5_000);
    m.add(100, 0);
    expect(m.rate(500)).toBeGreaterThan(0);
    expect(m.rate(5_001)).toBe(0);
  });

  it('does not overstate the rate while the window is still filling', () => {
    const m = new RateMeter(5_000);
    m.add(40, 0);
    // One second elapsed at most: 40 flows over at least 1 s, not 40 flows over 1 ms.
    expect(m.rate(10)).toBe(40);
  });

  it('reset() forgets history', () => {
    const m = new RateMeter();
    m.add(5, 0);
    m.reset();
    expect(m.rate(100)).toBe(0);
  });
});
