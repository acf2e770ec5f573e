// GET /readyz — readiness: 200 once connected to Relay, 503 with a JSON reason otherwise.
// Exempt from authentication (kubelet probes).
import { getHub } from '@/lib/server/flow-hub';
import { readyzResponse } from '@/lib/server/responses';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET(): Response {
  return readyzResponse(getHub);
}
