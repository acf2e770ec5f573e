/**
 * The per-process aggregates behind /api/v1/graph and /api/v1/metrics/*: one service-graph and one
 * metrics aggregator fed from the hub's ingest (each flow once, at arrival), sharing one workload
 * resolver so both name a pod the same way.
 *
 * Unfiltered requests read the live aggregators (O(aggregate size)). A `?q=` filter cannot be applied
 * to aggregates after the fact, so a filtered request re-aggregates the matching flows still held in
 * the compact store into fresh aggregators; the response says which span of time that covered.
 */
import { createGraphAggregator, type GraphAggregator } from '@/lib/aggregate/graph';
import { createMetricsAggregator, type MetricsAggregator } from '@/lib/aggregate/metrics';
import { createWorkloadResolver } from '@/lib/aggregate/workload';
import type { FlowRecord } from '@/lib/model/flow-record';
import type { TimeWindow } from '@/lib/model/time-window';
import type { FlowStore } from './flow-store';

export interface AggregatePair {
  graph: GraphAggregator;
  metrics: MetricsAggregator;
}

/** Which flows an answer was computed from. */
export interface Coverage {
  /** `live`: every flow since start; `store`: the filtered flows still held in the compact tier. */
  basis: 'live' | 'store';
  flows: number;
  oldestMs: number | null;
  newestMs: number | null;
}

function createPair(): AggregatePair {
  const resolver = createWorkloadResolver();
  return {
    graph: createGraphAggregator({ resolver }),
    metrics: createMetricsAggregator({ resolver, learnPods: false }),
  };
}

/** Flows this much older than their arrival are treated as history, not live traffic. */
const HISTORICAL_SKEW_MS = 10 * 60_000;

export class Analytics {
  readonly live = createPair();
  private flows = 0;
  private oldestMs: number | null = null;
  private newestMs: number | null = null;
  /** Arrival time minus the newest flow time of the latest batch: ~seconds for a live cluster. */
  private skewMs: number | null = null;

  /**
   * @param imported true for a replayed file: windows then end at the newest flow time instead of
   *   the wall clock, so "last 5 minutes" means the file's last 5 minutes.
   */
  constructor(
    private readonly store: FlowStore,
    private readonly imported: boolean,
  ) {}

  /** Feeds one ingest batch (already de-duplicated by the Relay source). */
  add(records: readonly FlowRecord[]): void {
    if (records.length === 0) return;
    this.live.graph.add(records);
    this.live.metrics.add(records);
    this.flows += records.length;
    let batchNewest = 0;
    for (const r of records) {
      if (r.timeMs === 0) continue;
      if (r.timeMs > batchNewest) batchNewest = r.timeMs;
      if (this.oldestMs === null || r.timeMs < this.oldestMs) this.oldestMs = r.timeMs;
      if (this.newestMs === null || r.timeMs > this.newestMs) this.newestMs = r.timeMs;
    }
    if (batchNewest > 0) this.skewMs = Date.now() - batchNewest;
  }

  /**
   * True when the flows are history rather than live traffic: an imported file, or a Relay(-like)
   * server whose flows arrive long after their own timestamps (a recording being served, a
   * Timescape-style history backend). Windows then end at the newest flow, and default to the whole
   * span, so "last 5 minutes" is never an empty window years after the data.
   */
  historical(): boolean {
    return this.imported || (this.skewMs !== null && this.skewMs > HISTORICAL_SKEW_MS);
  }

  /** The "now" that sliding windows end at (undefined = newest flow time). */
  nowMs(): number | undefined {
    if (this.historical()) return undefined;
    this.live.metrics.advance(Date.now()); // counts overdue DNS queries as unanswered
    return Date.now();
  }

  /**
   * Aggregates to answer from: the live pair when `match` is null, else a fresh pair over the
   * matching flows held in the store (oldest first, as they arrived).
   */
  select(match: ((r: FlowRecord) => boolean) | null): { pair: AggregatePair; coverage: Coverage } {
    if (!match) {
      return {
        pair: this.live,
        coverage: {
          basis: 'live',
          flows: this.flows,
          oldestMs: this.oldestMs,
          newestMs: this.newestMs,
        },
      };
    }
    const { flows } = this.store.query(match, Number.MAX_SAFE_INTEGER);
    flows.reverse();
    const pair = createPair();
    pair.graph.add(flows);
    pair.metrics.add(flows);
    return {
      pair,
      coverage: {
        basis: 'store',
        flows: flows.length,
        oldestMs: flows[0]?.timeMs ?? null,
        newestMs: flows[flows.length - 1]?.timeMs ?? null,
      },
    };
  }
}

/** The `?window=` default: 5m for live data, everything held for history (see `historical()`). */
export function defaultWindow(historical: boolean): TimeWindow {
  return historical ? 'all' : '5m';
}
