/**
 * A fast protobuf binary encoder for the simulator's hot path.
 *
 * Why not `toBinary` from @bufbuild/protobuf: it measured ~45 us per Flow (reflection wrappers,
 * fork/join chunk arrays), which caps a core at ~20k flows/s, below the 50k flows/s the simulator
 * must serve as the benchmark source. This encoder compiles one straight-line function per message
 * type, writes into one reusable buffer, and splices the cached bytes of sub-messages registered with
 * {@link shareMessage} (pod endpoints, services, policies: the bulk of a Flow's bytes). A generated
 * Flow of ~1 KB takes ~3.5 us.
 *
 * Output is byte-identical to `toBinary` (same field order: by field number, then unknown fields);
 * wire-encode.test.ts checks that on every sample line and on generated traffic.
 */
import type { DescField, DescMessage, MessageShape } from '@bufbuild/protobuf';
import {
  T_BOOL,
  T_BYTES,
  T_DOUBLE,
  T_FIXED64,
  T_FLOAT,
  T_INT32,
  T_INT64,
  T_SFIXED64,
  T_SINT64,
  T_STRING,
  T_UINT32,
  T_UINT64,
  copySince,
  finishLength,
  isZero,
  mark,
  reserveLength,
  resetWriter,
  rewind,
  takeBytes,
  wireTypeOf,
  write64,
  writeBool,
  writeInt32,
  writeRaw,
  writeScalar,
  writeString,
  writeUint32,
  writeVarint,
} from '@/lib/sim/wire-writer';

type Encoder = (m: Record<string | symbol, unknown>) => void;

const WRAPPERS: Record<string, number> = {
  'google.protobuf.DoubleValue': T_DOUBLE,
  'google.protobuf.FloatValue': T_FLOAT,
  'google.protobuf.Int64Value': T_INT64,
  'google.protobuf.UInt64Value': T_UINT64,
  'google.protobuf.Int32Value': T_INT32,
  'google.protobuf.UInt32Value': T_UINT32,
  'google.protobuf.BoolValue': T_BOOL,
  'google.protobuf.StringValue': T_STRING,
  'google.protobuf.BytesValue': T_BYTES,
};

// Field presence as protobuf-es reports it (FeatureSet.FieldPresence): IMPLICIT = 2.
const IMPLICIT = 2;

const encoders = new Map<string, Encoder>();

/**
 * The encoder for a message type, compiled on first use into straight-line code (one property read
 * per field with a literal name). A first version interpreted a field table instead and spent most of
 * its time in megamorphic keyed property loads: 5-8 us per Flow against ~3.5 us compiled.
 */
function encoderFor(desc: DescMessage): Encoder {
  let enc = encoders.get(desc.typeName);
  if (!enc) {
    enc = compile(desc);
    encoders.set(desc.typeName, enc);
  }
  return enc;
}

function compile(desc: DescMessage): Encoder {
  const subs: Encoder[] = [];
  const subIndex = (d: DescMessage): number => {
    const i = subs.length;
    // Resolved lazily so recursive and mutually recursive types compile.
    subs.push(m => {
      const real = encoderFor(d);
      subs[i] = real;
      real(m);
    });
    return i;
  };
  const lines: string[] = ['let v, o;'];
  for (const f of [...desc.fields].sort((a, b) => a.number - b.number))
    lines.push(compileField(f, subIndex));
  lines.push('if (m.$unknown !== undefined) W.unknown(m.$unknown);');
  const factory = new Function(
    'W',
    'S',
    `return function encode_${desc.typeName.replace(/\W/g, '_')}(m) {\n${lines.join('\n')}\n};`,
  );
  return factory(WRITER, subs) as Encoder;
}

function compileField(f: DescField, subIndex: (d: DescMessage) => number): string {
  const name = JSON.stringify(f.localName);
  const read = f.oneof
    ? `o = m[${JSON.stringify(f.oneof.localName)}]; if (o === undefined || o.case !== ${name}) {} else { v = o.value;`
    : `{ v = m[${name}];`;
  // Oneof members are written whenever selected, zero or not (the case itself is the presence).
  const implicit = f.presence === IMPLICIT && !f.oneof;
  let body: string;
  switch (f.fieldKind) {
    case 'scalar': {
      const cond = implicit ? nonZero(f.scalar) : 'v !== undefined';
      body = `if (${cond}) { W.vu(${f.number * 8 + wireTypeOf(f.scalar)}); ${scalarCall(f.scalar, 'v')} }`;
      break;
    }
    case 'enum':
      body = `if (v !== undefined${implicit ? ' && v !== 0' : ''}) { W.vu(${f.number * 8}); W.i32(v); }`;
      break;
    case 'message': {
      if (f.delimitedEncoding)
        throw new Error(`wire-encode: group encoding unsupported (${f.name})`);
      const wrapped = WRAPPERS[f.message.typeName];
      body =
        wrapped !== undefined
          ? `if (v !== undefined && v !== null) W.wrapper(${f.number * 8 + 2}, ${wrapped}, v);`
          : `if (v !== undefined && v !== null) W.msg(${f.number * 8 + 2}, S[${subIndex(f.message)}], v);`;
      break;
    }
    case 'list':
      if (f.listKind === 'message') {
        body = `for (let i = 0; i < v.length; i++) W.msg(${f.number * 8 + 2}, S[${subIndex(f.message)}], v[i]);`;
      } else {
        const t = f.listKind === 'scalar' ? f.scalar : T_INT32;
        body = f.packed
          ? `if (v.length > 0) { W.vu(${f.number * 8 + 2}); const st = W.reserve(); for (let i = 0; i < v.length; i++) { ${scalarCall(t, 'v[i]')} } W.finish(st); }`
          : `for (let i = 0; i < v.length; i++) { W.vu(${f.number * 8 + wireTypeOf(t)}); ${scalarCall(t, 'v[i]')} }`;
      }
      break;
    case 'map':
      throw new Error(`wire-encode: map fields unsupported (${f.name})`);
  }
  return `${read} ${body} }`;
}

function nonZero(t: number): string {
  switch (t) {
    case T_STRING:
      return 'v !== "" && v !== undefined';
    case T_BOOL:
      return 'v === true';
    case T_BYTES:
      return 'v !== undefined && v.length > 0';
    case T_INT64:
    case T_UINT64:
    case T_FIXED64:
    case T_SFIXED64:
    case T_SINT64:
      return 'v !== undefined && v !== 0n && v !== 0 && v !== "0"';
    default:
      return 'v !== undefined && v !== 0';
  }
}

function scalarCall(t: number, v: string): string {
  switch (t) {
    case T_STRING:
      return `W.str(${v});`;
    case T_UINT32:
      return `W.u32(${v});`;
    case T_INT32:
      return `W.i32(${v});`;
    case T_BOOL:
      return `W.bool(${v});`;
    case T_INT64:
    case T_UINT64:
      return `W.v64(${v});`;
    default:
      return `W.scalar(${t}, ${v});`;
  }
}

// Shared (immutable) messages carry a hidden, non-enumerable slot holding their cached encoding.
// A symbol property beats a WeakMap lookup on this path, and being non-enumerable it is not copied
// by object spread, so `{ ...sharedEndpoint, podName: 'x' }` is encoded afresh, as it must be.
const CACHE = Symbol('flowscope.sim.encoded');

interface CacheSlot {
  bytes: Uint8Array | null;
}

/**
 * Marks a message as immutable and shared between many flows (deep-freezes it), so the encoder can
 * cache its bytes. Returns the same object. Only for sub-messages built once, e.g. a pod's Endpoint.
 */
export function shareMessage<T extends object>(msg: T): T {
  if (!Object.prototype.hasOwnProperty.call(msg, CACHE)) {
    const slot: CacheSlot = { bytes: null };
    Object.defineProperty(msg, CACHE, { value: slot, enumerable: false });
  }
  deepFreeze(msg);
  return msg;
}

function deepFreeze(v: unknown): void {
  if (v === null || typeof v !== 'object' || Object.isFrozen(v) || v instanceof Uint8Array) return;
  for (const key of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[key]);
  Object.freeze(v);
}

/**
 * Encodes `msg` (a message of `schema`) to protobuf binary, like `toBinary(schema, msg)`.
 * Not re-entrant (one module-level buffer); synchronous callers only.
 */
export function encodeMessage<Desc extends DescMessage>(
  schema: Desc,
  msg: MessageShape<Desc>,
): Uint8Array {
  resetWriter();
  encoderFor(schema)(msg as unknown as Record<string, unknown>);
  return takeBytes();
}

function writeMessage(tag: number, enc: Encoder, m: Record<string | symbol, unknown>): void {
  writeVarint(tag);
  const slot = m[CACHE] as CacheSlot | undefined;
  if (slot !== undefined) {
    let bytes = slot.bytes;
    if (bytes === null) {
      // Encode once into the shared buffer, then keep a private copy for later splicing.
      const start = mark();
      enc(m);
      bytes = copySince(start);
      rewind(start);
      slot.bytes = bytes;
    }
    writeVarint(bytes.length);
    writeRaw(bytes);
    return;
  }
  const start = reserveLength();
  enc(m);
  finishLength(start);
}

function writeWrapper(tag: number, t: number, v: unknown): void {
  writeVarint(tag);
  if (isZero(t, v)) {
    writeVarint(0);
    return;
  }
  const start = reserveLength();
  writeVarint(8 + wireTypeOf(t));
  writeScalar(t, v);
  finishLength(start);
}

function writeUnknown(unknown: { no: number; wireType: number; data: Uint8Array }[]): void {
  for (const u of unknown) {
    writeVarint(u.no * 8 + u.wireType);
    writeRaw(u.data);
  }
}

/** The primitives generated encoders call (kept as one object: one closure argument). */
const WRITER = {
  vu: writeVarint,
  u32: writeUint32,
  i32: writeInt32,
  v64: write64,
  bool: writeBool,
  str: writeString,
  scalar: writeScalar,
  msg: writeMessage,
  wrapper: writeWrapper,
  unknown: writeUnknown,
  reserve: reserveLength,
  finish: finishLength,
};
