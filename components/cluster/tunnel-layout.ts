/**
 * Geometry and links of the tunnel map, kept apart from the SVG so they can be tested: which node
 * pairs get a line, what it is labelled (from the tunnel table) and how much overlay traffic it carries.
 */
import type { TunnelEntry } from '@/lib/model/cluster';
import type { OverlayPair, TunnelsResponseBody } from '@/lib/model/cluster-api';
import { viaLabel } from './cluster-format';

export const MAP_WIDTH = 560;
const W = MAP_WIDTH;
/** Beyond this many nodes only links that carried traffic are drawn: n² lines say nothing. */
const ALL_LINKS_MAX = 12;

export interface TunnelLink {
  a: string;
  b: string;
  label: string;
  flows: number;
  drops: number;
}

/** Node positions: a row for one or two nodes, else a circle starting at the top. */
export function placement(names: string[]): {
  h: number;
  pos: Map<string, { x: number; y: number }>;
} {
  const pos = new Map<string, { x: number; y: number }>();
  if (names.length <= 2) {
    names.forEach((n, i) =>
      pos.set(n, { x: names.length === 1 ? W / 2 : 110 + i * (W - 220), y: 90 }),
    );
    return { h: 180, pos };
  }
  const h = 420;
  const r = 150;
  // Start at the top and go clockwise, so the first node (usually the control plane) leads.
  names.forEach((n, i) => {
    const t = -Math.PI / 2 + (2 * Math.PI * i) / names.length;
    pos.set(n, { x: W / 2 + r * Math.cos(t), y: h / 2 + r * Math.sin(t) });
  });
  return { h, pos };
}

/** One link per node pair (only pairs with traffic in big clusters), labelled with its tunnel. */
export function tunnelLinks(body: TunnelsResponseBody): TunnelLink[] {
  const names = body.nodes.map(n => n.name);
  const viaTo = new Map<string, TunnelEntry>();
  for (const e of body.tunnels.entries) if (!viaTo.has(e.node)) viaTo.set(e.node, e);
  const traffic = (a: string, b: string): Pick<OverlayPair, 'flows' | 'drops'> =>
    body.overlay.pairs
      .filter(p => (p.from === a && p.to === b) || (p.from === b && p.to === a))
      .reduce((s, p) => ({ flows: s.flows + p.flows, drops: s.drops + p.drops }), {
        flows: 0,
        drops: 0,
      });
  const out: TunnelLink[] = [];
  for (let i = 0; i < names.length; i++)
    for (let j = i + 1; j < names.length; j++) {
      const a = names[i]!;
      const b = names[j]!;
      const e = viaTo.get(b) ?? viaTo.get(a);
      const t = traffic(a, b);
      if (names.length > ALL_LINKS_MAX && t.flows + t.drops === 0) continue;
      out.push({ a, b, label: e ? viaLabel(e.via, e.port) : 'no tunnel entry', ...t });
    }
  return out;
}
