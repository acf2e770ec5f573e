/**
 * Wire shapes of `GET /api/v1/graph` and its delta stream (docs/api.md), shared by the server
 * (lib/server/graph-service.ts) and the browser (lib/client/use-service-graph.ts).
 */
import type { GraphDelta, ServiceGraph } from './service-graph';

/** Which flows the graph was computed from. */
export interface GraphCoverage {
  /** `live`: every flow since start; `store`: the `q`-filtered flows still held in the store. */
  basis: 'live' | 'store';
  flows: number;
  oldestMs: number | null;
  newestMs: number | null;
}

/** Level of detail applied by the server. */
export interface GraphLod {
  /** True when namespaces were collapsed into `namespace` nodes. */
  collapsed: boolean;
  /** Node count above which namespaces collapse. */
  threshold: number;
  /** Nodes before collapsing. */
  totalNodes: number;
  /** Namespaces kept expanded (`?expand=`). */
  expanded: string[];
  /** True when the request asked for namespace level (`?collapse=true`), whatever the size. */
  forced: boolean;
}

/** GET /api/v1/graph body: the graph plus how it was computed. */
export interface GraphResponseBody extends ServiceGraph {
  coverage: GraphCoverage;
  lod: GraphLod;
}

/** One `graph-delta` event of GET /api/v1/graph/stream: a GraphDelta plus the current metadata. */
export interface GraphDeltaEvent extends GraphDelta {
  coverage: GraphCoverage;
  lod: GraphLod;
}
