// GET /api/v1/metrics/http?window=&q= — windowed http metrics (docs/api.md).
import { getHub } from '@/lib/server/flow-hub';
import { metricsResponse } from '@/lib/server/metrics-service';
import { errorResponse } from '@/lib/server/params';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET(request: Request): Response {
  try {
    return metricsResponse(getHub(), 'http', new URL(request.url));
  } catch (err) {
    return errorResponse(err);
  }
}
