/**
 * Liveness and resume edge cases of the Relay source over real gRPC, against a small scripted
 * Observer server (the simulated cluster cannot be told to stall or to drop its history on cue).
 * The end-to-end behaviour against lib/sim is in follow.int.test.ts.
 */
import net from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { create, fromJson } from '@bufbuild/protobuf';
import { afterEach, describe, expect, it } from 'vitest';
import {
  GetFlowsResponseSchema,
  GetNodesResponseSchema,
  ServerStatusResponseSchema,
  type GetFlowsRequest,
  type GetFlowsResponse,
} from '@/proto/gen/observer/observer_pb';
import { NodeState } from '@/proto/gen/relay/relay_pb';
import { observerServerDefinition, type ObserverServer } from '@/lib/hubble/grpc-adapter';
import { readSampleLines } from '@/lib/hubble/sample-files';
import { loadTlsFiles } from '@/lib/hubble/client';
import { createRelaySource, type RelaySource } from '@/lib/hubble/follow';
import type { UpstreamEvent } from '@/lib/hubble/upstream-events';

const flows: GetFlowsResponse[] = readSampleLines('400-tcp')
  .slice(0, 40)
  .map(l => fromJson(GetFlowsResponseSchema, JSON.parse(l)));
const nodeStatus = create(GetFlowsResponseSchema, {
  responseTypes: {
    case: 'nodeStatus',
    value: { stateChange: NodeState.NODE_CONNECTED, nodeNames: ['kind-kind/kind-worker'] },
  },
  nodeName: 'relay',
});

type Script = (call: grpc.ServerWritableStream<GetFlowsRequest, unknown>, attempt: number) => void;

interface Fixture {
  addr: string;
  requests: GetFlowsRequest[];
  close(): Promise<void>;
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

async function serve(script: Script, extra: Partial<ObserverServer> = {}): Promise<Fixture> {
  const requests: GetFlowsRequest[] = [];
  const server = new grpc.Server();
  const impl: ObserverServer = {
    GetFlows(call) {
      requests.push(call.request);
      script(call, requests.length);
    },
    ServerStatus(_c, cb) {
      cb(
        null,
        create(ServerStatusResponseSchema, { numFlows: 40n, maxFlows: 4095n, flowsRate: 10 }),
      );
    },
    GetNodes(_c, cb) {
      cb(
        null,
        create(GetNodesResponseSchema, { nodes: [{ name: 'kind-kind/kind-worker', state: 1 }] }),
      );
    },
    GetNamespaces(_c, cb) {
      cb({ code: grpc.status.UNIMPLEMENTED, details: 'GetNamespaces not implemented' });
    },
    ...extra,
  };
  server.addService(observerServerDefinition, impl);
  const port = await new Promise<number>((res, rej) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) =>
      e ? rej(e) : res(p),
    ),
  );
  const fx = {
    addr: `127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>(res => server.tryShutdown(() => res())).then(() => undefined),
  };
  cleanup.push(async () => server.forceShutdown());
  return fx;
}

function track(src: RelaySource) {
  const events: UpstreamEvent[] = [];
  src.start(b => events.push(...b));
  cleanup.push(() => src.stop());
  return { events };
}

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise(r => setTimeout(r, 20));
  }
}

const fast = { backoff: { initialMs: 50, maxMs: 200 }, pollIntervalMs: 100 } as const;

describe('relay source liveness', () => {
  it('keeps identical uuid-less flows within one stream (only the resume overlap is de-duplicated)', async () => {
    const twin = flows[0]!;
    const fx = await serve(call => {
      call.write(nodeStatus);
      call.write(twin);
      call.write(twin);
      for (const f of flows.slice(1, 5)) call.write(f);
    });
    const src = createRelaySource({ addr: fx.addr, ...fast, backfill: 100 });
    const { events } = track(src);
    await until(() => src.status().flowsReceived >= 6);
    await new Promise(r => setTimeout(r, 50));
    const ids = events.flatMap(e => (e.kind === 'flow' ? [e.record.id] : []));
    expect(ids).toHaveLength(6);
    expect(ids[0]).toBe(ids[1]);
    expect(src.status().duplicatesDropped).toBe(0);
  });

  it('drops a full replay from a server that ignores since (beyond the dedupe horizon)', async () => {
    // The 400-flow capture spans ~3.9 s, longer than the 3.5 s dedupe horizon: without the resume
    // floor the oldest re-sent flows would no longer be remembered and would come back as new.
    const all = readSampleLines('400-tcp').map(l =>
      fromJson(GetFlowsResponseSchema, JSON.parse(l)),
    );
    const fx = await serve(call => {
      call.write(nodeStatus);
      for (const f of all) call.write(f);
      call.end();
    });
    const src = createRelaySource({ addr: fx.addr, ...fast, backfill: 1000 });
    const { events } = track(src);
    await until(() => fx.requests.length >= 3);
    await new Promise(r => setTimeout(r, 50));
    const ids = events.flatMap(e => (e.kind === 'flow' ? [e.record.id] : []));
    expect(ids.length).toBe(all.length);
    expect(new Set(ids).size).toBe(all.length);
    expect(fx.requests[1]?.since).toBeDefined();
    expect(src.status().duplicatesDropped).toBeGreaterThanOrEqual(all.length);
  });

  it('resubscribes a stalled stream and drops the replayed overlap', async () => {
    // Every attempt sends the same 40 flows and then goes silent without ending the call.
    const fx = await serve(call => {
      call.write(nodeStatus);
      for (const f of flows) call.write(f);
    });
    const src = createRelaySource({ addr: fx.addr, ...fast, stallTimeoutMs: 400, backfill: 100 });
    const { events } = track(src);
    await until(() => src.status().reconnects >= 1 && src.status().duplicatesDropped >= 40);
    await new Promise(r => setTimeout(r, 50)); // let the last batch flush
    const s = src.status();
    expect(s.lastError).toMatch(/^STALLED: no message for 400 ms .*relay 127\.0\.0\.1:/);
    expect(s.flowsReceived).toBe(40);
    const ids = events.flatMap(e => (e.kind === 'flow' ? [e.record.id] : []));
    expect(new Set(ids).size).toBe(40);
    expect(ids).toHaveLength(40);

    // First request backfills; the resume asks from 2 s before the newest flow received.
    const [first, second] = fx.requests;
    expect(first!.follow).toBe(true);
    expect(first!.number).toBe(100n);
    expect(first!.since).toBeUndefined();
    const newest = flows.reduce((a, f) => {
      const t = f.time!;
      return t.seconds > a.seconds || (t.seconds === a.seconds && t.nanos > a.nanos) ? t : a;
    }, flows[0]!.time!);
    expect(second!.since!.seconds).toBe(newest.seconds - 2n);
    expect(second!.since!.nanos).toBe(newest.nanos);
    expect(s.gaps).toEqual([]);
  });

  it('reconnects when the server ends the stream and records a gap when history is gone', async () => {
    const fx = await serve((call, attempt) => {
      call.write(nodeStatus);
      // Attempt 1 sends the first 20 flows; attempt 2 only the last 10: flows 20-29 are "overwritten".
      for (const f of attempt === 1 ? flows.slice(0, 20) : flows.slice(30)) call.write(f);
      if (attempt === 1) call.end();
    });
    const src = createRelaySource({ addr: fx.addr, ...fast });
    const { events } = track(src);
    await until(() => events.filter(e => e.kind === 'flow').length === 30);
    const s = src.status();
    expect(s.state).toBe('connected');
    expect(s.reconnects).toBe(1);
    expect(s.lastError).toMatch(/^ENDED: GetFlows stream ended by the server/);
    expect(s.gaps).toHaveLength(1);
    const last = events.filter(e => e.kind === 'flow')[19];
    const firstResumed = events.filter(e => e.kind === 'flow')[20];
    expect(last?.kind === 'flow' && s.gaps[0]!.fromMs).toBe(
      last?.kind === 'flow' && last.record.timeMs,
    );
    expect(s.gaps[0]!.toMs).toBe(firstResumed?.kind === 'flow' && firstResumed.record.timeMs);
    // The connection events trace the story in order.
    const states = events.flatMap(e => (e.kind === 'connection' ? [e.status.state] : []));
    expect(states.join(',')).toMatch(/^connecting,connected,.*reconnecting,.*connected/);
  });

  it('fails an attempt whose server accepts TCP but never answers', async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer(s => sockets.add(s));
    await new Promise<void>(r => silent.listen(0, '127.0.0.1', r));
    cleanup.push(async () => {
      for (const s of sockets) s.destroy();
      await new Promise(r => silent.close(r));
    });
    const addr = `127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
    const src = createRelaySource({ addr, ...fast, connectTimeoutMs: 300, unreachableAfter: 2 });
    track(src);
    await until(() => src.status().state === 'unreachable');
    expect(src.status().lastError).toBe(`UNAVAILABLE: no answer within 300 ms (relay ${addr})`);
    expect(src.status().failures).toBeGreaterThanOrEqual(2);
  });

  it('reports unreadable TLS files as the connection error, naming the file', async () => {
    const src = createRelaySource({
      addr: '127.0.0.1:1',
      ...fast,
      tls: () => loadTlsFiles({ caFile: '/nonexistent/ca.crt' }),
    });
    track(src);
    await until(() => src.status().failures >= 1);
    expect(src.status().lastError).toBe(
      'TLS_CONFIG: cannot read TLS CA certificate file /nonexistent/ca.crt: ENOENT (relay 127.0.0.1:1)',
    );
  });

  it('treats a Relay without GetNamespaces (< 1.14) as unsupported, not as a failing poll', async () => {
    const fx = await serve(call => call.write(nodeStatus));
    const src = createRelaySource({ addr: fx.addr, ...fast });
    const { events } = track(src);
    await until(() => events.filter(e => e.kind === 'poll').length >= 2);
    const polls = events.flatMap(e => (e.kind === 'poll' ? [e] : []));
    expect(polls[0]!.serverStatus?.flowsRate).toBe(10);
    expect(polls[0]!.serverStatus?.maxFlows).toBe(4095);
    expect(polls[0]!.nodes?.map(n => [n.name, n.state])).toEqual([
      ['kind-kind/kind-worker', 'NODE_CONNECTED'],
    ]);
    for (const p of polls) {
      expect(p.namespaces).toBeNull();
      expect(p.error).toBeNull();
    }
  });

  it('derives the rate from seen_flows for a Relay without flows_rate (< 1.15), so stalls are caught', async () => {
    let seen = 1000n;
    const fx = await serve(
      call => {
        call.write(nodeStatus);
        for (const f of flows.slice(0, 5)) call.write(f);
      },
      {
        ServerStatus(_c, cb) {
          seen += 500n; // the agents keep seeing traffic while our stream is silent
          cb(
            null,
            create(ServerStatusResponseSchema, { numFlows: 40n, maxFlows: 4095n, seenFlows: seen }),
          );
        },
      },
    );
    const src = createRelaySource({ addr: fx.addr, ...fast, stallTimeoutMs: 400, backfill: 100 });
    track(src);
    await until(() => src.status().reconnects >= 1);
    expect(src.status().lastError).toMatch(/^STALLED: .* while Relay reports [1-9][\d.]* flows\/s/);
  });

  it('reports partial poll results when one call fails', async () => {
    const fx = await serve(call => call.write(nodeStatus), {
      GetNodes(_c, cb) {
        cb({ code: grpc.status.UNAVAILABLE, details: 'peer list not ready' });
      },
    });
    const src = createRelaySource({ addr: fx.addr, ...fast });
    const { events } = track(src);
    await until(() => events.some(e => e.kind === 'poll'));
    const poll = events.find(e => e.kind === 'poll');
    if (poll?.kind !== 'poll') throw new Error('no poll');
    expect(poll.serverStatus?.flowsRate).toBe(10);
    expect(poll.nodes).toBeNull();
    expect(poll.error).toMatch(/^GetNodes: UNAVAILABLE: peer list not ready/);
  });
});
