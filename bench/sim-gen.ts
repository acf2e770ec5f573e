/**
 * Throughput of the simulated cluster's flow generator (lib/sim), the benchmark source: how many
 * flows per second one core can generate, and generate + wire-encode (what the simulated Relay does
 * before a flow reaches a client). Generator time is simulated, so the wall clock only measures cost.
 *
 *   npx tsx bench/sim-gen.ts [simulatedRate=100000] [simulatedSeconds=5]
 */
import { pathToFileURL } from 'node:url';
import { GetFlowsResponseSchema } from '@/proto/gen/observer/observer_pb';
import { FlowGenerator } from '@/lib/sim/generator';
import { encodeMessage } from '@/lib/sim/wire-encode';

export interface SimGenResult {
  flows: number;
  genFlowsPerSec: number;
  genEncodeFlowsPerSec: number;
  avgBytes: number;
}

/** Runs the generator over `seconds` of simulated time at `rate`, with and without encoding. */
export function benchSimGen(rate = 100_000, seconds = 5): SimGenResult {
  const start = Date.UTC(2026, 0, 1);
  const measure = (encode: boolean) => {
    const gen = new FlowGenerator({ seed: 1, startMs: start, rate });
    let n = 0;
    let bytes = 0;
    const t0 = performance.now();
    for (let t = 100; t <= seconds * 1000; t += 100) {
      n += gen.advanceTo(start + t, e => {
        if (encode) bytes += encodeMessage(GetFlowsResponseSchema, e.response).length;
      });
    }
    return { n, bytes, ms: performance.now() - t0 };
  };
  measure(true); // warm up the JIT and the encoder's compiled message writers
  const gen = measure(false);
  const enc = measure(true);
  return {
    flows: gen.n,
    genFlowsPerSec: Math.round((gen.n * 1000) / gen.ms),
    genEncodeFlowsPerSec: Math.round((enc.n * 1000) / enc.ms),
    avgBytes: Math.round(enc.bytes / enc.n),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rate = Number(process.argv[2] ?? 100_000);
  const seconds = Number(process.argv[3] ?? 5);
  const r = benchSimGen(rate, seconds);
  console.log(`sim generator: ${r.flows} flows (${rate}/s simulated for ${seconds} s)`);
  console.log(`  generate:          ${r.genFlowsPerSec.toLocaleString('en')} flows/s`);
  console.log(
    `  generate + encode: ${r.genEncodeFlowsPerSec.toLocaleString('en')} flows/s (${r.avgBytes} B/flow)`,
  );
}
