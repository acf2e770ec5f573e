// GET /api/v1/cluster/tunnels — tunnel/route table, overlay flows and drops per node pair (docs/api.md).
import { getClusterService } from '@/lib/server/cluster-service';
import { errorResponse, NO_STORE } from '@/lib/server/params';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  try {
    return Response.json(await getClusterService().tunnels(), { headers: NO_STORE });
  } catch (err) {
    return errorResponse(err);
  }
}
