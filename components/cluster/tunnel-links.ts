/**
 * What the tunnel map draws: which node pairs get a line, what it is labelled (from the tunnel
 * table) and how much overlay traffic it carries; and, for big clusters, which nodes and lines are
 * left out and how many, so the picture says what it does not show.
 */
import type { TunnelEntry } from '@/lib/model/cluster';
import type { OverlayPair, TunnelsResponseBody } from '@/lib/model/cluster-api';
import { count, viaLabel } from './cluster-format';
import { BOXES_MAX } from './tunnel-layout';

/** Beyond this many nodes only links that carried traffic are drawn: n² lines say nothing. */
export const ALL_LINKS_MAX = 12;
/**
 * Most nodes on the map: 60 names fit around the circle at ≈18 px each. The rest are the quietest
 * ones and stay in the tunnel table.
 */
export const MAP_NODES_MAX = 60;
/** Most lines on the map: a 12-node full mesh (66) fits; more chords become a grey disc. */
export const MAP_LINKS_MAX = 80;
/** Lines carry their label and traffic as text only while they are this few; else tooltips only. */
export const EDGE_LABELS_MAX = 6;
export const NO_TUNNEL = 'no tunnel entry';

export interface TunnelLink {
  a: string;
  b: string;
  label: string;
  flows: number;
  drops: number;
}

type MapNode = TunnelsResponseBody['nodes'][number];

const pairKey = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

/**
 * One link per node pair (only pairs with traffic beyond {@link ALL_LINKS_MAX} nodes), labelled with
 * its tunnel, traffic summed over both directions, in node order. O(nodes + pairs) beyond
 * ALL_LINKS_MAX: overlay pairs are indexed once (100 nodes × 3,000 pairs took ~150 ms when every
 * node pair scanned all overlay pairs).
 */
export function tunnelLinks(body: TunnelsResponseBody): TunnelLink[] {
  const names = body.nodes.map(n => n.name);
  const index = new Map<string, number>();
  names.forEach((n, i) => {
    if (!index.has(n)) index.set(n, i);
  });
  const viaTo = new Map<string, TunnelEntry>();
  for (const e of body.tunnels.entries) if (!viaTo.has(e.node)) viaTo.set(e.node, e);
  const traffic = new Map<string, { flows: number; drops: number }>();
  for (const p of body.overlay.pairs) {
    if (p.from === p.to || !index.has(p.from) || !index.has(p.to)) continue;
    const k = pairKey(p.from, p.to);
    const t = traffic.get(k);
    if (t) {
      t.flows += p.flows;
      t.drops += p.drops;
    } else traffic.set(k, { flows: p.flows, drops: p.drops });
  }
  const link = (i: number, j: number): TunnelLink => {
    const a = names[i]!;
    const b = names[j]!;
    const e = viaTo.get(b) ?? viaTo.get(a);
    const t = traffic.get(pairKey(a, b)) ?? { flows: 0, drops: 0 };
    return { a, b, label: e ? viaLabel(e.via, e.port) : NO_TUNNEL, ...t };
  };
  const out: TunnelLink[] = [];
  if (names.length <= ALL_LINKS_MAX) {
    for (let i = 0; i < names.length; i++)
      for (let j = i + 1; j < names.length; j++) out.push(link(i, j));
    return out;
  }
  const ij: [number, number][] = [];
  for (const [k, t] of traffic) {
    if (t.flows + t.drops === 0) continue;
    const [x, y] = k.split('\u0000') as [string, string];
    const i = index.get(x)!;
    const j = index.get(y)!;
    ij.push(i < j ? [i, j] : [j, i]);
  }
  ij.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  // A name listed twice has one index; skip the pair of a node with itself.
  for (const [i, j] of ij) if (i !== j) out.push(link(i, j));
  return out;
}

/** Busiest first: pairs with drops, then by flows. */
const busier = (p: Pick<OverlayPair, 'flows' | 'drops'>, q: Pick<OverlayPair, 'flows' | 'drops'>) =>
  q.drops - p.drops || q.flows - p.flows;

/** The `max` busiest overlay pairs (drops first, then flows), for a table that cannot show 2,500. */
export function busiestPairs(pairs: OverlayPair[], max: number): OverlayPair[] {
  return [...pairs].sort(busier).slice(0, max);
}

export interface MapModel {
  /** Nodes to draw, in the body's order. */
  nodes: MapNode[];
  /** Nodes with drops on any of their links (drawn in the alarm colour). */
  dropping: Set<string>;
  /** Lines to draw, quiet ones first so the busy and dropping ones are painted on top. */
  links: TunnelLink[];
  /** Text of every line and traffic figure, or only tooltips. */
  edgeLabels: boolean;
  totalNodes: number;
  /** Lines {@link tunnelLinks} found among all nodes. */
  totalLinks: number;
  /** Of those, lines left out because an end node is not drawn / the line cap was reached. */
  linksToHiddenNodes: number;
  linksCapped: number;
  /** The label every line shares (e.g. `VXLAN 8472/udp`), said once when lines carry no text. */
  sharedLabel: string | null;
}

/**
 * Chooses what the map draws. Nodes beyond {@link MAP_NODES_MAX}: those in trouble (named by a
 * problem, no tunnel entry, no InternalIP, drops) first, then the busiest; lines beyond
 * {@link MAP_LINKS_MAX}: drops first, then the busiest.
 */
export function mapModel(body: TunnelsResponseBody): MapModel {
  const all = tunnelLinks(body);
  const flows = new Map<string, number>();
  const dropping = new Set<string>();
  for (const l of all) {
    for (const n of [l.a, l.b]) flows.set(n, (flows.get(n) ?? 0) + l.flows);
    if (l.drops > 0) dropping.add(l.a).add(l.b);
  }
  let nodes = body.nodes;
  if (nodes.length > MAP_NODES_MAX) {
    const tunnelled = new Set(body.tunnels.entries.map(e => e.node));
    const named = new Set(body.problems.map(p => p.node));
    const trouble = (n: MapNode) =>
      named.has(n.name) ||
      dropping.has(n.name) ||
      n.internalIP === null ||
      (tunnelled.size > 0 && !tunnelled.has(n.name))
        ? 1
        : 0;
    const keep = new Set(
      nodes
        .map((n, i) => ({ n, i, t: trouble(n), f: flows.get(n.name) ?? 0 }))
        .sort((p, q) => q.t - p.t || q.f - p.f || p.i - q.i)
        .slice(0, MAP_NODES_MAX)
        .map(x => x.n),
    );
    nodes = nodes.filter(n => keep.has(n));
  }
  const drawn = new Set(nodes.map(n => n.name));
  const between = all.filter(l => drawn.has(l.a) && drawn.has(l.b));
  const links =
    between.length > MAP_LINKS_MAX ? [...between].sort(busier).slice(0, MAP_LINKS_MAX) : between;
  const labels = new Set(all.map(l => l.label));
  return {
    nodes,
    dropping,
    links: [...links].sort((p, q) => -busier(p, q)),
    edgeLabels: nodes.length <= BOXES_MAX && links.length <= EDGE_LABELS_MAX,
    totalNodes: body.nodes.length,
    totalLinks: all.length,
    linksToHiddenNodes: all.length - between.length,
    linksCapped: between.length - links.length,
    sharedLabel: labels.size === 1 ? [...labels][0]! : null,
  };
}

/** What the picture leaves out, in words (empty when it shows everything). */
export function mapNotes(m: MapModel): string[] {
  const notes: string[] = [];
  const hidden = m.totalNodes - m.nodes.length;
  if (hidden > 0)
    notes.push(
      `${count(hidden, 'quiet nodes')} of ${m.totalNodes} not drawn (no problem, no drops, least overlay traffic), nor their ${count(m.linksToHiddenNodes, 'lines')}; the tunnel table lists every node.`,
    );
  if (m.linksCapped > 0)
    notes.push(
      `Drawing the ${m.links.length} busiest of ${count(m.linksCapped + m.links.length, 'lines')} (node pairs with overlay traffic, both directions summed; drops first); the overlay table below lists every direction.`,
    );
  return notes;
}
