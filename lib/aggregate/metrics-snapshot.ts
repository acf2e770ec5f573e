/**
 * Turns the metrics panes of one window into the API shapes (lib/model/flow-metrics.ts): sums the
 * exact counters, merges sketches and top-K summaries, and builds the stacked time series from the
 * panes of the series tier (one point per bucket, empty buckets included).
 */
import type {
  CountEntry,
  DnsMetrics,
  DropMetrics,
  HttpGroupMetrics,
  HttpMetrics,
  HttpRouteMetrics,
  HttpServiceMetrics,
  LatencyPercentiles,
  MetricSeries,
  MetricsWindowInfo,
  SeriesPoint,
  WorkloadCount,
  WorkloadRef,
} from '@/lib/model/flow-metrics';
import { bump, newHttpGroup, type HttpGroup, type MetricsPane } from './metrics-pane';
import { QuantileSketch, type TopK } from './sketch';

/** The panes of one window plus what the builders need around them. */
export interface PaneWindow {
  info: Omit<MetricsWindowInfo, 'approximate'>;
  /** Panes covering the window (for `all`, the single total pane). */
  panes: MetricsPane[];
  /** Series tier: bucket size, bucket range and the panes held in it by bucket number. */
  series: {
    bucketMs: number;
    fromBucket: number;
    toBucket: number;
    panes: Map<number, MetricsPane>;
  };
  refOf: (id: string) => WorkloadRef;
  /** Length of top-N lists. */
  topN: number;
}

const CLASS_KEYS = ['other', '1xx', '2xx', '3xx', '4xx', '5xx'] as const;
const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
const pct = (part: number, whole: number) => (whole > 0 ? round((part / whole) * 100, 2) : 0);

function sorted(m: Map<string, number>, n = Infinity): CountEntry[] {
  return [...m]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, n)
    .map(([key, count]) => ({ key, count }));
}

function mergeTop(panes: MetricsPane[], pick: (p: MetricsPane) => TopK): Map<string, number> {
  const m = new Map<string, number>();
  for (const p of panes) pick(p).forEach((k, c) => bump(m, k, c));
  return m;
}

function mergeMap(panes: MetricsPane[], pick: (p: MetricsPane) => Map<string, number>) {
  const m = new Map<string, number>();
  for (const p of panes) for (const [k, c] of pick(p)) bump(m, k, c);
  return m;
}

function sum(panes: MetricsPane[], pick: (p: MetricsPane) => number): number {
  let s = 0;
  for (const p of panes) s += pick(p);
  return s;
}

function percentiles(panes: MetricsPane[], pick: (p: MetricsPane) => QuantileSketch) {
  const s = new QuantileSketch();
  for (const p of panes) s.merge(pick(p));
  return latencyOf(s);
}

function latencyOf(s: QuantileSketch): LatencyPercentiles {
  const q = (x: number) => {
    const v = s.quantile(x);
    return v === null ? null : round(v, 3);
  };
  return { p50: q(0.5), p95: q(0.95), p99: q(0.99), samples: s.count };
}

function workloads(w: PaneWindow, m: Map<string, number>): WorkloadCount[] {
  return sorted(m, w.topN).map(e => ({ ...w.refOf(e.key), count: e.count }));
}

function series(
  w: PaneWindow,
  keysOf: (p: MetricsPane) => Iterable<[string, number]>,
): MetricSeries {
  const totals = new Map<string, number>();
  const points: SeriesPoint[] = [];
  const s = w.series;
  for (let b = s.fromBucket; b <= s.toBucket; b++) {
    const point: SeriesPoint = { t: b * s.bucketMs, total: 0, byKey: {} };
    const p = s.panes.get(b);
    if (p !== undefined) {
      for (const [k, n] of keysOf(p)) {
        if (n === 0) continue;
        point.byKey[k] = n;
        point.total += n;
        bump(totals, k, n);
      }
    }
    points.push(point);
  }
  return { bucketMs: s.bucketMs, keys: sorted(totals).map(e => e.key), points };
}

function info(w: PaneWindow): MetricsWindowInfo {
  return { ...w.info, approximate: w.panes.some(p => p.approximate) };
}

/** Drop metrics for the window. */
export function dropMetrics(w: PaneWindow): DropMetrics {
  const { panes } = w;
  const total = sum(panes, p => p.drops);
  const groups = [0, 0, 0, 0, 0];
  const classes = [0, 0, 0];
  for (const p of panes) {
    for (let i = 0; i < 5; i++) groups[i]! += p.dropGroups[i]!;
    for (let i = 0; i < 3; i++) classes[i]! += p.dropClasses[i]!;
  }
  const pairs = sorted(
    mergeTop(panes, p => p.dropPairs),
    w.topN,
  ).map(e => {
    const [src, dst] = e.key.split('\u0000') as [string, string];
    return { source: w.refOf(src), destination: w.refOf(dst), count: e.count };
  });
  return {
    ...info(w),
    total,
    ratePerSec: round(total / (w.info.durationMs / 1000), 3),
    byReason: Object.fromEntries(mergeMap(panes, p => p.dropReasons)),
    policy: groups[0]!,
    datapath: total - groups[0]!,
    byGroup: {
      policy: groups[0]!,
      capacity: groups[1]!,
      lifecycle: groups[2]!,
      noise: groups[3]!,
      datapath: groups[4]!,
    },
    byClass: { benign: classes[0]!, transient: classes[1]!, actionable: classes[2]! },
    policyVerdictEvents: sum(panes, p => p.dropPolicyVerdicts),
    bySourceWorkload: workloads(
      w,
      mergeTop(panes, p => p.dropSrc),
    ),
    byDestinationWorkload: workloads(
      w,
      mergeTop(panes, p => p.dropDst),
    ),
    bySourceNamespace: sorted(
      mergeTop(panes, p => p.dropSrcNs),
      w.topN,
    ),
    byDestinationNamespace: sorted(
      mergeTop(panes, p => p.dropDstNs),
      w.topN,
    ),
    byNode: sorted(
      mergeTop(panes, p => p.dropNodes),
      w.topN,
    ),
    topPairs: pairs,
    series: series(w, p => p.dropReasons),
  };
}

/** DNS metrics for the window; `pending` is the tracker's current outstanding count. */
export function dnsMetrics(w: PaneWindow, pending: number): DnsMetrics {
  const { panes } = w;
  const queries = sum(panes, p => p.dnsQueries);
  const responses = sum(panes, p => p.dnsResponses);
  const failures = sum(panes, p => p.dnsFailures);
  const clients = mergeTop(panes, p => p.dnsFailingClients);
  const byName = new Map<string, Map<string, number>>();
  for (const [key, n] of clients) {
    const [name, client] = key.split('\u0000') as [string, string];
    let m = byName.get(name);
    if (m === undefined) byName.set(name, (m = new Map()));
    bump(m, client, n);
  }
  const topFailing = sorted(
    mergeTop(panes, p => p.dnsFailingNames),
    w.topN,
  ).map(e => ({
    name: e.key,
    count: e.count,
    clients: workloads(w, byName.get(e.key) ?? new Map()),
  }));
  return {
    ...info(w),
    queries,
    responses,
    queryRate: round(queries / (w.info.durationMs / 1000), 3),
    byRcode: Object.fromEntries(mergeMap(panes, p => p.dnsRcodes)),
    failures,
    failurePct: pct(failures, responses),
    byQtype: Object.fromEntries(mergeMap(panes, p => p.dnsQtypes)),
    topFailing,
    unanswered: sum(panes, p => p.dnsUnanswered),
    topUnanswered: sorted(
      mergeTop(panes, p => p.dnsUnansweredNames),
      w.topN,
    ),
    pending,
    unmatchedResponses: sum(panes, p => p.dnsUnmatched),
    latencyMs: percentiles(panes, p => p.dnsLatency),
    series: series(w, p => p.dnsRcodes),
  };
}

function mergeGroups(panes: MetricsPane[], pick: (p: MetricsPane) => Map<string, HttpGroup>) {
  const m = new Map<string, HttpGroup>();
  for (const p of panes) {
    for (const [k, g] of pick(p)) {
      let acc = m.get(k);
      if (acc === undefined) m.set(k, (acc = newHttpGroup()));
      acc.requests += g.requests;
      acc.responses += g.responses;
      for (let i = 0; i < 6; i++) acc.classes[i]! += g.classes[i]!;
      acc.latency.merge(g.latency);
    }
  }
  return m;
}

function classesOf(c: number[]) {
  return { '1xx': c[1]!, '2xx': c[2]!, '3xx': c[3]!, '4xx': c[4]!, '5xx': c[5]!, other: c[0]! };
}

function groupMetrics(g: HttpGroup, seconds: number): HttpGroupMetrics {
  return {
    requests: g.requests,
    responses: g.responses,
    requestRate: round(g.requests / seconds, 3),
    byClass: classesOf(g.classes),
    errorPct: pct(g.classes[5]!, g.responses),
    latencyMs: latencyOf(g.latency),
  };
}

/** HTTP metrics for the window. */
export function httpMetrics(w: PaneWindow): HttpMetrics {
  const { panes } = w;
  const seconds = w.info.durationMs / 1000;
  const requests = sum(panes, p => p.httpRequests);
  const responses = sum(panes, p => p.httpResponses);
  const classes = [0, 0, 0, 0, 0, 0];
  const reporters = [0, 0, 0];
  for (const p of panes) {
    for (let i = 0; i < 6; i++) classes[i]! += p.httpClasses[i]!;
    for (let i = 0; i < 3; i++) reporters[i]! += p.httpReporters[i]!;
  }
  const busiest = (a: HttpGroupMetrics, b: HttpGroupMetrics) =>
    b.requests + b.responses - (a.requests + a.responses);
  const services: HttpServiceMetrics[] = [...mergeGroups(panes, p => p.httpServices.map)]
    .map(([id, g]) => ({ service: w.refOf(id), ...groupMetrics(g, seconds) }))
    .sort(busiest);
  const routes: HttpRouteMetrics[] = [...mergeGroups(panes, p => p.httpRoutes.map)].map(
    ([key, g]) => {
      const [id, route] = key.split('\u0000') as [string, string];
      const space = route.indexOf(' ');
      return {
        service: w.refOf(id),
        method: route.slice(0, space),
        route: route.slice(space + 1),
        ...groupMetrics(g, seconds),
      };
    },
  );
  const top5xx = routes
    .filter(r => r.byClass['5xx'] > 0)
    .sort((a, b) => b.byClass['5xx'] - a.byClass['5xx'])
    .slice(0, w.topN);
  return {
    ...info(w),
    requests,
    responses,
    requestRate: round(requests / seconds, 3),
    byStatus: Object.fromEntries(mergeMap(panes, p => p.httpStatus)),
    byClass: classesOf(classes),
    errorPct: pct(classes[5]!, responses),
    latencyMs: percentiles(panes, p => p.httpLatency),
    byReporter: { client: reporters[0]!, server: reporters[1]!, unknown: reporters[2]! },
    services: services.slice(0, w.topN * 5),
    routes: routes.sort(busiest).slice(0, w.topN * 10),
    top5xxRoutes: top5xx,
    series: series(w, p => CLASS_KEYS.map((k, i) => [k, p.httpClasses[i]!] as [string, number])),
  };
}
