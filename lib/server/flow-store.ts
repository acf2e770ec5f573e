/**
 * The server's bounded memory of recent flows, in two tiers that share one sequence numbering:
 *
 * - raw tier: the newest `rawCapacity` GetFlowsResponse messages exactly as received (protobuf bytes),
 *   for `format=jsonpb` export and details. A plain ring indexed by sequence number.
 * - compact tier: the newest `compactCapacity` flows as FlowRecords in a column ring with interned
 *   strings (compact-ring.ts), for filtering, tables and aggregation.
 *
 * Ingest is O(1) per flow and never shifts arrays: both tiers overwrite their oldest slot. Queries
 * scan newest-first with a compiled predicate over a flyweight view and copy out only the results.
 *
 * Memory, measured by bench/store-memory.ts with flows from lib/sim decoded as the Relay client
 * decodes them (Node 20, x64, 200,000 compact + 20,000 raw): the compact tier takes 15 MB of JS heap
 * (77 B/flow: pointers to interned parts) plus 9.8 MB of typed arrays (49 B/flow: packed UUID, time,
 * ports, latency), about 25 MB in all, where keeping the decoded FlowRecords would take 546 MB
 * (2.7 KB/flow). The raw tier adds 6.6 MB of heap plus the bytes themselves (~2 KB per sim flow,
 * ~40 MB). Ingest costs about 3 us per flow. Worst case, every flow a distinct HTTP URL or DNS
 * answer, adds ~250 B per L7 flow (the interned L7 part is then per flow). Re-measure after changing
 * FlowRecord or the interning.
 */
import type { FlowRecord } from '@/lib/model/flow-record';
import type { StoreStats } from '@/lib/model/hubble-health';
import { CompactRing } from './compact-ring';
import { FlowView } from './flow-view';

export interface FlowStoreOptions {
  rawCapacity: number;
  compactCapacity: number;
}

export type FlowPredicate = (r: FlowRecord) => boolean;

export interface QueryResult {
  /** Newest first (arrival order), at most `limit`. */
  flows: FlowRecord[];
  /** Flows in the compact tier that match, including those beyond `limit`. */
  matched: number;
}

export interface RawQueryResult {
  /** GetFlowsResponse bytes of the matching flows still in the raw tier, newest first. */
  raws: Uint8Array[];
  /** Matching flows in the compact tier (the whole window). */
  matched: number;
  /** Matching flows that are older than the raw tier and so cannot be exported exactly. */
  notInRaw: number;
}

export class FlowStore {
  readonly rawCapacity: number;
  readonly compactCapacity: number;
  private readonly ring: CompactRing;
  private readonly view: FlowView;
  private readonly raws: (Uint8Array | null)[];
  /** Flow id per raw slot, so an evicted slot's index entry can be removed. */
  private readonly rawSlotIds: string[];
  private readonly rawIds = new Map<string, number>();
  /** Sequence number of the newest flow (1-based; 0 = empty). */
  private seq = 0;

  constructor(opts: FlowStoreOptions) {
    if (
      !(opts.compactCapacity >= 1) ||
      !(opts.rawCapacity >= 0) ||
      opts.rawCapacity > opts.compactCapacity
    ) {
      throw new RangeError(
        'FlowStore: need 0 <= rawCapacity <= compactCapacity and compactCapacity >= 1',
      );
    }
    this.rawCapacity = opts.rawCapacity;
    this.compactCapacity = opts.compactCapacity;
    this.ring = new CompactRing(opts.compactCapacity);
    this.view = new FlowView(this.ring);
    this.raws = new Array<Uint8Array | null>(opts.rawCapacity).fill(null);
    this.rawSlotIds = new Array<string>(opts.rawCapacity).fill('');
  }

  /** Appends one flow (and its wire bytes, if any); returns its sequence number. O(1). */
  ingest(record: FlowRecord, raw: Uint8Array | null): number {
    const seq = ++this.seq;
    this.ring.write((seq - 1) % this.compactCapacity, record);
    if (this.rawCapacity > 0) {
      const slot = (seq - 1) % this.rawCapacity;
      const evictedSeq = seq - this.rawCapacity;
      // Drop the index entry of the flow this slot held, unless a newer flow reused its id.
      if (evictedSeq > 0 && this.rawIds.get(this.rawSlotIds[slot]!) === evictedSeq) {
        this.rawIds.delete(this.rawSlotIds[slot]!);
      }
      this.raws[slot] = raw;
      this.rawSlotIds[slot] = raw ? record.id : '';
      if (raw) this.rawIds.set(record.id, seq);
    }
    return seq;
  }

  /** Sequence number of the newest flow (0 when empty). */
  get lastSeq(): number {
    return this.seq;
  }

  /** Sequence number of the oldest flow still held in the compact tier. */
  get firstSeq(): number {
    return Math.max(1, this.seq - this.compactCapacity + 1);
  }

  private get firstRawSeq(): number {
    return Math.max(1, this.seq - this.rawCapacity + 1);
  }

  /**
   * Newest-first matching flows, at most `limit`; `matched` counts every match in the window (the
   * scan continues past `limit` only to count, without copying).
   */
  query(match: FlowPredicate, limit: number): QueryResult {
    const flows: FlowRecord[] = [];
    let matched = 0;
    const cap = this.compactCapacity;
    for (let s = this.seq; s >= this.firstSeq && s > 0; s--) {
      const i = (s - 1) % cap;
      if (!match(this.view.at(i))) continue;
      matched++;
      if (flows.length < limit) flows.push(this.ring.materialize(i));
    }
    return { flows, matched };
  }

  /** Newest-first raw bytes of matching flows still in the raw tier, at most `limit`. */
  queryRaw(match: FlowPredicate, limit: number): RawQueryResult {
    const raws: Uint8Array[] = [];
    let matched = 0;
    let notInRaw = 0;
    const cap = this.compactCapacity;
    const firstRaw = this.firstRawSeq;
    for (let s = this.seq; s >= this.firstSeq && s > 0; s--) {
      if (!match(this.view.at((s - 1) % cap))) continue;
      matched++;
      const raw =
        s >= firstRaw && this.rawCapacity > 0 ? this.raws[(s - 1) % this.rawCapacity] : null;
      if (!raw) notInRaw++;
      else if (raws.length < limit) raws.push(raw);
    }
    return { raws, matched, notInRaw };
  }

  /**
   * Sequence numbers of matching flows after `afterSeq`, oldest first, at most `max` (the oldest
   * are skipped when more match). For SSE resume (`Last-Event-ID`). `skipped` counts matches left
   * out beyond `max` plus flows evicted since `afterSeq` (whose match is unknown: an upper bound).
   */
  since(afterSeq: number, match: FlowPredicate, max: number): { seqs: number[]; skipped: number } {
    const from = Math.max(afterSeq + 1, this.firstSeq);
    const evicted = Math.max(0, from - afterSeq - 1);
    const seqs: number[] = [];
    let skipped = 0;
    const cap = this.compactCapacity;
    for (let s = this.seq; s >= from; s--) {
      if (!match(this.view.at((s - 1) % cap))) continue;
      if (seqs.length < max) seqs.push(s);
      else skipped++;
    }
    return { seqs: seqs.reverse(), skipped: skipped + evicted };
  }

  /** The flow with sequence number `seq` as a standalone record, or null once evicted. */
  get(seq: number): FlowRecord | null {
    if (seq < this.firstSeq || seq > this.seq || seq < 1) return null;
    return this.ring.materialize((seq - 1) % this.compactCapacity);
  }

  /** The wire bytes of flow `id` if it is still in the raw tier. */
  rawById(id: string): Uint8Array | null {
    const seq = this.rawIds.get(id);
    if (seq === undefined || seq < this.firstRawSeq) return null;
    return this.raws[(seq - 1) % this.rawCapacity] ?? null;
  }

  stats(): StoreStats {
    const compactCount = Math.min(this.seq, this.compactCapacity);
    const cap = this.compactCapacity;
    return {
      rawCount: Math.min(this.seq, this.rawCapacity),
      rawCapacity: this.rawCapacity,
      compactCount,
      compactCapacity: cap,
      evicted: Math.max(0, this.seq - cap),
      oldestMs: compactCount ? this.ring.timeMs[(this.firstSeq - 1) % cap]! : null,
      newestMs: compactCount ? this.ring.timeMs[(this.seq - 1) % cap]! : null,
    };
  }
}
