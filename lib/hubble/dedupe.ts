/**
 * Bounded de-duplication window for the resume overlap. After a reconnect the source asks Relay for
 * flows since `lastFlowTime − 2 s`, so the first part of the new stream repeats flows already
 * delivered; this window remembers the ids of recent flows and rejects repeats.
 *
 * Bounded two ways so it never grows with uptime:
 * - time horizon: ids of flows older than `newest − horizonMs` are forgotten (the overlap only reaches
 *   back 2 s, so older ids can never come again);
 * - count: at most `maxEntries` ids; the oldest are evicted first. At 50k flows/s a 3.5 s horizon
 *   needs 175k entries, hence the 200k default (about 20 MB of strings at the extreme rate, and a few
 *   hundred KB at ordinary rates because the horizon evicts first).
 *
 * O(1) per flow: a Map for membership plus a ring of (id, time) in arrival order for eviction.
 */

export interface DedupeOptions {
  /** Maximum ids remembered. */
  maxEntries?: number;
  /** Ids whose flow time is older than the newest time seen minus this are forgotten, ms. */
  horizonMs?: number;
}

export const DEFAULT_DEDUPE = { maxEntries: 200_000, horizonMs: 3_500 } as const;

export class DedupeWindow {
  readonly maxEntries: number;
  readonly horizonMs: number;
  private readonly seen = new Map<string, number>();
  private readonly ids: (string | undefined)[];
  private readonly times: Float64Array;
  private head = 0;
  private count = 0;
  private newestMs = -Infinity;
  private evictedByCount = 0;

  constructor(opts: DedupeOptions = {}) {
    this.maxEntries = opts.maxEntries ?? DEFAULT_DEDUPE.maxEntries;
    this.horizonMs = opts.horizonMs ?? DEFAULT_DEDUPE.horizonMs;
    if (!Number.isInteger(this.maxEntries) || this.maxEntries < 1 || !(this.horizonMs >= 0)) {
      throw new RangeError(
        `invalid dedupe window: ${this.maxEntries} entries, ${this.horizonMs} ms`,
      );
    }
    this.ids = new Array<string | undefined>(this.maxEntries);
    this.times = new Float64Array(this.maxEntries);
  }

  /**
   * Records a flow id. Returns true when the id is new (deliver the flow) and false when it is
   * still remembered from an earlier delivery (drop it).
   */
  add(id: string, timeMs: number): boolean {
    if (this.seen.has(id)) return false;
    if (timeMs > this.newestMs) this.newestMs = timeMs;
    this.evictOlderThan(this.newestMs - this.horizonMs);
    if (this.count === this.maxEntries) {
      this.evictedByCount += 1;
      this.shift();
    }
    const slot = (this.head + this.count) % this.maxEntries;
    this.ids[slot] = id;
    this.times[slot] = timeMs;
    this.count += 1;
    this.seen.set(id, timeMs);
    return true;
  }

  /** True when the id is currently remembered. */
  has(id: string): boolean {
    return this.seen.has(id);
  }

  get size(): number {
    return this.count;
  }

  /**
   * Ids evicted because the count bound was reached before the time horizon expired them. Non-zero
   * means the window was too small for the flow rate and a resume could pass a duplicate.
   */
  get overflowed(): number {
    return this.evictedByCount;
  }

  clear(): void {
    this.seen.clear();
    this.ids.fill(undefined);
    this.head = 0;
    this.count = 0;
    this.newestMs = -Infinity;
  }

  private evictOlderThan(cutoffMs: number): void {
    // Arrival order is time order within Relay's sort tolerance (about 1 s), well inside the
    // horizon, so scanning from the oldest arrival and stopping at the first fresh entry is enough.
    while (this.count > 0 && this.times[this.head]! < cutoffMs) this.shift();
  }

  private shift(): void {
    const id = this.ids[this.head];
    if (id !== undefined) this.seen.delete(id);
    this.ids[this.head] = undefined;
    this.head = (this.head + 1) % this.maxEntries;
    this.count -= 1;
  }
}
