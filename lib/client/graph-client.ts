/**
 * Browser side of the graph API (docs/api.md): URL building for a graph view, the snapshot fetch and
 * the pure cache reducer for stream events. Hooks in use-service-graph.ts call these.
 */
import { applyGraphDelta, graphDeltaStatus } from '@/lib/aggregate/apply-delta';
import type { GraphDeltaEvent, GraphResponseBody } from '@/lib/model/graph-api';
import type { TimeWindow } from '@/lib/model/time-window';
import { getJson } from './api-client';

/** What the graph page asks the server for (everything else is done in the browser). */
export interface GraphView {
  window: TimeWindow;
  /** Flow filter in `hubble observe` syntax ('' = all flows). */
  q: string;
  /** "One namespace" mode: only edges touching these namespaces. */
  namespaces: string[];
  errorsOnly: boolean;
  hideReserved: boolean;
  /** Namespaces kept expanded when the server collapses the graph. */
  expand: string[];
  /** Ask for namespace level whatever the size. */
  collapse: boolean;
}

/** Query string for a view, in a fixed order so equal views share one cache entry. */
export function graphSearch(v: GraphView): string {
  const p = new URLSearchParams();
  p.set('window', v.window);
  if (v.q.trim() !== '') p.set('q', v.q.trim());
  if (v.namespaces.length > 0) p.set('namespace', [...v.namespaces].sort().join(','));
  if (v.errorsOnly) p.set('errorsOnly', 'true');
  if (v.hideReserved) p.set('hideReserved', 'true');
  if (v.collapse) p.set('collapse', 'true');
  if (v.expand.length > 0) p.set('expand', [...v.expand].sort().join(','));
  return p.toString();
}

/** GET /api/v1/graph?<search>. Throws ApiError (400 = a parameter the server names is wrong). */
export function fetchGraph(search: string, signal?: AbortSignal): Promise<GraphResponseBody> {
  return getJson<GraphResponseBody>(`/api/v1/graph?${search}`, signal);
}

/**
 * Applies stream events to the cached graph in order (applyGraphDelta's rules: stale deltas are
 * ignored). `gap` is true when a delta did not start at the cached version: the cache and the stream
 * disagree and only a new stream (which starts with a reset) can fix that. Keeps `prev` itself when
 * nothing applied, so React sees no change.
 */
export function applyGraphEvents(
  prev: GraphResponseBody | undefined,
  events: readonly GraphDeltaEvent[],
): { graph: GraphResponseBody | undefined; gap: boolean } {
  let cur = prev;
  let gap = false;
  for (const ev of events) {
    const status = graphDeltaStatus(cur, ev);
    if (status === 'gap') gap = true;
    if (status === 'stale' || status === 'gap') continue;
    const next = applyGraphDelta(cur, ev);
    if (next !== undefined) cur = { ...next, coverage: ev.coverage, lod: ev.lod };
  }
  return { graph: cur, gap };
}
