/**
 * Compact encodings for the two per-flow strings that cannot be interned: the flow UUID (36 chars,
 * ~56 B as a V8 string, 16 B packed) and the RFC 3339 time (built by concatenation in the decoder, so
 * a ~130 B cons-string tree; 12 B as seconds + nanos). Both decode back to the identical text.
 */

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/**
 * Packs a lower-case canonical UUID (`8-4-4-4-12` hex) into `out[at..at+3]`; false (and `out`
 * untouched) when `s` is not one, e.g. the decoder's derived id for flows of pre-1.14 agents.
 */
export function packUuid(s: string, out: Uint32Array, at: number): boolean {
  if (s.length !== 36) return false;
  let word = 0;
  let nibbles = 0;
  let w0 = 0;
  let w1 = 0;
  let w2 = 0;
  for (let i = 0; i < 36; i++) {
    const c = s.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false;
      continue;
    }
    const v = hexVal(c);
    if (v < 0) return false;
    word = word * 16 + v;
    if (++nibbles % 8 === 0) {
      if (nibbles === 8) w0 = word;
      else if (nibbles === 16) w1 = word;
      else if (nibbles === 24) w2 = word;
      else out[at + 3] = word;
      word = 0;
    }
  }
  out[at] = w0;
  out[at + 1] = w1;
  out[at + 2] = w2;
  return true;
}

/** The UUID text of `packed[at..at+3]`. */
export function unpackUuid(packed: Uint32Array, at: number): string {
  let hex = '';
  for (let w = 0; w < 4; w++) {
    const v = packed[at + w]!;
    hex += HEX[v >>> 24]! + HEX[(v >>> 16) & 255]! + HEX[(v >>> 8) & 255]! + HEX[v & 255]!;
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Nanoseconds of an RFC 3339 `...SS[.fraction]Z` time, or -1 when it has another form. */
export function parseNanos(time: string): number {
  const n = time.length;
  if (n < 20 || time.charCodeAt(n - 1) !== 90 /* Z */) return -1;
  const dot = time.lastIndexOf('.');
  if (dot < 0) return time.charCodeAt(n - 2) >= 48 && time.charCodeAt(n - 2) <= 57 ? 0 : -1;
  const digits = n - 1 - dot - 1;
  if (digits < 1 || digits > 9) return -1;
  let v = 0;
  for (let i = dot + 1; i < n - 1; i++) {
    const c = time.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v * 10 ** (9 - digits);
}

/**
 * A flat copy of `s` that does not keep a cons-string tree (or a parent string) alive. V8 flattens a
 * string before trimming and returns the flat result when there is nothing to trim.
 */
export function flatString(s: string): string {
  const t = s.trim();
  return t.length === s.length ? t : s;
}
