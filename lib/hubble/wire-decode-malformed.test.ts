import { describe, expect, it } from 'vitest';
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { GetFlowsResponseSchema } from '@/proto/gen/observer/observer_pb';
import { decodeResponse } from '@/lib/hubble/decode';
import { parseJsonpbLine } from '@/lib/hubble/jsonpb';
import { readSampleLines } from '@/lib/hubble/sample-files';
import { decodeWireResponse, WireDecodeError } from '@/lib/hubble/wire-decode';
import { concat, lengthDelimited, prng, varintField } from '@/lib/hubble/wire-test-bytes';
import { FlowGenerator } from '@/lib/sim/generator';

const bytesOf = (...xs: number[]) => new Uint8Array(xs);

/** The WireDecodeError that decoding `bytes` throws (fails the test if it decodes). */
function errorOf(bytes: Uint8Array): WireDecodeError {
  try {
    decodeWireResponse(bytes);
  } catch (err) {
    expect(err).toBeInstanceOf(WireDecodeError);
    return err as WireDecodeError;
  }
  throw new Error('decoded without error');
}

describe('wire decoder on malformed bytes', () => {
  it('reports a length past the end with the field path and offset', () => {
    const e = errorOf(bytesOf(0x0a, 0x05, 0x10, 0x01)); // flow: 5 bytes announced, 2 present
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('WireDecodeError');
    expect(e).toMatchObject({ path: 'flow', offset: 1 });
    expect(e.message).toBe('flow: length 5 past the end of its message at offset 1');
    // A length that fits the buffer but not its enclosing message is malformed too.
    const nested = concat([lengthDelimited(1, bytesOf(0x5a, 0x05, 0x41)), bytesOf(0, 0, 0, 0)]);
    expect(errorOf(nested)).toMatchObject({ path: 'flow.node_name', offset: 3 });
    expect(errorOf(bytesOf(0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f)).problem).toMatch(
      /^length 4294967295/,
    );
  });

  it('reports truncated and over-long varints', () => {
    expect(errorOf(bytesOf(0x0a, 0x02, 0x10, 0x80))).toMatchObject({ path: 'flow.verdict' });
    expect(errorOf(bytesOf(0x28))).toMatchObject({ path: '#5' }); // unknown field, value missing
    const long = bytesOf(0x0a, 12, 0x10, ...new Array<number>(11).fill(0xff));
    expect(errorOf(long)).toMatchObject({
      path: 'flow.verdict',
      problem: 'varint longer than 10 bytes',
    });
    expect(errorOf(bytesOf(0x82))).toMatchObject({ problem: 'truncated tag' }); // cut tag
  });

  it('rejects a known field with the wrong wire type, naming the nested path', () => {
    const verdictAsBytes = lengthDelimited(1, bytesOf(0x12, 0x01, 0x41));
    const e = errorOf(verdictAsBytes);
    expect(e.path).toBe('flow.verdict');
    expect(e.problem).toBe('field 2 has wire type 2, expected 0');
    const labelsAsVarint = lengthDelimited(1, lengthDelimited(8, varintField(4, 1)));
    expect(errorOf(labelsAsVarint).path).toBe('flow.source.labels');
    const dnsTtlAsBytes = lengthDelimited(15, lengthDelimited(100, lengthDelimited(3, bytesOf(1))));
    expect(errorOf(lengthDelimited(1, dnsTtlAsBytes)).path).toBe('flow.l7.dns.ttl');
    const cpuAsVarint = lengthDelimited(3, varintField(3, 1));
    expect(errorOf(cpuAsVarint).path).toBe('lost_events.cpu');
    expect(errorOf(varintField(1000, 1)).path).toBe('node_name');
  });

  it('rejects invalid tags and bad groups without recursing or looping', () => {
    expect(errorOf(bytesOf(0x00)).problem).toBe('field number 0');
    expect(errorOf(bytesOf((5 << 3) | 7)).problem).toBe('invalid wire type 7');
    expect(errorOf(bytesOf((5 << 3) | 6)).problem).toBe('invalid wire type 6');
    expect(errorOf(bytesOf((5 << 3) | 3)).problem).toBe('unterminated group');
    expect(errorOf(bytesOf((5 << 3) | 3, (6 << 3) | 4)).problem).toBe('mismatched end group');
    const deep = new Uint8Array(100_000).fill((5 << 3) | 3);
    expect(errorOf(deep).problem).toBe('groups nested too deep');
    // A well-formed unknown group decodes (and is skipped).
    const group = bytesOf((5 << 3) | 3, (1 << 3) | 0, 7, (5 << 3) | 4);
    expect(decodeWireResponse(group)).toEqual({ kind: 'unknown' });
  });

  it('truncated real messages either decode (then like protobuf-es) or throw WireDecodeError', () => {
    const messages = [
      ...readSampleLines('400-tcp').slice(0, 2),
      ...readSampleLines('udp-dns').slice(0, 2),
    ].map(l => toBinary(GetFlowsResponseSchema, parseJsonpbLine(l)));
    let threw = 0;
    let decoded = 0;
    for (const full of messages) {
      for (let len = 0; len < full.length; len++) {
        const cut = full.subarray(0, len);
        const got = outcome(cut);
        if (got instanceof WireDecodeError) {
          threw++;
          continue;
        }
        decoded++;
        let want: unknown = null;
        try {
          want = decodeResponse(fromBinary(GetFlowsResponseSchema, cut));
        } catch {
          continue; // protobuf-es rejects it, we accept: fine (cut at a field of a field we skip)
        }
        expect(got).toStrictEqual(want);
      }
    }
    expect(threw).toBeGreaterThan(1000);
    expect(decoded).toBeGreaterThan(4);
  });

  it('bit flips, byte overwrites and random bytes never escape as anything but WireDecodeError', () => {
    const rnd = prng(2024);
    const start = Date.UTC(2026, 0, 1);
    const sim = new FlowGenerator({ seed: 9, startMs: start, rate: 500 })
      .collect(start + 1000)
      .slice(0, 40)
      .map(e => toBinary(GetFlowsResponseSchema, e.response));
    const base = [
      ...sim,
      ...readSampleLines('udp-dns')
        .slice(0, 20)
        .map(l => toBinary(GetFlowsResponseSchema, parseJsonpbLine(l))),
    ];
    const counts = { decoded: 0, threw: 0 };
    const run = (bytes: Uint8Array) => {
      const got = outcome(bytes);
      counts[got instanceof WireDecodeError ? 'threw' : 'decoded']++;
    };
    for (let i = 0; i < 400; i++) {
      const m = new Uint8Array(base[Math.floor(rnd() * base.length)]!);
      const at = Math.floor(rnd() * m.length);
      m[at]! ^= 1 << Math.floor(rnd() * 8);
      run(m);
      m[Math.floor(rnd() * m.length)] = Math.floor(rnd() * 256);
      run(m);
    }
    for (let i = 0; i < 300; i++) {
      run(Uint8Array.from({ length: Math.floor(rnd() * 64) }, () => Math.floor(rnd() * 256)));
    }
    expect(counts.threw).toBeGreaterThan(100);
    expect(counts.decoded).toBeGreaterThan(100);
  });
});

/** The decode result, or the WireDecodeError; any other exception fails the test. */
function outcome(bytes: Uint8Array): unknown {
  try {
    return decodeWireResponse(bytes);
  } catch (err) {
    if (!(err instanceof WireDecodeError)) {
      throw new Error(`non-WireDecodeError for ${Buffer.from(bytes).toString('hex')}: ${err}`);
    }
    return err;
  }
}
