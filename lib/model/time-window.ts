/**
 * The time windows the graph and metrics APIs accept (`?window=`). Sliding windows end at "now" (the
 * newest flow time for imported files, the wall clock for live data); `all` covers everything the
 * aggregator holds, which for an imported jsonpb file is the whole file.
 */

export type TimeWindow = '1m' | '5m' | '15m' | '1h' | 'all';

/** Sliding window lengths in milliseconds (`all` has none). */
export const WINDOW_MS: Readonly<Record<Exclude<TimeWindow, 'all'>, number>> = {
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '1h': 3_600_000,
};

export const TIME_WINDOWS: readonly TimeWindow[] = ['1m', '5m', '15m', '1h', 'all'];

/** Type guard for a `?window=` value. */
export function isTimeWindow(value: unknown): value is TimeWindow {
  return typeof value === 'string' && (TIME_WINDOWS as readonly string[]).includes(value);
}
