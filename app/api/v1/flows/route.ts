// GET /api/v1/flows?q=&limit=&format=json|jsonpb — retained flows matching q, newest first.
// Shapes and headers: docs/api.md.
import { getHub } from '@/lib/server/flow-hub';
import { errorResponse, parseFlowsParams } from '@/lib/server/params';
import { flowsResponse } from '@/lib/server/responses';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET(request: Request): Response {
  try {
    const hub = getHub();
    const params = parseFlowsParams(new URL(request.url), hub.store.rawCapacity);
    return flowsResponse(hub, params);
  } catch (err) {
    return errorResponse(err);
  }
}
