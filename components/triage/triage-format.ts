/** Text for the triage home's facts: impact with units, time with zone, change vs previous. */
import type { TriageProblem } from '@/lib/model/triage';

const WINDOW_TEXT: Record<string, string> = {
  '1m': '1 min',
  '5m': '5 min',
  '15m': '15 min',
  '1h': 'hour',
  all: 'data',
};

/** "5 min", "hour", ... for sentences about the window. */
export function windowText(w: string): string {
  return WINDOW_TEXT[w] ?? w;
}

/** Rate with units, share of the relevant traffic, and the count. */
export function impactText(p: TriageProblem): string {
  const rate = p.impact.flowsPerSec;
  const unit = p.kind === 'lost-events' ? 'events/s' : p.kind === 'hubble-node' ? '' : 'flows/s';
  const parts: string[] = [];
  const r =
    rate < 10 ? rate.toFixed(2) : rate < 100 ? rate.toFixed(1) : Math.round(rate).toLocaleString();
  if (unit) parts.push(`${r} ${unit}`);
  const share = p.impact.pctOfTraffic;
  parts.push(`${share >= 100 ? '100' : share.toFixed(1)} % ${p.impact.pctOf}`);
  if (p.impact.count > 0) parts.push(`${p.impact.count.toLocaleString()} in window`);
  return parts.join(' · ');
}

/** Local time with the zone name; the date too when it is not today. */
export function sinceText(ms: number | null, nowMs: number): string {
  if (ms === null) return '—';
  const d = new Date(ms);
  const sameDay = new Date(nowMs).toDateString() === d.toDateString();
  return d.toLocaleString([], {
    ...(sameDay ? {} : { year: 'numeric', month: 'short', day: 'numeric' }),
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
    timeZoneName: 'short',
  });
}

/** Trend versus the previous window of equal length. */
export function changeText(p: TriageProblem, window: string): string {
  if (p.newInWindow) return `new: none in the previous ${windowText(window)}`;
  if (p.changeVsPrevious === null) return window === 'all' ? 'no previous window' : '—';
  const r = p.changeVsPrevious;
  const dir = r > 1.05 ? 'up' : r < 0.95 ? 'down' : 'steady';
  return `${dir} ×${r.toFixed(r < 10 ? 1 : 0)} vs previous ${windowText(window)}`;
}
