import { describe, expect, it } from 'vitest';
import { keyColor, OTHER_KEY, stackRows } from './chart-data';

describe('stackRows', () => {
  it('keeps the largest keys and sums the rest into "other" per bucket', () => {
    const keys = Array.from({ length: 10 }, (_, i) => `K${i}`);
    const byKey = Object.fromEntries(keys.map((k, i) => [k, i + 1]));
    const { rows, keys: stacked } = stackRows(
      {
        bucketMs: 5000,
        keys,
        points: [
          { t: 1, total: 55, byKey },
          { t: 2, total: 0, byKey: {} },
        ],
      },
      8,
    );
    expect(stacked).toEqual([...keys.slice(0, 8), OTHER_KEY]);
    expect(rows[0]).toMatchObject({ t: 1, K0: 1, K7: 8, [OTHER_KEY]: 9 + 10 });
    expect(rows[1]).toMatchObject({ t: 2, K0: 0, [OTHER_KEY]: 0 });
  });

  it('uses fixed tones first, then palette slots', () => {
    expect(keyColor('5xx', 0, { '5xx': 'var(--bad)' })).toBe('var(--bad)');
    expect(keyColor('X', 9)).toBe('var(--chart-2)');
    expect(keyColor(OTHER_KEY, 0)).toBe('var(--fg-faint)');
  });
});
