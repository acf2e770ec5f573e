// GET /api/v1/metrics/dns?window=&q= — windowed dns metrics (docs/api.md).
import { getHub } from '@/lib/server/flow-hub';
import { metricsResponse } from '@/lib/server/metrics-service';
import { errorResponse } from '@/lib/server/params';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET(request: Request): Response {
  try {
    return metricsResponse(getHub(), 'dns', new URL(request.url));
  } catch (err) {
    return errorResponse(err);
  }
}
