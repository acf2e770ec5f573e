/**
 * Namespace frames (to-elements.ts `framed`): plain nodes drawn behind their members instead of
 * compound parents, so cytoscape cannot size them; this file does, from the members' positions.
 */
import type { Core, NodeSingular } from 'cytoscape';
import type { Point } from './layout-grid';

/** Centre and size of a frame. */
export interface FrameGeometry {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Member node size (stylesheet.ts) and room for a label line below it and half a cell each side. */
const HALF_NODE = 17;
const SIDE = 50 - HALF_NODE;
const TOP = 12;
const BOTTOM = 30;

/** The frame around member centres `points` (null when there are none). */
export function frameGeometry(points: readonly Point[]): FrameGeometry | null {
  if (points.length === 0) return null;
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (const p of points) {
    x1 = Math.min(x1, p.x);
    y1 = Math.min(y1, p.y);
    x2 = Math.max(x2, p.x);
    y2 = Math.max(y2, p.y);
  }
  x1 -= HALF_NODE + SIDE;
  x2 += HALF_NODE + SIDE;
  y1 -= HALF_NODE + TOP;
  y2 += HALF_NODE + BOTTOM;
  return { x: (x1 + x2) / 2, y: (y1 + y2) / 2, w: x2 - x1, h: y2 - y1 };
}

/**
 * Sizes and places every frame of `cy` around its members (nodes whose `data.box` is its id).
 * Writes only what changed, so calling it after every update restyles nothing needlessly.
 */
export function fitFrames(cy: Core): void {
  const members = new Map<string, Point[]>();
  const frames: NodeSingular[] = [];
  cy.nodes().forEach((n: NodeSingular) => {
    if (n.data('kind') === 'box') {
      frames.push(n);
      return;
    }
    const box = n.data('box') as string;
    if (!box) return;
    const list = members.get(box);
    if (list) list.push(n.position());
    else members.set(box, [n.position()]);
  });
  cy.batch(() => {
    for (const f of frames) {
      const g = frameGeometry(members.get(f.id()) ?? []);
      if (!g) continue;
      const p = f.position();
      if (p.x !== g.x || p.y !== g.y) f.position({ x: g.x, y: g.y });
      if (f.data('frameW') !== g.w || f.data('frameH') !== g.h)
        f.data({ frameW: g.w, frameH: g.h });
    }
  });
}
