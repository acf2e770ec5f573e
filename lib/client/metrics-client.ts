/**
 * Browser-side calls for the metrics pages and the triage home (GET /api/v1/metrics/*, /triage).
 * Errors are `ApiError`s carrying the server's message.
 */
import type { DnsMetrics, DropMetrics, HttpMetrics } from '@/lib/model/flow-metrics';
import type { TimeWindow } from '@/lib/model/time-window';
import type { TriageResponse } from '@/lib/model/triage';
import { ApiError } from './api-client';

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

async function getJson(url: string, signal?: AbortSignal): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, { signal, headers: { accept: 'application/json' }, cache: 'no-store' });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError(`Flowscope server unreachable (${String(err)})`, 0);
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const msg =
      body !== null && typeof body === 'object' && 'error' in body && typeof body.error === 'string'
        ? body.error
        : `HTTP ${res.status} ${res.statusText}`;
    throw new ApiError(msg, res.status);
  }
  return body;
}

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
