/**
 * JSON-safe drop / DNS / HTTP metrics returned by `GET /api/v1/metrics/{drops,dns,http}` and drawn
 * by the metrics pages. Produced by lib/aggregate/metrics.ts; what counts as a drop, a DNS query or
 * response and an HTTP request or response is defined there. Every count covers the window.
 */
import type { TimeWindow } from './time-window';

export interface MetricsWindowInfo {
  window: TimeWindow;
  /** End of the window, ms since the epoch. */
  nowMs: number;
  /** Start of the window as covered by whole time buckets. */
  startMs: number;
  /** Denominator of every rate, ms: the window span that held data. */
  durationMs: number;
  /**
   * True when a top-N list may be inexact because a bounded counter overflowed in some time bucket
   * (the `by*` enumerations of reasons, rcodes and status codes are always exact).
   */
  approximate: boolean;
}

/** A workload (graph node) reference. */
export interface WorkloadRef {
  id: string;
  label: string;
  namespace: string;
  kind: 'workload' | 'reserved' | 'world' | 'cidr';
}

export interface CountEntry {
  key: string;
  count: number;
}

export interface WorkloadCount extends WorkloadRef {
  count: number;
}

/** One time bucket of a stacked series. */
export interface SeriesPoint {
  /** Bucket start, ms since the epoch. */
  t: number;
  total: number;
  /** Count per stack key; keys with 0 are omitted. */
  byKey: Record<string, number>;
}

export interface MetricSeries {
  bucketMs: number;
  /** Stack keys present in the window, largest total first. */
  keys: string[];
  /** One point per bucket from startMs to nowMs, empty buckets included. */
  points: SeriesPoint[];
}

export interface LatencyPercentiles {
  /** Milliseconds; null when no sample in the window. */
  p50: number | null;
  p95: number | null;
  p99: number | null;
  samples: number;
}

/** drop-reasons.md classes: benign noise, transient (restarts, churn), actionable. */
export type DropClass = 'benign' | 'transient' | 'actionable';

/** drop-reasons.md triage groups. */
export type DropGroup = 'policy' | 'capacity' | 'lifecycle' | 'noise' | 'datapath';

export interface DropPair {
  source: WorkloadRef;
  destination: WorkloadRef;
  count: number;
}

export interface DropMetrics extends MetricsWindowInfo {
  /** DROPPED flow records (every one, as Hubble's hubble_drop_total counts them). */
  total: number;
  ratePerSec: number;
  /** By `drop_reason_desc` name (`CODE_<n>` for codes newer than our table). */
  byReason: Record<string, number>;
  /** Drops in the policy group vs everything else. */
  policy: number;
  datapath: number;
  byGroup: Record<DropGroup, number>;
  byClass: Record<DropClass, number>;
  /** Of `total`, the policy-verdict events (each also reported as a separate drop event). */
  policyVerdictEvents: number;
  bySourceWorkload: WorkloadCount[];
  byDestinationWorkload: WorkloadCount[];
  bySourceNamespace: CountEntry[];
  byDestinationNamespace: CountEntry[];
  byNode: CountEntry[];
  topPairs: DropPair[];
  /** Stacked by reason. */
  series: MetricSeries;
}

export interface DnsFailingName {
  name: string;
  /** Failed responses (rcode other than NOERROR). */
  count: number;
  /** The workloads asking for it, most failures first. */
  clients: WorkloadCount[];
}

export interface DnsMetrics extends MetricsWindowInfo {
  /** L7 DNS REQUEST records. */
  queries: number;
  /** L7 DNS RESPONSE records. */
  responses: number;
  queryRate: number;
  /** Responses by rcode name (NOERROR, FORMERR, SERVFAIL, NXDOMAIN, NOTIMP, REFUSED, ...). */
  byRcode: Record<string, number>;
  /** Responses with an rcode other than NOERROR. */
  failures: number;
  failurePct: number;
  /** Queries by query type (A, AAAA, ...). */
  byQtype: Record<string, number>;
  topFailing: DnsFailingName[];
  /** Queries with no matching response within the timeout. */
  unanswered: number;
  topUnanswered: CountEntry[];
  /** Queries still inside the timeout at the window end. */
  pending: number;
  /** Responses whose query was not seen (capture started mid-exchange, or evicted). */
  unmatchedResponses: number;
  /** From the response `latency_ns` where the agent sent one. */
  latencyMs: LatencyPercentiles;
  /** Responses stacked by rcode name. */
  series: MetricSeries;
}

export interface HttpStatusClasses {
  '1xx': number;
  '2xx': number;
  '3xx': number;
  '4xx': number;
  '5xx': number;
  /** Status 0 or outside 100–599. */
  other: number;
}

export interface HttpGroupMetrics {
  requests: number;
  responses: number;
  requestRate: number;
  byClass: HttpStatusClasses;
  /** 5xx / responses × 100. */
  errorPct: number;
  latencyMs: LatencyPercentiles;
}

export interface HttpServiceMetrics extends HttpGroupMetrics {
  /** The server workload. */
  service: WorkloadRef;
}

export interface HttpRouteMetrics extends HttpGroupMetrics {
  service: WorkloadRef;
  method: string;
  /** Path with numeric, UUID and hex segments collapsed to `:id`. */
  route: string;
}

export interface HttpMetrics extends MetricsWindowInfo {
  /** L7 HTTP REQUEST records. */
  requests: number;
  /** L7 HTTP RESPONSE records. */
  responses: number;
  requestRate: number;
  /** Responses by status code (`"200"`, `"503"`, ...). */
  byStatus: Record<string, number>;
  byClass: HttpStatusClasses;
  /** 5xx / responses × 100. */
  errorPct: number;
  latencyMs: LatencyPercentiles;
  /** Records by reporting proxy: client = egress (traffic_direction EGRESS), server = ingress. */
  byReporter: { client: number; server: number; unknown: number };
  services: HttpServiceMetrics[];
  routes: HttpRouteMetrics[];
  /** Routes with the most 5xx responses. */
  top5xxRoutes: HttpRouteMetrics[];
  /** Responses stacked by status class. */
  series: MetricSeries;
}
