import { describe, expect, it } from 'vitest';
import type { FlowRecord } from '@/lib/model/flow-record';
import type { GraphEdge, ServiceGraph } from '@/lib/model/service-graph';
import { createGraphAggregator } from './graph';
import {
  dnsQuery,
  dnsResponse,
  dropBetween,
  flowBetween,
  httpRequest,
  httpResponse,
  pod,
  replyOf,
  reserved,
  T0,
} from './testing/flow-builders';
import { sampleRecords } from './testing/samples';

const web = pod('shop', 'web-7d4b9c8f6d-x2x9z');
const db = pod('shop', 'db-0');
const dns = pod('kube-system', 'coredns-558bd4d5db-w2m67');

function graphOf(records: FlowRecord[], window: 'all' | '1m' | '5m' | '15m' | '1h' = 'all') {
  const g = createGraphAggregator();
  g.add(records);
  return g.snapshot(window);
}

function edge(g: ServiceGraph, id: string): GraphEdge {
  const e = g.edges.find(x => x.id === id);
  if (e === undefined) throw new Error(`no edge ${id} in ${g.edges.map(x => x.id).join(', ')}`);
  return e;
}

/** One request packet and its reply as reported at every point of a same-node or overlay path. */
function observedEverywhere(crossNode: boolean, t: number): FlowRecord[] {
  const at = (p: string, node = 'node-a') =>
    flowBetween(web, db, { traceObservationPoint: p, node, timeMs: t });
  const req = crossNode
    ? [
        at('FROM_ENDPOINT'),
        at('TO_OVERLAY'),
        at('FROM_OVERLAY', 'node-b'),
        at('TO_ENDPOINT', 'node-b'),
      ]
    : [at('FROM_ENDPOINT'), at('TO_ENDPOINT')];
  const verdict = flowBetween(web, db, { eventType: 5, traceObservationPoint: '', timeMs: t });
  return [verdict, ...req, ...req.map(f => replyOf(f))];
}

describe('counting rules on the graph', () => {
  it('counts a connection seen at several points and on both nodes once', () => {
    for (const crossNode of [false, true]) {
      const records = observedEverywhere(crossNode, T0);
      const g = graphOf(records);
      expect(g.edges.map(e => e.id)).toEqual(['shop/web>shop/db|TCP|8080']);
      const e = g.edges[0]!;
      expect([e.flows, e.forwarded, e.dropped, e.observed]).toEqual([1, 1, 0, records.length]);
      const a = g.accounting;
      expect(a.counted + a.replies + a.duplicatePoints + a.policyVerdicts + a.l7 + a.other).toBe(
        a.records,
      );
    }
  });

  it('counts a policy denial once although the datapath reports it twice', () => {
    const syn = dropBetween(web, db, 'POLICY_DENIED', 133);
    const g = graphOf([
      { ...syn, eventType: 5 },
      syn,
      replyOf(dropBetween(web, db, 'CT_MAP_INSERTION_FAILED', 155)),
    ]);
    const e = edge(g, 'shop/web>shop/db|TCP|8080');
    expect([e.flows, e.dropped, e.dropPct]).toEqual([2, 2, 100]);
    expect(e.topDropReasons).toEqual([
      { reason: 'CT_MAP_INSERTION_FAILED', count: 1 },
      { reason: 'POLICY_DENIED', count: 1 },
    ]);
    expect(g.nodes.find(n => n.id === 'shop/web')!.dropped).toBe(2);
  });

  it('counts traffic to the world at the exit and splits the world by DNS name', () => {
    const out = reserved('world', 2, { names: ['api.example.com'] });
    const f = flowBetween(web, out, { traceObservationPoint: 'TO_STACK', dstPort: 443 });
    const g = graphOf([
      flowBetween(web, out, { traceObservationPoint: 'FROM_ENDPOINT', dstPort: 443 }),
      f,
    ]);
    expect(edge(g, 'shop/web>world:api.example.com|TCP|443').flows).toBe(1);
    expect(g.nodes.find(n => n.id === 'world:api.example.com')!.kind).toBe('world');
  });

  it('folds L7 responses onto the request edge with status, DNS and latency stats', () => {
    const url = 'http://db:8080/items/1';
    const records = [
      ...[200, 200, 503, 500].flatMap((code, i) => [
        httpRequest(web, db, 'GET', url),
        httpResponse(web, db, 'GET', url, code, 10 * (i + 1)),
      ]),
      dnsQuery(web, dns, 'db.shop.svc.cluster.local.'),
      dnsResponse(web, dns, 'db.shop.svc.cluster.local.', 0),
      dnsResponse(web, dns, 'nope.shop.svc.cluster.local.', 3),
      dnsResponse(web, dns, 'nope.svc.cluster.local.', 3),
    ];
    const g = graphOf(records);
    const http = edge(g, 'shop/web>shop/db|TCP|8080');
    expect(http.flows).toBe(0); // L7 records are not L3/L4 flows
    expect([http.l7Requests, http.l7Responses, http.httpResponses]).toEqual([4, 4, 4]);
    expect(http.httpByClass).toEqual({ '1xx': 0, '2xx': 2, '3xx': 0, '4xx': 0, '5xx': 2 });
    expect(http.http5xxPct).toBe(50);
    expect(http.l7).toEqual(['http']);
    expect(http.latencyMs.samples).toBe(4);
    expect(Math.abs(http.latencyMs.p50! - 20) / 20).toBeLessThanOrEqual(0.01);
    expect(Math.abs(http.latencyMs.p95! - 30) / 30).toBeLessThanOrEqual(0.01);
    const d = edge(g, 'shop/web>kube-system/coredns|UDP|53');
    expect([d.l7Requests, d.dnsResponses, d.dnsFailures, d.dnsFailurePct]).toEqual([
      1, 3, 2, 66.67,
    ]);
    expect(d.latencyMs).toEqual({ p50: null, p95: null, samples: 0 });
  });
});

describe('windows', () => {
  const early = flowBetween(web, db, { timeMs: T0 });
  const late = (n: number) =>
    Array.from({ length: n }, (_, i) =>
      flowBetween(web, pod('shop', 'cache-0'), { timeMs: T0 + 600_000 + i }),
    );

  it('slides without rescanning: a 1m window ten minutes later holds only recent edges', () => {
    const g = createGraphAggregator();
    g.add([early, ...late(110)]);
    const now = T0 + 605_000; // 5 s into a 10 s bucket: the window spans 55 s
    const m1 = g.snapshot('1m', {}, now);
    expect(m1.edges.map(e => e.id)).toEqual(['shop/web>shop/cache|TCP|8080']);
    expect(m1.durationMs).toBe(55_000);
    expect(m1.edges[0]!.flowRate).toBe(2);
    const m15 = g.snapshot('15m', {}, now);
    expect(m15.edges.map(e => e.flows)).toEqual([110, 1]);
    expect(m15.durationMs).toBe(605_000); // data started at T0, inside the window
    const all = g.snapshot('all');
    expect(all.edges.length).toBe(2);
    expect(all.durationMs).toBe(600_109);
    expect(g.snapshot('1h', {}, T0 + 3 * 3_600_000).edges).toEqual([]);
  });

  it('keeps records without a time in "all" only', () => {
    const g = createGraphAggregator();
    g.add([flowBetween(web, db, { timeMs: 0 }), flowBetween(web, db, { timeMs: T0 })]);
    expect(g.snapshot('all').edges[0]!.flows).toBe(2);
    expect(g.snapshot('1m').edges[0]!.flows).toBe(1);
    expect(g.snapshot('all').accounting.untimed).toBe(1);
  });
});

describe('bounds and filters', () => {
  it('evicts the least recently seen edges beyond the cap and reports it', () => {
    const g = createGraphAggregator({ maxEdges: 10 });
    for (let i = 0; i < 25; i++) {
      g.add([flowBetween(web, db, { dstPort: 1000 + i, timeMs: T0 + i * 1000 })]);
    }
    const s = g.snapshot('all');
    expect(g.size.edges).toBeLessThanOrEqual(10);
    expect(s.truncated.edges).toBe(25 - g.size.edges);
    expect(Math.min(...s.edges.map(e => e.port))).toBeGreaterThanOrEqual(1015);
  });

  it('evicts stale nodes with their edges and never the node being added', () => {
    const g = createGraphAggregator({ maxNodes: 10 });
    for (let i = 0; i < 30; i++) {
      g.add([flowBetween(pod('ns', `client${i}-0`), db, { timeMs: T0 + i })]);
    }
    expect(g.size.nodes).toBeLessThanOrEqual(10);
    const s = g.snapshot('all');
    expect(s.truncated.nodes).toBe(30 + 1 - g.size.nodes);
    // The server is seen with every flow, so it stays; the newest client stays with its edge.
    expect(s.nodes.map(n => n.id)).toEqual(expect.arrayContaining(['shop/db', 'ns/client29']));
    expect(s.nodes.map(n => n.id)).not.toContain('ns/client0');
    expect(s.edges.length).toBe(s.nodes.length - 1);
  });

  it('filters by namespace, reserved nodes and errors, and says how much it hid', () => {
    const records = [
      flowBetween(web, db),
      flowBetween(reserved('host', 1), db, { dstPort: 9090 }),
      dropBetween(pod('other', 'x-0'), pod('other', 'y-0'), 'POLICY_DENIED', 133),
    ];
    const g = createGraphAggregator();
    g.add(records);
    const shop = g.snapshot('all', { namespaces: ['shop'], hideReserved: true });
    expect(shop.edges.map(e => e.id)).toEqual(['shop/web>shop/db|TCP|8080']);
    expect(shop.hidden).toEqual({ nodes: 3, edges: 2 });
    const bad = g.snapshot('all', { errorsOnly: true });
    expect(bad.edges.map(e => e.id)).toEqual(['other/x>other/y|TCP|8080']);
  });
});

describe('real samples', () => {
  it('bookinfo: one node per app, L7 totals equal the L7 records', () => {
    const records = sampleRecords('400-tcp');
    const g = graphOf(records);
    expect(g.nodes.map(n => n.id)).not.toContain('bookinfo/details-v1');
    const sum = (f: (e: GraphEdge) => number) => g.edges.reduce((s, e) => s + f(e), 0);
    const l7 = (t: string) => records.filter(r => r.l7?.type === t && r.l7.http !== null).length;
    expect(sum(e => e.l7Requests)).toBe(l7('REQUEST'));
    expect(sum(e => e.httpResponses)).toBe(l7('RESPONSE'));
    expect(sum(e => e.httpByClass['2xx'])).toBe(
      records.filter(r => r.l7?.http?.code === 200).length,
    );
    expect(sum(e => e.observed)).toBe(records.length);
    expect(g.accounting.records).toBe(records.length);
  });

  it('DNS sample: every query and response lands on a client -> coredns edge', () => {
    const g = graphOf(sampleRecords('400-udp'));
    const toDns = g.edges.filter(e => e.target === 'kube-system/coredns' && e.port === 53);
    expect(toDns.reduce((s, e) => s + e.l7Requests, 0)).toBe(74);
    expect(toDns.reduce((s, e) => s + e.dnsResponses, 0)).toBe(74);
    expect(toDns.every(e => e.dnsFailures === 0)).toBe(true);
  });

  it('docs drops sample: both drops counted with their reasons', () => {
    const g = graphOf(sampleRecords('2-drops'));
    expect(g.edges.reduce((s, e) => s + e.dropped, 0)).toBe(2);
    expect(edge(g, 'default/xwing>default/deathstar|TCP|80').topDropReasons).toEqual([
      { reason: 'POLICY_DENIED', count: 1 },
    ]);
  });
});
