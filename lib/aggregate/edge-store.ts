/**
 * Windowed per-edge statistics for the service graph. Counters live in one {@link CounterRing} per
 * tier (columnar typed arrays, rows reused after eviction) plus all-time totals; the rarer, bulkier
 * data (drop reasons, latency sketches) lives in per-edge {@link TieredBuckets} created only for edges
 * that have drops or L7 latency. Adding a record touches one cell per tier: O(tiers).
 */
import { QuantileSketch } from './sketch';
import { CounterRing, TieredBuckets, type BucketRange, type BucketSpec } from './time-buckets';

/** Counter indexes of one edge cell. */
export const C = {
  observed: 0,
  flows: 1,
  dropped: 2,
  errors: 3,
  httpReq: 4,
  dnsReq: 5,
  otherReq: 6,
  httpResp: 7,
  /** 1xx..5xx occupy http1xx .. http1xx + 4. */
  http1xx: 8,
  dnsResp: 13,
  dnsFail: 14,
  otherResp: 15,
} as const;
/** Counters per edge cell. */
export const COUNTERS = 16;

/** Default graph tiers: 10 s × 30 (1m, 5m), 1 min × 15 (15m), 4 min × 15 (1h). */
export const GRAPH_TIERS: readonly BucketSpec[] = [
  { bucketMs: 10_000, buckets: 30 },
  { bucketMs: 60_000, buckets: 15 },
  { bucketMs: 240_000, buckets: 15 },
];

interface EdgeAux {
  latency: QuantileSketch | null;
  drops: Map<string, number> | null;
}

function newAux(): EdgeAux {
  return { latency: null, drops: null };
}

function resetAux(a: EdgeAux): void {
  a.latency?.clear();
  a.drops?.clear();
}

/** Windowed summary of one edge's bulky data. */
export interface AuxSummary {
  latency: QuantileSketch;
  drops: Map<string, number>;
}

/** Windowed counters and bulky per-edge data, one row per live edge (see module doc). */
export class EdgeStore {
  private readonly rings: CounterRing[];
  private totals: Float64Array;
  private readonly aux: (TieredBuckets<EdgeAux> | null)[] = [];
  private readonly free: number[] = [];
  private rows = 0;
  private readonly bases: Int32Array;
  private readonly scratch: EdgeAux[] = [];
  private current = 0;

  constructor(
    readonly tiers: readonly BucketSpec[],
    private readonly maxRows: number,
  ) {
    this.rings = tiers.map(t => new CounterRing(t, COUNTERS, maxRows));
    this.totals = new Float64Array(64 * COUNTERS);
    this.bases = new Int32Array(tiers.length);
  }

  /** A fresh row (recycled from a released one when possible). */
  allocate(): number {
    const row = this.free.pop() ?? this.rows++;
    if (row >= this.maxRows) throw new RangeError('EdgeStore is full');
    if ((row + 1) * COUNTERS > this.totals.length) {
      const t = new Float64Array(Math.min(this.maxRows, (row + 1) * 2) * COUNTERS);
      t.set(this.totals);
      this.totals = t;
    }
    return row;
  }

  /** Frees a row: its counters and aux data are forgotten. */
  release(row: number): void {
    for (const r of this.rings) r.clearRow(row);
    this.totals.fill(0, row * COUNTERS, (row + 1) * COUNTERS);
    this.aux[row] = null;
    this.free.push(row);
  }

  /**
   * Selects `row`'s cells for `timeMs` in every tier; the following {@link inc} calls add to them.
   * Resolving the cells once per record keeps several counter updates at one ring lookup each.
   */
  at(row: number, timeMs: number): void {
    this.current = row;
    const timed = timeMs > 0;
    for (let i = 0; i < this.rings.length; i++) {
      this.bases[i] = timed ? this.rings[i]!.cell(row, timeMs) : -1;
    }
  }

  /** Adds `n` to counter `c` of the row selected by {@link at}, in every tier and the totals. */
  inc(c: number, n = 1): void {
    this.totals[this.current * COUNTERS + c]! += n;
    for (let i = 0; i < this.rings.length; i++) {
      const base = this.bases[i]!;
      if (base >= 0) this.rings[i]!.values[base + c]! += n;
    }
  }

  /** Records a drop reason for `row`. */
  dropReason(row: number, timeMs: number, reason: string): void {
    const n = this.auxOf(row).bucketsAt(timeMs, this.scratch);
    for (let i = 0; i < n; i++) {
      const a = this.scratch[i]!;
      const m = (a.drops ??= new Map());
      m.set(reason, (m.get(reason) ?? 0) + 1);
    }
  }

  /** Records an L7 latency sample (ms) for `row`. */
  latency(row: number, timeMs: number, ms: number): void {
    const n = this.auxOf(row).bucketsAt(timeMs, this.scratch);
    for (let i = 0; i < n; i++) (this.scratch[i]!.latency ??= new QuantileSketch()).add(ms);
  }

  /** Sums `row`'s counters over `range` (tier -1: all time) into `out`, which is zeroed first. */
  sum(row: number, range: BucketRange, out: Float64Array): void {
    out.fill(0);
    if (range.tier < 0) {
      for (let c = 0; c < COUNTERS; c++) out[c] = this.totals[row * COUNTERS + c]!;
    } else this.rings[range.tier]!.sum(row, range, out);
  }

  /** Merges `row`'s drop reasons and latency over `range` into `into` (cleared first). */
  summarizeAux(row: number, range: BucketRange, into: AuxSummary): void {
    into.latency.clear();
    into.drops.clear();
    const aux = this.aux[row];
    if (aux === null || aux === undefined) return;
    aux.visit(range, a => {
      if (a.latency !== null) into.latency.merge(a.latency);
      if (a.drops !== null) {
        for (const [k, v] of a.drops) into.drops.set(k, (into.drops.get(k) ?? 0) + v);
      }
    });
  }

  private auxOf(row: number): TieredBuckets<EdgeAux> {
    let a = this.aux[row];
    if (a === null || a === undefined) {
      a = new TieredBuckets(this.tiers, newAux, resetAux);
      this.aux[row] = a;
    }
    return a;
  }
}
