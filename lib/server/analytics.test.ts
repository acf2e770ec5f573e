import { describe, expect, it } from 'vitest';
import { flowBetween, pod } from '@/lib/query/testing/flow-builder';
import { Analytics, defaultWindow } from './analytics';
import { FlowStore } from './flow-store';

const store = () => new FlowStore({ rawCapacity: 10, compactCapacity: 100 });
const a = pod('shop', 'frontend-7d9f8c6b5d-6h5zk');
const b = pod('shop', 'cart-api-5f7d8c9b4-x2x9p');

describe('Analytics time base', () => {
  it('treats flows arriving with their own recent timestamps as live: windows end at the wall clock', () => {
    const an = new Analytics(store(), false);
    an.add([flowBetween(a, b, { timeMs: Date.now() - 1500 })]);
    expect(an.historical()).toBe(false);
    expect(an.nowMs()).toBeGreaterThan(Date.now() - 1000);
    expect(defaultWindow(an.historical())).toBe('5m');
  });

  it('treats a recording served as a live Relay as history: windows end at its newest flow', () => {
    const an = new Analytics(store(), false);
    an.add([flowBetween(a, b, { timeMs: Date.UTC(2021, 10, 10, 10, 40, 56) })]);
    expect(an.historical()).toBe(true);
    expect(an.nowMs()).toBeUndefined();
    expect(defaultWindow(an.historical())).toBe('all');
  });

  it('always treats an imported file as history', () => {
    const an = new Analytics(store(), true);
    an.add([flowBetween(a, b, { timeMs: Date.now() })]);
    expect(an.historical()).toBe(true);
  });
});
