import { describe, expect, it } from 'vitest';
import type { FlowRecord } from '@/lib/model/flow-record';
import type { TimeWindow } from '@/lib/model/time-window';
import { createMetricsAggregator, rcodeName } from './metrics';
import {
  dnsQuery,
  dnsResponse,
  dropBetween,
  httpRequest,
  httpResponse,
  pod,
  reserved,
  T0,
} from './testing/flow-builders';
import { sampleLines, sampleNames, sampleRecords } from './testing/samples';

const inc = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);

// Independent rcode table (RFC 1035 / 2136 numbering) for the naive recount.
const RCODE_NAMES: Record<number, string> = {
  0: 'NOERROR',
  1: 'FORMERR',
  2: 'SERVFAIL',
  3: 'NXDOMAIN',
  4: 'NOTIMP',
  5: 'REFUSED',
};

interface RawFlow {
  verdict?: string;
  drop_reason_desc?: string;
  l7?: { type?: string; dns?: { rcode?: number; qtypes?: string[] }; http?: { code?: number } };
}

/** Counts straight from the jsonpb lines, without our decoder or aggregator. */
function naiveFromJson(lines: string[]) {
  const drops: Record<string, number> = {};
  const rcodes: Record<string, number> = {};
  const status: Record<string, number> = {};
  const n = { drops: 0, queries: 0, responses: 0, requests: 0, httpResponses: 0 };
  for (const line of lines) {
    const f = (JSON.parse(line) as { flow?: RawFlow }).flow;
    if (f === undefined) continue;
    if (f.verdict === 'DROPPED') {
      n.drops++;
      inc(drops, f.drop_reason_desc ?? 'DROP_REASON_UNKNOWN');
    }
    const l7 = f.l7;
    if (l7?.dns !== undefined) {
      if (l7.type === 'REQUEST') n.queries++;
      if (l7.type === 'RESPONSE') {
        n.responses++;
        inc(rcodes, RCODE_NAMES[l7.dns.rcode ?? 0]!);
      }
    }
    if (l7?.http !== undefined) {
      if (l7.type === 'REQUEST') n.requests++;
      if (l7.type === 'RESPONSE') {
        n.httpResponses++;
        inc(status, String(l7.http.code ?? 0));
      }
    }
  }
  return { ...n, drops: n.drops, byReason: drops, byRcode: rcodes, byStatus: status };
}

describe('counts agree exactly with a naive recount of the real samples', () => {
  const all = sampleNames().map(name => name.replace(/\.jsonl$/, ''));
  for (const name of [...all, 'every sample at once']) {
    it(name, () => {
      const frags = name === 'every sample at once' ? all : [name];
      const naive = naiveFromJson(frags.flatMap(f => sampleLines(f)));
      const m = createMetricsAggregator();
      for (const f of frags) m.add(sampleRecords(f));
      const drops = m.drops('all');
      const dns = m.dns('all');
      const http = m.http('all');
      expect({ total: drops.total, byReason: drops.byReason }).toEqual({
        total: naive.drops,
        byReason: naive.byReason,
      });
      expect({ queries: dns.queries, responses: dns.responses, byRcode: dns.byRcode }).toEqual({
        queries: naive.queries,
        responses: naive.responses,
        byRcode: naive.byRcode,
      });
      expect({
        requests: http.requests,
        responses: http.responses,
        byStatus: http.byStatus,
      }).toEqual({
        requests: naive.requests,
        responses: naive.httpResponses,
        byStatus: naive.byStatus,
      });
    });
  }

  it('the samples hold what the recount needs (so the comparison is not vacuous)', () => {
    const naive = naiveFromJson(all.flatMap(f => sampleLines(f)));
    expect(naive.drops).toBe(2);
    expect(naive.queries).toBe(74);
    expect(naive.byRcode).toEqual({ NOERROR: 74 });
    expect(naive.byStatus).toEqual({ '200': 32 });
  });
});

// Deterministic PRNG (mulberry32).
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const clients = [
  pod('shop', 'web-7d4b9c8f6d-x2x9z'),
  pod('shop', 'worker-0'),
  pod('ops', 'cron-0'),
];
const servers = [pod('shop', 'db-0'), pod('shop', 'api-5c9f8d7b6c-qq2wz'), reserved('world', 2)];
const coredns = pod('kube-system', 'coredns-558bd4d5db-w2m67');
const REASONS: [string, number][] = [
  ['POLICY_DENIED', 133],
  ['STALE_OR_UNROUTABLE_IP', 151],
  ['CT_MAP_INSERTION_FAILED', 155],
  ['UNSUPPORTED_L2_PROTOCOL', 166],
];
const STATUSES = [200, 200, 200, 201, 301, 404, 500, 503];
const RCODES = [0, 0, 0, 2, 3, 3, 5];

/** 20k mixed records over 30 minutes. */
function synthetic(): FlowRecord[] {
  const rand = prng(2026);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const out: FlowRecord[] = [];
  for (let i = 0; i < 20_000; i++) {
    const timeMs = T0 + Math.floor((i / 20_000) * 1_800_000);
    const c = pick(clients);
    const s = pick(servers);
    const kind = rand();
    if (kind < 0.25) {
      const [reason, code] = pick(REASONS);
      out.push(dropBetween(c, s, reason, code, { timeMs, eventType: rand() < 0.3 ? 5 : 1 }));
    } else if (kind < 0.6) {
      const q = `svc-${Math.floor(rand() * 5)}.shop.svc.cluster.local.`;
      const port = 30_000 + i;
      out.push(dnsQuery(c, coredns, q, { timeMs, srcPort: port, qtype: pick(['A', 'AAAA']) }));
      if (rand() < 0.9) {
        out.push(dnsResponse(c, coredns, q, pick(RCODES), { timeMs: timeMs + 2, dstPort: port }));
      }
    } else {
      const url = `http://api/items/${Math.floor(rand() * 1000)}`;
      out.push(httpRequest(c, s, 'GET', url, { timeMs }));
      out.push(
        httpResponse(c, s, 'GET', url, pick(STATUSES), 1 + rand() * 99, { timeMs: timeMs + 5 }),
      );
    }
  }
  return out;
}

describe('windowed counts agree with a naive recount over the same time range', () => {
  const records = synthetic();
  const m = createMetricsAggregator();
  for (let i = 0; i < records.length; i += 1000) m.add(records.slice(i, i + 1000));

  for (const window of ['1m', '5m', '15m', '1h', 'all'] as TimeWindow[]) {
    it(window, () => {
      const drops = m.drops(window);
      const dns = m.dns(window);
      const http = m.http(window);
      expect(drops.startMs).toBe(dns.startMs);
      const inWindow = records.filter(r => window === 'all' || r.timeMs >= drops.startMs);
      const byReason: Record<string, number> = {};
      const byRcode: Record<string, number> = {};
      const byStatus: Record<string, number> = {};
      let pv = 0;
      const latencies: number[] = [];
      for (const r of inWindow) {
        if (r.verdict === 'DROPPED') {
          inc(byReason, r.dropReason);
          if (r.eventType === 5) pv++;
        }
        if (r.l7?.dns && r.l7.type === 'RESPONSE') inc(byRcode, rcodeName(r.l7.dns.rcode));
        if (r.l7?.http && r.l7.type === 'RESPONSE') {
          inc(byStatus, String(r.l7.http.code));
          latencies.push(r.l7.latencyNs / 1e6);
        }
      }
      expect(drops.byReason).toEqual(byReason);
      expect(drops.policyVerdictEvents).toBe(pv);
      expect(dns.byRcode).toEqual(byRcode);
      expect(http.byStatus).toEqual(byStatus);
      expect(drops.policy).toBe(byReason.POLICY_DENIED ?? 0);
      expect(drops.byGroup.noise).toBe(byReason.UNSUPPORTED_L2_PROTOCOL ?? 0);
      // Stacked series add up to the totals of the same buckets.
      const seriesTotal = http.series.points.reduce((s, p) => s + p.total, 0);
      expect(seriesTotal).toBe(http.responses);
      // Latency percentiles within the sketch's 1 % of the exact sample.
      latencies.sort((a, b) => a - b);
      for (const [q, got] of [
        [0.5, http.latencyMs.p50],
        [0.95, http.latencyMs.p95],
        [0.99, http.latencyMs.p99],
      ] as const) {
        const exact = latencies[Math.floor(q * (latencies.length - 1))]!;
        expect(Math.abs(got! - exact) / exact, `p${q * 100}`).toBeLessThanOrEqual(0.0101);
      }
    });
  }
});

describe('DNS and HTTP breakdowns', () => {
  const web = clients[0]!;
  const worker = clients[1]!;
  const api = servers[1]!;

  it('lists failing names with the clients asking, qtypes and unanswered queries', () => {
    const m = createMetricsAggregator();
    m.add([
      dnsQuery(web, coredns, 'nope.example.', { srcPort: 1, timeMs: T0 }),
      dnsResponse(web, coredns, 'nope.example.', 3, { dstPort: 1, timeMs: T0 + 1 }),
      dnsQuery(worker, coredns, 'nope.example.', { srcPort: 2, timeMs: T0 + 2, qtype: 'AAAA' }),
      dnsResponse(worker, coredns, 'nope.example.', 3, {
        dstPort: 2,
        qtype: 'AAAA',
        timeMs: T0 + 3,
      }),
      dnsResponse(web, coredns, 'nope.example.', 3, { dstPort: 3, timeMs: T0 + 4 }),
      dnsQuery(web, coredns, 'flaky.example.', { srcPort: 4, timeMs: T0 + 5 }),
      dnsResponse(web, coredns, 'flaky.example.', 2, { dstPort: 4, timeMs: T0 + 6 }),
      dnsQuery(web, coredns, 'lost.example.', { srcPort: 5, timeMs: T0 + 10 }),
      dnsQuery(web, coredns, 'ok.example.', { srcPort: 6, timeMs: T0 + 10_000 }),
    ]);
    const d = m.dns('all');
    expect(d.byRcode).toEqual({ NXDOMAIN: 3, SERVFAIL: 1 });
    expect([d.failures, d.failurePct]).toEqual([4, 100]);
    expect(d.byQtype).toEqual({ A: 4, AAAA: 1 });
    expect(d.topFailing[0]).toMatchObject({ name: 'nope.example.', count: 3 });
    expect(d.topFailing[0]!.clients.map(c => [c.id, c.count])).toEqual([
      ['shop/web', 2],
      ['shop/worker', 1],
    ]);
    expect(d.topFailing[1]).toMatchObject({ name: 'flaky.example.', count: 1 });
    expect([d.unanswered, d.pending, d.unmatchedResponses]).toEqual([1, 1, 1]);
    expect(d.topUnanswered).toEqual([{ key: 'lost.example.', count: 1 }]);
    m.advance(T0 + 20_000);
    expect([m.dns('all').unanswered, m.dns('all').pending]).toEqual([2, 0]);
  });

  it('collapses routes, ranks 5xx routes and splits reporters', () => {
    const m = createMetricsAggregator();
    const records: FlowRecord[] = [];
    for (let i = 0; i < 6; i++) {
      const url = `http://api/orders/${i}?x=1`;
      records.push(httpRequest(web, api, 'GET', url));
      records.push(httpResponse(web, api, 'GET', url, i < 2 ? 503 : 200, 10));
    }
    records.push(httpRequest(web, api, 'POST', '/login', { direction: 'INGRESS' }));
    records.push(httpResponse(web, api, 'POST', '/login', 500, 0, { direction: 'INGRESS' }));
    m.add(records);
    const h = m.http('all');
    expect(h.byStatus).toEqual({ '200': 4, '503': 2, '500': 1 });
    expect(h.byClass).toEqual({ '1xx': 0, '2xx': 4, '3xx': 0, '4xx': 0, '5xx': 3, other: 0 });
    expect(h.errorPct).toBe(42.86);
    expect(h.byReporter).toEqual({ client: 12, server: 2, unknown: 0 });
    expect(h.latencyMs.samples).toBe(6); // the login response carried no latency
    expect(h.services.map(s => [s.service.id, s.requests, s.responses])).toEqual([
      ['shop/api', 7, 7],
    ]);
    expect(h.routes.map(r => `${r.method} ${r.route} ${r.requests} ${r.byClass['5xx']}`)).toEqual([
      'GET /orders/:id 6 2',
      'POST /login 1 1',
    ]);
    expect(h.top5xxRoutes.map(r => r.route)).toEqual(['/orders/:id', '/login']);
    expect(h.routes[0]!.errorPct).toBe(33.33);
  });

  it('breaks drops down by workload, namespace, node, pair, class and group', () => {
    const m = createMetricsAggregator();
    m.add([
      dropBetween(web, api, 'POLICY_DENIED', 133, { node: 'n1' }),
      dropBetween(web, api, 'POLICY_DENIED', 133, { node: 'n1', eventType: 5 }),
      dropBetween(worker, api, 'MISSED_TAIL_CALL', 140, { node: 'n2' }),
      dropBetween(clients[2]!, reserved('world', 2), 'UNSUPPORTED_L2_PROTOCOL', 166, {
        node: 'n2',
      }),
    ]);
    const d = m.drops('all');
    expect([d.total, d.policy, d.datapath, d.policyVerdictEvents]).toEqual([4, 2, 2, 1]);
    expect(d.byClass).toEqual({ benign: 1, transient: 1, actionable: 2 });
    expect(d.byGroup).toEqual({ policy: 2, capacity: 0, lifecycle: 1, noise: 1, datapath: 0 });
    expect(d.bySourceWorkload.map(w => [w.id, w.count])).toEqual([
      ['shop/web', 2],
      ['ops/cron', 1],
      ['shop/worker', 1],
    ]);
    expect(d.byDestinationNamespace).toEqual([
      { key: 'shop', count: 3 },
      { key: '', count: 1 },
    ]);
    expect(d.byNode).toEqual([
      { key: 'n1', count: 2 },
      { key: 'n2', count: 2 },
    ]);
    expect(d.topPairs[0]).toMatchObject({
      source: { id: 'shop/web' },
      destination: { id: 'shop/api' },
      count: 2,
    });
    expect(d.series.keys).toEqual(['POLICY_DENIED', 'MISSED_TAIL_CALL', 'UNSUPPORTED_L2_PROTOCOL']);
  });

  it('names rcodes like IANA', () => {
    expect([0, 1, 2, 3, 4, 5, 16, 99].map(rcodeName)).toEqual([
      'NOERROR',
      'FORMERR',
      'SERVFAIL',
      'NXDOMAIN',
      'NOTIMP',
      'REFUSED',
      'BADVERS',
      'RCODE_99',
    ]);
  });
});
