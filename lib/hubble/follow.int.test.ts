/**
 * Integration tests of the Relay source over real gRPC against the simulated cluster (lib/sim) on
 * 127.0.0.1, ephemeral ports. Ground truth is read from the simulator's per-node rings.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { generate } from 'selfsigned';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadTlsFiles } from '@/lib/hubble/client';
import { decodeResponse } from '@/lib/hubble/decode';
import { createRelaySource, type RelaySource, type RelaySourceOptions } from '@/lib/hubble/follow';
import type { UpstreamEvent } from '@/lib/hubble/upstream-events';
import { createSimCluster, type SimCluster } from '@/lib/sim/cluster';
import { serveSimCluster, startSimRelay, type SimTlsOptions } from '@/lib/sim/server';

const fast: Partial<RelaySourceOptions> = {
  backoff: { initialMs: 50, maxMs: 300 },
  pollIntervalMs: 200,
  connectTimeoutMs: 3000,
};

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

/** Starts a source and collects every event it delivers, batch by batch. */
function run(opts: RelaySourceOptions) {
  const src: RelaySource = createRelaySource(opts);
  const events: UpstreamEvent[] = [];
  const batches: UpstreamEvent[][] = [];
  src.start(b => {
    batches.push(b);
    events.push(...b);
  });
  cleanup.push(() => src.stop());
  const flows = () => events.flatMap(e => (e.kind === 'flow' ? [e] : []));
  const states = () => events.flatMap(e => (e.kind === 'connection' ? [e.status.state] : []));
  return { src, events, batches, flows, states };
}

/** Ids in (time, id) order: Relay's merge order is by time, ties between nodes in any order. */
function canonical(list: { id: string; ms: number }[]): string[] {
  return [...list]
    .sort((a, b) => a.ms - b.ms || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map(x => x.id);
}

function flowKeys(flows: Extract<UpstreamEvent, { kind: 'flow' }>[]) {
  return flows.map(f => ({ id: f.record.id, ms: f.record.timeMs }));
}

function truthKeys(truth: TruthEntry[]) {
  return truth.map(t => ({ id: t.id, ms: t.sec * 1000 + t.nanos / 1e6 }));
}

/** True when every flow is no older than the one before it. */
function inTimeOrder(flows: Extract<UpstreamEvent, { kind: 'flow' }>[]): boolean {
  return flows.every((f, i) => i === 0 || f.record.timeMs >= flows[i - 1]!.record.timeMs);
}

/** Consecutive (state, failures) pairs, repeats collapsed (polls re-send the status). */
function transitions(events: UpstreamEvent[]): string[] {
  const out: string[] = [];
  for (const e of events) {
    if (e.kind !== 'connection') continue;
    const t = `${e.status.state}/${e.status.failures}`;
    if (out.at(-1) !== t) out.push(t);
  }
  return out;
}

async function until(what: string, cond: () => boolean, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for: ${what}`);
    await new Promise(r => setTimeout(r, 20));
  }
}

interface TruthEntry {
  kind: 'flow' | 'lost';
  id: string;
  node: string;
  sec: number;
  nanos: number;
  bin: Uint8Array | null;
  count: number;
}

/** Every entry the simulator's rings hold, in time order (the order Relay's merge sends). */
function groundTruth(cluster: SimCluster): TruthEntry[] {
  const out: TruthEntry[] = [];
  for (const node of cluster.nodeNames) {
    const ring = cluster.ring(node);
    for (let seq = ring.oldest; seq < ring.head; seq++) {
      const e = ring.at(seq);
      const d = decodeResponse(e.response);
      if (d.kind !== 'flow' && d.kind !== 'lost') continue;
      out.push({
        kind: d.kind,
        id: d.kind === 'flow' ? d.record.id : '',
        node,
        sec: e.sec,
        nanos: e.nanos,
        bin: e.bin,
        count: d.kind === 'lost' ? d.count : 0,
      });
    }
  }
  return out.sort((a, b) => a.sec - b.sec || a.nanos - b.nanos);
}

describe('relay source against the simulated cluster', () => {
  it('(a) backfills, then streams decoded flows with their exact wire bytes; node_status first', async () => {
    // Static rings (no ticker) so the backfill is exactly predictable.
    const relay = await startSimRelay({ seed: 7, rate: 400, historyMs: 20_000, autoTick: false });
    cleanup.push(() => relay.close());
    const { src, events, batches, flows } = run({
      addr: relay.address,
      source: 'sim',
      ...fast,
      backfill: 1000,
    });

    // number is per node: the newest 1000 flows of each of the 3 nodes.
    await until('backfill', () => flows().length >= 3000);
    const first = events.find(e => e.kind !== 'connection');
    expect(first).toMatchObject({
      kind: 'node_status',
      state: 'NODE_CONNECTED',
      nodes: ['master241', 'worker242', 'worker243'],
    });
    const truth = groundTruth(relay.cluster).filter(t => t.kind === 'flow');
    const perNode = new Map<string, TruthEntry[]>();
    for (const t of truth) perNode.set(t.node, [...(perNode.get(t.node) ?? []), t]);
    const expected = [...perNode.values()]
      .flatMap(list => list.slice(-1000))
      .sort((a, b) => a.sec - b.sec || a.nanos - b.nanos);
    expect(canonical(flowKeys(flows()))).toEqual(canonical(truthKeys(expected)));
    expect(inTimeOrder(flows())).toBe(true);
    expect(flows().every(f => f.record.node !== '' && f.record.timeMs > 0)).toBe(true);
    // `raw` is byte for byte what the server sent.
    const byId = new Map(truth.map(t => [t.id, t]));
    for (const f of flows().slice(0, 200)) {
      expect(Buffer.from(f.raw).equals(Buffer.from(byId.get(f.record.id)!.bin!))).toBe(true);
    }
    // Batches per read burst, bounded by maxBatch, not one callback per flow.
    const flowBatches = batches.filter(b => b.some(e => e.kind === 'flow'));
    expect(flowBatches.length).toBeLessThan(3000 / 20);
    expect(Math.max(...batches.map(b => b.length))).toBeLessThanOrEqual(512);

    // Then live: new flows arrive as the cluster generates them.
    relay.cluster.advance(Date.now() + 2000);
    const live = groundTruth(relay.cluster).filter(t => t.kind === 'flow').length - truth.length;
    expect(live).toBeGreaterThan(100);
    await until('live flows', () => flows().length === 3000 + live);
    expect(src.status()).toMatchObject({
      state: 'connected',
      source: 'sim',
      tls: false,
      failures: 0,
      reconnects: 0,
      flowsReceived: 3000 + live,
      duplicatesDropped: 0,
      gaps: [],
    });
  });

  it('(b) survives a Relay restart on the same port with no gap and no duplicate', async () => {
    const cluster = createSimCluster({ seed: 11, rate: 400, historyMs: 3000, tickMs: 50 });
    cluster.start();
    cleanup.push(() => cluster.stop());
    let relay = await serveSimCluster(cluster);
    const port = relay.port;
    cleanup.push(() => relay.close());
    const { src, flows, events } = run({ addr: relay.address, ...fast, backfill: 100_000 });

    await until('streaming', () => src.status().state === 'connected' && flows().length > 1500);
    await relay.close(); // killed mid-stream; the cluster keeps generating
    await until('noticed', () => src.status().state !== 'connected', 3000);
    await new Promise(r => setTimeout(r, 600));
    relay = await serveSimCluster(cluster, { port });
    await until(
      'reconnected',
      () => src.status().state === 'connected' && src.status().reconnects === 1,
    );
    await new Promise(r => setTimeout(r, 300));
    cluster.stop();

    const truth = groundTruth(cluster).filter(t => t.kind === 'flow');
    await until('caught up', () => flows().length >= truth.length, 5000);
    await new Promise(r => setTimeout(r, 100)); // anything extra would be a duplicate
    const ids = flows().map(f => f.record.id);
    expect(new Set(ids).size).toBe(ids.length); // no duplicate
    // No gap: exactly the flows the cluster produced, in time order.
    expect(canonical(flowKeys(flows()))).toEqual(canonical(truthKeys(truth)));
    expect(inTimeOrder(flows())).toBe(true);
    const s = src.status();
    expect(s.flowsReceived).toBe(truth.length);
    expect(s.duplicatesDropped).toBeGreaterThan(0); // the 2 s overlap was replayed and dropped
    expect(s.gaps).toEqual([]);
    expect(s.lastError).toMatch(new RegExp(`^UNAVAILABLE: .*\\(relay 127\\.0\\.0\\.1:${port}\\)$`));
    expect(transitions(events).join(' ')).toMatch(
      /^connecting\/0 connected\/0 reconnecting\/1( reconnecting\/2)?( \w+\/\d+)* connected\/0$/,
    );
  });

  it('(d) surfaces lost events and unavailable nodes as events and in polls', async () => {
    const relay = await startSimRelay({
      seed: 3,
      rate: 300,
      historyMs: 10_000,
      faults: ['node-down', 'lost-events'],
      autoTick: false,
    });
    cleanup.push(() => relay.close());
    const truth = groundTruth(relay.cluster);
    const truthLost = truth.filter(t => t.kind === 'lost');
    expect(truthLost.length).toBeGreaterThan(3);
    const { events, flows } = run({ addr: relay.address, ...fast, backfill: 100_000 });

    const polls = () => events.flatMap(e => (e.kind === 'poll' ? [e] : []));
    const lost = () => events.flatMap(e => (e.kind === 'lost' ? [e] : []));
    await until(
      'history and a poll',
      () => flows().length === truth.length - truthLost.length && polls().length > 0,
    );
    const statuses = events.flatMap(e => (e.kind === 'node_status' ? [e] : []));
    expect(statuses.map(s => [s.state, s.nodes])).toEqual([
      ['NODE_CONNECTED', ['master241', 'worker242']],
      ['NODE_UNAVAILABLE', ['worker243']],
    ]);
    // Every lost event of the rings, in order, none counted as a flow.
    expect(lost().map(l => [l.node, l.count])).toEqual(truthLost.map(t => [t.node, t.count]));
    expect(
      lost().every(l => ['PERF_EVENT_RING_BUFFER', 'OBSERVER_EVENTS_QUEUE'].includes(l.source)),
    ).toBe(true);
    const poll = polls()[0]!;
    expect(poll.error).toBeNull();
    expect(poll.serverStatus).toMatchObject({
      numConnectedNodes: 2,
      numUnavailableNodes: 1,
      unavailableNodes: ['worker243'],
    });
    expect(poll.nodes?.map(n => [n.name, n.state])).toEqual([
      ['master241', 'NODE_CONNECTED'],
      ['worker242', 'NODE_CONNECTED'],
      ['worker243', 'NODE_UNAVAILABLE'],
    ]);
    expect(poll.namespaces?.length).toBeGreaterThan(2);

    // A node lost mid-stream: NODE_ERROR on the stream, NODE_UNAVAILABLE in the next poll.
    const pollsBefore = polls().length;
    relay.cluster.setNodeAvailable('worker242', false);
    await until('node error', () =>
      events.some(
        e => e.kind === 'node_status' && e.state === 'NODE_ERROR' && e.nodes[0] === 'worker242',
      ),
    );
    await until('poll after', () => polls().length > pollsBefore + 1);
    const last = polls().at(-1)!;
    expect(last.nodes?.find(n => n.name === 'worker242')?.state).toBe('NODE_UNAVAILABLE');
    expect(last.serverStatus?.unavailableNodes).toEqual(['worker242', 'worker243']);
  });

  it('(e) a dead address goes reconnecting, then unreachable, and keeps retrying', async () => {
    const probe = net.createServer();
    await new Promise<void>(r => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise(r => probe.close(r));
    const addr = `127.0.0.1:${port}`;
    const { src, events } = run({ addr, ...fast, unreachableAfter: 3 });

    await until('unreachable', () => transitions(events).includes('unreachable/3'));
    expect(transitions(events)).toEqual([
      'connecting/0',
      'reconnecting/1',
      'reconnecting/2',
      'unreachable/3',
    ]);
    const s = src.status();
    expect(s.lastError).toMatch(/^UNAVAILABLE: /);
    expect(s.lastError).toContain(addr);
    expect(s.nextRetryMs).toBeGreaterThan(Date.now() - 50);
    await until('keeps retrying', () => src.status().failures >= 6);
    expect(src.status().state).toBe('unreachable');
    expect(events.some(e => e.kind === 'flow')).toBe(false);
    const polls = events.flatMap(e => (e.kind === 'poll' ? [e] : []));
    expect(
      polls.every(p => p.serverStatus === null && /ServerStatus: UNAVAILABLE/.test(p.error ?? '')),
    ).toBe(true);
  });
});

describe('relay source over TLS and mTLS', () => {
  let dir: string;
  let ca: { cert: string; key: string };
  let server: { cert: string; key: string };
  let client: { cert: string; key: string };

  beforeAll(async () => {
    const caPems = await generate([{ name: 'commonName', value: 'hubble-ca.cilium.io' }], {
      keyType: 'ec',
      algorithm: 'sha256',
      extensions: [
        { name: 'basicConstraints', cA: true, critical: true },
        {
          name: 'keyUsage',
          keyCertSign: true,
          cRLSign: true,
          digitalSignature: true,
          critical: true,
        },
      ],
    });
    ca = { cert: caPems.cert, key: caPems.private };
    const leaf = async (cn: string, usage: 'server' | 'client') => {
      const p = await generate([{ name: 'commonName', value: cn }], {
        keyType: 'ec',
        algorithm: 'sha256',
        ca: { key: ca.key, cert: ca.cert },
        extensions: [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
          usage === 'server'
            ? { name: 'extKeyUsage', serverAuth: true }
            : { name: 'extKeyUsage', clientAuth: true },
          ...(usage === 'server'
            ? [{ name: 'subjectAltName' as const, altNames: [{ type: 2 as const, value: cn }] }]
            : []),
        ],
      });
      return { cert: p.cert, key: p.private };
    };
    server = await leaf('*.hubble-relay.cilium.io', 'server');
    client = await leaf('flowscope-client', 'client');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flowscope-relay-tls-'));
    fs.writeFileSync(path.join(dir, 'ca.crt'), ca.cert);
    fs.writeFileSync(path.join(dir, 'tls.crt'), client.cert);
    fs.writeFileSync(path.join(dir, 'tls.key'), client.key);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function tlsRelay(tls: SimTlsOptions) {
    const relay = await startSimRelay({
      seed: 5,
      rate: 100,
      historyMs: 5000,
      autoTick: false,
      tls,
    });
    cleanup.push(() => relay.close());
    return relay;
  }

  it('(c) connects over TLS with the Relay server-name override', async () => {
    const relay = await tlsRelay({ cert: server.cert, key: server.key });
    const { src, flows } = run({
      addr: relay.address,
      ...fast,
      backfill: 50,
      tls: { caPem: Buffer.from(ca.cert), serverName: 'ui.hubble-relay.cilium.io' },
    });
    await until('flows over TLS', () => flows().length === 150);
    expect(src.status()).toMatchObject({ state: 'connected', tls: true });
  });

  it('(c) without the override the certificate does not match 127.0.0.1', async () => {
    const relay = await tlsRelay({ cert: server.cert, key: server.key });
    const { src, flows } = run({
      addr: relay.address,
      ...fast,
      tls: { caPem: Buffer.from(ca.cert) },
    });
    await until('failure', () => src.status().failures >= 2);
    expect(src.status().lastError).toMatch(/^UNAVAILABLE: .*127\.0\.0\.1/);
    expect(flows()).toHaveLength(0);
  });

  it('(c) mTLS: a client certificate re-read from files on every attempt is accepted', async () => {
    const relay = await tlsRelay({ cert: server.cert, key: server.key, clientCa: ca.cert });
    let loads = 0;
    const { src, flows } = run({
      addr: relay.address,
      ...fast,
      backfill: 50,
      tls: () => {
        loads++;
        return loadTlsFiles({
          caFile: path.join(dir, 'ca.crt'),
          certFile: path.join(dir, 'tls.crt'),
          keyFile: path.join(dir, 'tls.key'),
          serverName: 'ui.hubble-relay.cilium.io',
        });
      },
    });
    await until('flows over mTLS', () => flows().length === 150);
    expect(src.status().state).toBe('connected');
    expect(loads).toBe(1);
  });

  it('(c) mTLS rejects a client without a certificate; the error is in lastError', async () => {
    const relay = await tlsRelay({ cert: server.cert, key: server.key, clientCa: ca.cert });
    let loads = 0;
    const { src, states, flows } = run({
      addr: relay.address,
      ...fast,
      tls: () => {
        loads++;
        return { caPem: Buffer.from(ca.cert), serverName: 'ui.hubble-relay.cilium.io' };
      },
    });
    await until('rejected', () => src.status().failures >= 2);
    expect(src.status().lastError).toMatch(
      /^UNAVAILABLE: .*certificate required.*\(relay 127\.0\.0\.1:\d+\)$/,
    );
    expect(states()).not.toContain('connected');
    expect(flows()).toHaveLength(0);
    expect(loads).toBeGreaterThanOrEqual(2); // TLS material is re-read on every attempt
  });
});
