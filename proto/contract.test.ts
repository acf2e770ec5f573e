/**
 * Contract test for the hand-transcribed Hubble protos: every real `hubble observe -o jsonpb` line must
 * parse strictly (an unknown key means a field is missing from our transcription) and come back out
 * identical, and the field/enum numbers must agree with the reference tables in shared/docs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { equals, fromBinary, fromJson, toBinary, toJson } from '@bufbuild/protobuf';
import type { DescEnum, DescMessage } from '@bufbuild/protobuf';
import { GetFlowsRequestSchema, GetFlowsResponseSchema } from '@/proto/gen/observer/observer_pb';
import { DropReasonSchema, FlowFilterSchema, FlowSchema } from '@/proto/gen/flow/flow_pb';
import { readSampleFiles, samplesDir } from '@/lib/hubble/sample-files';

const files = readSampleFiles();
const docsDir = path.resolve(samplesDir(), '../../docs');

describe('samples round-trip through the transcribed schema', () => {
  it('finds the three sample files with 802 lines in total', () => {
    expect(files.map(f => f.name)).toEqual([
      'cilium-docs_export-rst_2-drops.jsonl',
      'hubble-otel_kind-bookinfo_400-tcp.jsonl',
      'hubble-otel_kind-bookinfo_400-udp-dns.jsonl',
    ]);
    expect(files.reduce((n, f) => n + f.lines.length, 0)).toBe(802);
  });

  for (const file of files) {
    it(`${file.name}: strict fromJson -> toJson(useProtoFieldName) is field-for-field identical`, () => {
      file.lines.forEach((line, i) => {
        const input: unknown = JSON.parse(line);
        const msg = fromJson(GetFlowsResponseSchema, input as never, {
          ignoreUnknownFields: false,
        });
        const out = toJson(GetFlowsResponseSchema, msg, { useProtoFieldName: true });
        expect(out, `${file.name}:${i + 1}`).toEqual(input);
        // Declaration order matches upstream, so even the key order (and thus the bytes) agree.
        expect(JSON.stringify(out), `${file.name}:${i + 1}`).toBe(line);
      });
    });

    it(`${file.name}: binary round trip is lossless`, () => {
      for (const line of file.lines) {
        const msg = fromJson(GetFlowsResponseSchema, JSON.parse(line), {
          ignoreUnknownFields: false,
        });
        const bytes = toBinary(GetFlowsResponseSchema, msg);
        const back = fromBinary(GetFlowsResponseSchema, bytes);
        expect(equals(GetFlowsResponseSchema, msg, back)).toBe(true);
        expect(toBinary(GetFlowsResponseSchema, back)).toEqual(bytes);
      }
    });
  }

  it('rejects a key the transcription does not know (the strictness the test relies on)', () => {
    expect(() =>
      fromJson(
        GetFlowsResponseSchema,
        { flow: { not_a_field: 1 } },
        { ignoreUnknownFields: false },
      ),
    ).toThrow();
  });
});

/** Rows `| <number> | \`<name>\` | ...` of the markdown section that starts with `heading`. */
function tableFields(doc: string, heading: string): Map<number, string> {
  const start = doc.indexOf(heading);
  if (start < 0) throw new Error(`heading not found: ${heading}`);
  const end = doc.indexOf('\n#', start + heading.length);
  const section = doc.slice(start, end < 0 ? undefined : end);
  const rows = new Map<number, string>();
  for (const m of section.matchAll(/^\| (\d+) \| `(\w+)` \|/gm)) rows.set(Number(m[1]), m[2]!);
  return rows;
}

function schemaFields(schema: DescMessage): Map<number, string> {
  return new Map(schema.fields.map(f => [f.number, f.name]));
}

describe('field numbers agree with shared/docs/hubble-api.md', () => {
  const doc = fs.readFileSync(path.join(docsDir, 'hubble-api.md'), 'utf8');
  const cases: [string, DescMessage][] = [
    ['### 4.1 observer.GetFlowsRequest', GetFlowsRequestSchema],
    ['## 5. flow.FlowFilter', FlowFilterSchema],
    ['## 6. flow.Flow', FlowSchema],
  ];
  for (const [heading, schema] of cases) {
    it(`${schema.typeName} matches "${heading}"`, () => {
      const expected = tableFields(doc, heading);
      expect(expected.size).toBeGreaterThan(5);
      expect(schemaFields(schema)).toEqual(expected);
    });
  }

  it('Flow carries the reserved numbers and 1.19 fields at their numbers', () => {
    const byName = new Map(FlowSchema.fields.map(f => [f.name, f.number]));
    expect(byName.get('emitter')).toBe(41);
    expect(byName.get('ip_trace_id')).toBe(40);
    expect(byName.get('tunnel')).toBe(39);
    for (const n of [7, 12, 17, 18]) expect(schemaFields(FlowSchema).has(n)).toBe(false);
  });
});

describe('DropReason agrees with shared/docs/drop-reasons.md', () => {
  it('has all 76 v1.19 values with the table names and numbers', () => {
    const doc = fs.readFileSync(path.join(docsDir, 'drop-reasons.md'), 'utf8');
    const expected = new Map<number, string>();
    for (const m of doc.matchAll(/^\| (\d+) \| ([A-Z0-9_]+)(?: \*\(deprecated\)\*)? \|/gm)) {
      const code = Number(m[1]);
      if (code <= 205) expected.set(code, m[2]!);
    }
    const actual = new Map((DropReasonSchema as DescEnum).values.map(v => [v.number, v.name]));
    expect(actual.size).toBe(76);
    expect(actual).toEqual(expected);
  });
});
