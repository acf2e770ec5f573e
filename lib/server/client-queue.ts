/**
 * The per-SSE-client buffer between the hub's ingest and the client's next batch. It holds store
 * sequence numbers, not records: the flows themselves stay in the compact store and are materialised
 * at flush time, so even a full queue costs ~40 KB instead of the ~13 MB that 5,000 decoded records
 * would pin. Bounded: when the client is slow (its socket is not draining, or it subscribed to a
 * firehose), new flows are counted in `missed` instead of growing, and the count is reported with the
 * next batch. Dropping the newest keeps `push` O(1) with no array shifting; the client still gets a
 * contiguous run and then the live edge again.
 */
export const DEFAULT_CLIENT_QUEUE = 5_000;

export class ClientQueue {
  private seqs: number[] = [];
  private dropped = 0;

  constructor(readonly capacity: number = DEFAULT_CLIENT_QUEUE) {
    if (!(capacity >= 1)) throw new RangeError('ClientQueue capacity must be >= 1');
  }

  /** Queues the flow with store sequence number `seq`, or counts it as missed when full. */
  push(seq: number): void {
    if (this.seqs.length >= this.capacity) this.dropped++;
    else this.seqs.push(seq);
  }

  /** Adds flows known to be missed elsewhere (e.g. not replayable on resume, or evicted). */
  addMissed(n: number): void {
    this.dropped += n;
  }

  get size(): number {
    return this.seqs.length;
  }

  get missed(): number {
    return this.dropped;
  }

  /** True when there is something to send (flows, or a missed count to report). */
  get pending(): boolean {
    return this.seqs.length > 0 || this.dropped > 0;
  }

  /** Takes the queued sequence numbers (oldest first) and the missed count, and resets both. */
  drain(): { seqs: number[]; missed: number } {
    const out = { seqs: this.seqs, missed: this.dropped };
    this.seqs = [];
    this.dropped = 0;
    return out;
  }
}
