/**
 * Live drop / DNS / HTTP metrics for the metrics pages: polled every 3 s; the previous answer stays
 * on screen while the next one loads (no flicker when the window or filter changes).
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { TimeWindow } from '@/lib/model/time-window';
import { fetchMetrics, type MetricsKind } from './metrics-client';
import { queryKeys } from './query-keys';

export const METRICS_REFETCH_MS = 3_000;

/** Metrics of one kind over `window`, filtered by `q` (flag syntax, '' = everything). */
export function useMetrics<K extends MetricsKind>(kind: K, window: TimeWindow, q = '') {
  return useQuery({
    queryKey: queryKeys.metrics(kind, window, q.trim()),
    queryFn: ({ signal }) => fetchMetrics(kind, window, q, signal),
    refetchInterval: METRICS_REFETCH_MS,
    placeholderData: keepPreviousData,
    retry: false,
  });
}
