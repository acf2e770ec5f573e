/**
 * Per-node flow ring, modelled on the Hubble agent's ring buffer: fixed capacity, the oldest entry is
 * overwritten first, and every entry has a monotonically increasing sequence number so a reader can
 * tell exactly how much it missed when the writer laps it (-> LostEvent HUBBLE_RING_BUFFER).
 */
import { fromBinary } from '@bufbuild/protobuf';
import { GetFlowsResponseSchema, type GetFlowsResponse } from '@/proto/gen/observer/observer_pb';
import { encodeMessage } from '@/lib/sim/wire-encode';

/**
 * One buffered response (a flow or an agent lost-event), held as its wire bytes plus the few fields
 * the server needs without decoding. At high rates rings hold bytes only, not message objects: at
 * 50k flows/s a ring keeps each flow for a fraction of a second, long enough for V8 to promote its
 * ~20 objects to the old generation; measured, retaining them made GC take over a third of the CPU.
 * At low rates the message is kept too (`msg`), so filtered reads need not decode.
 */
export class SimEntry {
  constructor(
    /** `GetFlowsResponse` wire encoding, what every reader sends. */
    readonly bin: Uint8Array,
    /** Event time: seconds since the epoch and nanoseconds (as in google.protobuf.Timestamp). */
    readonly sec: number,
    readonly nanos: number,
    /** A flow (filters apply) rather than a lost event (always passed through). */
    readonly isFlow: boolean,
    /** The decoded message, when the ring keeps it. */
    private readonly msg?: GetFlowsResponse,
  ) {}

  /**
   * Encodes a response; time from `time` (response, else flow) unless given. `keep` retains the
   * message object next to the bytes.
   */
  static of(response: GetFlowsResponse, keep: boolean, sec?: number, nanos?: number): SimEntry {
    const r = response.responseTypes;
    const ts = response.time ?? (r.case === 'flow' ? r.value.time : undefined);
    return new SimEntry(
      encodeMessage(GetFlowsResponseSchema, response),
      sec ?? Number(ts?.seconds ?? 0n),
      nanos ?? ts?.nanos ?? 0,
      r.case === 'flow',
      keep ? response : undefined,
    );
  }

  /** The response: the kept message, or decoded afresh from the bytes (not cached, see above). */
  get response(): GetFlowsResponse {
    return this.msg ?? fromBinary(GetFlowsResponseSchema, this.bin);
  }
}

/** Orders two (seconds, nanos) times: negative, zero or positive. */
export function cmpTime(aSec: number, aNanos: number, bSec: number, bNanos: number): number {
  return aSec !== bSec ? aSec - bSec : aNanos - bNanos;
}

/** A fixed-capacity ring of {@link SimEntry} with sequence numbers (see file header). */
export class NodeRing {
  private slots: (SimEntry | undefined)[];
  private written = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`ring capacity must be a positive integer, got ${capacity}`);
    }
    this.slots = new Array<SimEntry | undefined>(capacity);
  }

  /** Sequence number the next pushed entry will get (= entries ever written). */
  get head(): number {
    return this.written;
  }

  /** Sequence number of the oldest entry still held. */
  get oldest(): number {
    return Math.max(0, this.written - this.capacity);
  }

  /** Entries currently held. */
  get size(): number {
    return this.written - this.oldest;
  }

  /** Appends an entry; callers keep times non-decreasing (binary searches rely on it). */
  push(e: SimEntry): void {
    this.slots[this.written % this.capacity] = e;
    this.written++;
  }

  /** The entry with sequence number `seq`; throws if it was overwritten or not written yet. */
  at(seq: number): SimEntry {
    if (seq < this.oldest || seq >= this.written) {
      throw new RangeError(`ring seq ${seq} outside [${this.oldest}, ${this.written})`);
    }
    return this.slots[seq % this.capacity] as SimEntry;
  }

  /** The newest entry, or undefined when empty. */
  newest(): SimEntry | undefined {
    return this.written > 0 ? this.at(this.written - 1) : undefined;
  }

  /** First held seq whose time is >= (sec, nanos); `head` when none. */
  lowerBound(sec: number, nanos: number): number {
    let lo = this.oldest;
    let hi = this.written;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      const e = this.at(mid);
      if (cmpTime(e.sec, e.nanos, sec, nanos) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First held seq whose time is > (sec, nanos); `head` when none. */
  upperBound(sec: number, nanos: number): number {
    let lo = this.oldest;
    let hi = this.written;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      const e = this.at(mid);
      if (cmpTime(e.sec, e.nanos, sec, nanos) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Entries per second over the last `windowMs` before `nowMs` (the agent's `flows_rate`): the count
   * in the window over the window, or over the span held when the ring covers less.
   */
  ratePerSec(nowMs: number, windowMs: number): number {
    if (this.written === 0) return 0;
    const fromMs = nowMs - windowMs;
    const fromSec = Math.floor(fromMs / 1000);
    const start = this.lowerBound(fromSec, (fromMs - fromSec * 1000) * 1e6);
    const oldest = this.at(this.oldest);
    const heldMs = nowMs - (oldest.sec * 1000 + oldest.nanos / 1e6);
    return ((this.written - start) * 1000) / Math.min(windowMs, Math.max(1, heldMs));
  }
}
