/**
 * Namespace frames (to-elements.ts `framed`): plain nodes drawn behind their members instead of
 * compound parents, so cytoscape cannot size them; this file does, from the members' positions.
 */
import type { Core, NodeSingular } from 'cytoscape';
import { frameRect, type Point } from './layout-grid';

/** Centre and size of a frame. */
export interface FrameGeometry {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The frame around member centres `points` (null when there are none): layout-grid.ts frameRect. */
export function frameGeometry(points: readonly Point[]): FrameGeometry | null {
  if (points.length === 0) return null;
  const r = frameRect(points);
  return { x: (r.x1 + r.x2) / 2, y: (r.y1 + r.y2) / 2, w: r.x2 - r.x1, h: r.y2 - r.y1 };
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
