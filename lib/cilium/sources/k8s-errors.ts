/**
 * Turns a failed Kubernetes call into a ClusterProblem that says what to do about it: which RBAC
 * rule is missing on a 403, which server could not be reached, which call timed out. Pure (no client
 * types): errors are inspected structurally so it works for client-node's ApiException, node-fetch's
 * FetchError and ws handshake errors alike.
 */
import type { ClusterProblem, PermissionHint } from '@/lib/model/cluster';

/** What a call needed, for the forbidden message. `scope` distinguishes the two null namespaces. */
export interface CallSpec {
  /** Problem source, e.g. `kubernetes:ciliumnodes`. */
  source: string;
  verb: string;
  resource: string;
  apiGroup: string;
  namespace: string | null;
  scope: 'namespaced' | 'cluster' | 'all-namespaces';
  /** Object name for get calls (`cilium-config`). */
  name?: string;
}

/** Thrown by withTimeout: the call did not answer in time. */
export class CallTimeoutError extends Error {
  override name = 'CallTimeoutError';
}

/** The missing-permission sentence, e.g. "needs `list` on `ciliumnodes.cilium.io` (cluster-scoped)". */
export function describePermission(c: CallSpec): string {
  const res = c.apiGroup ? `${c.resource}.${c.apiGroup}` : c.resource;
  const where =
    c.scope === 'cluster'
      ? '(cluster-scoped)'
      : c.scope === 'all-namespaces'
        ? '(all namespaces)'
        : `in namespace \`${c.namespace ?? ''}\``;
  return `needs \`${c.verb}\` on \`${res}\` ${where}`;
}

function permissionOf(c: CallSpec): PermissionHint {
  return { verb: c.verb, resource: c.resource, apiGroup: c.apiGroup, namespace: c.namespace };
}

/** HTTP status of an error, if it carries one (ApiException.code, ws "Unexpected server response"). */
export function httpStatusOf(err: unknown): number | null {
  const e = err as { code?: unknown; message?: unknown };
  if (typeof e?.code === 'number' && e.code >= 100 && e.code < 600) return e.code;
  const m = /Unexpected server response: (\d{3})/.exec(String(e?.message ?? ''));
  return m ? Number(m[1]) : null;
}

/** The API server's own explanation from a Status body, if any. */
function serverMessage(err: unknown): string | null {
  const raw = (err as { body?: unknown })?.body;
  let body: unknown = raw;
  if (typeof raw === 'string') {
    try {
      body = JSON.parse(raw);
    } catch {
      return raw.trim() || null;
    }
  }
  const msg = (body as { message?: unknown } | null)?.message;
  return typeof msg === 'string' && msg !== '' ? msg : null;
}

const NETWORK_CODES =
  /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|ECONNRESET|ETIMEDOUT|EAI_AGAIN|EPIPE|CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|EPROTO/;

/** Maps an error from one call to a problem. `server` is the API server URL, for unreachable. */
export function problemFromError(err: unknown, call: CallSpec, server: string): ClusterProblem {
  const base = { source: call.source };
  if (err instanceof CallTimeoutError) return { ...base, kind: 'timeout', message: err.message };
  const status = httpStatusOf(err);
  const detail = serverMessage(err);
  if (status === 403) {
    const obj = call.name ? ` (${call.name})` : '';
    return {
      ...base,
      kind: 'forbidden',
      message: `forbidden: ${describePermission(call)}${obj}`,
      permission: permissionOf(call),
    };
  }
  if (status === 401)
    return {
      ...base,
      kind: 'unauthorized',
      message: `unauthorized: the API server at ${server} rejected the credentials`,
    };
  if (status === 404) {
    const what = call.name ? `${call.resource}/${call.name}` : call.resource;
    return {
      ...base,
      kind: 'not-found',
      message: `not found: ${what}${detail ? ` (${detail})` : ''}`,
    };
  }
  if (status !== null)
    return {
      ...base,
      kind: 'error',
      message: `HTTP ${status} from the API server${detail ? `: ${detail}` : ''}`,
    };
  const e = err as {
    code?: unknown;
    errno?: unknown;
    message?: unknown;
    cause?: { code?: unknown };
  };
  const text = [e?.code, e?.errno, e?.cause?.code, e?.message].map(v => String(v ?? '')).join(' ');
  if (NETWORK_CODES.test(text)) {
    const code = [e?.code, e?.cause?.code].find(v => typeof v === 'string' && v !== '');
    const reason = typeof code === 'string' ? code : String(e?.message ?? 'network error');
    return {
      ...base,
      kind: 'unreachable',
      message: `cannot reach the API server at ${server}: ${reason}`,
    };
  }
  return { ...base, kind: 'error', message: String(e?.message ?? err) };
}

/**
 * Collapses identical connectivity problems (one per call when the server is down) into one entry
 * whose source lists every call, so the page says "cannot reach …" once.
 */
export function mergeProblems(problems: ClusterProblem[]): ClusterProblem[] {
  const out: ClusterProblem[] = [];
  const byKey = new Map<string, ClusterProblem>();
  for (const p of problems) {
    if (p.kind !== 'unreachable' && p.kind !== 'unauthorized') {
      out.push(p);
      continue;
    }
    const key = `${p.kind}|${p.message}`;
    const prev = byKey.get(key);
    if (prev) prev.source = `${prev.source}, ${p.source}`;
    else {
      const copy = { ...p };
      byKey.set(key, copy);
      out.push(copy);
    }
  }
  return out;
}

/** Rejects with CallTimeoutError when `p` does not settle within `ms`. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new CallTimeoutError(`${what} did not answer within ${ms} ms`)),
      ms,
    );
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}
