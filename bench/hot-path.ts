/**
 * The server hot path, end to end on one core: wire bytes as grpc-js hands them over -> decode
 * (lib/hubble/wire-decode) -> the real FlowHub ingest (two-tier store + per-subscriber filter and
 * bounded queue) -> SSE flushes serialising batches for three subscribers. The upstream is a stub
 * source fed from a pre-generated corpus of simulated traffic, so only our code is timed.
 */
import { parseConfig } from '@/lib/server/env';
import { FlowHub } from '@/lib/server/flow-hub';
import type { SseSink } from '@/lib/server/sse';
import { parseQuery } from '@/lib/query/parse';
import { decodeWireResponse } from '@/lib/hubble/wire-decode';
import type { UpstreamEvent } from '@/lib/hubble/upstream-events';
import { simCorpus } from './decode';

export interface HotPathFigures {
  flows: number;
  seconds: number;
  flowsPerSec: number;
  bytesPushed: number;
  batchesPushed: number;
  heapMB: number;
}

class CountingSink implements SseSink {
  bytes = 0;
  batches = 0;
  backpressured = false;
  closed = false;
  send(_event: string, data: unknown): void {
    this.bytes += JSON.stringify(data).length; // what eventStream does per event
    this.batches++;
  }
  close(): void {
    this.closed = true;
  }
}

/** Streams `seconds` of simulated traffic (about 1k flows per second of corpus) through the hub. */
export async function runHotPathBench(corpusSeconds = 60, passes = 4): Promise<HotPathFigures> {
  const corpus = simCorpus(corpusSeconds);
  const feed: { deliver?: (batch: UpstreamEvent[]) => void } = {};
  const config = parseConfig({ FLOWSCOPE_SOURCE: 'relay', HUBBLE_RELAY_ADDR: '127.0.0.1:1' });
  const hub = new FlowHub(config, {
    flushMs: 250,
    open: async () => ({
      relayAddr: 'bench',
      source: { start: cb => (feed.deliver = cb), stop: async () => undefined },
      stop: async () => undefined,
    }),
  }).start();
  while (!feed.deliver) await new Promise(r => setTimeout(r, 1));
  const sinks = ['', '--verdict DROPPED', '--namespace shop --protocol http'].map(q => {
    const sink = new CountingSink();
    hub.subscribe(parseQuery(q))(sink);
    return sink;
  });

  const BATCH = 512; // the Relay source's maximum batch
  let flows = 0;
  const t0 = performance.now();
  for (let pass = 0; pass < passes; pass++) {
    for (let i = 0; i < corpus.length; i += BATCH) {
      const batch: UpstreamEvent[] = [];
      for (const bytes of corpus.slice(i, i + BATCH)) {
        const d = decodeWireResponse(bytes);
        if (d.kind === 'flow') {
          // Each pass is a new stretch of traffic for the store: ids only matter to the client.
          if (pass > 0) d.record.id = `${d.record.id}/${pass}`;
          batch.push({ kind: 'flow', record: d.record, raw: bytes });
          flows++;
        }
      }
      feed.deliver(batch);
      // Yield so the hub's 250 ms flush timer runs as it would between gRPC reads.
      if ((i / BATCH) % 16 === 0) await new Promise(r => setImmediate(r));
    }
  }
  await new Promise(r => setTimeout(r, 300)); // final flush
  const seconds = (performance.now() - t0) / 1000;
  await hub.stop();
  global.gc?.();
  return {
    flows,
    seconds,
    flowsPerSec: flows / seconds,
    bytesPushed: sinks.reduce((a, s) => a + s.bytes, 0),
    batchesPushed: sinks.reduce((a, s) => a + s.batches, 0),
    heapMB: process.memoryUsage().heapUsed / 2 ** 20,
  };
}
