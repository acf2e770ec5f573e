/**
 * The service graph API behind `GET /api/v1/graph` and `GET /api/v1/graph/stream` (docs/api.md):
 * snapshot of the hub's graph aggregator (or of a `q`-filtered re-aggregation), level of detail
 * applied on the server, and a per-client delta stream.
 *
 * Versions: a filtered request aggregates into a fresh aggregator whose own versions restart at 1,
 * so every graph this module sends is re-stamped with a process-wide increasing version (based on
 * the clock, so it also keeps increasing across a restart). The browser's applyGraphDelta relies on
 * versions only ever growing.
 */
import { collapseGraph, COLLAPSE_THRESHOLD } from '@/lib/aggregate/collapse';
import { diffGraphs, resetDelta } from '@/lib/aggregate/graph-diff';
import type { GraphDeltaEvent, GraphResponseBody } from '@/lib/model/graph-api';
import type { ServiceGraph } from '@/lib/model/service-graph';
import { compileQuery } from '@/lib/query/match';
import type { Analytics } from './analytics';
import type { GraphParams } from './graph-params';
import { NO_STORE } from './params';
import type { SseProducer } from './sse';

/** The part of the hub this module needs (the whole FlowHub in production). */
export interface GraphSource {
  readonly analytics: Pick<Analytics, 'select' | 'nowMs'>;
}

export interface GraphServiceOptions {
  /** Node count above which namespaces collapse (default {@link COLLAPSE_THRESHOLD}). */
  threshold?: number;
}

export interface GraphStreamOptions extends GraphServiceOptions {
  /** Delta interval, ms (default 1000). */
  intervalMs?: number;
}

let lastVersion = 0;
function nextVersion(): number {
  lastVersion = Math.max(lastVersion + 1, Date.now());
  return lastVersion;
}

/** Computes the graph for `p`: aggregate (filtered if `q` is set), window, view filter, LOD. */
export function computeGraph(
  hub: GraphSource,
  p: GraphParams,
  opts: GraphServiceOptions = {},
): GraphResponseBody {
  const filtered = p.query.allow.length > 0 || p.query.deny.length > 0;
  const { pair, coverage } = hub.analytics.select(filtered ? compileQuery(p.query) : null);
  const raw = pair.graph.snapshot(p.window, p.filter, hub.analytics.nowMs());
  const threshold = opts.threshold ?? COLLAPSE_THRESHOLD;
  const lod = collapseGraph(raw, { threshold: p.collapse ? 0 : threshold, expand: p.expand });
  return {
    ...lod.graph,
    version: nextVersion(),
    coverage,
    lod: {
      collapsed: lod.collapsed,
      threshold,
      totalNodes: lod.totalNodes,
      expanded: p.expand,
      forced: p.collapse,
    },
  };
}

/** JSON response for GET /api/v1/graph. */
export function graphResponse(
  hub: GraphSource,
  p: GraphParams,
  opts: GraphServiceOptions = {},
): Response {
  return Response.json(computeGraph(hub, p, opts), { headers: NO_STORE });
}

function graphOnly(g: GraphResponseBody): ServiceGraph {
  const { coverage: _coverage, lod: _lod, ...graph } = g;
  return graph;
}

/**
 * SSE producer for GET /api/v1/graph/stream: a `graph-delta` event with `reset: true` and the whole
 * graph first, then every `intervalMs` the changes since the previous event (nothing when nothing
 * changed). A client that is not keeping up (backpressure) is skipped and then gets a `reset`, so it
 * never has to apply a chain of deltas it fell behind on.
 */
export function graphStream(
  hub: GraphSource,
  p: GraphParams,
  opts: GraphStreamOptions = {},
): SseProducer {
  return sink => {
    let last: ServiceGraph | null = null;
    let behind = false;
    const tick = () => {
      if (sink.closed) return;
      if (sink.backpressured) {
        behind = true;
        return;
      }
      let body: GraphResponseBody;
      try {
        body = computeGraph(hub, p, opts);
      } catch (err) {
        sink.send('error', { message: err instanceof Error ? err.message : String(err) });
        return;
      }
      const next = graphOnly(body);
      const delta =
        last === null || behind ? resetDelta(next, last?.version ?? 0) : diffGraphs(last, next);
      const empty =
        !delta.reset &&
        delta.upsertNodes.length === 0 &&
        delta.removeNodes.length === 0 &&
        delta.upsertEdges.length === 0 &&
        delta.removeEdges.length === 0;
      // An empty delta is not sent; `last` stays, so the next delta starts where the client is.
      if (empty) return;
      behind = false;
      last = next;
      const event: GraphDeltaEvent = { ...delta, coverage: body.coverage, lod: body.lod };
      sink.send('graph-delta', event, delta.toVersion);
    };
    tick();
    const timer = setInterval(tick, opts.intervalMs ?? 1000);
    timer.unref?.();
    return () => clearInterval(timer);
  };
}
