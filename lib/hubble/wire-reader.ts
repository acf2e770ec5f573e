/**
 * A minimal protobuf wire-format reader for the hand-written GetFlowsResponse decoder
 * (wire-decode.ts). It reads only what that decoder needs (varints, length-delimited spans, strings)
 * and skips everything else by wire type.
 *
 * Every read is bounds-checked against the enclosing message's end, so malformed input ends in a
 * {@link WireDecodeError} instead of garbage, an endless loop or a RangeError; each loop advances
 * by at least one byte.
 */

/** Wire types (protobuf encoding spec). */
const VARINT = 0;
const I64 = 1;
const LEN = 2;
const SGROUP = 3;
const EGROUP = 4;
const I32 = 5;

/** Deepest group nesting {@link WireReader.skip} follows; real senders never use groups at all. */
const MAX_GROUP_DEPTH = 100;

/**
 * Malformed GetFlowsResponse bytes: a truncated varint, a length past the end of its message, a
 * known field with the wrong wire type, an invalid tag.
 */
export class WireDecodeError extends Error {
  override name = 'WireDecodeError';
  /** Field path from the GetFlowsResponse root, e.g. `flow.source.labels` ('' for the root). */
  path = '';

  constructor(
    /** What is wrong, without position. */
    readonly problem: string,
    /** Byte offset in the response where the problem was found. */
    readonly offset: number,
  ) {
    super(`${problem} at offset ${offset}`);
  }

  /** Prepends `segment` to the path (decoders add their field names while the error unwinds). */
  within(segment: string): this {
    this.path = this.path === '' ? segment : segment + '.' + this.path;
    this.message = `${this.path}: ${this.problem} at offset ${this.offset}`;
    return this;
  }
}

/*
 * Strings are most of a flow's bytes and, measured, about half of its decode time: building a JS
 * string costs ~140 ns whichever way (TextDecoder, or a fromCharCode loop) and a flow carries 20-40.
 * But ~99 % of them repeat from flow to flow (labels, namespaces, pod and node names, IPs, workload
 * kinds, DNS names; measured on the samples and on sim traffic), so a small direct-mapped cache
 * returns the existing string. Retained FlowRecords then also share their strings instead of each
 * holding copies. (Kept in this module: cross-module calls go through export getters under
 * tsx/vitest, measurable at ~40 calls per flow.)
 */

// Non-fatal like protobuf-es's own decoder: invalid UTF-8 becomes U+FFFD, identically on both paths.
const utf8 = new TextDecoder();

/** Text of `buf[start, end)`, uncached. */
function readUtf8(buf: Uint8Array, start: number, end: number): string {
  // Short ASCII strings: a JS loop avoids the subarray and the native call; longer ones or anything
  // non-ASCII go to TextDecoder.
  if (end - start > 12) return utf8.decode(buf.subarray(start, end));
  let s = '';
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    if (c >= 0x80) return utf8.decode(buf.subarray(start, end));
    s += String.fromCharCode(c);
  }
  return s;
}

const SLOT_BITS = 12;
const SLOTS = 1 << SLOT_BITS;
/** Longest string cached (bytes); longer ones (URLs, summaries) rarely repeat exactly. */
const MAX_LEN = 64;
const slotLen = new Int32Array(SLOTS).fill(-1);
const slotStr: string[] = new Array<string>(SLOTS).fill('');
const slotBytes = new Uint8Array(SLOTS * MAX_LEN);
const slotView = new DataView(slotBytes.buffer);
const FNV = 0x01000193;

/**
 * Text of `buf[start, end)` through the cache (4096 slots x 64 bytes = 256 KB, never grows). A slot
 * holds the last string that hashed to it, and a hit is verified byte for byte, so a collision only
 * costs a miss, never a wrong string. The hash reads three 4-byte words (head, middle, tail: labels
 * share long prefixes, IPs differ in the middle), and the compare goes a word at a time; both
 * measured ~2x faster than byte loops (~60 vs ~100-140 ns per string, uncached ~140 ns).
 */
function readCachedUtf8(buf: Uint8Array, view: DataView, start: number, end: number): string {
  const n = end - start;
  if (n > MAX_LEN) return utf8.decode(buf.subarray(start, end));
  let h = n;
  if (n >= 4) {
    h = Math.imul(h ^ view.getInt32(start, true), FNV);
    h = Math.imul(h ^ view.getInt32(start + ((n - 4) >> 1), true), FNV);
    h = Math.imul(h ^ view.getInt32(end - 4, true), FNV);
  } else {
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, FNV);
  }
  const slot = (h ^ (h >>> SLOT_BITS)) & (SLOTS - 1);
  const base = slot * MAX_LEN;
  if (slotLen[slot] === n) {
    let i = 0;
    while (i + 4 <= n && slotView.getInt32(base + i, true) === view.getInt32(start + i, true))
      i += 4;
    while (i < n && slotBytes[base + i] === buf[start + i]) i++;
    if (i === n) return slotStr[slot]!;
  }
  const s = readUtf8(buf, start, end);
  slotLen[slot] = n;
  slotStr[slot] = s;
  for (let i = 0; i < n; i++) slotBytes[base + i] = buf[start + i]!;
  return s;
}

/** Cursor over one GetFlowsResponse. Methods advance `pos`; `end` arguments are message ends. */
export class WireReader {
  pos = 0;
  /** For the string cache's word reads. */
  readonly view: DataView;

  constructor(readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /**
   * The next varint's low 32 bits as an unsigned number (tags, uint32, and, with `| 0`, int32 and
   * enums, exactly as protobuf-es truncates them). Reads at most 10 bytes. Past the end of the
   * buffer it stops early with `pos` beyond the end, which the caller's bounds check reports.
   */
  varint32(): number {
    const buf = this.buf;
    let pos = this.pos;
    let b = buf[pos++]!;
    // `<` rather than a bit test: past the end b is undefined, which must not be returned.
    if (b < 0x80) {
      this.pos = pos;
      return b;
    }
    let v = b & 0x7f;
    for (let shift = 7; shift < 35; shift += 7) {
      b = buf[pos++]!;
      v |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) {
        this.pos = pos;
        return v >>> 0;
      }
    }
    // Bytes 6..10 only carry bits above 32: skip them.
    for (let i = 5; i < 10; i++) {
      if ((buf[pos++]! & 0x80) === 0) {
        this.pos = pos;
        return v >>> 0;
      }
    }
    throw new WireDecodeError('varint longer than 10 bytes', this.pos);
  }

  /**
   * The next varint as a 64-bit number: unsigned (uint64) or two's-complement signed (int64). The
   * value is hi * 2^32 + lo in doubles: one correctly rounded addition, so it equals
   * `Number(bigint)` of protobuf-es's value exactly, also above 2^53.
   */
  varint64(signed: boolean): number {
    const buf = this.buf;
    const start = this.pos;
    let pos = start;
    let lo = 0;
    let hi = 0;
    let b = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      b = buf[pos++]!;
      lo |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) {
        this.pos = pos;
        return lo >>> 0;
      }
    }
    b = buf[pos++]!;
    lo |= (b & 0x0f) << 28;
    hi = (b & 0x70) >> 4;
    for (let shift = 3; (b & 0x80) !== 0; shift += 7) {
      if (shift > 31) throw new WireDecodeError('varint longer than 10 bytes', start);
      b = buf[pos++]!;
      hi |= (b & 0x7f) << shift;
    }
    this.pos = pos;
    return (signed ? hi | 0 : hi >>> 0) * 4294967296 + (lo >>> 0);
  }

  /** A varint bool: any non-zero value (of any length) is true, as in protobuf-es. */
  bool(): boolean {
    const buf = this.buf;
    let pos = this.pos;
    let any = 0;
    for (let i = 0; i < 10; i++) {
      const b = buf[pos++]!;
      any |= b & 0x7f;
      if ((b & 0x80) === 0) {
        this.pos = pos;
        return any !== 0;
      }
    }
    throw new WireDecodeError('varint longer than 10 bytes', this.pos);
  }

  /** Reads a length prefix and returns the end of the span it announces (checked against `end`). */
  span(end: number): number {
    const at = this.pos;
    const len = this.varint32();
    if (this.pos > end) throw new WireDecodeError('truncated length', at);
    const stop = this.pos + len;
    if (stop > end) throw new WireDecodeError(`length ${len} past the end of its message`, at);
    return stop;
  }

  /** A length-delimited string. */
  string(end: number): string {
    const stop = this.span(end);
    const start = this.pos;
    this.pos = stop;
    return start === stop ? '' : readCachedUtf8(this.buf, this.view, start, stop);
  }

  /** Reads a string and appends it to a repeated field that is null until its first element. */
  appendString(list: string[] | null, end: number): string[] {
    const s = this.string(end);
    if (list === null) return [s];
    list.push(s);
    return list;
  }

  /** A string that is unique per flow (uuid): read past the cache so it does not evict others. */
  uniqueString(end: number): string {
    const stop = this.span(end);
    const start = this.pos;
    this.pos = stop;
    return start === stop ? '' : readUtf8(this.buf, start, stop);
  }

  /**
   * Skips the field whose tag was just read. `end` is the enclosing message's end. Groups (wire
   * types 3/4, deprecated but legal) are skipped to their matching end tag, nesting included.
   */
  skip(tag: number, end: number): void {
    const at = this.pos;
    if (at > end) throw new WireDecodeError('truncated tag', end);
    if (tag >>> 3 === 0) throw new WireDecodeError('field number 0', at);
    switch (tag & 7) {
      case VARINT:
        this.varint32();
        break;
      case I64:
        this.pos += 8;
        break;
      case LEN:
        this.pos = this.span(end);
        break;
      case I32:
        this.pos += 4;
        break;
      case SGROUP:
        this.skipGroup(tag >>> 3, end);
        break;
      default:
        throw new WireDecodeError(`invalid wire type ${tag & 7}`, at);
    }
    if (this.pos > end) throw new WireDecodeError('truncated field', at);
  }

  private skipGroup(fieldNo: number, end: number): void {
    const open = [fieldNo];
    while (open.length > 0) {
      if (this.pos >= end) throw new WireDecodeError('unterminated group', this.pos);
      const at = this.pos;
      const tag = this.varint32();
      const wt = tag & 7;
      if (wt === EGROUP) {
        if (tag >>> 3 !== open.pop()) throw new WireDecodeError('mismatched end group', at);
      } else if (wt === SGROUP) {
        if (tag >>> 3 === 0) throw new WireDecodeError('field number 0', at);
        if (open.length >= MAX_GROUP_DEPTH) throw new WireDecodeError('groups nested too deep', at);
        open.push(tag >>> 3);
      } else {
        this.skip(tag, end);
      }
    }
  }

  /** Fails when the last field read ran past its message's end (e.g. a varint cut by the length). */
  checkEnd(end: number): void {
    if (this.pos > end) throw new WireDecodeError('field runs past the end of its message', end);
  }

  /** Throws the error for a known field that arrived with another wire type. */
  wrongType(tag: number, expected: number): never {
    throw new WireDecodeError(
      `field ${tag >>> 3} has wire type ${tag & 7}, expected ${expected}`,
      this.pos,
    );
  }
}

/** Field number -> proto field name of one message type, for error paths. */
export type Names = Record<number, string>;

/**
 * Adds the name of the field being read (`tag`) to a WireDecodeError's path while it unwinds through
 * the message decoders; returns the error for `throw`.
 */
export function within(err: unknown, names: Names, tag: number): unknown {
  if (err instanceof WireDecodeError) err.within(names[tag >>> 3] ?? `#${tag >>> 3}`);
  return err;
}
