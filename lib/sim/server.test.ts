import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as grpc from '@grpc/grpc-js';
import { create } from '@bufbuild/protobuf';
import {
  GetFlowsRequestSchema,
  GetFlowsResponseSchema,
  type GetFlowsResponse,
  type GetNamespacesResponse,
  type GetNodesResponse,
  type ServerStatusResponse,
} from '@/proto/gen/observer/observer_pb';
import { LostEventSource, Verdict, type Flow } from '@/proto/gen/flow/flow_pb';
import { NodeState } from '@/proto/gen/relay/relay_pb';
import type { ObserverClient, RawGetFlowsResponse } from '@/lib/hubble/grpc-adapter';
import { createSimCluster, type SimCluster } from '@/lib/sim/cluster';
import {
  ALL,
  T0,
  client,
  flowsOf,
  getFlows,
  manualClock,
  msOf,
  statusOf,
  ts,
  unary,
  until,
} from '@/lib/sim/grpc-test-client';
import { serveSimCluster, type SimRelay } from '@/lib/sim/server';

describe('simulated Relay over real gRPC (manual clock)', () => {
  let clock: ReturnType<typeof manualClock>;
  let cluster: SimCluster;
  let relay: SimRelay;
  let c: ObserverClient;

  beforeAll(async () => {
    clock = manualClock();
    cluster = createSimCluster({ clock, rate: 400, historyMs: 20_000, seed: 11 });
    relay = await serveSimCluster(cluster);
    c = client(relay);
  });

  afterAll(async () => {
    c.close();
    await relay.close();
  });

  afterEach(() => {
    cluster.setFaults([]);
    for (const n of cluster.nodeNames) cluster.setNodeAvailable(n, true);
  });

  it('binds loopback on an ephemeral port', () => {
    expect(relay.host).toBe('127.0.0.1');
    expect(relay.port).toBeGreaterThan(0);
    expect(relay.address).toBe(`127.0.0.1:${relay.port}`);
  });

  it('sends node_status NODE_CONNECTED first, from the Relay node, at now', async () => {
    const got = await getFlows(c, { number: 5n });
    const first = got[0]!;
    expect(first.responseTypes.case).toBe('nodeStatus');
    expect(first.nodeName).toBe(cluster.relayNodeName);
    expect(first.nodeName).toMatch(/^hubble-relay-/);
    expect(Number(first.time!.seconds) * 1000).toBe(Math.floor(T0 / 1000) * 1000);
    expect(statusOf(got)).toEqual([
      expect.objectContaining({
        stateChange: NodeState.NODE_CONNECTED,
        nodeNames: ['master241', 'worker242', 'worker243'],
      }),
    ]);
  });

  it('reads `number` flows per node, merged in time order', async () => {
    const flows = flowsOf(await getFlows(c, { number: 10n }));
    expect(flows).toHaveLength(30);
    for (const n of cluster.nodeNames) expect(flows.filter(f => f.nodeName === n)).toHaveLength(10);
    for (let i = 1; i < flows.length; i++)
      expect(msOf(flows[i - 1]!)).toBeLessThanOrEqual(msOf(flows[i]!));
    // The newest 10 per node.
    for (const n of cluster.nodeNames) {
      const ring = cluster.ring(n);
      const newest = ring.newest()!.response.responseTypes.value as Flow;
      expect(flows.filter(f => f.nodeName === n).at(-1)!.uuid).toBe(newest.uuid);
    }
  });

  it('reads the oldest flows with `first`', async () => {
    const flows = flowsOf(await getFlows(c, { number: 3n, first: true }));
    expect(flows).toHaveLength(9);
    for (const n of cluster.nodeNames) {
      const ring = cluster.ring(n);
      const oldest: string[] = [];
      for (let s = ring.oldest; oldest.length < 3; s++) {
        const r = ring.at(s).response.responseTypes;
        if (r.case === 'flow') oldest.push(r.value.uuid);
      }
      expect(flows.filter(f => f.nodeName === n).map(f => f.uuid)).toEqual(oldest);
    }
  });

  it('bounds by since/until (inclusive) and counts every held flow in the window', async () => {
    const since = T0 - 8_000;
    const to = T0 - 6_000;
    const flows = flowsOf(await getFlows(c, { since: ts(since), until: ts(to) }));
    expect(flows.length).toBeGreaterThan(300);
    for (const f of flows) {
      expect(msOf(f)).toBeGreaterThanOrEqual(since);
      expect(msOf(f)).toBeLessThanOrEqual(to);
    }
    let expected = 0;
    for (const n of cluster.nodeNames) {
      const ring = cluster.ring(n);
      for (let s = ring.oldest; s < ring.head; s++) {
        const e = ring.at(s);
        const ms = e.sec * 1000 + e.nanos / 1e6;
        if (e.response.responseTypes.case === 'flow' && ms >= since && ms <= to) expected++;
      }
    }
    expect(flows).toHaveLength(expected);
    // `number` applies within the window, per node.
    const last2 = flowsOf(await getFlows(c, { since: ts(since), until: ts(to), number: 2n }));
    expect(last2).toHaveLength(6);
    expect(last2.every(f => msOf(f) <= to)).toBe(true);
  });

  it('returns no history without number or since', async () => {
    expect(flowsOf(await getFlows(c, {}))).toHaveLength(0);
  });

  it('applies whitelist and blacklist filters', async () => {
    const whitelist = [{ sourcePod: ['shop/frontend-'] }, { destinationPod: ['payments/'] }];
    const flows = flowsOf(
      await getFlows(c, { number: ALL, whitelist, blacklist: [{ verdict: [Verdict.DROPPED] }] }),
    );
    expect(flows.length).toBeGreaterThan(100);
    for (const f of flows) {
      expect(
        f.source?.podName.startsWith('frontend-') || f.destination?.namespace === 'payments',
      ).toBe(true);
      expect(f.verdict).not.toBe(Verdict.DROPPED);
    }
    const replies = flowsOf(
      await getFlows(c, { number: 20n, whitelist: [{ reply: [true], nodeName: ['worker242'] }] }),
    );
    expect(replies).toHaveLength(20);
    expect(replies.every(f => f.isReply === true && f.nodeName === 'worker242')).toBe(true);
    const uuid = replies[3]!.uuid;
    expect(
      flowsOf(await getFlows(c, { number: ALL, whitelist: [{ uuid: [uuid] }] })).map(f => f.uuid),
    ).toEqual([uuid]);
    const http = flowsOf(
      await getFlows(c, {
        number: 5n,
        whitelist: [{ protocol: ['http'], eventType: [{ type: 129 }] }],
      }),
    );
    expect(http).toHaveLength(15);
    expect(http.every(f => f.l7?.record.case === 'http')).toBe(true);
  });

  it('rejects first together with follow', async () => {
    await expect(getFlows(c, { number: 1n, first: true, follow: true })).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
    });
  });

  it('rejects an invalid filter with INVALID_ARGUMENT', async () => {
    await expect(
      getFlows(c, { number: 1n, whitelist: [{ httpPath: ['('] }] }),
    ).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
    });
  });

  it('follows: delivers new flows as the cluster advances, and stops on cancel', async () => {
    const startMs = clock.t;
    let ticks = 0;
    const pump = setInterval(() => {
      clock.t += 100;
      ticks++;
      cluster.advance();
    }, 20);
    try {
      const got = await getFlows(c, { follow: true }, rs => flowsOf(rs).length >= 200);
      const flows = flowsOf(got);
      expect(got[0]!.responseTypes.case).toBe('nodeStatus');
      expect(ticks).toBeGreaterThan(0);
      expect(flows.every(f => msOf(f) > startMs - 1)).toBe(true);
      expect(new Set(flows.map(f => f.nodeName)).size).toBe(3);
    } finally {
      clearInterval(pump);
    }
    await until(() => relay.activeStreams() === 0);
  });

  it('passes lost events through any filter', async () => {
    clock.t += 1_000;
    cluster.advance();
    cluster.append(
      create(GetFlowsResponseSchema, {
        responseTypes: {
          case: 'lostEvents',
          value: { source: LostEventSource.PERF_EVENT_RING_BUFFER, numEventsLost: 7n, cpu: 2 },
        },
        nodeName: 'worker242',
        time: ts(clock.t),
      }),
    );
    const got = await getFlows(c, { number: 50n, whitelist: [{ verdict: [Verdict.ERROR] }] });
    const lost = got.filter(r => r.responseTypes.case === 'lostEvents');
    expect(flowsOf(got)).toHaveLength(0);
    expect(
      lost.map(r => [
        r.nodeName,
        (r.responseTypes.value as { numEventsLost: bigint }).numEventsLost,
      ]),
    ).toContainEqual(['worker242', 7n]);
  });

  it('reports unavailable nodes at stream start, in GetNodes and in ServerStatus', async () => {
    cluster.setFault('node-down');
    const got = await getFlows(c, { number: 5n });
    expect(statusOf(got).map(s => [s.stateChange, s.nodeNames])).toEqual([
      [NodeState.NODE_CONNECTED, ['master241', 'worker242']],
      [NodeState.NODE_UNAVAILABLE, ['worker243']],
    ]);
    expect(got.slice(0, 2).every(r => r.responseTypes.case === 'nodeStatus')).toBe(true);
    expect(flowsOf(got)).toHaveLength(10);
    expect(flowsOf(got).some(f => f.nodeName === 'worker243')).toBe(false);
    const nodes = await unary<GetNodesResponse>(cb =>
      c.GetNodes({ $typeName: 'observer.GetNodesRequest' }, cb),
    );
    expect(nodes.nodes.map(n => n.state)).toEqual([
      NodeState.NODE_CONNECTED,
      NodeState.NODE_CONNECTED,
      NodeState.NODE_UNAVAILABLE,
    ]);
    const st = await unary<ServerStatusResponse>(cb =>
      c.ServerStatus({ $typeName: 'observer.ServerStatusRequest' }, cb),
    );
    expect([st.numConnectedNodes, st.numUnavailableNodes, st.unavailableNodes]).toEqual([
      2,
      1,
      ['worker243'],
    ]);
  });

  it('sends NODE_ERROR when a node goes away mid-stream and resumes it silently', async () => {
    const call = c.GetFlows(create(GetFlowsRequestSchema, { follow: true }));
    const got: GetFlowsResponse[] = [];
    call.on('data', (r: RawGetFlowsResponse) => got.push(r.msg));
    call.on('error', () => {});
    try {
      await until(() => got.length >= 1);
      cluster.setNodeAvailable('worker243', false);
      await until(() => statusOf(got).length >= 2);
      expect(statusOf(got)[1]).toMatchObject({
        stateChange: NodeState.NODE_ERROR,
        nodeNames: ['worker243'],
      });
      cluster.setNodeAvailable('worker243', true);
      clock.t += 500;
      cluster.advance();
      await until(() => flowsOf(got).some(f => f.nodeName === 'worker243'));
      expect(statusOf(got)).toHaveLength(2);
    } finally {
      call.cancel();
    }
  });

  it('serves ServerStatus, GetNodes and GetNamespaces', async () => {
    const st = await unary<ServerStatusResponse>(cb =>
      c.ServerStatus({ $typeName: 'observer.ServerStatusRequest' }, cb),
    );
    expect(st.version).toBe('1.19.4');
    expect(st.numConnectedNodes).toBe(3);
    expect(st.numUnavailableNodes).toBe(0);
    expect(st.maxFlows).toBe(3n * 4095n);
    expect(st.numFlows).toBeGreaterThan(0n);
    expect(st.flowsRate).toBeGreaterThan(0);
    const nodes = await unary<GetNodesResponse>(cb =>
      c.GetNodes({ $typeName: 'observer.GetNodesRequest' }, cb),
    );
    expect(nodes.nodes.map(n => n.name)).toEqual(['master241', 'worker242', 'worker243']);
    expect(
      nodes.nodes.every(
        n => n.state === NodeState.NODE_CONNECTED && n.version === '1.19.4' && n.uptimeNs > 0n,
      ),
    ).toBe(true);
    const ns = await unary<GetNamespacesResponse>(cb =>
      c.GetNamespaces({ $typeName: 'observer.GetNamespacesRequest' }, cb),
    );
    expect(ns.namespaces.map(n => n.namespace)).toEqual([
      'kube-system',
      'monitoring',
      'payments',
      'shop',
    ]);
  });
});
