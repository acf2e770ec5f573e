/**
 * Matches DNS queries with their responses to find unanswered queries. A query is keyed by client IP,
 * client port, query name and query types (the proxy reports the same four on the response, with the
 * endpoints swapped); identical outstanding queries are answered oldest first. A query with no
 * response within `timeoutMs` (default 5 s, the glibc resolver's default timeout) is unanswered.
 *
 * Bounded: at most `maxPending` queries inside the timeout window; beyond that new ones are not tracked
 * (counted in `untracked`). Expiry is driven by data time through {@link DnsTracker.expire}, O(1)
 * amortised per query: queries are queued in arrival order, which is time order up to Relay's
 * sort-buffer jitter.
 */

interface Pending {
  key: string;
  seq: number;
  timeMs: number;
  name: string;
}

/** Timeout for "unanswered" and the bound on tracked queries. */
export interface DnsTrackerOptions {
  timeoutMs?: number;
  maxPending?: number;
}

/** Query/response matcher (see module doc). */
export class DnsTracker {
  readonly timeoutMs: number;
  readonly maxPending: number;
  private readonly byKey = new Map<string, number[]>();
  private queue: Pending[] = [];
  private head = 0;
  private seq = 0;
  private open = 0;
  /** Queries not tracked because `maxPending` was reached. */
  untracked = 0;

  constructor(opts: DnsTrackerOptions = {}) {
    this.timeoutMs = opts.timeoutMs ?? 5_000;
    this.maxPending = opts.maxPending ?? 50_000;
  }

  /** Matching key for a query (client side) or a response (endpoints swapped by the caller). */
  static key(
    clientIp: string,
    clientPort: number,
    query: string,
    qtypes: readonly string[],
  ): string {
    return `${clientIp}|${clientPort}|${query}|${qtypes.join(',')}`;
  }

  /** Outstanding queries (sent, not answered, not yet expired). */
  get pending(): number {
    return this.open;
  }

  /** Registers a query. */
  query(key: string, timeMs: number, name: string): void {
    // The queue also holds answered queries until their timeout passes; bounding it bounds both.
    if (this.queue.length - this.head >= this.maxPending) {
      this.untracked++;
      return;
    }
    const seq = this.seq++;
    let list = this.byKey.get(key);
    if (list === undefined) this.byKey.set(key, (list = []));
    list.push(seq);
    this.queue.push({ key, seq, timeMs, name });
    this.open++;
  }

  /** Consumes the oldest outstanding query with this key; false when there is none. */
  answer(key: string): boolean {
    const list = this.byKey.get(key);
    if (list === undefined) return false;
    list.shift();
    if (list.length === 0) this.byKey.delete(key);
    this.open--;
    return true;
  }

  /**
   * Expires queries sent before `nowMs − timeoutMs` that are still outstanding, calling
   * `onUnanswered(name, queryTimeMs)` for each.
   */
  expire(nowMs: number, onUnanswered: (name: string, timeMs: number) => void): void {
    const limit = nowMs - this.timeoutMs;
    while (this.head < this.queue.length && this.queue[this.head]!.timeMs < limit) {
      const p = this.queue[this.head++]!;
      const list = this.byKey.get(p.key);
      // Answers consume the oldest seq per key, so the query is still open iff it heads its list.
      if (list !== undefined && list[0] === p.seq) {
        list.shift();
        if (list.length === 0) this.byKey.delete(p.key);
        this.open--;
        onUnanswered(p.name, p.timeMs);
      }
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}
