// GET /api/v1/cluster — Cilium summary, nodes, Hubble health per node, problems (docs/api.md).
import { getClusterService } from '@/lib/server/cluster-service';
import { errorResponse, NO_STORE } from '@/lib/server/params';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  try {
    return Response.json(await getClusterService().cluster(), { headers: NO_STORE });
  } catch (err) {
    return errorResponse(err);
  }
}
