/**
 * The cluster page's pure parts and static render: the tunnel map's links and labels, units and
 * zones in the text, and the problems panel naming the missing RBAC rule. (UI code may not import
 * lib/cilium, so the built-in cluster's three nodes are described here with typed builders.)
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { TunnelEntry } from '@/lib/model/cluster';
import type { OverlayPair, TunnelsResponseBody } from '@/lib/model/cluster-api';
import { count, duration, heldOfMax, listSome, utcTime, viaLabel } from './cluster-format';
import { groupProblems } from './problem-groups';
import { ProblemsPanel } from './problems-panel';
import { OVERLAY_ROWS, TunnelSection } from './tunnel-section';
import { TunnelMap } from './tunnel-map';
import { placement } from './tunnel-layout';
import { tunnelLinks } from './tunnel-links';

const NODES = [0, 1, 2].map(i => ({
  name: i === 0 ? 'master241' : `worker24${i + 1}`,
  internalIP: `192.168.1.${241 + i}`,
  podCIDRs: { ipv4: [`10.100.${i}.0/24`], ipv6: [] },
}));

const entry = (n: (typeof NODES)[number]): TunnelEntry => ({
  node: n.name,
  prefix: n.podCIDRs.ipv4[0]!,
  family: 'ipv4',
  endpoint: n.internalIP,
  via: 'vxlan',
  port: 8472,
  route: null,
  encryptKey: 0,
  primary: true,
  origin: 'ciliumnode',
  nodeId: null,
});

const body = (pairs: TunnelsResponseBody['overlay']['pairs'] = []): TunnelsResponseBody => ({
  source: 'sim',
  tunnels: { mode: 'tunnel', protocol: 'vxlan', port: 8472, entries: NODES.map(entry), notes: [] },
  nodes: NODES,
  overlay: { pairs, scanned: 10, fromMs: 0, toMs: 1, unattributed: 0, uncounted: 0 },
  problems: [],
  fetchedAtMs: 0,
});

describe('tunnel map', () => {
  it('links every node pair with its VXLAN tunnel and sums overlay traffic both ways', () => {
    const links = tunnelLinks(
      body([
        { from: 'worker242', to: 'worker243', flows: 5, drops: 1, dropReasons: {}, lastMs: 1 },
        { from: 'worker243', to: 'worker242', flows: 2, drops: 0, dropReasons: {}, lastMs: 1 },
      ]),
    );
    expect(links.map(l => [l.a, l.b, l.label, l.flows, l.drops])).toEqual([
      ['master241', 'worker242', 'VXLAN 8472/udp', 0, 0],
      ['master241', 'worker243', 'VXLAN 8472/udp', 0, 0],
      ['worker242', 'worker243', 'VXLAN 8472/udp', 7, 1],
    ]);
    const { pos } = placement(['a', 'b', 'c']);
    expect(pos.get('a')!.y).toBeLessThan(pos.get('b')!.y); // first node on top
  });

  it('renders nodes, addresses, pod CIDRs and labelled, weighted lines as SVG', () => {
    const html = renderToStaticMarkup(
      createElement(TunnelMap, {
        body: body([
          { from: 'worker242', to: 'worker243', flows: 9, drops: 2, dropReasons: {}, lastMs: 1 },
        ]),
      }),
    );
    expect(html).toContain('aria-label="Tunnel map: 3 nodes, 3 links"');
    for (const s of ['master241', '192.168.1.242', '10.100.2.0/24', '9 flows, 2 drops'])
      expect(html).toContain(s);
    expect(html.match(/VXLAN 8472\/udp/g)?.length).toBeGreaterThanOrEqual(3);
    expect(html).toContain('stroke:var(--bad)');
  });
});

describe('text', () => {
  it('puts units on numbers and the zone on times, and says unknown for null', () => {
    expect(count(4095, 'flows')).toBe('4,095 flows');
    expect(count(null, 'flows')).toBe('unknown');
    expect(utcTime(Date.UTC(2026, 10, 25, 15, 30, 19))).toBe('2026-11-25 15:30:19 UTC');
    expect(duration(204.75)).toBe('3 min 25 s');
    expect(duration(null)).toBe('unknown');
    expect(heldOfMax(12, null)).toBe('12 / ? flows');
    expect(viaLabel('geneve', 6081)).toBe('Geneve 6081/udp');
    expect(viaLabel('native', null)).toBe('native route');
    expect(listSome(['a', 'b', 'c'], 3)).toBe('a, b, c');
    expect(listSome(['a', 'b', 'c', 'd', 'e'], 2)).toBe('a, b and 3 more');
  });

  it('problems name the failing source and the missing permission', () => {
    const html = renderToStaticMarkup(
      createElement(ProblemsPanel, {
        problems: [
          {
            source: 'exec',
            kind: 'forbidden',
            message: 'forbidden: needs `create` on `pods/exec`',
            permission: {
              verb: 'create',
              resource: 'pods/exec',
              apiGroup: '',
              namespace: 'kube-system',
            },
          },
          { source: 'exec:worker243', kind: 'timeout', message: 'timed out', node: 'worker243' },
        ],
      }),
    );
    expect(html).toContain('2 problems');
    expect(html).toContain(
      'grant a Role in namespace kube-system: apiGroups [&quot;&quot;], resources [pods/exec], verbs [create]',
    );
    expect(html).toContain('(node worker243)');
    expect(renderToStaticMarkup(createElement(ProblemsPanel, { problems: [] }))).toBe('');
  });

  it('folds the same failure on many nodes into one entry naming them', () => {
    const timeouts = Array.from({ length: 40 }, (_, i) => ({
      source: `exec:worker${242 + i}`,
      kind: 'timeout' as const,
      message: 'cilium-dbg status timed out after 10 s',
      node: `worker${242 + i}`,
    }));
    const forbidden = {
      source: 'kubernetes:ciliumnodes',
      kind: 'forbidden' as const,
      message: 'forbidden',
    };
    const groups = groupProblems([timeouts[0]!, forbidden, ...timeouts.slice(1)]);
    expect(groups.map(g => [g.problem.source, g.nodes.length])).toEqual([
      ['exec', 40],
      ['kubernetes:ciliumnodes', 0],
    ]);
    const html = renderToStaticMarkup(
      createElement(ProblemsPanel, { problems: [...timeouts, forbidden] }),
    );
    expect(html).toContain('41 problems');
    expect(html).toContain(
      '(40 nodes: worker242, worker243, worker244, worker245, worker246, worker247, worker248, worker249 and 32 more): cilium-dbg status timed out after 10 s',
    );
    expect(html.match(/class="badge/g)).toHaveLength(2);
  });
});

describe('overlay table with 1,560 node pairs (40 nodes)', () => {
  it('lists the busiest overlay pairs, says how many more there are, and scrolls the tables', () => {
    const names = Array.from({ length: 40 }, (_, i) =>
      i === 0 ? 'master241' : `worker${241 + i}`,
    );
    const pairs: OverlayPair[] = names.flatMap((a, i) =>
      names
        .filter(b => b !== a)
        .map((b, j) => ({
          from: a,
          to: b,
          flows: (i * 40 + j) % 97,
          drops: i === 7 && j === 3 ? 2 : 0,
          dropReasons: (i === 7 && j === 3 ? { POLICY_DENIED: 2 } : {}) as Record<string, number>,
          lastMs: 1,
        })),
    );
    const b = body(pairs);
    const html = renderToStaticMarkup(createElement(TunnelSection, { body: b }));
    expect(pairs).toHaveLength(1_560);
    expect(html).toContain(
      `The ${OVERLAY_ROWS} busiest of 1,560 from → to node pairs (drops first, then flows); 1,460 quieter pairs not listed.`,
    );
    expect(html).toContain('Show all 1,560 pairs');
    const overlay = html.slice(html.indexOf('aria-label="Overlay traffic"'));
    expect(overlay.match(/<tr/g)).toHaveLength(OVERLAY_ROWS + 1); // + the header row
    // The one pair with drops leads.
    expect(overlay).toMatch(/<tbody><tr><td class="mono">worker248<\/td>/);
  });
});
