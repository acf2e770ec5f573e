// GET /api/v1/graph/stream?window=&q=&… — SSE `graph-delta` events: a reset with the whole graph, then
// changes about once a second (docs/api.md). The client disconnecting stops the timer.
import { getHub } from '@/lib/server/flow-hub';
import { defaultWindow } from '@/lib/server/analytics';
import { parseGraphParams } from '@/lib/server/graph-params';
import { graphStream } from '@/lib/server/graph-service';
import { errorResponse } from '@/lib/server/params';
import { eventStream } from '@/lib/server/sse';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET(request: Request): Response {
  try {
    const hub = getHub();
    const imported = hub.analytics.historical();
    const params = parseGraphParams(new URL(request.url), defaultWindow(imported));
    return eventStream(request.signal, graphStream(hub, params));
  } catch (err) {
    return errorResponse(err);
  }
}
