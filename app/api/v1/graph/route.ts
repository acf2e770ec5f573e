// GET /api/v1/graph?window=&q=&namespace=&errorsOnly=&hideReserved=&expand= — service graph snapshot
// with coverage and level of detail (docs/api.md).
import { getHub } from '@/lib/server/flow-hub';
import { defaultWindow } from '@/lib/server/analytics';
import { parseGraphParams } from '@/lib/server/graph-params';
import { graphResponse } from '@/lib/server/graph-service';
import { errorResponse } from '@/lib/server/params';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET(request: Request): Response {
  try {
    const hub = getHub();
    const imported = hub.analytics.historical();
    const params = parseGraphParams(new URL(request.url), defaultWindow(imported));
    return graphResponse(hub, params);
  } catch (err) {
    return errorResponse(err);
  }
}
