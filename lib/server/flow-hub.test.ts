/**
 * The hub against the real built-in cluster over real gRPC on loopback: the same client code path as a
 * real Relay (lib/hubble), fan-out through real SSE responses.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplesDir, readSampleLines } from '@/lib/hubble/sample-files';
import type { FlowRecord } from '@/lib/model/flow-record';
import type { FlowsBatchEvent, HealthEvent } from '@/lib/model/sse-events';
import { parseQuery } from '@/lib/query/parse';
import { startSimRelay, type SimRelay } from '@/lib/sim/server';
import { parseConfig } from './env';
import { FlowHub } from './flow-hub';
import { eventStream } from './sse';
import { SseReader, type ParsedEvent } from './testing/sse-reader';

async function waitFor(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise(r => setTimeout(r, 25));
  }
}

const config = (env: Record<string, string>) =>
  parseConfig({
    FLOWSCOPE_RETAIN_FLOWS: '20000',
    FLOWSCOPE_RETAIN_RAW: '5000',
    HOSTNAME: '127.0.0.1',
    ...env,
  });

const flowBatches = (events: ParsedEvent[]) =>
  events.filter(e => e.event === 'flows').map(e => e.data as FlowsBatchEvent);

describe('FlowHub with FLOWSCOPE_SOURCE=sim', () => {
  let hub: FlowHub;
  beforeAll(() => {
    hub = new FlowHub(
      config({ FLOWSCOPE_SOURCE: 'sim', FLOWSCOPE_SIM_RATE: '400', FLOWSCOPE_BACKFILL: '300' }),
    ).start();
  });
  afterAll(() => hub.stop());

  it('connects to the built-in cluster over gRPC, backfills and reports health', async () => {
    await waitFor(() => hub.isReady() && hub.store.lastSeq > 300, 15_000, 'ready with backfill');
    expect(hub.notReadyReason()).toBeNull();
    await waitFor(
      () => hub.info().nodes.length === 3 && hub.info().serverStatus !== null,
      15_000,
      'first poll',
    );
    const info = hub.info();
    expect(info.connection).toMatchObject({ state: 'connected', source: 'sim', tls: false });
    expect(info.connection.relayAddr).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(info.nodes.map(n => n.name)).toEqual(['master241', 'worker242', 'worker243']);
    expect(info.namespaces.length).toBeGreaterThan(2);
    expect(info.store.compactCount).toBe(hub.store.lastSeq);
  });

  it('answers filtered queries newest first from the store', () => {
    const q = parseQuery('--namespace kube-system --protocol udp');
    const { flows, matched } = hub.queryFlows(q, 25);
    expect(matched).toBeGreaterThan(0);
    expect(flows.length).toBe(Math.min(25, matched));
    for (const f of flows) {
      expect(f.l4).toBe('UDP');
      expect([f.src.namespace, f.dst.namespace]).toContain('kube-system');
    }
    const times = flows.map(f => f.timeMs);
    expect(times[0]).toBeGreaterThanOrEqual(times[times.length - 1]!);
  });
});

describe('FlowHub fan-out over SSE (relay source pointed at a loopback sim)', () => {
  let sim: SimRelay;
  let hub: FlowHub;
  beforeAll(async () => {
    sim = await startSimRelay({
      host: '127.0.0.1',
      port: 0,
      rate: 3000,
      seed: 3,
      historyMs: 2_000,
    });
    hub = new FlowHub(config({ HUBBLE_RELAY_ADDR: sim.address, FLOWSCOPE_BACKFILL: '100' }), {
      clientQueue: 40,
    }).start();
    await waitFor(() => hub.isReady(), 15_000, 'hub ready');
  });
  afterAll(async () => {
    await hub.stop();
    await sim.close();
  });

  it('sends health first, then batched flows matching the client filter, a few pushes per second', async () => {
    const ctl = new AbortController();
    const reader = new SseReader(
      eventStream(ctl.signal, hub.subscribe(parseQuery('--verdict FORWARDED --type trace'))),
    );
    const events = await reader.readFor(1_300);
    ctl.abort();
    expect(events[0]!.event).toBe('health');
    expect((events[0]!.data as HealthEvent).connection.state).toBe('connected');
    // Health pushes are throttled to at most two per second.
    expect(events.filter(e => e.event === 'health').length).toBeLessThanOrEqual(4);
    const batches = flowBatches(events);
    expect(batches.length).toBeGreaterThanOrEqual(2);
    expect(batches.length).toBeLessThanOrEqual(7); // 250 ms flushes: never one event per flow
    const flows = batches.flatMap(b => b.flows);
    expect(flows.length).toBeGreaterThan(batches.length);
    expect(flows.every((f: FlowRecord) => f.verdict === 'FORWARDED' && f.eventType === 4)).toBe(
      true,
    );
    expect(
      events.filter(e => e.event === 'flows').every(e => /^[a-z0-9]+-\d+$/.test(e.id ?? '')),
    ).toBe(true);
    await waitFor(() => hub.subscriberCount === 0, 2_000, 'unsubscribe on abort');
  });

  it('bounds a slow client: it never gets more than its queue per batch and is told what it missed', async () => {
    const ctl = new AbortController();
    const res = eventStream(ctl.signal, hub.subscribe(parseQuery('')), { highWaterMark: 1 });
    await new Promise(r => setTimeout(r, 1_000)); // the client reads nothing for a second
    const reader = new SseReader(res);
    const events = await reader.readUntil(ev => flowBatches(ev).some(b => b.missed > 0), 3_000);
    ctl.abort();
    const batches = flowBatches(events);
    expect(batches.every(b => b.flows.length <= 40)).toBe(true);
    expect(batches.reduce((n, b) => n + b.missed, 0)).toBeGreaterThan(100);
  });

  it('resumes after Last-Event-ID with the flows that arrived in between', async () => {
    const since = hub.store.lastSeq - 30;
    const ctl = new AbortController();
    const reader = new SseReader(
      eventStream(ctl.signal, hub.subscribe(parseQuery(''), { epoch: hub.epoch, seq: since })),
    );
    const events = await reader.readUntil(ev => flowBatches(ev).length > 0, 2_000);
    ctl.abort();
    const first = flowBatches(events)[0]!;
    // 30+ flows were waiting but the queue holds 40: the overflow is reported, nothing is lost silently.
    expect(first.flows.length + first.missed).toBeGreaterThanOrEqual(30);
    expect(first.flows.length).toBeLessThanOrEqual(40);
  });
});

describe('FlowHub with FLOWSCOPE_SOURCE=fixture: (real recorded flows)', () => {
  const file = path.join(samplesDir(), 'hubble-otel_kind-bookinfo_400-tcp.jsonl');
  const lines = readSampleLines('400-tcp');
  let hub: FlowHub;
  beforeAll(() => {
    hub = new FlowHub(config({ FLOWSCOPE_SOURCE: `fixture:${file}` })).start();
  });
  afterAll(() => hub.stop());

  it('exports every recorded flow as exactly the jsonpb line it was recorded as', async () => {
    const flowLines = lines.filter(l => l.startsWith('{"flow"'));
    await waitFor(() => hub.store.lastSeq >= flowLines.length, 15_000, 'all fixture flows');
    const { raws, matched, notInRaw } = hub.queryRaw(parseQuery(''), 5_000);
    expect(matched).toBe(flowLines.length);
    expect(notInRaw).toBe(0);
    const exported = raws.map(r => hub.jsonpbLine(r));
    expect([...exported].sort()).toEqual([...flowLines].sort());
  });
});
