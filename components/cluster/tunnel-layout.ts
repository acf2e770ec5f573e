/**
 * Geometry of the tunnel map, kept apart from the SVG so it can be tested. Two modes:
 *
 * - `boxes` (up to BOXES_MAX nodes): a box per node with its name, InternalIP and pod CIDR, on an
 *   ellipse that grows until no two boxes overlap (8 boxes of 140×52 need ry ≈ 205);
 * - `dots` (more nodes): a dot per node on a circle with its name written outwards, so 100 names fit
 *   in the 560-wide picture (≈13 px of circumference each; 20 px while there is room). Addresses
 *   move to the tooltip and the tunnel table next to the map.
 *
 * The width is fixed (the CSS scales the SVG down to its column, never up); the height grows.
 */
export const MAP_WIDTH = 560;
const W = MAP_WIDTH;
/** Boxes are drawn up to this many nodes; beyond, dots. */
export const BOXES_MAX = 8;
export const BOX_W = 140;
export const BOX_H = 52;
/** Least clearance between two boxes, and between anything and the SVG's edge (px). */
const BOX_GAP = 8;
const PAD = 8;
export const DOT_R = 4.5;
/** Dots mode: the name starts this far outside the dot, is this font size, at most this long. */
export const LABEL_GAP = 9;
export const LABEL_FONT_PX = 10;
export const LABEL_MAX_CHARS = 14;
/** Width of `chars` monospace characters at LABEL_FONT_PX (0.6 em each, plus slack). */
export const labelPx = (chars: number) =>
  Math.ceil(Math.min(chars, LABEL_MAX_CHARS) * LABEL_FONT_PX * 0.62);
/** Circumference per dot we aim for, and the least radius (px). */
const DOT_SPACING = 20;
const R_MIN = 150;

export type MapMode = 'boxes' | 'dots';

/** Where a node is drawn: its centre, and its angle on the circle (radians, 0 = right, clockwise). */
export interface NodeSpot {
  x: number;
  y: number;
  angle: number;
}

export interface Placement {
  mode: MapMode;
  w: number;
  h: number;
  pos: Map<string, NodeSpot>;
}

function boxesOverlap(spots: NodeSpot[]): boolean {
  for (let i = 0; i < spots.length; i++)
    for (let j = i + 1; j < spots.length; j++) {
      const dx = Math.abs(spots[i]!.x - spots[j]!.x);
      const dy = Math.abs(spots[i]!.y - spots[j]!.y);
      if (dx < BOX_W + BOX_GAP && dy < BOX_H + BOX_GAP) return true;
    }
  return false;
}

// Start at the top and go clockwise, so the first node (usually the control plane) leads.
const angleOf = (i: number, n: number) => -Math.PI / 2 + (2 * Math.PI * i) / n;

function ring(n: number, rx: number, ry: number, cy: number): NodeSpot[] {
  return Array.from({ length: n }, (_, i) => {
    const angle = angleOf(i, n);
    return { x: W / 2 + rx * Math.cos(angle), y: cy + ry * Math.sin(angle), angle };
  });
}

/**
 * Node positions: a row for one or two nodes, an ellipse of boxes up to {@link BOXES_MAX}, else a
 * circle of dots. Deterministic in the names' order, which it keeps (the first node on top).
 */
export function placement(names: string[]): Placement {
  const n = names.length;
  const place = (mode: MapMode, h: number, spots: NodeSpot[]): Placement => ({
    mode,
    w: W,
    h,
    pos: new Map(names.map((name, i) => [name, spots[i]!])),
  });
  if (n <= 2) {
    const spots = names.map((_, i) => ({
      x: n === 1 ? W / 2 : 110 + i * (W - 220),
      y: 90,
      angle: 0,
    }));
    return place('boxes', 180, spots);
  }
  if (n <= BOXES_MAX) {
    // Boxes are wide, so widen the ellipse first (as far as the edges allow), then grow it downwards.
    const rx = n <= 4 ? 180 : W / 2 - BOX_W / 2 - PAD;
    let ry = 150;
    while (boxesOverlap(ring(n, rx, ry, 0))) ry += 5;
    // Fit the height to the boxes, not the ellipse: a triangle leaves its lower quarter empty.
    const spots = ring(n, rx, ry, 0);
    const top = Math.min(...spots.map(s => s.y)) - BOX_H / 2 - PAD;
    const bottom = Math.max(...spots.map(s => s.y)) + BOX_H / 2 + PAD;
    return place(
      'boxes',
      Math.ceil(bottom - top),
      spots.map(s => ({ ...s, y: s.y - top })),
    );
  }
  // The longest name decides how much of the width the labels take, and so the largest circle.
  const label = labelPx(Math.max(...names.map(s => s.length)));
  const rMax = W / 2 - PAD - LABEL_GAP - label;
  const r = Math.min(rMax, Math.max(R_MIN, (n * DOT_SPACING) / (2 * Math.PI)));
  const h = Math.ceil(2 * (r + LABEL_GAP + label + PAD));
  return place('dots', h, ring(n, r, r, h / 2));
}

/** `name` cut to `max` characters with an ellipsis (the full name goes in the tooltip). */
export function clip(name: string, max: number): string {
  return name.length <= max ? name : `${name.slice(0, max - 1)}…`;
}
