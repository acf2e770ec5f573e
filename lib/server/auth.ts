/**
 * The authentication decision for proxy.ts, as a pure function of the configuration and the request
 * (so it is unit-tested without a server). Safe by default: when Flowscope listens beyond loopback it
 * requires HTTP Basic, and if no password is configured it refuses every request with 503 and says
 * how to fix it, rather than serving flows to anyone who can reach the port. Kubelet probes
 * (/healthz, /readyz) stay open.
 */
import type { AuthConfig } from './env';

export type AuthDecision =
  | { allow: true }
  | { allow: false; status: 401 | 503; body: string; headers: Record<string, string> };

/** Paths that never require authentication. */
export const AUTH_EXEMPT_PATHS: readonly string[] = ['/healthz', '/readyz'];

const REALM = 'Basic realm="Flowscope", charset="UTF-8"';

/**
 * Decides whether a request may proceed. `authorization` is the raw Authorization header (or null);
 * `problems` are configuration errors for the auth variables (they fail closed).
 */
export function decideAuth(
  auth: AuthConfig,
  pathname: string,
  authorization: string | null,
  problems: readonly string[] = [],
): AuthDecision {
  if (AUTH_EXEMPT_PATHS.includes(pathname)) return { allow: true };
  if (problems.length > 0) {
    return refuse(503, `Flowscope authentication is misconfigured: ${problems.join('; ')}`);
  }
  if (!auth.required) return { allow: true };
  if (auth.password === null) {
    return refuse(
      503,
      'Flowscope is reachable beyond this machine, so it requires a password, and none is configured. ' +
        'Set FLOWSCOPE_AUTH_PASSWORD (user: FLOWSCOPE_AUTH_USER, default "flowscope") and restart; or bind ' +
        'to loopback with HOSTNAME=127.0.0.1; or, only behind your own authenticating proxy, set FLOWSCOPE_AUTH=off.',
    );
  }
  const creds = parseBasic(authorization);
  // Evaluate both comparisons every time so the response time does not reveal which part was wrong.
  const userOk = constantTimeEqual(creds?.user ?? '', auth.user);
  const passOk = constantTimeEqual(creds?.password ?? '', auth.password);
  if (creds && userOk && passOk) return { allow: true };
  return refuse(401, 'Authentication required.', { 'WWW-Authenticate': REALM });
}

function refuse(status: 401 | 503, body: string, extra: Record<string, string> = {}): AuthDecision {
  return {
    allow: false,
    status,
    body,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra },
  };
}

/** Decodes `Basic base64(user:password)` (UTF-8); null when absent or malformed. */
export function parseBasic(header: string | null): { user: string; password: string } | null {
  if (!header) return null;
  const m = /^Basic[ ]+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!m) return null;
  let text: string;
  try {
    const bin = atob(m[1]!);
    const bytes = Uint8Array.from(bin, c => c.charCodeAt(0));
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  const colon = text.indexOf(':');
  if (colon < 0) return null;
  return { user: text.slice(0, colon), password: text.slice(colon + 1) };
}

/**
 * Compares two strings in time that depends only on their lengths, not on where they differ, so a
 * network attacker cannot find the password one character at a time.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  const n = Math.max(x.length, y.length);
  let diff = x.length ^ y.length;
  for (let i = 0; i < n; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}
