/**
 * Fixed-size rings of time buckets: the only time structure the aggregators use, so memory depends on
 * the ring sizes and never on the number of flows, and adding a flow is O(1) (no re-scan, no shifting).
 *
 * A bucket is identified by its bucket number `floor(timeMs / bucketMs)` and lives in slot
 * `number mod size`; each slot remembers which number it holds, so a slot left over from an older lap
 * of the ring is recognised as stale and recycled on the next write instead of being cleared eagerly.
 *
 * Windows are whole buckets: a sliding window of length W ending at `now` covers the current (partial)
 * bucket and the W / bucketMs − 1 before it. Rates divide by the covered span
 * (see {@link windowRange}), so a partial current bucket does not bias them.
 *
 * Several resolutions ("tiers", e.g. 10 s buckets for 15 minutes and 4 min buckets for an hour) keep
 * short windows fine-grained without paying fine resolution for the whole hour.
 */

/** Size of one ring: `buckets` buckets of `bucketMs` each. */
export interface BucketSpec {
  bucketMs: number;
  buckets: number;
}

/** Bucket number holding `timeMs`. */
export function bucketOf(timeMs: number, bucketMs: number): number {
  return Math.floor(timeMs / bucketMs);
}

/** The buckets of one tier that a window covers. */
export interface BucketRange {
  /** Index of the tier in the tier list (-1 for `all`). */
  tier: number;
  bucketMs: number;
  /** First and last bucket numbers, inclusive. */
  fromBucket: number;
  toBucket: number;
  /** Start of the first bucket, ms. */
  startMs: number;
  /** Window end (now), ms. */
  endMs: number;
}

/**
 * Index of the finest tier whose ring spans at least `windowMs` (the coarsest when none does).
 * Tiers must be listed finest first.
 */
export function pickTier(tiers: readonly BucketSpec[], windowMs: number): number {
  for (let i = 0; i < tiers.length; i++) {
    const t = tiers[i]!;
    if (t.bucketMs * t.buckets >= windowMs) return i;
  }
  return tiers.length - 1;
}

/**
 * Buckets of `tiers[tier]` covering a window of `windowMs` that ends at `nowMs`: the bucket holding
 * `nowMs` and the ones before it, `ceil(windowMs / bucketMs)` in all (capped by the ring size).
 */
export function windowRange(
  tiers: readonly BucketSpec[],
  tier: number,
  nowMs: number,
  windowMs: number,
): BucketRange {
  const spec = tiers[tier]!;
  const count = Math.min(spec.buckets, Math.max(1, Math.ceil(windowMs / spec.bucketMs)));
  const toBucket = bucketOf(nowMs, spec.bucketMs);
  const fromBucket = toBucket - count + 1;
  return {
    tier,
    bucketMs: spec.bucketMs,
    fromBucket,
    toBucket,
    startMs: fromBucket * spec.bucketMs,
    endMs: nowMs,
  };
}

/**
 * A ring of bucket objects of type T, created on first use and recycled with `reset` when the ring
 * wraps. Times older than the ring's horizon (relative to the newest bucket written) are refused.
 */
export class TimeBuckets<T> {
  readonly bucketMs: number;
  readonly size: number;
  private slots: (T | undefined)[] | null = null;
  private epochs: Float64Array | null = null;
  private newest = -Infinity;

  constructor(
    spec: BucketSpec,
    private readonly create: () => T,
    private readonly reset: (bucket: T) => void,
  ) {
    this.bucketMs = spec.bucketMs;
    this.size = spec.buckets;
  }

  /** The bucket holding `timeMs`, created or recycled as needed; null when too old for the ring. */
  at(timeMs: number): T | null {
    const b = Math.floor(timeMs / this.bucketMs);
    if (b <= this.newest - this.size) return null;
    if (b > this.newest) this.newest = b;
    if (this.slots === null) {
      // Allocated on first write: many rings (one per graph edge) never receive some kinds of data.
      this.slots = new Array<T | undefined>(this.size);
      this.epochs = new Float64Array(this.size).fill(Number.NaN);
    }
    const i = ((b % this.size) + this.size) % this.size;
    let v = this.slots[i];
    if (this.epochs![i] !== b) {
      if (v === undefined) this.slots[i] = v = this.create();
      else this.reset(v);
      this.epochs![i] = b;
    }
    return v!;
  }

  /** Calls `fn` for each held bucket with number in [from, to], oldest first. */
  forEach(from: number, to: number, fn: (bucket: T, bucketNumber: number) => void): void {
    if (this.slots === null) return;
    const lo = Math.max(from, this.newest - this.size + 1);
    const hi = Math.min(to, this.newest);
    for (let b = lo; b <= hi; b++) {
      const i = ((b % this.size) + this.size) % this.size;
      if (this.epochs![i] === b) fn(this.slots[i]!, b);
    }
  }

  /** Newest bucket number written (-Infinity when empty). */
  get newestBucket(): number {
    return this.newest;
  }
}

/**
 * One object ring per tier plus a never-expiring `total` bucket (the `all` window). `add` applies the
 * same update to the bucket of every tier and to the total.
 */
export class TieredBuckets<T> {
  readonly rings: TimeBuckets<T>[];
  readonly total: T;

  constructor(
    readonly tiers: readonly BucketSpec[],
    create: () => T,
    reset: (bucket: T) => void,
  ) {
    this.rings = tiers.map(spec => new TimeBuckets(spec, create, reset));
    this.total = create();
  }

  /** Applies `fn` to the total and to each tier's bucket for `timeMs` (untimed: total only). */
  add(timeMs: number, fn: (bucket: T) => void): void {
    fn(this.total);
    if (!(timeMs > 0)) return;
    for (let i = 0; i < this.rings.length; i++) {
      const b = this.rings[i]!.at(timeMs);
      if (b !== null) fn(b);
    }
  }

  /**
   * Writes the total and each tier's bucket for `timeMs` (untimed: total only) into `out` and returns
   * how many it wrote: the closure-free form of {@link add} for hot paths.
   */
  bucketsAt(timeMs: number, out: T[]): number {
    out[0] = this.total;
    let n = 1;
    if (!(timeMs > 0)) return n;
    for (let i = 0; i < this.rings.length; i++) {
      const b = this.rings[i]!.at(timeMs);
      if (b !== null) out[n++] = b;
    }
    return n;
  }

  /** Visits the buckets of a range (from {@link windowRange}); a range with tier -1 visits the total. */
  visit(range: BucketRange, fn: (bucket: T, bucketNumber: number) => void): void {
    if (range.tier < 0) fn(this.total, 0);
    else this.rings[range.tier]!.forEach(range.fromBucket, range.toBucket, fn);
  }
}

/**
 * Numeric counters for many rows (e.g. one per graph edge) in one ring of buckets, stored columnar in
 * typed arrays: `rows × buckets × counters` Uint32 cells plus one epoch per row and bucket. About
 * 5 KB per row for 13 counters and 60 buckets, against several times that for per-bucket objects.
 * Rows grow by doubling up to `maxRows`.
 */
export class CounterRing {
  readonly bucketMs: number;
  readonly size: number;
  private counts: Uint32Array;
  private epochs: Float64Array;
  private capacity: number;
  private newest = -Infinity;

  constructor(
    spec: BucketSpec,
    readonly counters: number,
    private readonly maxRows: number,
    initialRows = 64,
  ) {
    this.bucketMs = spec.bucketMs;
    this.size = spec.buckets;
    this.capacity = Math.min(initialRows, maxRows);
    this.counts = new Uint32Array(this.capacity * this.size * counters);
    this.epochs = new Float64Array(this.capacity * this.size).fill(Number.NaN);
  }

  /**
   * Offset of the first counter of `row`'s bucket for `timeMs` in {@link values} (zeroed when the
   * slot held an older bucket), or -1 when the time is older than the ring's horizon.
   */
  cell(row: number, timeMs: number): number {
    const b = Math.floor(timeMs / this.bucketMs);
    if (b <= this.newest - this.size) return -1;
    if (b > this.newest) this.newest = b;
    if (row >= this.capacity) this.grow(row + 1);
    const slot = row * this.size + (((b % this.size) + this.size) % this.size);
    const base = slot * this.counters;
    if (this.epochs[slot] !== b) {
      this.epochs[slot] = b;
      this.counts.fill(0, base, base + this.counters);
    }
    return base;
  }

  /** The counter cells; index with `cell(...) + counter`. */
  get values(): Uint32Array {
    return this.counts;
  }

  /** Adds `row`'s counters over the buckets of `range` into `out` (length ≥ counters). */
  sum(row: number, range: BucketRange, out: Float64Array): void {
    if (row >= this.capacity) return;
    const lo = Math.max(range.fromBucket, this.newest - this.size + 1);
    const hi = Math.min(range.toBucket, this.newest);
    for (let b = lo; b <= hi; b++) {
      const slot = row * this.size + (((b % this.size) + this.size) % this.size);
      if (this.epochs[slot] !== b) continue;
      const base = slot * this.counters;
      for (let c = 0; c < this.counters; c++) out[c]! += this.counts[base + c]!;
    }
  }

  /** Forgets a row (before reusing it for another series). */
  clearRow(row: number): void {
    if (row >= this.capacity) return;
    this.epochs.fill(Number.NaN, row * this.size, (row + 1) * this.size);
  }

  private grow(minRows: number): void {
    if (minRows > this.maxRows) throw new RangeError(`CounterRing row ${minRows - 1} >= maxRows`);
    const cap = Math.min(this.maxRows, Math.max(minRows, this.capacity * 2));
    const counts = new Uint32Array(cap * this.size * this.counters);
    counts.set(this.counts);
    const epochs = new Float64Array(cap * this.size).fill(Number.NaN);
    epochs.set(this.epochs);
    this.counts = counts;
    this.epochs = epochs;
    this.capacity = cap;
  }
}
