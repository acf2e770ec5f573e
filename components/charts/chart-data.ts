/**
 * Turns a plain stacked series into recharts rows: the largest `maxKeys` keys kept, the rest summed
 * into "other", so a chart stays readable when there are dozens of drop reasons.
 */
export interface PlainSeries {
  bucketMs: number;
  keys: string[];
  points: { t: number; total: number; byKey: Record<string, number> }[];
}

export const OTHER_KEY = 'other';

/** Rows `{ t, [key]: n }` and the keys to stack, largest first ("other" last when present). */
export function stackRows(series: PlainSeries, maxKeys = 8) {
  const keys = series.keys.slice(0, maxKeys);
  const hasOther = series.keys.length > maxKeys;
  const rows = series.points.map(p => {
    const row: Record<string, number> = { t: p.t };
    let kept = 0;
    for (const k of keys) {
      const n = p.byKey[k] ?? 0;
      row[k] = n;
      kept += n;
    }
    if (hasOther) row[OTHER_KEY] = p.total - kept;
    return row;
  });
  return { rows, keys: hasOther ? [...keys, OTHER_KEY] : keys };
}

/** Colour of a stack key: a fixed tone when `tones` names it, else a palette slot by position. */
export function keyColor(key: string, index: number, tones?: Readonly<Record<string, string>>) {
  if (key === OTHER_KEY) return 'var(--fg-faint)';
  return tones?.[key] ?? `var(--chart-${(index % 8) + 1})`;
}

/** HH:MM:SS (local time) for axis ticks; the zone is shown once in the chart caption. */
export function tickTime(t: number): string {
  return new Date(t).toLocaleTimeString([], {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  });
}
