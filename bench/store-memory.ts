/**
 * Heap cost and speed of the flow store (lib/server/flow-store.ts) with flows from the built-in
 * cluster, decoded exactly as the Relay client decodes them (wire bytes -> decodeResponse).
 *
 *   npx tsx --expose-gc bench/store-memory.ts [compactFlows=200000] [rawFlows=20000]
 *
 * Prints heap used by each tier after GC, bytes per flow, ingest rate and the cost of a full-window
 * filtered query; compares with keeping plain FlowRecord objects. The figures quoted in
 * flow-store.ts come from this script.
 */
import { toBinary } from '@bufbuild/protobuf';
import { decodeRawGetFlowsResponse } from '@/lib/hubble/grpc-adapter';
import { decodeResponse } from '@/lib/hubble/decode';
import type { FlowRecord } from '@/lib/model/flow-record';
import { compileQuery } from '@/lib/query/match';
import { parseQuery } from '@/lib/query/parse';
import { FlowStore } from '@/lib/server/flow-store';
import { FlowGenerator } from '@/lib/sim/generator';
import { GetFlowsResponseSchema } from '@/proto/gen/observer/observer_pb';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error('run with --expose-gc: npx tsx --expose-gc bench/store-memory.ts');
  process.exit(1);
}

const compactCap = Number(process.argv[2] ?? 200_000);
const rawCap = Number(process.argv[3] ?? 20_000);
const total = Math.round(compactCap * 1.1); // wrap the ring once so eviction paths run too

/** Yields decoded sim flows with their wire bytes, generated on the fly (not held in memory). */
function* simFlows(n: number): Generator<{ record: FlowRecord; raw: Uint8Array }> {
  const gen = new FlowGenerator({ seed: 7, startMs: Date.UTC(2026, 0, 1), rate: 5_000 });
  let t = gen.startMs;
  let produced = 0;
  while (produced < n) {
    t += 1_000;
    const batch: { record: FlowRecord; raw: Uint8Array }[] = [];
    gen.advanceTo(t, entry => {
      if (entry.response.responseTypes.case !== 'flow') return; // only flows are stored
      const { msg, bytes } = decodeRawGetFlowsResponse(
        toBinary(GetFlowsResponseSchema, entry.response),
      );
      const d = decodeResponse(msg);
      if (d.kind === 'flow') batch.push({ record: d.record, raw: bytes });
    });
    for (const b of batch) {
      if (produced++ >= n) return;
      yield b;
    }
  }
}

function heap(): { heap: number; external: number } {
  gc!();
  gc!();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, external: m.external + m.arrayBuffers };
}

const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;

function measure(label: string, raw: number): FlowStore {
  const before = heap();
  const store = new FlowStore({ rawCapacity: raw, compactCapacity: compactCap });
  for (const f of simFlows(total)) store.ingest(f.record, raw > 0 ? f.raw : null);
  const after = heap();
  const dh = after.heap - before.heap;
  const dx = after.external - before.external;
  console.log(
    `${label}: heap +${mb(dh)} (${Math.round(dh / compactCap)} B/flow over ${compactCap} flows), ` +
      `external (typed arrays, raw bytes) +${mb(dx)}`,
  );
  return store;
}

/** Ingest cost alone: a small pool of decoded flows cycled through a full-size store. */
function ingestRate(): void {
  const pool = [...simFlows(5_000)];
  const store = new FlowStore({ rawCapacity: rawCap, compactCapacity: compactCap });
  const n = 300_000;
  for (let round = 0; round < 2; round++) {
    const t0 = performance.now();
    for (let k = 0; k < n; k++) {
      const f = pool[k % pool.length]!;
      store.ingest(f.record, f.raw);
    }
    console.log(
      `ingest (round ${round + 1}): ${(((performance.now() - t0) * 1000) / n).toFixed(2)} us/flow`,
    );
  }
}

function baseline(): void {
  const before = heap();
  const ring: FlowRecord[] = new Array(compactCap);
  let i = 0;
  for (const f of simFlows(total)) ring[i++ % compactCap] = f.record;
  const after = heap();
  console.log(
    `baseline (plain FlowRecord objects): heap +${mb(after.heap - before.heap)} (${Math.round((after.heap - before.heap) / compactCap)} B/flow)`,
  );
  ring.length = 0;
}

console.log(
  `node ${process.version}; ${compactCap} compact / ${rawCap} raw; ${total} sim flows ingested`,
);
ingestRate();
baseline();
measure('compact tier only', 0);
const store = measure('compact + raw tiers', rawCap);
for (const q of [
  '--verdict DROPPED',
  '--namespace shop --protocol http',
  '--to-label k8s:app=db',
  '',
]) {
  const match = compileQuery(parseQuery(q));
  const times: string[] = [];
  let r = store.query(match, 1000);
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    r = store.query(match, 1000);
    times.push((performance.now() - t0).toFixed(1));
  }
  console.log(
    `query ${JSON.stringify(q)} over the full window: ${r.matched} matched, ${r.flows.length} returned, ${times.join(' / ')} ms (warm)`,
  );
}
