/**
 * Response builders for the API routes, so each route.ts stays a few lines (house style §4). The
 * response shapes are documented in docs/api.md; keep the two in step.
 */
import type { FlowRecord } from '@/lib/model/flow-record';
import type { StoreStats } from '@/lib/model/hubble-health';
import type { FlowHub } from './flow-hub';
import { NO_STORE, type FlowsParams } from './params';

/** GET /api/v1/flows JSON body. */
export interface FlowsResponseBody {
  /** Matching flows, newest first (arrival order), at most `limit`. */
  flows: FlowRecord[];
  /** How many retained flows match `q` (the whole compact window, not just the returned ones). */
  matched: number;
  /** True when `matched` > `flows.length` (more matches than `limit`). */
  truncated: boolean;
  limit: number;
  /** The normalised filter that was applied ('' = everything). */
  q: string;
  store: StoreStats;
}

/** Lines converted per pull of the jsonpb body, so a 20k-line export is never one big string. */
const JSONPB_CHUNK = 256;

/** JSON or jsonpb (NDJSON) response for GET /api/v1/flows. */
export function flowsResponse(hub: FlowHub, p: FlowsParams): Response {
  if (p.format === 'json') {
    const { flows, matched } = hub.queryFlows(p.query, p.limit);
    const body: FlowsResponseBody = {
      flows,
      matched,
      truncated: matched > flows.length,
      limit: p.limit,
      q: p.query.text,
      store: hub.store.stats(),
    };
    return Response.json(body, { headers: NO_STORE });
  }
  const { raws, matched, notInRaw } = hub.queryRaw(p.query, p.limit);
  const reasons: string[] = [];
  if (matched - notInRaw > raws.length) reasons.push('limit');
  if (notInRaw > 0) reasons.push('raw-tier');
  let next = 0;
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const end = Math.min(raws.length, next + JSONPB_CHUNK);
      let text = '';
      for (; next < end; next++) text += hub.jsonpbLine(raws[next]!) + '\n';
      if (text) controller.enqueue(encoder.encode(text));
      if (next >= raws.length) controller.close();
    },
  });
  return new Response(body, {
    status: 200,
    headers: {
      ...NO_STORE,
      'Content-Type': 'application/x-ndjson; charset=utf-8',
      'X-Flowscope-Matched': String(matched),
      'X-Flowscope-Returned': String(raws.length),
      'X-Flowscope-Not-In-Raw': String(notInRaw),
      'X-Flowscope-Truncated': reasons.length ? reasons.join(',') : 'false',
    },
  });
}

/** GET /healthz: the process is alive and serving. Touches nothing else. */
export function healthzResponse(): Response {
  return new Response('ok\n', {
    status: 200,
    headers: { ...NO_STORE, 'Content-Type': 'text/plain; charset=utf-8' },
  });
}

/** GET /readyz: 200 once connected to Relay (and still connected), else 503 with the reason. */
export function readyzResponse(hub: () => FlowHub): Response {
  let reason: string | null;
  try {
    reason = hub().notReadyReason();
  } catch (err) {
    reason = err instanceof Error ? err.message : String(err);
  }
  if (reason === null) return Response.json({ ready: true }, { status: 200, headers: NO_STORE });
  return Response.json({ ready: false, reason }, { status: 503, headers: NO_STORE });
}
