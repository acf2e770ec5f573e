/**
 * Aggregation throughput (issues 3 and 4, "≥ 50k flows/s on one core"): graph and metrics fed with
 * synthetic FlowRecords shaped like a cluster of 500 workloads (1,000 pods in 25 namespaces) and 2,000
 * client -> server edges, with the observation-point mix Hubble produces (trace points on both nodes,
 * replies, policy verdicts), L7 HTTP and DNS, and drops.
 *
 *   npx tsx --expose-gc bench/aggregate.ts [records=400000] [rate=50000]
 *
 * Records are built before timing; each phase adds them in batches of 1,000 (as the hub delivers
 * them), at `rate` flows/s of data time so the time rings rotate as they would live. Prints records/s
 * per phase, snapshot and delta cost, and heap retained by the aggregators.
 */
import { cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { EndpointRecord, FlowRecord } from '@/lib/model/flow-record';
import { createGraphAggregator } from '@/lib/aggregate/graph';
import { createMetricsAggregator } from '@/lib/aggregate/metrics';
import { createWorkloadResolver } from '@/lib/aggregate/workload';
import {
  dnsQuery,
  dnsResponse,
  dropBetween,
  flowBetween,
  httpRequest,
  httpResponse,
  pod,
  replyOf,
} from '@/lib/aggregate/testing/flow-builders';

const T0 = Date.UTC(2026, 0, 1);

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Synthetic records for a 500-workload / 2,000-edge cluster at `rate` flows/s of data time. */
export function syntheticCluster(count: number, rate: number, seed = 1): FlowRecord[] {
  const rand = prng(seed);
  const pods: EndpointRecord[][] = [];
  for (let w = 0; w < 500; w++) {
    const ns = `team-${w % 25}`;
    pods.push([0, 1].map(i => pod(ns, `svc${w}-7d4b9c8f6d-x${i}z9q`, { identity: 300 + w })));
  }
  const coredns = pod('kube-system', 'coredns-558bd4d5db-w2m67');
  const edges = Array.from({ length: 2_000 }, () => ({
    client: Math.floor(rand() * 500),
    server: Math.floor(rand() * 500),
    port: 8000 + Math.floor(rand() * 4),
  }));
  const out: FlowRecord[] = [];
  const points = ['FROM_ENDPOINT', 'TO_OVERLAY', 'FROM_OVERLAY', 'TO_ENDPOINT'];
  while (out.length < count) {
    const timeMs = T0 + (out.length / rate) * 1000;
    const e = edges[Math.floor(rand() * edges.length)]!;
    const c = pods[e.client]![Math.floor(rand() * 2)]!;
    const s = pods[e.server]![Math.floor(rand() * 2)]!;
    const r = rand();
    const base = { timeMs, dstPort: e.port };
    if (r < 0.6) {
      const f = flowBetween(c, s, {
        ...base,
        traceObservationPoint: points[Math.floor(rand() * 4)]!,
      });
      out.push(rand() < 0.4 ? replyOf(f) : f);
    } else if (r < 0.65) {
      out.push(flowBetween(c, s, { ...base, eventType: 5, traceObservationPoint: '' }));
    } else if (r < 0.85) {
      const url = `http://svc${e.server}:${e.port}/api/items/${Math.floor(rand() * 1e6)}`;
      const code = rand() < 0.02 ? 503 : 200;
      out.push(httpRequest(c, s, 'GET', url, base));
      out.push(
        httpResponse(c, s, 'GET', url, code, rand() * 50, {
          timeMs: timeMs + 1,
          src: { ...s, port: e.port },
        }),
      );
    } else if (r < 0.97) {
      const q = `svc${e.server}.team-${e.server % 25}.svc.cluster.local.`;
      const port = 30_000 + (out.length % 30_000);
      out.push(dnsQuery(c, coredns, q, { timeMs, srcPort: port }));
      out.push(
        dnsResponse(c, coredns, q, rand() < 0.05 ? 3 : 0, { timeMs: timeMs + 1, dstPort: port }),
      );
    } else {
      out.push(dropBetween(c, s, 'POLICY_DENIED', 133, base));
    }
  }
  return out.slice(0, count);
}

function run(label: string, records: FlowRecord[], add: (batch: FlowRecord[]) => void): number {
  const start = performance.now();
  for (let i = 0; i < records.length; i += 1_000) add(records.slice(i, i + 1_000));
  const ms = performance.now() - start;
  const perSec = records.length / (ms / 1000);
  console.log(
    `${label.padEnd(34)} ${Math.round(perSec).toLocaleString('en-US').padStart(10)} records/s`,
  );
  return perSec;
}

function timed<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const v = fn();
  return [v, performance.now() - start];
}

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/** Runs every phase and prints the figures; returns records/s per phase. */
export function runAggregateBench(count = 400_000, rate = 50_000): Record<string, number> {
  const records = syntheticCluster(count, rate);
  console.log(
    `aggregate bench: ${records.length.toLocaleString('en-US')} records at ${rate} flows/s of data time; ` +
      `node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, ` +
      `load average ${loadavg()[0]!.toFixed(2)} (other processes share the cores)`,
  );
  // Warm-up so the JIT has compiled the hot paths before timing.
  const warm = syntheticCluster(50_000, rate, 2);
  createGraphAggregator().add(warm);
  createMetricsAggregator().add(warm);

  const result: Record<string, number> = {};
  const before = heapMb();
  const graph = createGraphAggregator();
  result.graph = run('graph.add', records, b => graph.add(b));
  const afterGraph = heapMb();
  const metrics = createMetricsAggregator();
  result.metrics = run('metrics.add', records, b => metrics.add(b));
  const afterMetrics = heapMb();
  const resolver = createWorkloadResolver();
  const g2 = createGraphAggregator({ resolver });
  const m2 = createMetricsAggregator({ resolver, learnPods: false });
  result.both = run('graph + metrics (shared resolver)', records, b => {
    g2.add(b);
    m2.add(b);
  });

  const [snap, snapMs] = timed(() => graph.snapshot('5m'));
  graph.add(
    syntheticCluster(5_000, rate, 3).map(r => ({ ...r, timeMs: r.timeMs + (count / rate) * 1000 })),
  );
  const [delta, deltaMs] = timed(() => graph.delta(snap.version, '5m'));
  const [, metricsMs] = timed(() => [metrics.drops('5m'), metrics.dns('5m'), metrics.http('5m')]);
  const [, hourMs] = timed(() => graph.snapshot('1h'));
  console.log(`graph: ${snap.nodes.length} nodes, ${snap.edges.length} edges in 5m`);
  console.log(
    `graph.snapshot('5m') ${snapMs.toFixed(1)} ms, snapshot('1h') ${hourMs.toFixed(1)} ms`,
  );
  console.log(
    `graph.delta('5m') ${deltaMs.toFixed(1)} ms: ${delta.upsertEdges.length} edges upserted, ${delta.removeEdges.length} removed`,
  );
  console.log(`metrics drops+dns+http('5m') ${metricsMs.toFixed(1)} ms`);
  if ((globalThis as { gc?: () => void }).gc) {
    const graphMb = (afterGraph - before).toFixed(1);
    console.log(
      `heap retained: graph ${graphMb} MB, metrics ${(afterMetrics - afterGraph).toFixed(1)} MB`,
    );
  } else console.log('heap figures: run with --expose-gc');
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runAggregateBench(Number(process.argv[2] ?? 400_000), Number(process.argv[3] ?? 50_000));
}
