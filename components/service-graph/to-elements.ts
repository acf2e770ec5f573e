/**
 * ServiceGraph -> cytoscape element definitions. Every data field is given explicitly, defaults
 * included: cytoscape merges `ele.data(obj)` into what it holds, so a field left out would keep a
 * stale value from the previous update (the Kiali `decorateGraphData` lesson).
 */
import type { ElementDefinition } from 'cytoscape';
import { namespaceKey } from '@/lib/aggregate/collapse';
import type { GraphEdge, GraphNode, ServiceGraph } from '@/lib/model/service-graph';
import { formatCount, formatMs, formatPct, formatRate } from './graph-format';

export type Health = 'ok' | 'warn' | 'bad' | 'idle';

/** Error percentage at or above which an edge is drawn as failing. */
export const BAD_PCT = 5;

/** Id of the box that holds a namespace's workloads (`key`: namespaceKey, cluster/namespace in ClusterMesh). */
export const boxId = (key: string): string => `box:${key}`;

/*
 * Element data holds only what the canvas draws and lays out with: statistics live in the graph
 * the page holds (details panel, list view, export). Every data change makes cytoscape restyle
 * the element, so a counter that changes with every live update (flows in/out, rates) costs a
 * restyle of nearly every element each second on a big graph.
 */

export interface NodeData {
  id: string;
  label: string;
  /** Second label line: workload kind, member count or '' */
  detail: string;
  /** Text drawn on the canvas: the label, plus the detail for collapsed namespaces. */
  display: string;
  namespace: string;
  /** GraphNodeKind, or `box` for a namespace compound box. */
  kind: GraphNode['kind'] | 'box';
  /** Box id this node sits in ('' = none); cytoscape's `parent` is set from it when added. */
  box: string;
  health: Health;
  /** 1 when the node matches the search text. */
  match: number;
}

export interface EdgeData {
  id: string;
  source: string;
  target: string;
  /** `rate · error % · p95`, parts left out when they do not apply. */
  label: string;
  health: Health;
  /** Line width in px, from the request rate (log scale, in steps of 0.5 px). */
  width: number;
}

export interface Elements {
  nodes: ElementDefinition[];
  edges: ElementDefinition[];
  /**
   * Namespace boxes are plain "frame" nodes drawn behind their members, not compound parents (see
   * {@link FRAMED_NODES}). Members still name their box in `data.box`.
   */
  framed: boolean;
  /**
   * Semantic zoom (framed graphs with more than {@link SEMANTIC_EDGES} edges): edges touching a
   * frame carry the class `leaf`, and one `meta` edge per pair of frames (or frame and loose node)
   * stands for them; service-graph.tsx shows the meta edges instead of the leaf edges when zoomed
   * out. Meta edges are drawing only: not selectable, not in the graph the page holds.
   */
  semantic: boolean;
}

/**
 * Edges above which a framed graph switches to semantic zoom. Zoomed out, ~6,000 workload edges
 * (2,000 workloads in full detail) cost ~200 ms per redraw and read as noise; a few thousand
 * namespace-to-namespace lines cost a third of that and show which namespaces talk.
 */
export const SEMANTIC_EDGES = 3_000;

/**
 * Above this many graph nodes, namespace boxes are frames rather than compound parents, laid out
 * on the grid (layout.ts) rather than by fcose. Cytoscape invalidates a compound's whole family
 * (parents, children and their edges) on every style property it applies, which made the first
 * render of 500 workloads in full detail about twice as slow and each full redraw 2x as slow; and
 * at a few hundred nodes with traffic across namespaces, fcose's compound boxes overlap into one
 * heap (300 workloads: 1.6 s and an unreadable picture; on the grid 1.1 s, every namespace
 * apart; bench/graph-render.ts).
 */
export const FRAMED_NODES = 150;

/** Workloads sit in their namespace's box; collapsed namespaces and reserved nodes do not. */
const inNamespaceBox = (n: GraphNode): boolean => n.kind === 'workload' && n.namespace !== '';

/** Highest failure percentage of an edge. */
export function edgeErrorPct(e: GraphEdge): number {
  return Math.max(e.dropPct, e.http5xxPct, e.dnsFailurePct);
}

export function edgeHealth(e: GraphEdge): Health {
  const err = edgeErrorPct(e);
  if (err >= BAD_PCT || (e.errors > 0 && e.errors >= e.flows)) return 'bad';
  if (err > 0 || e.errors > 0) return 'warn';
  if (e.flows === 0 && e.l7Requests === 0) return 'idle';
  return 'ok';
}

/** Line width from a rate per second: 1-8 px on a log scale, in 0.5 px steps (see NodeData). */
function widthFromRate(perSecond: number): number {
  const px = Math.min(8, 1 + Math.log10(1 + perSecond * 10) * 1.75);
  return Math.round(px * 2) / 2;
}

const edgeWidth = (e: GraphEdge): number => widthFromRate(e.l7RequestRate || e.flowRate);

function nodeHealth(n: GraphNode): Health {
  const total = n.flowsIn + n.flowsOut;
  if (n.dropped === 0) return total === 0 ? 'idle' : 'ok';
  return (n.dropped / Math.max(1, total)) * 100 >= BAD_PCT ? 'bad' : 'warn';
}

function edgeLabel(e: GraphEdge): string {
  const rate = e.l7RequestRate > 0 ? e.l7RequestRate : e.flowRate;
  const parts = [formatRate(rate)];
  const err = edgeErrorPct(e);
  if (err > 0) parts.push(`${formatPct(err)} err`);
  if (e.latencyMs.p95 !== null) parts.push(`p95 ${formatMs(e.latencyMs.p95)}`);
  return parts.join(' · ');
}

function nodeDetail(n: GraphNode): string {
  if (n.kind === 'namespace') return `${n.members ?? 0} nodes · click to expand`;
  return n.workloadKind;
}

/**
 * Converts a graph into element definitions (boxes first, so parents exist before children).
 * `framed` defaults to more than {@link FRAMED_NODES} nodes, some of them in namespace boxes (a
 * graph of collapsed namespaces only is laid out in rings by degree: layout.ts).
 */
export function toElements(
  graph: Pick<ServiceGraph, 'nodes' | 'edges'>,
  matches: Set<string>,
  framed = graph.nodes.length > FRAMED_NODES && graph.nodes.some(inNamespaceBox),
): Elements {
  const semantic = framed && graph.edges.length > SEMANTIC_EDGES;
  const boxes = new Map<string, ElementDefinition>();
  const nodes: ElementDefinition[] = [];
  for (const n of graph.nodes) {
    const inBox = inNamespaceBox(n);
    const key = namespaceKey(n);
    const box = inBox ? boxId(key) : '';
    if (inBox && !boxes.has(box)) {
      const data: NodeData = {
        id: box,
        label: key,
        detail: '',
        display: key,
        namespace: n.namespace,
        kind: 'box',
        box: '',
        health: 'idle',
        match: 0,
      };
      // A frame is scenery: not draggable or selectable, and dragging on it pans the view.
      boxes.set(
        box,
        framed
          ? { group: 'nodes', data, grabbable: false, selectable: false, pannable: true }
          : { group: 'nodes', data },
      );
    }
    const data: NodeData = {
      id: n.id,
      label: n.label,
      detail: nodeDetail(n),
      // The banner above the canvas says how to expand; two short lines fit a grid cell.
      display:
        n.kind === 'namespace' ? `${n.label}\n${formatCount(n.members ?? 0)} nodes` : n.label,
      namespace: n.namespace,
      kind: n.kind,
      box,
      health: nodeHealth(n),
      match: matches.has(n.id) ? 1 : 0,
    };
    nodes.push({ group: 'nodes', data: box === '' || framed ? data : { ...data, parent: box } });
  }
  const edges = graph.edges.map((e): ElementDefinition => {
    const data: EdgeData = {
      id: e.id,
      source: e.source,
      target: e.target,
      label: edgeLabel(e),
      health: edgeHealth(e),
      width: edgeWidth(e),
    };
    return { group: 'edges', data };
  });
  if (semantic) edges.push(...metaEdges(graph, nodes, edges));
  return { nodes: [...boxes.values(), ...nodes], edges, framed, semantic };
}

const WORSE: Record<Health, number> = { idle: 0, ok: 1, warn: 2, bad: 3 };

/**
 * Marks the edges touching a frame as `leaf` and returns one `meta` edge per pair of distinct
 * frames (or frame and loose node) they join, with the worst health and the summed rate.
 */
function metaEdges(
  graph: Pick<ServiceGraph, 'edges'>,
  nodes: ElementDefinition[],
  edges: ElementDefinition[],
): ElementDefinition[] {
  const boxOf = new Map<string, string>();
  for (const n of nodes) boxOf.set(n.data.id!, (n.data as NodeData).box);
  const metas = new Map<string, { source: string; target: string; rate: number; health: Health }>();
  graph.edges.forEach((e, i) => {
    const sb = boxOf.get(e.source) ?? '';
    const tb = boxOf.get(e.target) ?? '';
    if (sb === '' && tb === '') return;
    edges[i]!.classes = 'leaf';
    const source = sb || e.source;
    const target = tb || e.target;
    if (source === target) return;
    const id = `meta:${source}>${target}`;
    const health = edgeHealth(e);
    const rate = e.l7RequestRate || e.flowRate;
    const m = metas.get(id);
    if (!m) metas.set(id, { source, target, rate, health });
    else {
      m.rate += rate;
      if (WORSE[health] > WORSE[m.health]) m.health = health;
    }
  });
  return [...metas].map(([id, m]) => ({
    group: 'edges',
    classes: 'meta',
    selectable: false,
    data: {
      id,
      source: m.source,
      target: m.target,
      label: '',
      health: m.health,
      width: widthFromRate(m.rate),
    } satisfies EdgeData,
  }));
}
