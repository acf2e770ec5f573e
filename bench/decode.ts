/**
 * Client-side decode cost per GetFlowsResponse, one core: protobuf-es `fromBinary` + `decodeResponse`
 * (the old hot path) against the hand-written wire decoder `decodeWireResponse` (lib/hubble/
 * wire-decode.ts), on the shared `hubble observe` samples and on simulated traffic (lib/sim).
 *
 *   npx tsx bench/decode.ts [simSeconds=20] [rounds=7]
 *
 * Each figure is the median of `rounds` timed passes over the whole corpus after a warm-up pass, per
 * response (a flow, or for sim the odd lost event), as CPU and as wall time. One thread throughout.
 */
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { pathToFileURL } from 'node:url';
import { GetFlowsResponseSchema } from '@/proto/gen/observer/observer_pb';
import { decodeResponse } from '@/lib/hubble/decode';
import { decodeRawGetFlowsResponse } from '@/lib/hubble/grpc-adapter';
import { parseJsonpbLine } from '@/lib/hubble/jsonpb';
import { readSampleFiles } from '@/lib/hubble/sample-files';
import { decodeWireResponse } from '@/lib/hubble/wire-decode';
import { FlowGenerator } from '@/lib/sim/generator';

/** Median cost of one response, µs: wall clock and process CPU time (both on one thread). */
export interface Cost {
  wallUs: number;
  cpuUs: number;
}

export interface DecodeFigures {
  corpus: string;
  messages: number;
  avgBytes: number;
  /** fromBinary + decodeResponse: the old client path. */
  protobufEs: Cost;
  /** decodeWireResponse alone. */
  wire: Cost;
  /** What the client now does per response: grpc-adapter's copy, then decodeWireResponse. */
  clientPath: Cost;
}

/** The samples' responses as wire bytes. */
export function sampleCorpus(): Uint8Array[] {
  return readSampleFiles().flatMap(f =>
    f.lines.map(l => toBinary(GetFlowsResponseSchema, parseJsonpbLine(l))),
  );
}

/**
 * Simulated traffic as wire bytes: `seconds` of the default mix at 1000 flows/s with faults on
 * half the time (drops, DNS errors, HTTP 5xx, lost events) and one old (no uuid) agent.
 */
export function simCorpus(seconds: number): Uint8Array[] {
  const start = Date.UTC(2026, 0, 1);
  const gen = new FlowGenerator({
    seed: 7,
    startMs: start,
    rate: 1000,
    oldAgentNodes: ['kind-worker2'],
  });
  const out: Uint8Array[] = [];
  for (let s = 1; s <= seconds; s++) {
    gen.setFaults(
      s % 2 === 0 ? ['dns-servfail', 'policy-drops', 'http-errors', 'lost-events'] : [],
    );
    gen.advanceTo(start + s * 1000, e => out.push(toBinary(GetFlowsResponseSchema, e.response)));
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * Median cost per message of `decode` over `corpus`. CPU time is reported next to wall time because
 * the machine may be shared: wall time then includes waiting for a core, CPU time does not (it does
 * include GC helper threads).
 */
function timePerMessage(
  corpus: Uint8Array[],
  decode: (b: Uint8Array) => unknown,
  rounds: number,
): Cost {
  let sink = 0;
  // Warm-up: enough calls for the optimizing compiler to have compiled the whole decoder.
  for (let w = 0; w < 3; w++) for (const b of corpus) if (decode(b) !== null) sink++;
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < corpus.length; i++) if (decode(corpus[i]!) !== null) sink++;
    const t = performance.now() - t0;
    const c = process.cpuUsage(c0);
    wall.push((t * 1000) / corpus.length);
    cpu.push((c.user + c.system) / corpus.length);
  }
  if (sink === 0) throw new Error('unreachable');
  return { wallUs: median(wall), cpuUs: median(cpu) };
}

/**
 * Measures both decoders on one corpus. Small corpora are repeated to `minMessages` per pass so a
 * pass is long enough to time (the string cache sees the repeats, as it would live traffic).
 */
export function benchDecode(
  corpus: string,
  distinct: Uint8Array[],
  rounds: number,
  minMessages = 20_000,
): DecodeFigures {
  const msgs: Uint8Array[] = [];
  while (msgs.length < minMessages) msgs.push(...distinct);
  const bytes = distinct.reduce((n, b) => n + b.length, 0);
  return {
    corpus,
    messages: distinct.length,
    avgBytes: Math.round(bytes / distinct.length),
    protobufEs: timePerMessage(
      msgs,
      b => decodeResponse(fromBinary(GetFlowsResponseSchema, b)),
      rounds,
    ),
    wire: timePerMessage(msgs, decodeWireResponse, rounds),
    clientPath: timePerMessage(
      msgs,
      b => decodeWireResponse(decodeRawGetFlowsResponse(b).bytes),
      rounds,
    ),
  };
}

function print(f: DecodeFigures): void {
  const rate = (us: number) => Math.round(1e6 / us).toLocaleString('en-US');
  const line = (name: string, c: Cost) =>
    `  ${name.padEnd(40)} ${c.cpuUs.toFixed(2).padStart(6)} µs (${rate(c.cpuUs).padStart(7)}/s)` +
    `   ${c.wallUs.toFixed(2).padStart(6)} µs (${rate(c.wallUs).padStart(7)}/s)`;
  console.log(`${f.corpus}: ${f.messages} responses, avg ${f.avgBytes} B`);
  console.log(`  ${''.padEnd(40)} ${'CPU per response'.padEnd(23)}   wall per response`);
  console.log(line('fromBinary + decodeResponse (old)', f.protobufEs));
  console.log(line('decodeWireResponse', f.wire));
  console.log(line('copy + decodeWireResponse (client path)', f.clientPath));
  console.log(`  speed-up (CPU) ${(f.protobufEs.cpuUs / f.wire.cpuUs).toFixed(1)}x`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const simSeconds = Number(process.argv[2] ?? 20);
  const rounds = Number(process.argv[3] ?? 7);
  console.log(`node ${process.version}, one core (single-threaded loop)`);
  print(benchDecode('samples (shared/samples/hubble)', sampleCorpus(), rounds));
  print(benchDecode(`sim (${simSeconds} s at 1000 flows/s)`, simCorpus(simSeconds), rounds));
}
