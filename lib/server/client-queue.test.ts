import { describe, expect, it } from 'vitest';
import { ClientQueue } from './client-queue';

describe('ClientQueue', () => {
  it('never holds more than its capacity and counts the rest as missed', () => {
    const q = new ClientQueue(100);
    for (let s = 1; s <= 1_000; s++) q.push(s);
    expect(q.size).toBe(100);
    expect(q.missed).toBe(900);
    const batch = q.drain();
    expect(batch.seqs).toHaveLength(100);
    expect(batch.seqs[99]).toBe(100);
    expect(batch.missed).toBe(900);
  });

  it('resets after a drain, so missed is per batch', () => {
    const q = new ClientQueue(2);
    q.push(1);
    q.push(2);
    q.push(3);
    q.drain();
    expect(q.pending).toBe(false);
    q.push(4);
    expect(q.drain()).toEqual({ seqs: [4], missed: 0 });
    q.addMissed(7);
    expect(q.pending).toBe(true);
    expect(q.drain()).toEqual({ seqs: [], missed: 7 });
  });

  it('rejects a zero capacity', () => {
    expect(() => new ClientQueue(0)).toThrow(RangeError);
  });
});
