/**
 * Browser-side calls to the Flowscope HTTP API v1 (docs/api.md). Components never fetch; hooks in
 * lib/client call these. Errors are `ApiError`s carrying the server's own message, so a bad filter
 * shows exactly the token the server rejected.
 */
import type { FlowRecord } from '@/lib/model/flow-record';
import type { HubbleInfo } from '@/lib/model/hubble-health';

/** An HTTP API call that failed; `status` is 0 when the server could not be reached at all. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** Builds `/api/v1/flows` or `/api/v1/flows/stream` URLs; an empty filter is left out entirely. */
export function flowsUrl(
  path: '/api/v1/flows' | '/api/v1/flows/stream',
  q: string,
  limit?: number,
) {
  const params = new URLSearchParams();
  if (q.trim() !== '') params.set('q', q.trim());
  if (limit !== undefined) params.set('limit', String(limit));
  const search = params.toString();
  return search === '' ? path : `${path}?${search}`;
}

/**
 * GET a JSON body from the Flowscope API. Non-2xx answers become an ApiError carrying the server's
 * own `error` text (a bad filter names its token); an unreachable server is status 0.
 */
export async function getJson<T = unknown>(url: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { signal, headers: { accept: 'application/json' }, cache: 'no-store' });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError(`Flowscope server unreachable (${String(err)})`, 0);
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const message =
      body !== null && typeof body === 'object' && 'error' in body && typeof body.error === 'string'
        ? body.error
        : `HTTP ${res.status} ${res.statusText}`;
    throw new ApiError(message, res.status);
  }
  return body as T;
}

/** GET /api/v1/flows: retained flows matching `q`, newest first. Throws ApiError (400 = bad filter). */
export async function fetchFlows(
  q: string,
  limit: number,
  signal?: AbortSignal,
): Promise<FlowRecord[]> {
  const body = (await getJson(flowsUrl('/api/v1/flows', q, limit), signal)) as {
    flows?: FlowRecord[];
  } | null;
  return Array.isArray(body?.flows) ? body.flows : [];
}

/** GET /api/v1/hubble: Relay connection state, ServerStatus, nodes, namespaces and lost events. */
export async function fetchHubbleInfo(signal?: AbortSignal): Promise<HubbleInfo> {
  return (await getJson('/api/v1/hubble', signal)) as HubbleInfo;
}
