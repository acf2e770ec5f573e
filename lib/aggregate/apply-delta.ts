/**
 * Pure reducer for the browser's graph cache: `setQueryData(key, prev => applyGraphDelta(prev, d))`
 * (Headlamp's KubeList.applyUpdate pattern). Stale deltas (not newer than what the cache holds) are
 * ignored, so out-of-order or replayed stream messages can never roll the graph back; a delta that
 * does not start at the cached version cannot be applied and leaves the cache as is — callers use
 * {@link graphDeltaStatus} to see that and refetch the snapshot.
 *
 * Unchanged nodes and edges keep their object identity (structural sharing), so memoised rendering
 * and the cytoscape diff only touch what changed. Output is sorted by id like server snapshots, so
 * applying a delta to its base yields exactly the server's next snapshot.
 */
import type { GraphDelta, ServiceGraph } from '@/lib/model/service-graph';

/**
 * How {@link applyGraphDelta} treats `delta` given the cached graph: `reset` replaces it, `apply`
 * patches it, `stale` is ignored (not newer), `gap` is ignored but means the cache missed a delta
 * and should be refetched.
 */
export type GraphDeltaStatus = 'reset' | 'apply' | 'stale' | 'gap';

/** Classifies a delta against the cached graph (see {@link GraphDeltaStatus}). */
export function graphDeltaStatus(
  prev: ServiceGraph | undefined,
  delta: GraphDelta,
): GraphDeltaStatus {
  if (prev !== undefined && delta.toVersion <= prev.version) return 'stale';
  if (delta.reset) return 'reset';
  if (prev === undefined || delta.fromVersion !== prev.version) return 'gap';
  return 'apply';
}

const byId = (a: { id: string }, b: { id: string }): number =>
  a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

function patch<T extends { id: string }>(prev: readonly T[], upsert: T[], remove: string[]): T[] {
  if (upsert.length === 0 && remove.length === 0) return prev as T[];
  const byKey = new Map(prev.map(x => [x.id, x]));
  for (const id of remove) byKey.delete(id);
  for (const x of upsert) byKey.set(x.id, x);
  return [...byKey.values()].sort(byId);
}

/** Applies a graph delta to the cached graph; returns `prev` unchanged for stale or gap deltas. */
export function applyGraphDelta(
  prev: ServiceGraph | undefined,
  delta: GraphDelta,
): ServiceGraph | undefined {
  const status = graphDeltaStatus(prev, delta);
  if (status === 'stale' || status === 'gap') return prev;
  const base = status === 'reset' || prev === undefined ? { nodes: [], edges: [] } : prev;
  return {
    version: delta.toVersion,
    window: delta.window,
    nowMs: delta.nowMs,
    startMs: delta.startMs,
    durationMs: delta.durationMs,
    nodes: patch(base.nodes, delta.upsertNodes, delta.removeNodes),
    edges: patch(base.edges, delta.upsertEdges, delta.removeEdges),
    truncated: delta.truncated,
    hidden: delta.hidden,
    accounting: delta.accounting,
  };
}
