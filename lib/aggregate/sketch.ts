/**
 * Bounded summaries for percentiles and top-N, so per-window metrics never keep individual flows.
 *
 * - {@link QuantileSketch}: a log-bucket histogram in the style of DDSketch. A value v > 0 goes to
 *   bucket ceil(log_γ v) with γ = (1 + α) / (1 − α); every value in a bucket is within relative error α
 *   of the bucket's representative, so any quantile is returned within α of a true sample value.
 *   Buckets are stored sparse (sorted parallel typed arrays), and values are clamped to
 *   [minValue, maxValue], which bounds the bucket count (≈ 1,150 for the defaults) and so the memory.
 *   Sketches with the same α merge exactly (bucket counts add up), which is what windows need.
 * - {@link TopK}: Space-Saving (Metwally et al. 2005) with a min-heap, O(log k) per update and at most
 *   k keys; a key's count overestimates by at most its recorded `error`. Exact while the number of
 *   distinct keys stays ≤ k, which {@link TopK.overflowed} reports.
 */

/** Accuracy and value range of a {@link QuantileSketch}. */
export interface SketchOptions {
  /** Relative accuracy α; default 0.01 (1 %). */
  alpha?: number;
  /** Values below are counted as this (default 1e-3, i.e. 1 µs when values are in ms). */
  minValue?: number;
  /** Values above are counted as this (default 1e7, i.e. ~2.8 h in ms). */
  maxValue?: number;
}

/** Mergeable log-bucket quantile sketch (see module doc); values are typically milliseconds. */
export class QuantileSketch {
  readonly alpha: number;
  private readonly logGamma: number;
  private readonly gamma: number;
  private readonly minValue: number;
  private readonly maxValue: number;
  private keys = new Int32Array(8);
  private counts = new Float64Array(8);
  private used = 0;
  private total = 0;

  constructor(opts: SketchOptions = {}) {
    this.alpha = opts.alpha ?? 0.01;
    this.gamma = (1 + this.alpha) / (1 - this.alpha);
    this.logGamma = Math.log(this.gamma);
    this.minValue = opts.minValue ?? 1e-3;
    this.maxValue = opts.maxValue ?? 1e7;
  }

  /** Number of values added. */
  get count(): number {
    return this.total;
  }

  /** Distinct buckets in use (memory is proportional to this). */
  get bucketCount(): number {
    return this.used;
  }

  /** Adds a value `n` times. Non-positive and non-finite values are ignored (no latency ≠ 0 ms). */
  add(value: number, n = 1): void {
    if (!(value > 0) || !Number.isFinite(value)) return;
    const v = value < this.minValue ? this.minValue : value > this.maxValue ? this.maxValue : value;
    this.addToBucket(Math.ceil(Math.log(v) / this.logGamma), n);
  }

  /** Adds every bucket of `other` (same α) into this sketch, in O(buckets of both). */
  merge(other: QuantileSketch): void {
    if (other.alpha !== this.alpha)
      throw new RangeError('cannot merge sketches with different alpha');
    if (other.used === 0) return;
    if (other.used <= 4) {
      for (let i = 0; i < other.used; i++) this.addToBucket(other.keys[i]!, other.counts[i]!);
      return;
    }
    // Linear merge of the two sorted key lists: windows merge hundreds of sketches per snapshot,
    // and per-key insertion would shift the arrays for every new key.
    const n = this.used + other.used;
    const keys = new Int32Array(Math.max(8, n));
    const counts = new Float64Array(keys.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < this.used || j < other.used) {
      const a = i < this.used ? this.keys[i]! : Infinity;
      const b = j < other.used ? other.keys[j]! : Infinity;
      if (a === b) {
        keys[k] = a;
        counts[k++] = this.counts[i++]! + other.counts[j++]!;
      } else if (a < b) {
        keys[k] = a;
        counts[k++] = this.counts[i++]!;
      } else {
        keys[k] = b;
        counts[k++] = other.counts[j++]!;
      }
    }
    this.keys = keys;
    this.counts = counts;
    this.used = k;
    this.total += other.total;
  }

  /**
   * Value at quantile q in [0, 1] (rank q × (count − 1), as linear interpolation would pick), or null
   * when empty.
   */
  quantile(q: number): number | null {
    if (this.total === 0) return null;
    const rank = Math.max(0, Math.min(1, q)) * (this.total - 1);
    let seen = 0;
    for (let i = 0; i < this.used; i++) {
      seen += this.counts[i]!;
      if (seen > rank) return this.valueOf(this.keys[i]!);
    }
    return this.valueOf(this.keys[this.used - 1]!);
  }

  /** Empties the sketch, keeping its buffers. */
  clear(): void {
    this.used = 0;
    this.total = 0;
  }

  // Midpoint of bucket k in relative terms: within α of both bucket bounds γ^(k-1) and γ^k.
  private valueOf(key: number): number {
    return (2 * Math.pow(this.gamma, key)) / (this.gamma + 1);
  }

  private addToBucket(key: number, n: number): void {
    this.total += n;
    // Binary search; most sketches hold a few dozen buckets.
    let lo = 0;
    let hi = this.used;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.keys[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    if (lo < this.used && this.keys[lo] === key) {
      this.counts[lo]! += n;
      return;
    }
    if (this.used === this.keys.length) {
      const keys = new Int32Array(this.used * 2);
      keys.set(this.keys);
      const counts = new Float64Array(this.used * 2);
      counts.set(this.counts);
      this.keys = keys;
      this.counts = counts;
    }
    this.keys.copyWithin(lo + 1, lo, this.used);
    this.counts.copyWithin(lo + 1, lo, this.used);
    this.keys[lo] = key;
    this.counts[lo] = n;
    this.used++;
  }
}

interface TopEntry {
  key: string;
  count: number;
  error: number;
  pos: number;
}

/** One top-K result: `count` overestimates the true count by at most `error`. */
export interface TopCount {
  key: string;
  count: number;
  error: number;
}

/** Bounded heavy-hitter counter (Space-Saving, see module doc). */
export class TopK {
  private readonly map = new Map<string, TopEntry>();
  private readonly heap: TopEntry[] = [];
  private evicted = false;

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new RangeError('TopK capacity must be >= 1');
  }

  /** Adds `n` to `key`; when full, the key with the smallest count is replaced. */
  add(key: string, n = 1): void {
    const e = this.map.get(key);
    if (e !== undefined) {
      e.count += n;
      this.siftDown(e.pos);
      return;
    }
    if (this.heap.length < this.capacity) {
      const entry: TopEntry = { key, count: n, error: 0, pos: this.heap.length };
      this.heap.push(entry);
      this.map.set(key, entry);
      this.siftUp(entry.pos);
      return;
    }
    const min = this.heap[0]!;
    this.map.delete(min.key);
    this.evicted = true;
    min.error = min.count;
    min.count += n;
    min.key = key;
    this.map.set(key, min);
    this.siftDown(0);
  }

  /** True once a key has been evicted: counts may then be overestimates. */
  get overflowed(): boolean {
    return this.evicted;
  }

  get size(): number {
    return this.heap.length;
  }

  /** Count for `key` (0 when not tracked). */
  get(key: string): number {
    return this.map.get(key)?.count ?? 0;
  }

  /** Tracked keys by descending count (ties by key), at most `n`. */
  top(n = this.capacity): TopCount[] {
    return this.heap
      .map(e => ({ key: e.key, count: e.count, error: e.error }))
      .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .slice(0, n);
  }

  /** Calls `fn` for every tracked key, in no particular order. */
  forEach(fn: (key: string, count: number) => void): void {
    for (const e of this.heap) fn(e.key, e.count);
  }

  clear(): void {
    this.map.clear();
    this.heap.length = 0;
    this.evicted = false;
  }

  private siftUp(i: number): void {
    const h = this.heap;
    const e = h[i]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p]!.count <= e.count) break;
      h[i] = h[p]!;
      h[i]!.pos = i;
      i = p;
    }
    h[i] = e;
    e.pos = i;
  }

  private siftDown(i: number): void {
    const h = this.heap;
    const n = h.length;
    const e = h[i]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && h[r]!.count < h[l]!.count ? r : l;
      if (h[c]!.count >= e.count) break;
      h[i] = h[c]!;
      h[i]!.pos = i;
      i = c;
    }
    h[i] = e;
    e.pos = i;
  }
}
