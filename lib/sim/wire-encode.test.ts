import { describe, expect, it } from 'vitest';
import { create, fromBinary, fromJson, toBinary } from '@bufbuild/protobuf';
import { GetFlowsResponseSchema } from '@/proto/gen/observer/observer_pb';
import { EndpointSchema, FlowSchema } from '@/proto/gen/flow/flow_pb';
import { readSampleFiles } from '@/lib/hubble/sample-files';
import { FlowGenerator } from '@/lib/sim/generator';
import { encodeMessage, shareMessage } from '@/lib/sim/wire-encode';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('encodeMessage', () => {
  it('is byte-identical to toBinary on every sample line', () => {
    let n = 0;
    for (const file of readSampleFiles()) {
      for (const line of file.lines) {
        const msg = fromJson(GetFlowsResponseSchema, JSON.parse(line));
        expect(hex(encodeMessage(GetFlowsResponseSchema, msg))).toBe(
          hex(toBinary(GetFlowsResponseSchema, msg)),
        );
        n++;
      }
    }
    expect(n).toBeGreaterThan(800);
  });

  it('is byte-identical to toBinary on generated traffic (shared sub-messages, lost events)', () => {
    const gen = new FlowGenerator({
      seed: 7,
      startMs: Date.UTC(2026, 0, 1),
      rate: 2000,
      faults: ['lost-events'],
    });
    const entries = gen.collect(Date.UTC(2026, 0, 1) + 5_000);
    expect(entries.some(e => e.response.responseTypes.case === 'lostEvents')).toBe(true);
    for (const e of entries) {
      expect(hex(encodeMessage(GetFlowsResponseSchema, e.response))).toBe(
        hex(toBinary(GetFlowsResponseSchema, e.response)),
      );
    }
  });

  it('keeps unknown fields and zero-valued oneof members, like toBinary', () => {
    const withUnknown = fromBinary(
      FlowSchema,
      new Uint8Array([
        ...toBinary(FlowSchema, create(FlowSchema, { uuid: 'x' })),
        0xa8,
        0x1f,
        0x05,
      ]),
    );
    expect(hex(encodeMessage(FlowSchema, withUnknown))).toBe(
      hex(toBinary(FlowSchema, withUnknown)),
    );
    const icmp = create(FlowSchema, {
      l4: { protocol: { case: 'ICMPv4', value: {} } },
      isReply: false,
    });
    expect(hex(encodeMessage(FlowSchema, icmp))).toBe(hex(toBinary(FlowSchema, icmp)));
  });

  it('does not reuse a shared message cache for a modified copy', () => {
    const ep = shareMessage(create(EndpointSchema, { podName: 'a', labels: ['k8s:app=a'] }));
    expect(Object.isFrozen(ep.labels)).toBe(true);
    const first = encodeMessage(EndpointSchema, ep);
    const copy = { ...ep, podName: 'b' };
    expect(hex(encodeMessage(EndpointSchema, copy))).toBe(hex(toBinary(EndpointSchema, copy)));
    expect(hex(encodeMessage(EndpointSchema, ep))).toBe(hex(first));
  });
});
