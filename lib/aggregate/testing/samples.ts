/**
 * Test-only access to the real `hubble observe -o jsonpb` samples, decoded by the production decoder
 * (jsonpb line -> GetFlowsResponse -> FlowRecord) so aggregation tests see exactly what the server
 * feeds the aggregators. The lib/aggregate modules themselves never import lib/hubble.
 */
import { decodeResponse } from '@/lib/hubble/decode';
import { parseJsonpbLine } from '@/lib/hubble/jsonpb';
import { readSampleFiles, readSampleLines } from '@/lib/hubble/sample-files';
import type { FlowRecord } from '@/lib/model/flow-record';

/** Flow records of one sample file, selected by a unique name fragment (e.g. `400-tcp`). */
export function sampleRecords(fragment: string): FlowRecord[] {
  return decodeLines(readSampleLines(fragment));
}

/** Raw jsonpb lines of one sample file (for recomputing counts without our decoder). */
export function sampleLines(fragment: string): string[] {
  return readSampleLines(fragment);
}

/** Names of all sample files. */
export function sampleNames(): string[] {
  return readSampleFiles().map(f => f.name);
}

function decodeLines(lines: string[]): FlowRecord[] {
  const out: FlowRecord[] = [];
  lines.forEach((line, i) => {
    const d = decodeResponse(parseJsonpbLine(line, { lineNumber: i + 1 }));
    if (d.kind === 'flow') out.push(d.record);
  });
  return out;
}
