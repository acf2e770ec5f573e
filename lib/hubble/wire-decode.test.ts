import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  create,
  fromBinary,
  toBinary,
  type MessageInitShape,
  type UnknownField,
} from '@bufbuild/protobuf';
import { EndpointSchema, FlowSchema, type DNS, type Layer4 } from '@/proto/gen/flow/flow_pb';
import { GetFlowsResponseSchema, type GetFlowsResponse } from '@/proto/gen/observer/observer_pb';
import { decodeResponse, type DecodedResponse } from '@/lib/hubble/decode';
import { decodeRawGetFlowsResponse } from '@/lib/hubble/grpc-adapter';
import { parseJsonpbLine } from '@/lib/hubble/jsonpb';
import { readSampleFiles, readSampleLines } from '@/lib/hubble/sample-files';
import { decodeWireResponse } from '@/lib/hubble/wire-decode';
import {
  concat,
  lengthDelimited,
  payloadOf,
  prng,
  shuffle,
  splitFields,
  unknownFields,
  unknownRaw,
  varintField,
} from '@/lib/hubble/wire-test-bytes';
import { FlowGenerator } from '@/lib/sim/generator';
import { SIM_FAULTS, type SimFault } from '@/lib/sim/faults';
import { encodeMessage } from '@/lib/sim/wire-encode';

const toBytes = (m: GetFlowsResponse) => toBinary(GetFlowsResponseSchema, m);

/** Asserts the wire decoder gives exactly what protobuf-es + decodeResponse give; returns it. */
function expectSame(bytes: Uint8Array): DecodedResponse {
  const want = decodeResponse(fromBinary(GetFlowsResponseSchema, bytes));
  expect(decodeWireResponse(bytes)).toStrictEqual(want);
  return want;
}

type FlowInit = MessageInitShape<typeof FlowSchema>;
type ResponseInit = MessageInitShape<typeof GetFlowsResponseSchema>;

function flowResponse(flow: FlowInit, rest: ResponseInit = {}): GetFlowsResponse {
  return create(GetFlowsResponseSchema, {
    ...rest,
    responseTypes: { case: 'flow', value: create(FlowSchema, flow) },
  });
}

const sampleBytes = readSampleFiles().flatMap(f => f.lines.map(l => toBytes(parseJsonpbLine(l))));

describe('wire decoder vs protobuf-es + decodeResponse', () => {
  it.each(readSampleFiles().map(f => [f.name, f.lines] as const))(
    'agrees on every line of %s',
    (_name, lines) => {
      let flows = 0;
      for (const line of lines) {
        if (expectSame(toBytes(parseJsonpbLine(line))).kind === 'flow') flows++;
      }
      expect(flows).toBe(lines.length);
    },
  );

  it('agrees on simulated traffic: every kind, every fault, old agents without uuid', () => {
    const start = Date.UTC(2026, 2, 1, 12);
    const gen = new FlowGenerator({ seed: 3, startMs: start, rate: 700 });
    const old = gen.nodeNames[1]!;
    const gen2 = new FlowGenerator({ seed: 4, startMs: start, rate: 700, oldAgentNodes: [old] });
    const out: DecodedResponse[] = [];
    const phases: SimFault[][] = [[], ...SIM_FAULTS.map(f => [f]), [...SIM_FAULTS]];
    phases.forEach((faults, i) => {
      for (const g of [gen, gen2]) {
        g.setFaults(faults);
        g.advanceTo(start + (i + 1) * 1000, e =>
          out.push(expectSame(encodeMessage(GetFlowsResponseSchema, e.response))),
        );
      }
    });
    const records = out.flatMap(d => (d.kind === 'flow' ? [d.record] : []));
    expect(records.length).toBeGreaterThan(3000);
    // The corpus really covers what the decoder has to get right.
    expect(out.some(d => d.kind === 'lost')).toBe(true);
    expect(records.some(r => r.verdict === 'DROPPED' && r.dropReason !== '')).toBe(true);
    expect(records.some(r => (r.l7?.dns?.rcode ?? 0) !== 0)).toBe(true);
    expect(records.some(r => (r.l7?.http?.code ?? 0) >= 500)).toBe(true);
    expect(records.some(r => r.l7 !== null && r.l7.latencyNs > 0)).toBe(true);
    expect(records.some(r => r.id.startsWith('d:'))).toBe(true);
    expect(records.some(r => r.tcpFlags.includes(','))).toBe(true);
    expect(records.some(r => r.policies.allowedBy.length > 0)).toBe(true);
    expect(records.some(r => r.isReply === true)).toBe(true);
  });

  it('agrees when fields arrive in any order (response and flow level)', () => {
    const rnd = prng(11);
    for (const bytes of sampleBytes.slice(0, 200)) {
      const fields = splitFields(bytes).map(f =>
        f[0] === 0x0a ? lengthDelimited(1, concat(shuffle(splitFields(payloadOf(f)), rnd))) : f,
      );
      expectSame(concat(shuffle(fields, rnd)));
    }
  });

  it('merges repeated occurrences like protobuf: sub-messages merge, a oneof switch restarts', () => {
    const rnd = prng(5);
    const lost = toBytes(
      create(GetFlowsResponseSchema, {
        responseTypes: { case: 'lostEvents', value: { source: 1, numEventsLost: 3n, cpu: 2 } },
      }),
    );
    for (let i = 0; i < 150; i++) {
      const a = sampleBytes[Math.floor(rnd() * sampleBytes.length)]!;
      const b = sampleBytes[Math.floor(rnd() * sampleBytes.length)]!;
      expectSame(concat([a, b])); // flow + flow: labels append, l4 TCP/UDP switches, l7 merges
      expectSame(concat([a, lost, b])); // flow, lost, flow: the second flow starts from scratch
      expectSame(concat([lost, a, lost]));
    }
  });
});

describe('wire decoder on hand-built messages', () => {
  afterEach(() => vi.restoreAllMocks());

  it('skips unknown fields of every wire type, at every level, packed and unpacked', () => {
    const u = unknownFields();
    const ep = (name: string) => {
      const e = create(EndpointSchema, {
        ID: 7,
        identity: 1234,
        namespace: 'ns',
        labels: ['k8s:app=' + name],
        podName: name + '-0',
        clusterName: 'c1',
        workloads: [{ name, kind: 'Deployment' }],
      });
      e.$unknown = u;
      e.workloads[0]!.$unknown = u;
      return e;
    };
    const flow = create(FlowSchema, {
      verdict: 2,
      dropReasonDesc: 133,
      IP: { source: '10.0.0.1', destination: '10.0.0.2', ipVersion: 1, encrypted: true },
      l4: {
        protocol: {
          case: 'TCP',
          value: { sourcePort: 1, destinationPort: 2, flags: { SYN: true, ACK: true } },
        },
      },
      source: ep('a'),
      destination: ep('b'),
      sourceService: { name: 'svc', namespace: 'ns' },
      l7: {
        type: 2,
        latencyNs: 99n,
        record: { case: 'dns', value: { query: 'x.', rcode: 3, ips: ['1.1.1.1'] } },
      },
      eventType: { type: 1, subType: 133 },
      isReply: false,
      interface: { index: 3, name: 'eth0' },
      egressDeniedBy: [{ name: 'p', namespace: 'ns', labels: ['a'], revision: 9n }],
    });
    flow.$unknown = u;
    for (const m of [flow.IP!, flow.l4!, flow.l7!, flow.eventType!, flow.interface!])
      m.$unknown = u;
    (flow.l4!.protocol.value as { $unknown?: UnknownField[] }).$unknown = u;
    (flow.l7!.record.value as DNS).$unknown = u;
    flow.sourceService!.$unknown = u;
    flow.egressDeniedBy[0]!.$unknown = u;
    const msg = flowResponse(flow, { nodeName: 'n1' });
    msg.$unknown = u;
    const d = expectSame(toBytes(msg));
    expect(d.kind === 'flow' && d.record.policies.deniedBy).toEqual(['ns/p']);
    expect(d.kind === 'flow' && d.record.tcpFlags).toBe('SYN,ACK');
  });

  it('skips unknown fields inside Timestamp, BoolValue and Int32Value (raw bytes)', () => {
    const ts = concat([varintField(1, 1700000000), varintField(2, 5), ...unknownRaw()]);
    const flow = concat([
      lengthDelimited(1, ts),
      lengthDelimited(26, concat([...unknownRaw(), varintField(1, 1)])), // is_reply = true
      varintField(2, 1),
    ]);
    expectSame(concat([lengthDelimited(1, flow), lengthDelimited(1001, ts)]));
    const lost = concat([varintField(1, 1), lengthDelimited(3, concat(unknownRaw()))]); // cpu = 0
    const d = expectSame(concat([lengthDelimited(3, lost), lengthDelimited(1001, ts)]));
    expect(d).toMatchObject({ kind: 'lost', cpu: 0 });
  });

  it('keeps unknown enum numbers as CODE_<n> (also negative, 10-byte varints)', () => {
    // Numbers our transcription's enums do not have (a newer agent).
    const x = (n: number) => n as never;
    const flow: FlowInit = {
      verdict: x(99),
      Type: x(9),
      dropReasonDesc: x(999),
      traceObservationPoint: x(77),
      trafficDirection: x(5),
      eventType: { type: -1, subType: -2 },
      l7: { type: x(12) },
      IP: { ipVersion: x(7) },
    };
    const d = expectSame(toBytes(flowResponse(flow)));
    expect(d).toMatchObject({
      record: { verdict: 'CODE_99', type: 'CODE_9', dropReason: 'CODE_999' },
    });
    expectSame(toBytes(flowResponse({ verdict: x(-3) })));
    const ns = expectSame(
      toBytes(
        create(GetFlowsResponseSchema, {
          responseTypes: {
            case: 'nodeStatus',
            value: { stateChange: x(9), nodeNames: ['a', 'b'] },
          },
          time: { seconds: 5n },
        }),
      ),
    );
    expect(ns).toMatchObject({ kind: 'node_status', state: 'UNKNOWN_NODE_STATE', timeMs: 5000 });
    expect(expectSame(toBytes(create(GetFlowsResponseSchema, {
      responseTypes: { case: 'lostEvents', value: { source: x(17) } }, nodeName: 'x', time: {},
    })))).toMatchObject({ source: 'CODE_17', cpu: null, timeMs: 0 }); // prettier-ignore
  });

  it('reads 64-bit varints exactly as Number(bigint), above 2^53 and negative', () => {
    for (const latencyNs of [0n, 1n, 2n ** 53n + 1n, 2n ** 63n + 12345n, 2n ** 64n - 1n]) {
      expectSame(toBytes(flowResponse({ l7: { type: 2, latencyNs } })));
    }
    for (const seconds of [-1n, -62135596800n, 0n, 253402300799n, 2n ** 40n]) {
      expectSame(toBytes(flowResponse({ time: { seconds, nanos: 7 } })));
    }
    expectSame(toBytes(flowResponse({ time: { nanos: -5 } })));
    const lost = create(GetFlowsResponseSchema, {
      responseTypes: { case: 'lostEvents', value: { numEventsLost: 2n ** 64n - 1n, cpu: -1 } },
      time: { seconds: 1n },
    });
    expect(expectSame(toBytes(lost))).toMatchObject({ count: 2 ** 64, cpu: -1 });
  });

  it('falls back to the response time and node, and to now without any time', () => {
    const at = { seconds: 1692619938n, nanos: 510_175_000 };
    const d = expectSame(toBytes(flowResponse({ verdict: 1 }, { nodeName: 'r', time: at })));
    expect(d).toMatchObject({ record: { node: 'r', time: '2023-08-21T12:12:18.510175Z' } });
    const bare = expectSame(toBytes(flowResponse({ verdict: 1 })));
    expect(bare).toMatchObject({ record: { time: '1970-01-01T00:00:00Z', timeMs: 0 } });
    vi.spyOn(Date, 'now').mockReturnValue(1234);
    const ns = create(GetFlowsResponseSchema, {
      responseTypes: { case: 'nodeStatus', value: { stateChange: 1 } },
    });
    expect(expectSame(toBytes(ns))).toMatchObject({ kind: 'node_status', nodes: [], timeMs: 1234 });
    expect(expectSame(new Uint8Array(0))).toEqual({ kind: 'unknown' });
  });

  it('derives the same id without uuid, for every is_reply state and protocol', () => {
    const l4s: Layer4['protocol'][] = [
      { case: 'UDP', value: { $typeName: 'flow.UDP', sourcePort: 53, destinationPort: 9 } },
      { case: 'ICMPv6', value: { $typeName: 'flow.ICMPv6', type: 128, code: 0 } },
      { case: 'SCTP', value: { $typeName: 'flow.SCTP', sourcePort: 1, destinationPort: 2 } },
      { case: 'VRRP', value: { $typeName: 'flow.VRRP', type: 1, vrid: 2, priority: 3 } },
      { case: 'IGMP', value: { $typeName: 'flow.IGMP', type: 1, groupAddress: '224.0.0.1' } },
    ];
    for (const isReply of [undefined, false, true]) {
      for (const protocol of l4s) {
        const d = expectSame(toBytes(flowResponse({ isReply, l4: { protocol }, nodeName: 'n' })));
        expect(d.kind === 'flow' && d.record.id.startsWith('d:n|')).toBe(true);
      }
    }
  });

  it('decodes non-ASCII, invalid UTF-8, long and colliding strings like protobuf-es', () => {
    const names = ['ümlaut-pod', 'ns-日本', '🚀', 'x'.repeat(65), 'y'.repeat(300), ''];
    expectSame(
      toBytes(flowResponse({ source: { podName: names[0], namespace: names[1], labels: names } })),
    );
    // Invalid UTF-8 (lone continuation and truncated sequences) becomes U+FFFD on both paths.
    for (const bad of [[0xff], [0xc3], [0x41, 0xe2, 0x82], [0xed, 0xa0, 0x80]]) {
      const ep = lengthDelimited(5, new Uint8Array(bad)); // Endpoint.pod_name
      expectSame(lengthDelimited(1, lengthDelimited(8, ep)));
    }
    // 20-byte labels that differ only outside the bytes the string cache hashes: same slot, so
    // every one must still come back as itself.
    const labels = Array.from(
      { length: 60 },
      (_, i) => `lbl:${String(i).padStart(4, '0')}zzzzqqqqtail`,
    );
    for (let round = 0; round < 3; round++) {
      const d = expectSame(toBytes(flowResponse({ source: { labels } })));
      expect(d.kind === 'flow' && d.record.src.labels).toEqual(labels);
    }
  });

  it('gives the hot path a private copy of the bytes; msg is decoded lazily, once', () => {
    const lines = readSampleLines('2-drops');
    const big = toBytes(
      flowResponse({ source: { labels: Array.from({ length: 500 }, (_, i) => `k8s:l${i}=v`) } }),
    );
    expect(big.length).toBeGreaterThan(4096); // past the slab limit: its own buffer
    const inputs = [...lines.map(l => toBytes(parseJsonpbLine(l))), big];
    const originals = inputs.map(b => b.slice());
    const raws = inputs.map(b => decodeRawGetFlowsResponse(b));
    for (const b of inputs) b.fill(0); // grpc-js reuses its read buffers
    raws.forEach((raw, i) => {
      expect(raw.bytes).toEqual(originals[i]);
      expect(decodeWireResponse(raw.bytes)).toStrictEqual(decodeResponse(raw.msg));
      expect(raw.msg).toBe(raw.msg);
    });
    const { msg } = raws[0]!; // destructuring (existing callers) still works
    expect(msg.responseTypes.case).toBe('flow');
  });
});
