/**
 * Graph deltas: the difference between two snapshots of the same window and filter, so the server can
 * stream only what changed and the browser patch its cached graph (apply-delta.ts).
 */
import type { GraphDelta, ServiceGraph } from '@/lib/model/service-graph';

/** Deep equality for JSON-shaped values (objects, arrays, primitives). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) {
    if (!jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
      return false;
  }
  return true;
}

function header(next: ServiceGraph, fromVersion: number, reset: boolean) {
  return {
    fromVersion,
    toVersion: next.version,
    reset,
    window: next.window,
    nowMs: next.nowMs,
    startMs: next.startMs,
    durationMs: next.durationMs,
    truncated: next.truncated,
    hidden: next.hidden,
    accounting: next.accounting,
  };
}

function diffById<T extends { id: string }>(prev: T[], next: T[]) {
  const before = new Map(prev.map(x => [x.id, x]));
  const upsert: T[] = [];
  for (const x of next) {
    const old = before.get(x.id);
    before.delete(x.id);
    if (old === undefined || !jsonEqual(old, x)) upsert.push(x);
  }
  return { upsert, remove: [...before.keys()] };
}

/** The delta that turns `prev` into `next` (which must share window and filter). */
export function diffGraphs(prev: ServiceGraph, next: ServiceGraph): GraphDelta {
  const n = diffById(prev.nodes, next.nodes);
  const e = diffById(prev.edges, next.edges);
  return {
    ...header(next, prev.version, false),
    upsertNodes: n.upsert,
    removeNodes: n.remove,
    upsertEdges: e.upsert,
    removeEdges: e.remove,
  };
}

/** A delta carrying all of `next`, for clients whose version is unknown or too old. */
export function resetDelta(next: ServiceGraph, fromVersion: number): GraphDelta {
  return {
    ...header(next, fromVersion, true),
    upsertNodes: next.nodes,
    removeNodes: [],
    upsertEdges: next.edges,
    removeEdges: [],
  };
}
