import { describe, expect, it } from 'vitest';
import { create, fromJson, toBinary } from '@bufbuild/protobuf';
import { GetFlowsResponseSchema } from '@/proto/gen/observer/observer_pb';
import { FlowSchema, type DropReason, type Verdict } from '@/proto/gen/flow/flow_pb';
import {
  JsonpbParseError,
  parseJsonpbLine,
  parseJsonpbText,
  toJsonpbLine,
} from '@/lib/hubble/jsonpb';
import { readSampleFiles, readSampleLines } from '@/lib/hubble/sample-files';

const files = readSampleFiles();

describe('toJsonpbLine', () => {
  for (const file of files) {
    it(`reprints every ${file.name} line byte for byte, from bytes and from the message`, () => {
      file.lines.forEach((line, i) => {
        const msg = fromJson(GetFlowsResponseSchema, JSON.parse(line));
        expect(toJsonpbLine(toBinary(GetFlowsResponseSchema, msg)), `line ${i + 1}`).toBe(line);
        expect(toJsonpbLine(msg), `line ${i + 1}`).toBe(line);
      });
    });
  }

  it('prints enum numbers unknown to the transcription as numbers, 64-bit ints as strings', () => {
    const msg = create(GetFlowsResponseSchema, {
      responseTypes: {
        case: 'flow',
        value: create(FlowSchema, {
          verdict: 99 as Verdict,
          dropReasonDesc: 207 as DropReason,
          dropReason: 207,
          socketCookie: 12n,
        }),
      },
      nodeName: 'n1',
    });
    expect(toJsonpbLine(msg)).toBe(
      '{"flow":{"verdict":99,"drop_reason":207,"drop_reason_desc":207,"socket_cookie":"12"},"node_name":"n1"}',
    );
  });

  it('round-trips node_status and lost_events responses (set zero wrapper cpu is kept)', () => {
    const nodeStatus =
      '{"node_status":{"state_change":"NODE_CONNECTED","node_names":["kind-control-plane","kind-worker"]},"node_name":"relay-0","time":"2023-08-21T12:12:18Z"}';
    const lost =
      '{"lost_events":{"source":"HUBBLE_RING_BUFFER","num_events_lost":"1","cpu":0},"node_name":"kind-worker","time":"2023-08-21T12:12:18.500Z"}';
    for (const line of [nodeStatus, lost]) expect(toJsonpbLine(parseJsonpbLine(line))).toBe(line);
    expect(parseJsonpbLine(lost).responseTypes.case).toBe('lostEvents');
  });
});

describe('parseJsonpbLine', () => {
  it('parses every sample line into the matching response', () => {
    for (const file of files) {
      for (const line of file.lines) {
        const res = parseJsonpbLine(line, { strict: true });
        expect(res.responseTypes.case).toBe('flow');
        expect(toJsonpbLine(res)).toBe(line);
      }
    }
  });

  it('accepts the legacy bare-Flow shape and stamps node_name and time from the flow', () => {
    const [, policyDrop] = readSampleLines('2-drops');
    const full = JSON.parse(policyDrop!) as { flow: object };
    const legacy = JSON.stringify(full.flow);
    const res = parseJsonpbLine(legacy);
    expect(res.responseTypes.case).toBe('flow');
    expect(res.nodeName).toBe('kind-kind/kind-worker');
    expect(res.time?.nanos).toBe(510175415);
    // Same flow, same node and time: prints exactly like the current-format line.
    expect(toJsonpbLine(res)).toBe(policyDrop);
    // The response's time is its own message, not shared with the flow's.
    expect(res.time).not.toBe(res.responseTypes.case === 'flow' && res.responseTypes.value.time);
  });

  it('treats an object with only node_name/time as an empty response, not a flow', () => {
    const res = parseJsonpbLine('{"node_name":"x","time":"2021-11-10T10:40:56Z"}');
    expect(res.responseTypes.case).toBeUndefined();
    expect(res.nodeName).toBe('x');
  });

  it('ignores unknown keys by default and rejects them when strict', () => {
    const line = '{"flow":{"verdict":"DROPPED","added_in_1_21":{"x":1}},"node_name":"n"}';
    expect(parseJsonpbLine(line).responseTypes.value).toMatchObject({ verdict: 2 });
    expect(() => parseJsonpbLine(line, { strict: true, lineNumber: 7 })).toThrow(
      /jsonpb line 7: .*added_in_1_21/,
    );
  });

  it('throws JsonpbParseError with the line number and problem', () => {
    const text = [readSampleLines('2-drops')[0], '', '{"flow":{"verdict":', '[1]'].join('\n');
    let err: unknown;
    try {
      parseJsonpbText(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(JsonpbParseError);
    expect(err).toBeInstanceOf(Error);
    expect((err as JsonpbParseError).lineNumber).toBe(3);
    expect((err as Error).message).toMatch(/^jsonpb line 3: invalid JSON/);

    expect(() => parseJsonpbLine('[1]', { lineNumber: 4 })).toThrow(
      'jsonpb line 4: expected a JSON object',
    );
    expect(() => parseJsonpbLine('{"flow":{"verdict":{}}}', { lineNumber: 9 })).toThrow(
      /jsonpb line 9: .*flow\.Verdict/,
    );
  });

  it('parses a whole document, skipping blank lines', () => {
    const lines = readSampleLines('udp-dns');
    expect(parseJsonpbText(lines.join('\n') + '\n\n')).toHaveLength(400);
  });
});
