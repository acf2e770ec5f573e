// GET /api/v1/hubble — Relay ServerStatus, nodes, namespaces, connection state, store (docs/api.md).
import { getHub } from '@/lib/server/flow-hub';
import { errorResponse, NO_STORE } from '@/lib/server/params';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET(): Response {
  try {
    return Response.json(getHub().info(), { headers: NO_STORE });
  } catch (err) {
    return errorResponse(err);
  }
}
