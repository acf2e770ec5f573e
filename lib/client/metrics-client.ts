/**
 * Browser-side calls for the metrics pages and the triage home (GET /api/v1/metrics/*, /triage).
 * Errors are `ApiError`s carrying the server's message.
 */
import type { DnsMetrics, DropMetrics, HttpMetrics } from '@/lib/model/flow-metrics';
import type { TimeWindow } from '@/lib/model/time-window';
import type { TriageResponse } from '@/lib/model/triage';
import { getJson } from './api-client';

export type MetricsKind = 'drops' | 'dns' | 'http';

/** Which flows an answer covers (mirrors lib/server/analytics.ts `Coverage`). */
export interface Coverage {
  basis: 'live' | 'store';
  flows: number;
  oldestMs: number | null;
  newestMs: number | null;
}

interface Extra {
  q: string;
  coverage: Coverage;
}
export type MetricsBody<K extends MetricsKind> = (K extends 'drops'
  ? DropMetrics
  : K extends 'dns'
    ? DnsMetrics
    : HttpMetrics) &
  Extra;

/** GET /api/v1/metrics/{kind}. */
export async function fetchMetrics<K extends MetricsKind>(
  kind: K,
  window: TimeWindow,
  q: string,
  signal?: AbortSignal,
): Promise<MetricsBody<K>> {
  const params = new URLSearchParams({ window });
  if (q.trim()) params.set('q', q.trim());
  return (await getJson(`/api/v1/metrics/${kind}?${params}`, signal)) as MetricsBody<K>;
}

/** GET /api/v1/triage. */
export async function fetchTriage(
  window: TimeWindow,
  signal?: AbortSignal,
): Promise<TriageResponse> {
  return (await getJson(`/api/v1/triage?window=${window}`, signal)) as TriageResponse;
}
