/** Number formatting with units for the graph labels and the details panel. */

/** Events per second: `0/s`, `0.42/s`, `12.3/s`, `1,204/s`. */
export function formatRate(perSecond: number): string {
  if (perSecond === 0) return '0/s';
  if (perSecond < 1) return `${perSecond.toFixed(2)}/s`;
  if (perSecond < 100) return `${perSecond.toFixed(1)}/s`;
  return `${Math.round(perSecond).toLocaleString('en-US')}/s`;
}

/** Percentage with one decimal below 10 %: `0 %`, `2.5 %`, `37 %`. */
export function formatPct(pct: number): string {
  if (pct === 0) return '0 %';
  return pct < 10 ? `${pct.toFixed(1)} %` : `${Math.round(pct)} %`;
}

/** Milliseconds: `0.8 ms`, `120 ms`, `1.4 s`; `–` when unknown. */
export function formatMs(ms: number | null): string {
  if (ms === null) return '–';
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Counts with thousands separators. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** `14:03:07 UTC` from epoch milliseconds (UTC, as on the flows page); `–` when never. */
export function formatSeen(ms: number): string {
  if (!(ms > 0)) return '–';
  return `${new Date(ms).toISOString().slice(11, 19)} UTC`;
}
