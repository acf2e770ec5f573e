/**
 * Next 16 request proxy (formerly middleware; Node runtime by default): HTTP Basic authentication
 * whenever Flowscope listens beyond loopback. The decision is lib/server/auth.ts (unit-tested);
 * /healthz and /readyz stay open for kubelet probes. Configuration is read per request from the
 * environment (auth variables only), so an unrelated bad variable cannot open the gate.
 */
import { decideAuth } from '@/lib/server/auth';
import { resolveAuth } from '@/lib/server/env';

export function proxy(request: Request): Response | undefined {
  const { auth, problems } = resolveAuth(process.env);
  const pathname = new URL(request.url).pathname;
  const decision = decideAuth(auth, pathname, request.headers.get('authorization'), problems);
  if (decision.allow) return undefined;
  return new Response(decision.body, { status: decision.status, headers: decision.headers });
}
