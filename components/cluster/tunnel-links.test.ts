/**
 * The tunnel map's lines and what it leaves out: the indexed link builder against the quadratic one
 * it replaced, its speed at 100 nodes, and the counts the notes under the map report.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { TunnelEntry } from '@/lib/model/cluster';
import type { OverlayPair, TunnelsResponseBody } from '@/lib/model/cluster-api';
import { viaLabel } from './cluster-format';
import { TunnelMap } from './tunnel-map';
import {
  ALL_LINKS_MAX,
  busiestPairs,
  MAP_LINKS_MAX,
  MAP_NODES_MAX,
  mapModel,
  mapNotes,
  tunnelLinks,
  type TunnelLink,
} from './tunnel-links';

const nodeName = (i: number) => (i === 0 ? 'master241' : `worker${241 + i}`);

/** A cluster of `n` sim-style nodes; `noEntry` nodes get no tunnel entry, odd ones Geneve. */
function cluster(
  n: number,
  pairs: OverlayPair[],
  opts: { noEntry?: number[]; geneve?: boolean; noIP?: number[] } = {},
): TunnelsResponseBody {
  const nodes = Array.from({ length: n }, (_, i) => ({
    name: nodeName(i),
    internalIP: opts.noIP?.includes(i) ? null : `192.168.${1 + Math.floor(i / 200)}.${i % 200}`,
    podCIDRs: { ipv4: [`10.${100 + i}.0.0/16`], ipv6: [] },
  }));
  const entries: TunnelEntry[] = nodes
    .filter((_, i) => !opts.noEntry?.includes(i))
    .map((nd, i) => ({
      node: nd.name,
      prefix: nd.podCIDRs.ipv4[0]!,
      family: 'ipv4',
      endpoint: nd.internalIP,
      via: opts.geneve && i % 2 ? 'geneve' : 'vxlan',
      port: opts.geneve && i % 2 ? 6081 : 8472,
      route: null,
      encryptKey: 0,
      primary: true,
      origin: 'ciliumnode',
      nodeId: null,
    }));
  return {
    source: 'sim',
    tunnels: { mode: 'tunnel', protocol: 'vxlan', port: 8472, entries, notes: [] },
    nodes,
    overlay: { pairs, scanned: 1, fromMs: 0, toMs: 1, unattributed: 0, uncounted: 0 },
    problems: [],
    fetchedAtMs: 0,
  };
}

const pair = (from: string, to: string, flows: number, drops = 0): OverlayPair => ({
  from,
  to,
  flows,
  drops,
  dropReasons: drops ? { POLICY_DENIED: drops } : {},
  lastMs: 1,
});

/** Deterministic pseudo-random overlay pairs (both directions, self pairs, unknown nodes, zeros). */
function randomPairs(n: number, count: number, seed: number): OverlayPair[] {
  let x = seed;
  const next = () => (x = (x * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: count }, () => {
    const a = Math.floor(next() * (n + 1));
    const b = Math.floor(next() * (n + 1));
    // Index n is a node the body does not list (Relay knew it, the status source did not).
    const name = (i: number) => (i === n ? 'ghost' : nodeName(i));
    const flows = next() < 0.1 ? 0 : Math.floor(next() * 50);
    return pair(name(a), name(b), flows, next() < 0.2 ? Math.floor(next() * 5) : 0);
  });
}

/** The algorithm before the index: for every node pair, scan every overlay pair. */
function quadraticTunnelLinks(body: TunnelsResponseBody): TunnelLink[] {
  const names = body.nodes.map(n => n.name);
  const viaTo = new Map<string, TunnelEntry>();
  for (const e of body.tunnels.entries) if (!viaTo.has(e.node)) viaTo.set(e.node, e);
  const traffic = (a: string, b: string) =>
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

describe('tunnelLinks', () => {
  it.each([
    [3, 10],
    [5, 40],
    [12, 100],
    [15, 120],
    [30, 400],
  ])('matches the quadratic algorithm: %i nodes, %i overlay pairs', (n, count) => {
    const body = cluster(n, randomPairs(n, count, n * 7 + count), {
      noEntry: [1],
      geneve: true,
    });
    const links = tunnelLinks(body);
    expect(links).toEqual(quadraticTunnelLinks(body));
    expect(links.length).toBeGreaterThan(0);
    expect(links.some(l => l.label === 'Geneve 6081/udp')).toBe(true);
  });

  it('takes milliseconds for 100 nodes and 3,000 overlay pairs', () => {
    const body = cluster(100, randomPairs(100, 3_000, 42));
    let best = Infinity;
    let links: TunnelLink[] = [];
    for (let run = 0; run < 3; run++) {
      const t0 = performance.now();
      links = tunnelLinks(body);
      best = Math.min(best, performance.now() - t0);
    }
    // The quadratic version makes 4,950 × 3,000 comparisons (~150 ms); the indexed one ~1 ms.
    expect(best).toBeLessThan(20);
    const distinct = new Set(
      body.overlay.pairs
        .filter(p => p.from !== p.to && p.from !== 'ghost' && p.to !== 'ghost')
        .filter(p => p.flows + p.drops > 0)
        .map(p => [p.from, p.to].sort().join(' ')),
    );
    expect(links).toHaveLength(distinct.size);
  });
});

describe('mapModel and its notes', () => {
  it('draws a 3-node mesh whole, with text on every line and nothing to say', () => {
    const m = mapModel(cluster(3, [pair('worker242', 'worker243', 5, 1)]));
    expect([m.nodes.length, m.links.length, m.totalLinks, m.edgeLabels]).toEqual([3, 3, 3, true]);
    expect(m.links.at(-1)).toMatchObject({ a: 'worker242', b: 'worker243', drops: 1 });
    expect([...m.dropping].sort()).toEqual(['worker242', 'worker243']);
    expect(mapNotes(m)).toEqual([]);
  });

  it('drops line text from 8 nodes on but names the shared tunnel once', () => {
    const m = mapModel(cluster(8, []));
    expect([m.links.length, m.edgeLabels, m.sharedLabel]).toEqual([28, false, 'VXLAN 8472/udp']);
    expect(mapModel(cluster(8, [], { geneve: true })).sharedLabel).toBeNull();
  });

  it('at 100 nodes draws 60 (troubled and busiest first) and the 80 busiest lines, and says so', () => {
    // Every node talks to its next three neighbours; node i's traffic grows with i, so the
    // busiest are the last ones. Node 5 drops, node 7 has no tunnel entry, node 9 no InternalIP,
    // node 11 is named by a problem: all four are quiet but must be drawn.
    const pairs: OverlayPair[] = [];
    for (let i = 0; i < 100; i++)
      for (let k = 1; k <= 3; k++) pairs.push(pair(nodeName(i), nodeName((i + k) % 100), 10 + i));
    pairs.push(pair(nodeName(5), nodeName(50), 0, 3));
    const body = cluster(100, pairs, { noEntry: [7], noIP: [9] });
    body.problems = [
      { source: 'exec:worker252', kind: 'timeout', message: 't', node: 'worker252' },
    ];
    const m = mapModel(body);

    expect(m.nodes).toHaveLength(MAP_NODES_MAX);
    const drawn = m.nodes.map(n => n.name);
    for (const i of [5, 7, 9, 11, 50, 99]) expect(drawn).toContain(nodeName(i));
    expect(drawn).not.toContain(nodeName(20));
    // Kept in the source's order, so the ring does not shuffle.
    const order = body.nodes.map(n => n.name).filter(n => drawn.includes(n));
    expect(drawn).toEqual(order);

    expect(m.totalLinks).toBe(301);
    expect(m.links).toHaveLength(MAP_LINKS_MAX);
    expect(m.linksToHiddenNodes + m.linksCapped + m.links.length).toBe(m.totalLinks);
    expect(m.linksToHiddenNodes).toBeGreaterThan(0);
    expect(m.linksCapped).toBeGreaterThan(0);
    for (const l of m.links) expect(drawn.includes(l.a) && drawn.includes(l.b)).toBe(true);
    // The dropping line is drawn, and painted last (on top).
    expect(m.links.at(-1)).toMatchObject({ a: nodeName(5), b: nodeName(50), drops: 3 });
    expect(m.edgeLabels).toBe(false);

    const notes = mapNotes(m);
    expect(notes).toHaveLength(2);
    expect(notes[0]).toContain(`40 quiet nodes of 100 not drawn`);
    expect(notes[0]).toContain(`${m.linksToHiddenNodes} lines`);
    expect(notes[1]).toContain(`Drawing the 80 busiest of ${80 + m.linksCapped} lines`);

    const html = renderToStaticMarkup(createElement(TunnelMap, { body }));
    expect(html).toContain(`aria-label="Tunnel map: 60 of 100 nodes and 80 of 301 links drawn"`);
    expect(html.match(/data-testid="tunnel-link"/g)).toHaveLength(80);
    expect(html.match(/<circle/g)).toHaveLength(60);
    expect(html).toContain('40 quiet nodes of 100 not drawn');
    // Tooltips keep what the labels no longer say.
    expect(html).toContain(
      '<title>worker246: InternalIP 192.168.1.5, pod CIDR 10.105.0.0/16</title>',
    );
  });

  it('lists the busiest overlay pairs first, drops before flows', () => {
    const pairs = [pair('a', 'b', 5), pair('b', 'c', 50), pair('c', 'a', 1, 2), pair('a', 'c', 9)];
    expect(busiestPairs(pairs, 3).map(p => `${p.from}>${p.to}`)).toEqual(['c>a', 'b>c', 'a>c']);
    expect(pairs[0]!.from).toBe('a'); // not sorted in place
  });
});
