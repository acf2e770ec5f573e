/**
 * `npm run bench`: the figures that matter for the hot path (decode -> filter -> store -> push) and
 * its neighbours, each on one core. Prints a table; bench/RESULTS.md records runs with their machine.
 * Throughput is measured here, never asserted in tests (shared CI cores make timings noisy).
 */
import os from 'node:os';
import { benchDecode, sampleCorpus, simCorpus } from './decode';
import { runHotPathBench } from './hot-path';
import { runAggregateBench } from './aggregate';
import { benchSimGen } from './sim-gen';

const quiet = <T>(fn: () => T): T => {
  const log = console.log;
  console.log = () => undefined;
  try {
    return fn();
  } finally {
    console.log = log;
  }
};

async function main(): Promise<void> {
  const rows: [string, string][] = [];
  const k = (n: number) => `${Math.round(n / 1000)}k flows/s`;

  const samples = quiet(() => benchDecode('samples', sampleCorpus(), 5));
  const sim = quiet(() => benchDecode('sim', simCorpus(10), 5));
  for (const f of [samples, sim]) {
    rows.push([
      `decode, wire decoder (${f.corpus}, ${Math.round(f.avgBytes)} B/flow)`,
      `${f.wire.cpuUs.toFixed(1)} µs/flow = ${k(1e6 / f.wire.cpuUs)}`,
    ]);
    rows.push([
      `decode, protobuf-es fromBinary (${f.corpus})`,
      `${f.protobufEs.cpuUs.toFixed(1)} µs/flow = ${k(1e6 / f.protobufEs.cpuUs)}`,
    ]);
  }

  const hot = await runHotPathBench(60, 4);
  rows.push([
    `hot path: decode -> hub ingest -> 3 SSE subscribers (${hot.flows} flows)`,
    k(hot.flowsPerSec),
  ]);
  rows.push([
    '  pushed to browsers',
    `${hot.batchesPushed} batches, ${(hot.bytesPushed / 2 ** 20).toFixed(1)} MiB`,
  ]);
  rows.push(['  heap after run (200k compact + 20k raw retained)', `${hot.heapMB.toFixed(0)} MB`]);

  console.log('--- aggregation (issues 3 and 4) ---');
  const agg = runAggregateBench(200_000, 50_000);
  for (const [name, v] of Object.entries(agg)) rows.push([`aggregate: ${name}`, k(v)]);

  const gen = quiet(() => benchSimGen(100_000, 3));
  rows.push(['built-in cluster: generate', k(gen.genFlowsPerSec)]);
  rows.push(['built-in cluster: generate + wire-encode', k(gen.genEncodeFlowsPerSec)]);

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `\nFlowscope bench — node ${process.version}, ${os.cpus().length} x ${cpu}, ${new Date().toISOString()}\n`,
  );
  const w = Math.max(...rows.map(r => r[0].length));
  for (const [a, b] of rows) console.log(`${a.padEnd(w)}  ${b}`);
}

void main();
