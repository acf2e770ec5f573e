// GET /api/v1/flows/stream?q= — Server-Sent Events: `health`, then `flows` batches (docs/api.md).
// The client disconnecting aborts request.signal, which ends the subscription.
import { getHub } from '@/lib/server/flow-hub';
import { errorResponse, parseStreamParams } from '@/lib/server/params';
import { eventStream } from '@/lib/server/sse';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export function GET(request: Request): Response {
  try {
    const hub = getHub();
    const { query, resume } = parseStreamParams(new URL(request.url), request.headers);
    return eventStream(request.signal, hub.subscribe(query, resume));
  } catch (err) {
    return errorResponse(err);
  }
}
