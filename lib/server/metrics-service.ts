/**
 * Drop / DNS / HTTP metrics and the triage list for the API routes (issue 4). Routes stay thin: they
 * call {@link metricsResponse} or {@link triageResponse}; everything here is testable with a hub fed
 * with flow records and no HTTP server.
 */
import { createWorkloadResolver } from '@/lib/aggregate/workload';
import { rankProblems, workloadLabel, type MetricsTriple } from '@/lib/aggregate/triage';
import type { MetricsAggregator } from '@/lib/aggregate/metrics';
import type { FlowRecord } from '@/lib/model/flow-record';
import { isTimeWindow, TIME_WINDOWS, WINDOW_MS, type TimeWindow } from '@/lib/model/time-window';
import type { TriageResponse } from '@/lib/model/triage';
import { QueryParseError } from '@/lib/query/flow-query';
import { compileQuery } from '@/lib/query/match';
import { parseQuery } from '@/lib/query/parse';
import { defaultWindow, type Analytics, type Coverage } from './analytics';
import type { FlowHub } from './flow-hub';
import { HttpError, NO_STORE } from './params';

export type MetricsKind = 'drops' | 'dns' | 'http';

/** What the metrics service needs from the hub (a FlowHub satisfies it). */
export type MetricsHub = Pick<FlowHub, 'analytics' | 'store' | 'info' | 'config'>;

export interface MetricsParams {
  window: TimeWindow;
  /** Normalised `q` ('' = everything). */
  q: string;
  match: ((r: FlowRecord) => boolean) | null;
}

function single(url: URL, name: string): string | undefined {
  const all = url.searchParams.getAll(name);
  if (all.length > 1) throw new HttpError(400, `${name} given ${all.length} times; give it once`);
  return all[0];
}

/** Parses `?window=&q=` (`allowQ` false: only `window`). Unknown parameters are a 400. */
export function parseMetricsParams(url: URL, imported: boolean, allowQ = true): MetricsParams {
  const known = allowQ ? ['window', 'q'] : ['window'];
  for (const name of url.searchParams.keys()) {
    if (!known.includes(name) && name !== '_') {
      throw new HttpError(
        400,
        `unknown parameter ${JSON.stringify(name)} (expected ${known.join(', ')})`,
      );
    }
  }
  const w = single(url, 'window');
  if (w !== undefined && !isTimeWindow(w)) {
    throw new HttpError(
      400,
      `window: invalid value ${JSON.stringify(w)} (expected one of ${TIME_WINDOWS.join(', ')})`,
    );
  }
  const window = w ?? defaultWindow(imported);
  const raw = (allowQ ? single(url, 'q') : undefined) ?? '';
  try {
    const query = parseQuery(raw);
    return { window, q: query.text, match: query.text === '' ? null : compileQuery(query) };
  } catch (e) {
    if (e instanceof QueryParseError) throw new HttpError(400, `q: ${e.message}`);
    throw e;
  }
}

function isImported(hub: MetricsHub): boolean {
  return hub.analytics.historical();
}

function nowOf(analytics: Analytics, metrics: MetricsAggregator): number {
  return analytics.nowMs() ?? metrics.newestMs;
}

/** Body of GET /api/v1/metrics/{kind}: the aggregator's metrics plus `q` and `coverage`. */
export function computeMetrics(hub: MetricsHub, kind: MetricsKind, p: MetricsParams) {
  const { pair, coverage } = hub.analytics.select(p.match);
  const now = nowOf(hub.analytics, pair.metrics);
  const m = pair.metrics;
  const body =
    kind === 'drops'
      ? m.drops(p.window, now)
      : kind === 'dns'
        ? m.dns(p.window, now)
        : m.http(p.window, now);
  return { ...body, q: p.q, coverage };
}

/** GET /api/v1/metrics/{drops,dns,http} response. */
export function metricsResponse(hub: MetricsHub, kind: MetricsKind, url: URL): Response {
  const p = parseMetricsParams(url, isImported(hub));
  return Response.json(computeMetrics(hub, kind, p), { headers: NO_STORE });
}

function triple(m: MetricsAggregator, window: TimeWindow, now: number): MetricsTriple {
  return { drops: m.drops(window, now), dns: m.dns(window, now), http: m.http(window, now) };
}

const MAX_DROPS_SCANNED = 20_000;

/**
 * One pass over the retained flows in [startMs, endMs]: how many there are (the denominator of drop
 * shares) and, per drop reason, the workloads on either side, most drops first.
 */
function scanWindow(hub: MetricsHub, startMs: number, endMs: number) {
  let flows = 0;
  const { flows: dropped } = hub.store.query(r => {
    if (r.timeMs < startMs || r.timeMs > endMs) return false;
    flows++;
    return r.verdict === 'DROPPED';
  }, MAX_DROPS_SCANNED);
  const resolver = createWorkloadResolver();
  const perReason = new Map<string, Map<string, number>>();
  for (const r of dropped) {
    const reason = r.dropReason || 'DROP_REASON_UNKNOWN';
    let counts = perReason.get(reason);
    if (!counts) perReason.set(reason, (counts = new Map()));
    for (const ep of [r.src, r.dst]) {
      const label = workloadLabel(resolver.resolve(ep));
      counts.set(label, (counts.get(label) ?? 0) + 1);
    }
  }
  const workloads: Record<string, string[]> = {};
  for (const [reason, counts] of perReason) {
    workloads[reason] = [...counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([l]) => l);
  }
  return { flows, workloads };
}

/** Ranked current problems over `window` (and the equal window before it). */
export function computeTriage(hub: MetricsHub, window: TimeWindow): TriageResponse {
  const { pair, coverage } = hub.analytics.select(null);
  const now = nowOf(hub.analytics, pair.metrics);
  const cur = triple(pair.metrics, window, now);
  const previous = window === 'all' ? null : triple(pair.metrics, window, now - WINDOW_MS[window]);
  const scan = scanWindow(hub, cur.drops.startMs, now);
  const info = hub.info();
  const problems = rankProblems({
    ...cur,
    window,
    nowMs: now,
    previous,
    flowsInWindow: windowFlows(scan.flows, coverage),
    flowsPerSec: windowFlows(scan.flows, coverage) / Math.max(1, cur.drops.durationMs / 1000),
    dropWorkloads: scan.workloads,
    info,
  });
  return {
    window,
    nowMs: now,
    problems,
    watching: {
      flows: scan.flows,
      drops: cur.drops.total,
      dnsResponses: cur.dns.responses,
      httpResponses: cur.http.responses,
      nodes: info.nodes.length,
      connection: info.connection.state,
    },
  };
}

// The store may hold fewer flows than the aggregates saw (it is bounded); never report more flows in
// the window than were ever received.
function windowFlows(scanned: number, coverage: Coverage): number {
  return Math.min(scanned, coverage.flows);
}

/** GET /api/v1/triage response. */
export function triageResponse(hub: MetricsHub, url: URL): Response {
  const { window } = parseMetricsParams(url, isImported(hub), false);
  return Response.json(computeTriage(hub, window), { headers: NO_STORE });
}
