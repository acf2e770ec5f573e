import { describe, expect, it } from 'vitest';
import { createEventBatcher } from '@/lib/hubble/event-batcher';
import type { UpstreamEvent } from '@/lib/hubble/upstream-events';

const lost = (count: number): UpstreamEvent => ({
  kind: 'lost',
  source: 'HUBBLE_RING_BUFFER',
  count,
  node: 'n',
  cpu: null,
  timeMs: count,
});

describe('createEventBatcher', () => {
  it('coalesces events pushed within the window into one ordered batch', async () => {
    const batches: number[][] = [];
    const b = createEventBatcher({ maxBatch: 512, flushDelayMs: 20, onError: () => {} });
    b.setSink(batch => batches.push(batch.map(e => (e.kind === 'lost' ? e.count : -1))));
    b.push(lost(1));
    await new Promise(r => setImmediate(r));
    b.push(lost(2));
    b.push(lost(3));
    expect(batches).toEqual([]);
    await new Promise(r => setTimeout(r, 60));
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('flushes at maxBatch without waiting', () => {
    const sizes: number[] = [];
    const b = createEventBatcher({ maxBatch: 4, flushDelayMs: 1000, onError: () => {} });
    b.setSink(batch => sizes.push(batch.length));
    for (let i = 0; i < 10; i++) b.push(lost(i));
    expect(sizes).toEqual([4, 4]);
    b.flush();
    expect(sizes).toEqual([4, 4, 2]);
  });

  it('reports a throwing sink and keeps going', () => {
    const errors: unknown[] = [];
    let calls = 0;
    const b = createEventBatcher({ maxBatch: 1, flushDelayMs: 0, onError: e => errors.push(e) });
    b.setSink(() => {
      calls++;
      throw new Error('sink failed');
    });
    b.push(lost(1));
    b.push(lost(2));
    expect(calls).toBe(2);
    expect(errors).toHaveLength(2);
  });
});
