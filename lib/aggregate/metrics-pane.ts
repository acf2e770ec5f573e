/**
 * One time bucket ("pane") of drop / DNS / HTTP metrics. Every structure in it is bounded: exact maps
 * only for naturally small key sets (drop reasons, rcodes, status codes, qtypes) and Space-Saving
 * top-K or capped maps for workloads, namespaces, nodes, names and routes, so a pane's size does not
 * grow with the flow rate. Windows merge panes (metrics-snapshot.ts).
 */
import { QuantileSketch, TopK } from './sketch';

/** Per service or per route HTTP counters. */
export interface HttpGroup {
  requests: number;
  responses: number;
  /** Indexed by status class: 0 = other, 1..5 = 1xx..5xx. */
  classes: number[];
  latency: QuantileSketch;
}

/** An empty {@link HttpGroup}. */
export function newHttpGroup(): HttpGroup {
  return { requests: 0, responses: 0, classes: [0, 0, 0, 0, 0, 0], latency: new QuantileSketch() };
}

/** A map that stops accepting new keys at `cap` (reported through `overflowed`). */
export class CappedMap<V> {
  readonly map = new Map<string, V>();
  overflowed = false;
  constructor(
    readonly cap: number,
    private readonly create: () => V,
  ) {}

  /** Value for `key`, created when there is room; null when full and the key is new. */
  get(key: string): V | null {
    let v = this.map.get(key);
    if (v === undefined) {
      if (this.map.size >= this.cap) {
        this.overflowed = true;
        return null;
      }
      v = this.create();
      this.map.set(key, v);
    }
    return v;
  }

  clear(): void {
    this.map.clear();
    this.overflowed = false;
  }
}

/** Increments a counter in a plain map. */
export function bump(m: Map<string, number>, key: string, n = 1): void {
  m.set(key, (m.get(key) ?? 0) + n);
}

export interface PaneLimits {
  /** Top-K capacity for workloads, namespaces, nodes, pairs and DNS names (default 64). */
  topK: number;
  /** Services tracked per pane (default 256). */
  services: number;
  /** Routes tracked per pane (default 512). */
  routes: number;
}

/** Pane bounds: at most ~60 KB of keys per pane at these sizes. */
export const DEFAULT_PANE_LIMITS: PaneLimits = { topK: 64, services: 256, routes: 512 };

/** Drop, DNS and HTTP counters of one time bucket (or of all time). */
export class MetricsPane {
  drops = 0;
  dropPolicyVerdicts = 0;
  readonly dropReasons = new Map<string, number>();
  /** benign, transient, actionable. */
  readonly dropClasses = [0, 0, 0];
  /** policy, capacity, lifecycle, noise, datapath. */
  readonly dropGroups = [0, 0, 0, 0, 0];
  readonly dropSrc: TopK;
  readonly dropDst: TopK;
  readonly dropSrcNs: TopK;
  readonly dropDstNs: TopK;
  readonly dropNodes: TopK;
  readonly dropPairs: TopK;

  dnsQueries = 0;
  dnsResponses = 0;
  dnsFailures = 0;
  dnsUnanswered = 0;
  dnsUnmatched = 0;
  readonly dnsRcodes = new Map<string, number>();
  readonly dnsQtypes = new Map<string, number>();
  readonly dnsFailingNames: TopK;
  /** Keyed `name \0 client node id`. */
  readonly dnsFailingClients: TopK;
  readonly dnsUnansweredNames: TopK;
  readonly dnsLatency = new QuantileSketch();

  httpRequests = 0;
  httpResponses = 0;
  readonly httpStatus = new Map<string, number>();
  /** other, 1xx..5xx. */
  readonly httpClasses = [0, 0, 0, 0, 0, 0];
  /** client (egress proxy), server (ingress proxy), unknown. */
  readonly httpReporters = [0, 0, 0];
  readonly httpLatency = new QuantileSketch();
  readonly httpServices: CappedMap<HttpGroup>;
  /** Keyed `service node id \0 METHOD /route`. */
  readonly httpRoutes: CappedMap<HttpGroup>;

  constructor(limits: PaneLimits = DEFAULT_PANE_LIMITS) {
    const k = limits.topK;
    this.dropSrc = new TopK(k);
    this.dropDst = new TopK(k);
    this.dropSrcNs = new TopK(k);
    this.dropDstNs = new TopK(k);
    this.dropNodes = new TopK(k);
    this.dropPairs = new TopK(k);
    this.dnsFailingNames = new TopK(k);
    this.dnsFailingClients = new TopK(k * 4);
    this.dnsUnansweredNames = new TopK(k);
    this.httpServices = new CappedMap(limits.services, newHttpGroup);
    this.httpRoutes = new CappedMap(limits.routes, newHttpGroup);
  }

  /** True when a bounded structure dropped or merged keys (top lists may be inexact). */
  get approximate(): boolean {
    return (
      this.dropSrc.overflowed ||
      this.dropDst.overflowed ||
      this.dropSrcNs.overflowed ||
      this.dropDstNs.overflowed ||
      this.dropNodes.overflowed ||
      this.dropPairs.overflowed ||
      this.dnsFailingNames.overflowed ||
      this.dnsFailingClients.overflowed ||
      this.dnsUnansweredNames.overflowed ||
      this.httpServices.overflowed ||
      this.httpRoutes.overflowed
    );
  }

  /** Empties the pane for reuse by a newer time bucket. */
  reset(): void {
    this.drops = this.dropPolicyVerdicts = 0;
    this.dropReasons.clear();
    this.dropClasses.fill(0);
    this.dropGroups.fill(0);
    for (const t of [this.dropSrc, this.dropDst, this.dropSrcNs, this.dropDstNs, this.dropNodes]) {
      t.clear();
    }
    this.dropPairs.clear();
    this.dnsQueries = this.dnsResponses = this.dnsFailures = 0;
    this.dnsUnanswered = this.dnsUnmatched = 0;
    this.dnsRcodes.clear();
    this.dnsQtypes.clear();
    this.dnsFailingNames.clear();
    this.dnsFailingClients.clear();
    this.dnsUnansweredNames.clear();
    this.dnsLatency.clear();
    this.httpRequests = this.httpResponses = 0;
    this.httpStatus.clear();
    this.httpClasses.fill(0);
    this.httpReporters.fill(0);
    this.httpLatency.clear();
    this.httpServices.clear();
    this.httpRoutes.clear();
  }
}
