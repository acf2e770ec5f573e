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

/**
 * Builds the stylesheet for a resolved palette (re-applied when the theme changes). `dense` (more
 * than {@link DENSE_EDGES} edges, e.g. a 500-workload graph, collapsed or in full detail) trades
 * looks for frame rate: cytoscape's "haystack" edges, its cheapest kind (no arrowheads, no
 * per-edge geometry or parallel-edge bundling; bundled beziers were the main cost of each redraw,
 * and haystack saves about a third over straight lines at 2,000 workloads: bench/graph-render.ts),
 * with direction and label shown where they are read, on the selected edge and on the edges of the
 * selected node; node labels only once they are readable. `framed`: see framedRules.
 */
export function buildStylesheet(p: GraphPalette, dense = false, framed = false): StylesheetJson {
  return [
    {
      selector: 'node',
      style: {
        shape: 'round-rectangle',
        width: 34,
        height: 34,
        'background-color': p.node,
        'border-width': 2,
        'border-color': p.nodeBorder,
        label: 'data(display)',
        color: p.label,
        'font-size': 11,
        'text-valign': 'bottom',
        'text-margin-y': 4,
        'text-max-width': '140px',
        'text-wrap': 'ellipsis',
        'min-zoomed-font-size': 7,
      },
    },
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
        shape: 'round-rectangle',
        width: 70,
        height: 44,
        'background-color': p.namespace,
        'border-style': 'double',
        'border-width': 4,
        'text-wrap': 'wrap',
        'font-weight': 'bold',
      },
    },
    {
      selector: 'node[kind = "box"]',
      style: {
        shape: 'round-rectangle',
        'background-color': p.box,
        'background-opacity': 0.6,
        'border-width': 1,
        'border-color': p.boxBorder,
        label: 'data(label)',
        color: p.labelMuted,
        'font-size': 12,
        'font-weight': 'bold',
        'text-valign': 'top',
        'text-halign': 'center',
        'text-margin-y': -4,
        padding: '14px',
      },
    },
    { selector: 'node[match > 0]', style: { 'border-color': p.match, 'border-width': 5 } },
    {
      selector: 'edge',
      style: {
        width: 'data(width)',
        'curve-style': 'bezier',
        'line-color': p.edge,
        'target-arrow-color': p.edge,
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.9,
        label: 'data(label)',
        color: p.labelMuted,
        'font-size': 9,
        'text-rotation': 'autorotate',
        'text-background-color': p.node,
        'text-background-opacity': 0.85,
        'text-background-padding': '1px',
        'min-zoomed-font-size': 8,
      },
    },
    { selector: 'edge[health = "ok"]', style: { 'line-color': p.ok, 'target-arrow-color': p.ok } },
    {
      selector: 'edge[health = "warn"]',
      style: { 'line-color': p.warn, 'target-arrow-color': p.warn, 'line-style': 'dashed' },
    },
    {
      selector: 'edge[health = "bad"]',
      style: { 'line-color': p.bad, 'target-arrow-color': p.bad, color: p.bad },
    },
    { selector: 'edge[health = "idle"]', style: { 'line-style': 'dotted', opacity: 0.7 } },
    ...(dense
      ? ([
          { selector: 'node', style: { 'min-zoomed-font-size': 10 } },
          {
            selector: 'edge',
            style: {
              'curve-style': 'haystack',
              'haystack-radius': 0,
              'target-arrow-shape': 'none',
              label: '',
              'arrow-scale': 0.7,
            },
          },
          {
            selector: `edge:selected, edge.${NEAR_SELECTION}`,
            style: {
              'curve-style': 'straight',
              'target-arrow-shape': 'triangle',
              label: 'data(label)',
            },
          },
        ] satisfies StylesheetJson)
      : []),
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

/**
 * Big graphs (to-elements.ts FRAMED_NODES). Namespace boxes are frames sized from the
 * `frameW`/`frameH` the layout sets, drawn behind everything; without compound parents, drawing
 * order is z-index alone. Labels are kept inside a grid cell (layout-grid.ts CELL_X).
 */
function framedRules(): StylesheetJson {
  return [
    {
      selector: 'node',
      style: { 'z-index-compare': 'manual', 'z-index': 2, 'text-max-width': '90px' },
    },
    { selector: 'edge', style: { 'z-index-compare': 'manual', 'z-index': 1 } },
    { selector: `edge:selected, edge.${NEAR_SELECTION}`, style: { 'z-index': 3 } },
    // Namespace names are what one reads at the overview zoom of a few hundred workloads.
    {
      selector: 'node[kind = "box"]',
      style: {
        'z-index': 0,
        'font-size': 30,
        'min-zoomed-font-size': 6,
        'text-max-width': '400px',
        'text-margin-y': -6,
      },
    },
    { selector: 'node[frameW]', style: { width: 'data(frameW)', height: 'data(frameH)' } },
    // Semantic zoom: zoomed out, edges between frames stand for the workload edges they join.
    { selector: `edge.${META}`, style: { display: 'none', 'z-index': 1 } },
    { selector: `edge.${META}.${FAR}`, style: { display: 'element' } },
    { selector: `edge.${LEAF}.${FAR}`, style: { display: 'none' } },
    {
      selector: `edge.${LEAF}.${FAR}.${NEAR_SELECTION}, edge.${LEAF}.${FAR}:selected`,
      style: { display: 'element' },
    },
  ];
}
