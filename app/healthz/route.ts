// GET /healthz — liveness: 200 while the process serves requests. Exempt from authentication.
import { healthzResponse } from '@/lib/server/responses';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET(): Response {
  return healthzResponse();
}
