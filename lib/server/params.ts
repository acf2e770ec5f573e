/**
 * Query-parameter parsing for the API routes, and the error type routes turn into JSON responses.
 * Every message names the parameter and the token at fault, so a 400 is actionable on its own.
 */
import type { FlowQuery } from '@/lib/query/flow-query';
import { QueryParseError } from '@/lib/query/flow-query';
import { parseQuery } from '@/lib/query/parse';

/** An error with an HTTP status; `message` is safe to show to the client. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const DEFAULT_JSON_LIMIT = 1000;

export interface FlowsParams {
  query: FlowQuery;
  format: 'json' | 'jsonpb';
  /** Maximum flows returned. */
  limit: number;
}

export interface StreamParams {
  query: FlowQuery;
  /**
   * From `Last-Event-ID` (or `?lastEventId=`): the id of the last `flows` event the client got,
   * `<epoch>-<seq>`. The hub resumes after `seq` if `epoch` is its own (same server process).
   */
  resume: { epoch: string; seq: number } | null;
}

const FLOWS_PARAMS = new Set(['q', 'limit', 'format']);
const STREAM_PARAMS = new Set(['q', 'lastEventId']);

/**
 * Parses `GET /api/v1/flows` parameters. `maxLimit` is the raw tier capacity; the jsonpb default is
 * everything the raw tier holds (it is an export), the JSON default is 1000.
 */
export function parseFlowsParams(url: URL, maxLimit: number): FlowsParams {
  checkKnown(url, FLOWS_PARAMS);
  const query = parseQ(url);
  const formatRaw = single(url, 'format') ?? 'json';
  if (formatRaw !== 'json' && formatRaw !== 'jsonpb') {
    throw new HttpError(
      400,
      `format: invalid value ${JSON.stringify(formatRaw)} (expected json or jsonpb)`,
    );
  }
  const limitRaw = single(url, 'limit');
  let limit = formatRaw === 'jsonpb' ? maxLimit : Math.min(DEFAULT_JSON_LIMIT, maxLimit);
  if (limitRaw !== undefined) {
    if (!/^\d+$/.test(limitRaw) || Number(limitRaw) < 1 || Number(limitRaw) > maxLimit) {
      throw new HttpError(
        400,
        `limit: invalid value ${JSON.stringify(limitRaw)} (expected a whole number from 1 to ${maxLimit})`,
      );
    }
    limit = Number(limitRaw);
  }
  return { query, format: formatRaw, limit };
}

/** Parses `GET /api/v1/flows/stream` parameters and the `Last-Event-ID` header. */
export function parseStreamParams(url: URL, headers: Headers): StreamParams {
  checkKnown(url, STREAM_PARAMS);
  const query = parseQ(url);
  const raw = headers.get('last-event-id') ?? single(url, 'lastEventId');
  let resume: StreamParams['resume'] = null;
  if (raw !== undefined && raw !== null && raw !== '') {
    const m = /^([a-z0-9]{1,16})-(\d{1,15})$/.exec(raw);
    if (!m) {
      throw new HttpError(
        400,
        `Last-Event-ID: invalid value ${JSON.stringify(raw)} (expected an event id sent by this server)`,
      );
    }
    resume = { epoch: m[1]!, seq: Number(m[2]) };
  }
  return { query, resume };
}

function parseQ(url: URL): FlowQuery {
  const q = single(url, 'q') ?? '';
  try {
    return parseQuery(q);
  } catch (e) {
    if (e instanceof QueryParseError) throw new HttpError(400, `q: ${e.message}`);
    throw e;
  }
}

function single(url: URL, name: string): string | undefined {
  const all = url.searchParams.getAll(name);
  if (all.length > 1) throw new HttpError(400, `${name} given ${all.length} times; give it once`);
  return all[0];
}

function checkKnown(url: URL, known: Set<string>): void {
  for (const name of url.searchParams.keys()) {
    // `_` is the usual cache-buster some HTTP clients append; tolerate it.
    if (!known.has(name) && name !== '_') {
      throw new HttpError(
        400,
        `unknown parameter ${JSON.stringify(name)} (expected ${[...known].join(', ')})`,
      );
    }
  }
}

/** JSON error response for any thrown value: HttpError keeps its status; anything else is a 500. */
export function errorResponse(err: unknown): Response {
  if (err instanceof HttpError)
    return Response.json({ error: err.message }, { status: err.status, headers: NO_STORE });
  const message = err instanceof Error ? err.message : String(err);
  console.error('flowscope: request failed:', err);
  return Response.json({ error: message || 'internal error' }, { status: 500, headers: NO_STORE });
}

export const NO_STORE: Readonly<Record<string, string>> = { 'Cache-Control': 'no-store' };
