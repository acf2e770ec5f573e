import { describe, expect, it } from 'vitest';
import { equals, fromJson } from '@bufbuild/protobuf';
import { GetFlowsResponseSchema } from '@/proto/gen/observer/observer_pb';
import { readSampleFiles, samplesDir } from '@/lib/hubble/sample-files';
import { loadJsonpbFile, parseJsonpbLines } from '@/lib/sim/replay';
import path from 'node:path';

describe('jsonpb replay loading', () => {
  it('parses every sample line into the same message fromJson gives', async () => {
    for (const file of readSampleFiles()) {
      const got = await loadJsonpbFile(path.join(samplesDir(), file.name));
      expect(got).toHaveLength(file.lines.length);
      got.forEach((m, i) =>
        expect(
          equals(
            GetFlowsResponseSchema,
            m,
            fromJson(GetFlowsResponseSchema, JSON.parse(file.lines[i]!)),
          ),
        ).toBe(true),
      );
    }
  });

  it('wraps legacy bare-Flow lines and reports the bad line number', () => {
    const [m] = parseJsonpbLines(
      '\n{"time":"2023-08-21T12:12:18.510175415Z","verdict":"DROPPED","node_name":"kind-worker"}\n',
    );
    expect(m!.responseTypes.case).toBe('flow');
    expect(m!.nodeName).toBe('kind-worker');
    expect(m!.time?.nanos).toBe(510175415);
    expect(() => parseJsonpbLines('{"flow":{}}\n{oops')).toThrow(/^line 2:/);
    expect(() => parseJsonpbLines('{"flow":{"time":"yesterday"}}')).toThrow(/^line 1:/);
  });
});
