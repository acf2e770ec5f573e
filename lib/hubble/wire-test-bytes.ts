/**
 * Test-only helpers for the wire decoder's tests (wire-decode.test.ts, wire-decode-malformed.test.ts):
 * hand-assembled protobuf bytes, unknown fields of every wire type, and a seeded PRNG so reorderings
 * and fuzz cases are reproducible. Not used by production code.
 */
import type { UnknownField } from '@bufbuild/protobuf';
import { BinaryReader, BinaryWriter, WireType } from '@bufbuild/protobuf/wire';

/** Deterministic PRNG (mulberry32) in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher-Yates shuffle of a copy. */
export function shuffle<T>(xs: readonly T[], rnd: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** One unknown field of each wire type (a nested group too), plus packed and unpacked repeats. */
export function unknownFields(): UnknownField[] {
  const w = () => new BinaryWriter();
  const packed = w().fork().uint32(1).uint32(300).int32(-1).join().finish();
  const group = w()
    .tag(1, WireType.Varint).uint32(5)
    .tag(2, WireType.StartGroup).tag(3, WireType.Bit32).fixed32(1).tag(2, WireType.EndGroup)
    .tag(4004, WireType.EndGroup)
    .finish(); // prettier-ignore
  const bytes = new Uint8Array([10, 200, 0x80]);
  return [
    {
      no: 4000,
      wireType: WireType.Varint,
      data: w()
        .uint64(2n ** 64n - 1n)
        .finish(),
    },
    { no: 4001, wireType: WireType.Bit64, data: w().fixed64(123n).finish() },
    { no: 4002, wireType: WireType.LengthDelimited, data: w().bytes(bytes).finish() },
    { no: 4003, wireType: WireType.Bit32, data: w().fixed32(7).finish() },
    { no: 4004, wireType: WireType.StartGroup, data: group },
    { no: 4005, wireType: WireType.LengthDelimited, data: packed },
    { no: 4005, wireType: WireType.Varint, data: w().uint32(1).finish() },
    { no: 4005, wireType: WireType.Varint, data: w().int32(-1).finish() },
    { no: 536870911, wireType: WireType.Varint, data: w().uint32(1).finish() },
  ];
}

/** {@link unknownFields} as raw tag + value bytes, for hand-assembled messages. */
export function unknownRaw(): Uint8Array[] {
  return unknownFields().map(f => new BinaryWriter().tag(f.no, f.wireType).raw(f.data).finish());
}

/** A varint field (int64 encoding, so negative numbers take 10 bytes). */
export function varintField(no: number, v: number): Uint8Array {
  return new BinaryWriter().tag(no, WireType.Varint).int64(v).finish();
}

/** A length-delimited field. */
export function lengthDelimited(no: number, payload: Uint8Array): Uint8Array {
  return new BinaryWriter().tag(no, WireType.LengthDelimited).bytes(payload).finish();
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Top-level fields of a message, each as its tag + value bytes. */
export function splitFields(bytes: Uint8Array): Uint8Array[] {
  const r = new BinaryReader(bytes);
  const out: Uint8Array[] = [];
  while (r.pos < r.len) {
    const start = r.pos;
    const [no, wt] = r.tag();
    r.skip(wt, no);
    out.push(bytes.subarray(start, r.pos));
  }
  return out;
}

/** The payload of one length-delimited field given as tag + length + payload. */
export function payloadOf(field: Uint8Array): Uint8Array {
  const r = new BinaryReader(field);
  r.tag();
  return r.bytes();
}
