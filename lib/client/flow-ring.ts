/**
 * A bounded ring of the newest flows for the live table (house style §5: the table reads a bounded
 * ring, never the whole history). Appends are O(batch) with de-duplication by `FlowRecord.id`, so a
 * backfill that overlaps the live stream, or a server that replays on reconnect, never shows a row
 * twice. Plain data structure with no React: the hook keeps it in a ref.
 */
import type { FlowRecord } from '@/lib/model/flow-record';

export class FlowRing {
  private buf: (FlowRecord | undefined)[];
  /** Index of the oldest held record. */
  private head = 0;
  private count = 0;
  private readonly ids = new Set<string>();
  /** Records ever appended (after de-duplication); lets the view tell how many rows are new. */
  private appended = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`FlowRing capacity must be a positive integer, got ${capacity}`);
    }
    this.buf = new Array<FlowRecord | undefined>(capacity);
  }

  /** Number of records held (at most `capacity`). */
  get size(): number {
    return this.count;
  }

  /** Total records appended since creation or the last clear(), duplicates excluded. */
  get seq(): number {
    return this.appended;
  }

  /**
   * Appends records given oldest first, skipping ids already held; evicts the oldest when full.
   * Returns how many were added.
   */
  push(records: readonly FlowRecord[]): number {
    let added = 0;
    for (const r of records) {
      if (this.ids.has(r.id)) continue;
      if (this.count === this.capacity) {
        const old = this.buf[this.head];
        if (old) this.ids.delete(old.id);
        this.buf[this.head] = r;
        this.head = (this.head + 1) % this.capacity;
      } else {
        this.buf[(this.head + this.count) % this.capacity] = r;
        this.count++;
      }
      this.ids.add(r.id);
      added++;
    }
    this.appended += added;
    return added;
  }

  /**
   * Merges records that may be older than what is held (a backfill fetched after the stream
   * opened), re-ordering by event time. O(n log n) over the ring, so call it once per (re)connect,
   * never per live batch. Returns how many were added.
   */
  merge(records: readonly FlowRecord[]): number {
    const fresh = records.filter(r => !this.ids.has(r.id));
    if (fresh.length === 0) return 0;
    // Stable sort keeps arrival order for equal timestamps.
    const all = [...this.oldestFirst(), ...fresh].sort((a, b) => a.timeMs - b.timeMs);
    const seqBefore = this.appended;
    this.clear();
    this.push(all.slice(Math.max(0, all.length - this.capacity)));
    this.appended = seqBefore + fresh.length;
    return fresh.length;
  }

  /** A new array of the held records, oldest first. */
  oldestFirst(): FlowRecord[] {
    const out: FlowRecord[] = new Array<FlowRecord>(this.count);
    for (let i = 0; i < this.count; i++) {
      out[i] = this.buf[(this.head + i) % this.capacity] as FlowRecord;
    }
    return out;
  }

  /** An immutable newest-first snapshot for the table. */
  snapshot(): FlowRows {
    return new FlowRows(this.newestFirst(), this.appended);
  }

  /** A new array of the held records, newest first (the table's order). */
  newestFirst(): FlowRecord[] {
    const out: FlowRecord[] = new Array<FlowRecord>(this.count);
    for (let i = 0; i < this.count; i++) {
      out[i] = this.buf[(this.head + this.count - 1 - i) % this.capacity] as FlowRecord;
    }
    return out;
  }

  /** Drops everything (a new filter starts from an empty table). */
  clear(): void {
    this.buf = new Array<FlowRecord | undefined>(this.capacity);
    this.head = 0;
    this.count = 0;
    this.ids.clear();
    this.appended = 0;
  }
}

/**
 * An immutable snapshot of the ring, newest first, handed to the table. The records sit in a private
 * field: React's development build diffs component props for its performance track, and walking
 * 5,000 records four times a second made `next dev` unusable at high flow rates.
 */
export class FlowRows {
  readonly #rows: readonly FlowRecord[];

  /** `seq`: the ring's sequence number when taken; its growth tells how many rows are new. */
  constructor(
    rows: readonly FlowRecord[],
    readonly seq: number,
  ) {
    this.#rows = rows;
  }

  static readonly empty = new FlowRows([], 0);

  get length(): number {
    return this.#rows.length;
  }

  /** The record at `index` (0 = newest), or undefined. */
  at(index: number): FlowRecord | undefined {
    return this.#rows[index];
  }
}
