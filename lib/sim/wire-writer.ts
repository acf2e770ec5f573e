/**
 * The byte-level half of the simulator's protobuf encoder (wire-encode.ts): one growable module-level
 * buffer and the wire primitives (varints, strings, length prefixes, scalars). Kept apart so the
 * encoder compiler reads as the field logic only. Not re-entrant: synchronous use only.
 */
import { ScalarType } from '@bufbuild/protobuf';

// Local copies of the ScalarType numbers: reading `ScalarType.X` goes through the package's CJS
// re-export getter on every access, which showed up as ~15 % of encode time in a profile.
export const T_DOUBLE: number = ScalarType.DOUBLE;
export const T_FLOAT: number = ScalarType.FLOAT;
export const T_INT64: number = ScalarType.INT64;
export const T_UINT64: number = ScalarType.UINT64;
export const T_INT32: number = ScalarType.INT32;
export const T_FIXED64: number = ScalarType.FIXED64;
export const T_FIXED32: number = ScalarType.FIXED32;
export const T_BOOL: number = ScalarType.BOOL;
export const T_STRING: number = ScalarType.STRING;
export const T_BYTES: number = ScalarType.BYTES;
export const T_UINT32: number = ScalarType.UINT32;
export const T_SFIXED32: number = ScalarType.SFIXED32;
export const T_SFIXED64: number = ScalarType.SFIXED64;
export const T_SINT32: number = ScalarType.SINT32;
export const T_SINT64: number = ScalarType.SINT64;

let buf: Buffer = Buffer.alloc(64 * 1024);
let view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
let pos = 0;
const utf8 = new TextEncoder();

function ensure(n: number): void {
  if (pos + n <= buf.length) return;
  let size = buf.length * 2;
  while (size < pos + n) size *= 2;
  const next = Buffer.alloc(size);
  next.set(buf.subarray(0, pos));
  buf = next;
  view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** Starts a new message at the beginning of the buffer. */
export function resetWriter(): void {
  pos = 0;
}

/** Current write position (for {@link copySince} / {@link rewind}). */
export function mark(): number {
  return pos;
}

/** A private copy of the bytes written since `start` (Buffer#slice would be a view). */
export function copySince(start: number): Uint8Array {
  return new Uint8Array(buf.subarray(start, pos));
}

/** Moves the write position back to `start`. */
export function rewind(start: number): void {
  pos = start;
}

/**
 * The finished message. Buffer.allocUnsafe carves small results out of Node's shared 8 KiB pool: a
 * fresh ArrayBuffer per message (Uint8Array#slice) cost ~2 us each in allocation and GC, as much as
 * the encoding itself.
 */
export function takeBytes(): Uint8Array {
  const out = Buffer.allocUnsafe(pos);
  buf.copy(out, 0, 0, pos);
  return out;
}

/** A bool scalar. */
export function writeBool(b: boolean): void {
  ensure(1);
  buf[pos++] = b ? 1 : 0;
}

/** A uint32 scalar (rejects non-integers, as toBinary does). */
export function writeUint32(n: number): void {
  if (!Number.isInteger(n)) throw new Error(`wire-encode: invalid uint32 ${n}`);
  writeVarint(n >>> 0);
}

/** uint64/int64 given as bigint (or a safe non-negative number). */
export function write64(v: unknown): void {
  if (typeof v === 'number' && v >= 0 && v <= Number.MAX_SAFE_INTEGER) writeVarint(v);
  else writeVarint64(toBig(v));
}

/** Reserves one byte for a length prefix; returns where the content starts. */
export function reserveLength(): number {
  ensure(1);
  pos++;
  return pos;
}

/** Writes the length of the content written since `start`, widening the prefix if needed. */
export function finishLength(start: number): void {
  const len = pos - start;
  if (len < 0x80) {
    buf[start - 1] = len;
    return;
  }
  const extra = varintSize(len) - 1;
  ensure(extra);
  buf.copyWithin(start + extra, start, pos);
  pos += extra;
  let p = start - 1;
  let n = len;
  while (n >= 0x80) {
    buf[p++] = (n & 0x7f) | 0x80;
    n >>>= 7;
  }
  buf[p] = n;
}

function varintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    size++;
  }
  return size;
}

/** Unsigned varint for 0 <= n < 2^53. */
export function writeVarint(n: number): void {
  ensure(10);
  while (n > 0x7fffffff) {
    buf[pos++] = (n % 128) | 0x80;
    n = Math.floor(n / 128);
  }
  while (n >= 0x80) {
    buf[pos++] = (n & 0x7f) | 0x80;
    n >>>= 7;
  }
  buf[pos++] = n;
}

/** An int32 or enum value (negative values take 10 bytes). */
export function writeInt32(n: number): void {
  // toBinary rejects these too; encoding them would silently corrupt the message.
  if (!Number.isInteger(n)) throw new Error(`wire-encode: invalid int32 ${n}`);
  if (n >= 0) writeVarint(n);
  else writeVarint64(BigInt(n));
}

/** Varint of a 64-bit value in two's complement (negative int64 takes 10 bytes). */
function writeVarint64(v: bigint): void {
  let u = BigInt.asUintN(64, v);
  if (u <= 0x1fffffffffffffn) {
    writeVarint(Number(u));
    return;
  }
  ensure(10);
  while (u >= 0x80n) {
    buf[pos++] = Number(u & 0x7fn) | 0x80;
    u >>= 7n;
  }
  buf[pos++] = Number(u);
}

/** Bytes as they are (pre-encoded fields). */
export function writeRaw(bytes: Uint8Array): void {
  ensure(bytes.length);
  buf.set(bytes, pos);
  pos += bytes.length;
}

/** A length-prefixed UTF-8 string. */
export function writeString(s: string): void {
  const n = s.length;
  ensure(n * 3 + 5);
  // ASCII fast path: most Hubble strings (names, labels, IPs) are ASCII and short.
  if (n < 0x80) {
    const start = pos + 1;
    let p = start;
    let ascii = true;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        ascii = false;
        break;
      }
      buf[p++] = c;
    }
    if (ascii) {
      buf[pos] = n;
      pos = p;
      return;
    }
  }
  const bytes = utf8.encode(s);
  writeVarint(bytes.length);
  writeRaw(bytes);
}

/** The wire type of a scalar type. */
export function wireTypeOf(t: number): number {
  switch (t) {
    case T_STRING:
    case T_BYTES:
      return 2;
    case T_DOUBLE:
    case T_FIXED64:
    case T_SFIXED64:
      return 1;
    case T_FLOAT:
    case T_FIXED32:
    case T_SFIXED32:
      return 5;
    default:
      return 0;
  }
}

/** Whether a scalar value is its type's zero (not written with implicit presence). */
export function isZero(t: number, v: unknown): boolean {
  switch (t) {
    case T_STRING:
      return v === '';
    case T_BYTES:
      return (v as Uint8Array).length === 0;
    case T_BOOL:
      return v === false;
    default:
      // 64-bit fields may be bigint or (with jstype=JS_STRING) string.
      return v === 0 || v === 0n || v === '0';
  }
}

function toBig(v: unknown): bigint {
  return typeof v === 'bigint' ? v : BigInt(v as number | string);
}

/** Any scalar value of type `t` (no tag). */
export function writeScalar(t: number, v: unknown): void {
  switch (t) {
    case T_STRING:
      writeString(v as string);
      return;
    case T_BOOL:
      ensure(1);
      buf[pos++] = v ? 1 : 0;
      return;
    case T_UINT32:
      writeVarint((v as number) >>> 0);
      return;
    case T_INT32:
      writeInt32(v as number);
      return;
    case T_UINT64:
    case T_INT64:
      if (typeof v === 'number' && v >= 0 && v <= Number.MAX_SAFE_INTEGER) writeVarint(v);
      else writeVarint64(toBig(v));
      return;
    case T_SINT32: {
      const n = v as number;
      writeVarint(((n << 1) ^ (n >> 31)) >>> 0);
      return;
    }
    case T_SINT64: {
      const b = BigInt.asIntN(64, toBig(v));
      writeVarint64((b << 1n) ^ (b >> 63n));
      return;
    }
    case T_DOUBLE:
      ensure(8);
      view.setFloat64(pos, v as number, true);
      pos += 8;
      return;
    case T_FLOAT:
      ensure(4);
      view.setFloat32(pos, v as number, true);
      pos += 4;
      return;
    case T_FIXED32:
    case T_SFIXED32:
      ensure(4);
      view.setUint32(pos, (v as number) >>> 0, true);
      pos += 4;
      return;
    case T_FIXED64:
    case T_SFIXED64:
      ensure(8);
      view.setBigUint64(pos, BigInt.asUintN(64, toBig(v)), true);
      pos += 8;
      return;
    case T_BYTES: {
      const b = v as Uint8Array;
      writeVarint(b.length);
      writeRaw(b);
      return;
    }
  }
}
