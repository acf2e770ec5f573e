/**
 * The cytoscape stylesheet: data-driven only (`data(health)`, `data(width)`, `[?match]`), never
 * per-element `.style()`, so updates are data changes and one stylesheet serves every graph size.
 */
import type { StylesheetJson } from 'cytoscape';
import type { GraphPalette } from './palette';

/** Edges above which the graph is drawn in the cheaper dense style (see {@link buildStylesheet}). */
export const DENSE_EDGES = 400;

/** Class of the edges of the selected node (service-graph.tsx), drawn with their direction. */
export const NEAR_SELECTION = 'near';
/** Semantic zoom classes (to-elements.ts `semantic`, service-graph.tsx updateSemantic). */
export const LEAF = 'leaf';
export const META = 'meta';
export const FAR = 'far';

type Css = Record<string, string | number>;

/**
 * Builds the stylesheet for a resolved palette (re-applied when the theme changes). `dense` (more
 * than {@link DENSE_EDGES} edges, e.g. a 500-workload graph, collapsed or in full detail) trades
 * looks for frame rate: cytoscape's "haystack" edges, its cheapest kind (no arrowheads, no
 * per-edge geometry or parallel-edge bundling; bundled beziers were the main cost of each redraw,
 * and haystack saves about a third over straight lines at 2,000 workloads: bench/graph-render.ts),
 * with direction and label shown where they are read, on the selected edge and on the edges of the
 * selected node; node labels only once they are readable. `framed`: see framedRules.
 *
 * Each variant is folded into the base rules rather than overriding them: cytoscape applies every
 * matching rule's properties in turn, with bounds and parallel-edge bookkeeping for each, so a
 * property set twice costs twice (a third of the style time of 2,000 workloads in full detail).
 */
export function buildStylesheet(p: GraphPalette, dense = false, framed = false): StylesheetJson {
  const front: Css = framed ? { 'z-index-compare': 'manual', 'z-index': 2 } : {};
  const node: Css = {
    shape: 'round-rectangle',
    width: 34,
    height: 34,
    'background-color': p.node,
    'border-width': 2,
    label: 'data(display)',
    color: p.label,
    'font-size': 11,
    'text-valign': 'bottom',
    'text-margin-y': 4,
    // Inside a grid cell (layout-grid.ts CELL_X) when framed.
    'text-max-width': framed ? '90px' : '140px',
    'text-wrap': 'ellipsis',
    'min-zoomed-font-size': dense ? 10 : 7,
    ...front,
  };
  const edgeLabel: Css = {
    label: 'data(label)',
    color: p.labelMuted,
    'font-size': 9,
    'text-rotation': 'autorotate',
    'text-background-color': p.node,
    'text-background-opacity': 0.85,
    'text-background-padding': '1px',
    'min-zoomed-font-size': 8,
  };
  const edge: Css = dense
    ? {
        width: 'data(width)',
        'curve-style': 'haystack',
        'haystack-radius': 0,
        ...(framed ? { 'z-index-compare': 'manual', 'z-index': 1 } : {}),
      }
    : {
        width: 'data(width)',
        'curve-style': 'bezier',
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.9,
        ...edgeLabel,
      };
  // Arrowhead colours only where arrowheads are drawn.
  const line = (c: string): Css =>
    dense ? { 'line-color': c } : { 'line-color': c, 'target-arrow-color': c };
  return [
    { selector: 'node', style: node },
    { selector: 'node[health = "idle"]', style: { 'border-color': p.nodeBorder } },
    { selector: 'node[health = "ok"]', style: { 'border-color': p.ok } },
    { selector: 'node[health = "warn"]', style: { 'border-color': p.warn } },
    { selector: 'node[health = "bad"]', style: { 'border-color': p.bad, 'border-width': 3 } },
    {
      selector: 'node[kind = "reserved"], node[kind = "world"], node[kind = "cidr"]',
      style: { shape: 'ellipse', 'background-color': p.reserved },
    },
    {
      selector: 'node[kind = "namespace"]',
      style: {
        width: 70,
        height: 44,
        'background-color': p.namespace,
        'border-style': 'double',
        'border-width': 4,
        'text-wrap': 'wrap',
        'font-weight': 'bold',
        // Namespace names are what a collapsed overview is read by, even zoomed far out.
        'font-size': 13,
        'min-zoomed-font-size': 5,
      },
    },
    {
      selector: 'node[kind = "box"]',
      style: {
        'background-color': p.box,
        'background-opacity': 0.6,
        'border-width': 1,
        'border-color': p.boxBorder,
        label: 'data(label)',
        color: p.labelMuted,
        'font-weight': 'bold',
        'text-valign': 'top',
        'text-halign': 'center',
        padding: '14px',
        // Framed, namespace names are what one reads at the overview zoom of many workloads.
        ...(framed
          ? {
              'z-index': 0,
              'font-size': 30,
              'min-zoomed-font-size': 6,
              'text-max-width': '400px',
              'text-margin-y': -6,
            }
          : { 'font-size': 12, 'text-margin-y': -4 }),
      },
    },
    { selector: 'node[match > 0]', style: { 'border-color': p.match, 'border-width': 5 } },
    { selector: 'edge', style: edge },
    {
      selector: 'edge[health = "idle"]',
      style: { ...line(p.edge), 'line-style': 'dotted', opacity: 0.7 },
    },
    { selector: 'edge[health = "ok"]', style: line(p.ok) },
    { selector: 'edge[health = "warn"]', style: { ...line(p.warn), 'line-style': 'dashed' } },
    {
      selector: 'edge[health = "bad"]',
      style: dense ? line(p.bad) : { ...line(p.bad), color: p.bad },
    },
    ...(dense ? directionRules(p, edgeLabel, framed) : []),
    ...(framed ? framedRules() : []),
    {
      selector: ':selected',
      style: {
        'border-color': p.select,
        'line-color': p.select,
        'target-arrow-color': p.select,
        'border-width': 4,
      },
    },
  ];
}

/** Dense graphs: the selected edge and the selected node's edges get direction and label back. */
function directionRules(p: GraphPalette, edgeLabel: Css, framed: boolean): StylesheetJson {
  const near = `edge:selected, edge.${NEAR_SELECTION}`;
  return [
    {
      selector: near,
      style: {
        'curve-style': 'straight',
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.7,
        'target-arrow-color': p.edge,
        ...edgeLabel,
        ...(framed ? { 'z-index': 3 } : {}),
      },
    },
    { selector: `edge.${NEAR_SELECTION}[health = "ok"]`, style: { 'target-arrow-color': p.ok } },
    {
      selector: `edge.${NEAR_SELECTION}[health = "warn"]`,
      style: { 'target-arrow-color': p.warn },
    },
    {
      selector: `edge.${NEAR_SELECTION}[health = "bad"]`,
      style: { 'target-arrow-color': p.bad, color: p.bad },
    },
  ];
}

/**
 * Big graphs (to-elements.ts FRAMED_NODES). Namespace boxes are frames sized from the
 * `frameW`/`frameH` the layout sets, drawn behind everything (z-index in the base rules: without
 * compound parents, drawing order is z-index alone), and semantic zoom's edge classes.
 */
function framedRules(): StylesheetJson {
  return [
    { selector: 'node[frameW]', style: { width: 'data(frameW)', height: 'data(frameH)' } },
    // Semantic zoom: zoomed out, edges between frames stand for the workload edges they join.
    { selector: `edge.${META}`, style: { display: 'none' } },
    { selector: `edge.${META}.${FAR}`, style: { display: 'element' } },
    { selector: `edge.${LEAF}.${FAR}`, style: { display: 'none' } },
    {
      selector: `edge.${LEAF}.${FAR}.${NEAR_SELECTION}, edge.${LEAF}.${FAR}:selected`,
      style: { display: 'element' },
    },
  ];
}
