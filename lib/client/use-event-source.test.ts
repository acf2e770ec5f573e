import { describe, expect, it } from 'vitest';
import { reconnectDelayMs } from './use-event-source';

describe('reconnectDelayMs', () => {
  it('doubles from 1 s and caps at 30 s', () => {
    const mid = () => 0.5; // no jitter
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(a => reconnectDelayMs(a, mid))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000,
    ]);
  });

  it('jitters by at most ±20 %', () => {
    expect(reconnectDelayMs(3, () => 0)).toBe(3_200);
    expect(reconnectDelayMs(3, () => 1)).toBe(4_800);
  });
});
