import { describe, expect, it } from 'vitest';
import * as grpc from '@grpc/grpc-js';
import { create, equals, fromJson } from '@bufbuild/protobuf';
import {
  GetFlowsRequestSchema,
  GetFlowsResponseSchema,
  type GetFlowsResponse,
} from '@/proto/gen/observer/observer_pb';
import { LostEventSource, Verdict, type Flow } from '@/proto/gen/flow/flow_pb';
import type { ObserverClient, RawGetFlowsResponse } from '@/lib/hubble/grpc-adapter';
import { readSampleFiles } from '@/lib/hubble/sample-files';
import { createSimCluster } from '@/lib/sim/cluster';
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
  until,
} from '@/lib/sim/grpc-test-client';
import { cmpTime } from '@/lib/sim/ring';
import { serveSimCluster, startSimRelay, type SimRelay } from '@/lib/sim/server';

describe('simulated Relay: slow readers, restarts, replay, TLS', () => {
  it('tells a reader that fell a ring behind with HUBBLE_RING_BUFFER and skips ahead', async () => {
    const clock = manualClock();
    const cluster = createSimCluster({
      clock,
      rate: 2000,
      ringCapacity: 300,
      historyMs: 1_000,
      lostEvents: false,
    });
    const relay = await serveSimCluster(cluster);
    const c = client(relay);
    const startHeads = new Map(cluster.nodeNames.map(n => [n, cluster.ring(n).head]));
    const call = c.GetFlows(create(GetFlowsRequestSchema, { follow: true }));
    const got: GetFlowsResponse[] = [];
    call.on('data', (r: RawGetFlowsResponse) => {
      got.push(r.msg);
      if (got.length === 1) call.pause();
    });
    call.on('error', () => {});
    // Per node: entries delivered plus entries reported lost must account for every entry written.
    const books = () =>
      cluster.nodeNames.map(n => {
        let delivered = 0;
        let lost = 0n;
        for (const r of got) {
          if (r.nodeName !== n) continue;
          if (r.responseTypes.case === 'flow') delivered++;
          if (r.responseTypes.case === 'lostEvents') lost += r.responseTypes.value.numEventsLost;
        }
        return {
          written: cluster.ring(n).head - startHeads.get(n)!,
          delivered,
          lost: Number(lost),
        };
      });
    try {
      await until(() => got.length === 1);
      // The client reads nothing while the agents write ~20 rings' worth.
      for (let i = 0; i < 40; i++) {
        clock.t += 250;
        cluster.advance();
        await new Promise(r => setTimeout(r, 5));
      }
      call.resume();
      await until(() => books().every(b => b.delivered + b.lost === b.written));
      const lost = got.filter(r => r.responseTypes.case === 'lostEvents');
      expect(lost.length).toBeGreaterThan(0);
      for (const r of lost) {
        const ev = r.responseTypes.value as { source: LostEventSource; numEventsLost: bigint };
        expect(ev.source).toBe(LostEventSource.HUBBLE_RING_BUFFER);
        expect(ev.numEventsLost).toBeGreaterThan(0n);
        expect(cluster.nodeNames).toContain(r.nodeName);
      }
      for (const b of books()) {
        expect(b.written).toBeGreaterThan(3 * 300);
        expect(b.lost).toBeGreaterThan(0);
        // Bounded: a lagging reader got at most about a ring's worth more than it could take.
        expect(b.delivered).toBeLessThan(b.written);
      }
      // Nothing delivered twice.
      const uuids = flowsOf(got).map(f => f.uuid);
      expect(new Set(uuids).size).toBe(uuids.length);
    } finally {
      call.cancel();
      c.close();
      await relay.close();
    }
  });

  it('restarts on the same port over the same rings (a Relay restart)', async () => {
    const clock = manualClock();
    const cluster = createSimCluster({ clock, rate: 300, historyMs: 5_000 });
    const first = await serveSimCluster(cluster);
    const c1 = client(first);
    const before = flowsOf(await getFlows(c1, { number: 50n })).map(f => f.uuid);
    const open = c1.GetFlows(create(GetFlowsRequestSchema, { follow: true }));
    const ended = new Promise<grpc.ServiceError>(resolve => open.on('error', resolve));
    open.on('data', () => {});
    await until(() => first.activeStreams() === 1);
    await first.close();
    const err = await ended;
    expect([grpc.status.UNAVAILABLE, grpc.status.CANCELLED, grpc.status.INTERNAL]).toContain(
      err.code,
    );
    c1.close();

    clock.t += 2_000;
    cluster.advance(); // the agents kept capturing while Relay was down
    const second = await serveSimCluster(cluster, { port: first.port });
    const c2 = client(second);
    try {
      expect(second.port).toBe(first.port);
      const since = flowsOf(await getFlows(c2, { since: ts(T0 - 5_000) })).map(f => f.uuid);
      expect(since.slice(0, before.length).length).toBe(before.length);
      for (const u of before) expect(since).toContain(u);
      expect(since.length).toBeGreaterThan(before.length + 400);
    } finally {
      c2.close();
      await second.close();
    }
  });

  it('replays recorded flows unchanged, field for field, through the same GetFlows', async () => {
    const msgs = readSampleFiles().flatMap(f =>
      f.lines.map(l => fromJson(GetFlowsResponseSchema, JSON.parse(l))),
    );
    const relay = await startSimRelay({ replay: msgs });
    const c = client(relay);
    try {
      const got = await getFlows(c, { number: ALL });
      expect(statusOf(got)[0]?.nodeNames.sort()).toEqual([
        'kind-control-plane',
        'kind-kind/kind-worker',
      ]);
      const flows = got.filter(r => r.responseTypes.case === 'flow');
      expect(flows).toHaveLength(msgs.length);
      for (const r of flows) {
        const f = r.responseTypes.value as Flow;
        const original = msgs.find(m => equals(GetFlowsResponseSchema, m, r));
        expect(original, `${f.time?.seconds}.${f.time?.nanos}`).toBeDefined();
      }
      for (let i = 1; i < flows.length; i++) {
        const a = (flows[i - 1]!.responseTypes.value as Flow).time!;
        const b = (flows[i]!.responseTypes.value as Flow).time!;
        expect(cmpTime(Number(a.seconds), a.nanos, Number(b.seconds), b.nanos)).toBeLessThanOrEqual(
          0,
        );
      }
      const drops = flowsOf(
        await getFlows(c, { number: ALL, whitelist: [{ verdict: [Verdict.DROPPED] }] }),
      );
      expect(drops).toHaveLength(2);
    } finally {
      c.close();
      await relay.close();
    }
  });

  it('generates live traffic on its own ticker with startSimRelay', async () => {
    const relay = await startSimRelay({ rate: 500, historyMs: 0, tickMs: 50 });
    const c = client(relay);
    try {
      expect(relay.cluster.running).toBe(true);
      const got = await getFlows(c, { follow: true }, rs => flowsOf(rs).length >= 50, 10_000);
      expect(flowsOf(got).length).toBeGreaterThanOrEqual(50);
      const now = Date.now();
      for (const f of flowsOf(got)) expect(Math.abs(msOf(f) - now)).toBeLessThan(10_000);
    } finally {
      c.close();
      await relay.close();
    }
    expect(relay.cluster.running).toBe(false);
  });

  it('serves TLS and mTLS with certificates generated in the test', async () => {
    const { ca, server, clientCert, otherClient } = await makeCerts();
    const name = 'ui.hubble-relay.cilium.io';
    const opts = { 'grpc.ssl_target_name_override': name, 'grpc.default_authority': name };

    const tls = await startSimRelay({
      rate: 50,
      historyMs: 2_000,
      autoTick: false,
      tls: { cert: server.cert, key: server.key },
    });
    const mtls = await startSimRelay({
      rate: 50,
      historyMs: 2_000,
      autoTick: false,
      tls: { cert: server.cert, key: server.key, clientCa: ca.cert },
    });
    const clients: ObserverClient[] = [];
    const mk = (relay: SimRelay, creds: grpc.ChannelCredentials) => {
      const cl = client(relay, creds, opts);
      clients.push(cl);
      return cl;
    };
    try {
      expect(tls.tls).toBe(true);
      const ok = await getFlows(mk(tls, grpc.credentials.createSsl(Buffer.from(ca.cert))), {
        number: 2n,
      });
      expect(flowsOf(ok)).toHaveLength(6);
      await expect(
        getFlows(mk(tls, grpc.credentials.createInsecure()), { number: 1n }, undefined, 5_000),
      ).rejects.toBeTruthy();

      const withCert = grpc.credentials.createSsl(
        Buffer.from(ca.cert),
        Buffer.from(clientCert.key),
        Buffer.from(clientCert.cert),
      );
      expect(flowsOf(await getFlows(mk(mtls, withCert), { number: 1n }))).toHaveLength(3);
      const noCert = grpc.credentials.createSsl(Buffer.from(ca.cert));
      await expect(
        getFlows(mk(mtls, noCert), { number: 1n }, undefined, 5_000),
      ).rejects.toMatchObject({
        code: grpc.status.UNAVAILABLE,
      });
      const wrongCa = grpc.credentials.createSsl(
        Buffer.from(ca.cert),
        Buffer.from(otherClient.key),
        Buffer.from(otherClient.cert),
      );
      await expect(
        getFlows(mk(mtls, wrongCa), { number: 1n }, undefined, 5_000),
      ).rejects.toMatchObject({
        code: grpc.status.UNAVAILABLE,
      });
    } finally {
      for (const cl of clients) cl.close();
      await tls.close();
      await mtls.close();
    }
  });
});

async function makeCerts() {
  const selfsigned = await import('selfsigned');
  const generate =
    selfsigned.generate ??
    (selfsigned as unknown as { default: typeof selfsigned }).default.generate;
  const caPems = await generate([{ name: 'commonName', value: 'hubble-ca.cilium.io' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true },
    ],
  });
  const ca = { cert: caPems.cert, key: caPems.private };
  const leaf = async (
    cn: string,
    altNames: { type: 2; value: string }[],
    usage: object,
    signer = ca,
  ) => {
    const p = await generate([{ name: 'commonName', value: cn }], {
      keyType: 'ec',
      algorithm: 'sha256',
      ca: signer,
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', ...usage },
        ...(altNames.length ? [{ name: 'subjectAltName' as const, altNames }] : []),
      ],
    });
    return { cert: p.cert, key: p.private };
  };
  const server = await leaf(
    '*.hubble-relay.cilium.io',
    [{ type: 2, value: '*.hubble-relay.cilium.io' }],
    { serverAuth: true },
  );
  const clientCert = await leaf('hubble-ui client', [], { clientAuth: true });
  const otherCaPems = await generate([{ name: 'commonName', value: 'other-ca' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', keyCertSign: true },
    ],
  });
  const otherClient = await leaf(
    'intruder',
    [],
    { clientAuth: true },
    { cert: otherCaPems.cert, key: otherCaPems.private },
  );
  return { ca, server, clientCert, otherClient };
}
