/** Scoring and link helpers shared by the triage rankers (triage.ts, triage-hubble.ts). */
import type { MetricSeries } from '@/lib/model/flow-metrics';
import type { TimeWindow } from '@/lib/model/time-window';
import type { ProblemSeverity } from '@/lib/model/triage';

export const SEVERITY_BASE: Record<ProblemSeverity, number> = {
  critical: 3000,
  warning: 2000,
  info: 1000,
};

/** `ns/name` for display; bare name when there is no namespace. */
export function workloadLabel(w: { label: string; namespace: string }): string {
  return w.namespace ? `${w.namespace}/${w.label}` : w.label;
}

const enc = encodeURIComponent;

/** Flows / graph / metrics links for a problem. */
export function links(q: string, window: TimeWindow, tab: string) {
  const flows = q ? `/flows?q=${enc(q)}` : '/flows';
  const graph = `/graph?window=${window}${q ? `&q=${enc(q)}` : ''}`;
  return { flows, graph, metrics: `/metrics?tab=${tab}&window=${window}` };
}

/** First bucket start in the series where `key` (or the total, when key is null) was non-zero. */
export function firstSeen(series: MetricSeries, key: string | null): number | null {
  for (const p of series.points) {
    if ((key === null ? p.total : (p.byKey[key] ?? 0)) > 0) return p.t;
  }
  return null;
}

/** Ratio versus the previous window; `isNew` when the previous window had none. */
export function change(
  cur: number,
  prev: number | undefined,
): { ratio: number | null; isNew: boolean } {
  if (prev === undefined) return { ratio: null, isNew: false };
  if (prev === 0) return { ratio: null, isNew: cur > 0 };
  return { ratio: cur / prev, isNew: false };
}

/** Rank score: severity band plus impact; benign noise stays below every non-benign problem. */
export function score(
  sev: ProblemSeverity,
  pct: number,
  rate: number,
  rising: boolean,
  benign: boolean,
) {
  const impact = Math.min(999, pct * 5 + Math.log10(1 + rate) * 50 + (rising ? 50 : 0));
  return benign ? Math.min(499, impact / 2) : SEVERITY_BASE[sev] + impact;
}

/** Percentage with two decimals (0 when there is no denominator). */
export function pct(n: number, of: number): number {
  return of > 0 ? Math.round((n / of) * 10_000) / 100 : 0;
}

/** Rate per second over a window duration. */
export function perSec(n: number, durationMs: number): number {
  return Math.round((n / Math.max(1, durationMs / 1000)) * 1000) / 1000;
}
