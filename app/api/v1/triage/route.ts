// GET /api/v1/triage?window= — ranked current problems for the triage home (docs/api.md).
import { getHub } from '@/lib/server/flow-hub';
import { triageResponse } from '@/lib/server/metrics-service';
import { errorResponse } from '@/lib/server/params';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET(request: Request): Response {
  try {
    return triageResponse(getHub(), new URL(request.url));
  } catch (err) {
    return errorResponse(err);
  }
}
