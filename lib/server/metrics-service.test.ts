/**
 * Metrics and triage over a real FlowHub fed, through its upstream seam, with flows the built-in
 * cluster's generator produced (with and without an injected fault); route handlers called directly.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { GET as getDns } from '@/app/api/v1/metrics/dns/route';
import { GET as getDrops } from '@/app/api/v1/metrics/drops/route';
import { GET as getHttp } from '@/app/api/v1/metrics/http/route';
import { GET as getTriage } from '@/app/api/v1/triage/route';
import { decodeResponse } from '@/lib/hubble/decode';
import type { UpstreamEvent } from '@/lib/hubble/upstream-events';
import type { NodeHealth } from '@/lib/model/hubble-health';
import type { TriageResponse } from '@/lib/model/triage';
import type { SimFault } from '@/lib/sim/faults';
import { FlowGenerator } from '@/lib/sim/generator';
import { parseConfig } from './env';
import { FlowHub, setHub } from './flow-hub';
import { computeTriage } from './metrics-service';

const SPAN_MS = 120_000;

/** Generator output for the last SPAN_MS of wall-clock time, decoded as the Relay client would. */
function simEvents(faults: SimFault[]): UpstreamEvent[] {
  const end = Date.now();
  const gen = new FlowGenerator({ seed: 7, startMs: end - SPAN_MS, rate: 200, faults });
  const out: UpstreamEvent[] = [];
  for (const e of gen.collect(end)) {
    const d = decodeResponse(e.response);
    if (d.kind === 'flow') out.push({ ...d, raw: new Uint8Array(0) });
    else if (d.kind === 'lost') out.push(d);
  }
  return out;
}

async function fedHub(events: UpstreamEvent[]): Promise<FlowHub> {
  const config = parseConfig({
    FLOWSCOPE_SOURCE: 'sim',
    FLOWSCOPE_RETAIN_FLOWS: '60000',
    FLOWSCOPE_RETAIN_RAW: '100',
    HOSTNAME: '127.0.0.1',
  });
  const hub = new FlowHub(config, {
    open: () =>
      Promise.resolve({
        relayAddr: 'test',
        source: { start: cb => cb(events), stop: () => Promise.resolve() },
        stop: () => Promise.resolve(),
      }),
  }).start();
  const flows = events.filter(e => e.kind === 'flow').length;
  const deadline = Date.now() + 5_000;
  while (hub.store.lastSeq < flows) {
    if (Date.now() > deadline) throw new Error('hub did not ingest the events');
    await new Promise(r => setTimeout(r, 10));
  }
  return hub;
}

const req = (p: string) => new Request('http://127.0.0.1:3000' + p);
let hub: FlowHub | undefined;
afterEach(async () => {
  setHub(undefined);
  await hub?.stop();
  hub = undefined;
});

describe('metrics routes', () => {
  it('return counts that agree with the flows they come from', async () => {
    const events = simEvents([]);
    hub = await fedHub(events);
    setHub(hub);
    const flows = events.flatMap(e => (e.kind === 'flow' ? [e.record] : []));
    const drops = (await getDrops(req('/api/v1/metrics/drops?window=5m')).json()) as {
      total: number;
      byReason: Record<string, number>;
      coverage: { basis: string };
    };
    const naive: Record<string, number> = {};
    for (const f of flows.filter(f => f.verdict === 'DROPPED'))
      naive[f.dropReason || 'DROP_REASON_UNKNOWN'] =
        (naive[f.dropReason || 'DROP_REASON_UNKNOWN'] ?? 0) + 1;
    expect(drops.total).toBe(flows.filter(f => f.verdict === 'DROPPED').length);
    expect(drops.byReason).toEqual(naive);
    expect(drops.coverage.basis).toBe('live');

    const dns = (await getDns(req('/api/v1/metrics/dns?window=15m')).json()) as {
      queries: number;
      responses: number;
      byRcode: Record<string, number>;
      topFailing: { name: string; count: number }[];
    };
    const l7 = flows.filter(f => f.type === 'L7' && f.l7?.dns);
    expect(dns.queries).toBe(l7.filter(f => f.l7!.type === 'REQUEST').length);
    expect(dns.responses).toBe(l7.filter(f => f.l7!.type === 'RESPONSE').length);
    expect(dns.byRcode.NXDOMAIN).toBe(
      l7.filter(f => f.l7!.dns!.rcode === 3 && f.l7!.type === 'RESPONSE').length,
    );
    expect(dns.topFailing[0]!.count).toBeGreaterThan(0);

    const http = (await getHttp(
      req('/api/v1/metrics/http?window=1h&q=--protocol%20http'),
    ).json()) as {
      requests: number;
      byStatus: Record<string, number>;
      latencyMs: { p50: number | null; p95: number | null; p99: number | null };
      coverage: { basis: string };
    };
    expect(http.coverage.basis).toBe('store');
    const ok = flows.filter(f => f.l7?.http && f.l7.type === 'RESPONSE' && f.l7.http.code === 200);
    expect(http.byStatus['200']).toBe(ok.length);
    expect(http.latencyMs.p50).toBeGreaterThan(0);
    expect(http.latencyMs.p99!).toBeGreaterThanOrEqual(http.latencyMs.p50!);
  });

  it('reject a bad window or filter with the token named', async () => {
    hub = await fedHub([]);
    setHub(hub);
    const bad = getDrops(req('/api/v1/metrics/drops?window=2m'));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^window: invalid value "2m"/);
    const badQ = getDns(req('/api/v1/metrics/dns?q=--verdikt%20DROPPED'));
    expect(badQ.status).toBe(400);
    expect(((await badQ.json()) as { error: string }).error).toMatch(/--verdikt/);
    expect(getTriage(req('/api/v1/triage?q=x')).status).toBe(400);
  });
});

describe('triage', () => {
  it('ranks an injected DNS SERVFAIL fault first', async () => {
    hub = await fedHub(simEvents(['dns-servfail']));
    setHub(hub);
    const body = (await getTriage(req('/api/v1/triage?window=5m')).json()) as TriageResponse;
    const first = body.problems[0]!;
    expect(first.id).toBe('dns:SERVFAIL');
    expect(first.severity).toBe('critical');
    expect(first.impact.pctOfTraffic).toBeGreaterThan(30);
    expect(first.links.flows).toBe('/flows?q=--protocol%20dns');
    expect(first.workloads.length).toBeGreaterThan(0);
    expect(first.sinceMs).not.toBeNull();
  });

  it('ranks injected policy drops first and noise last, flagged benign', async () => {
    hub = await fedHub(simEvents(['policy-drops']));
    const t = computeTriage(hub, '5m');
    expect(t.problems[0]!.id).toBe('drops:POLICY_DENIED');
    expect(t.problems[0]!.workloads.some(w => w.includes('payments-api'))).toBe(true);
    const noise = t.problems.find(p => p.id === 'drops:UNSUPPORTED_L2_PROTOCOL');
    expect(noise?.benign).toBe(true);
    expect(noise?.severity).toBe('info');
    const firstBenign = t.problems.findIndex(p => p.benign);
    expect(t.problems.slice(firstBenign).every(p => p.benign)).toBe(true);
  });

  it('ranks injected HTTP errors first, naming the failing service', async () => {
    hub = await fedHub(simEvents(['http-errors']));
    const t = computeTriage(hub, '5m');
    expect(t.problems[0]!.kind).toBe('http');
    expect(t.problems[0]!.title).toMatch(/payments-api/);
    expect(t.problems[0]!.links.flows).toContain(encodeURIComponent('--http-status 5+'));
  });

  it('ranks injected lost events first', async () => {
    hub = await fedHub(simEvents(['lost-events']));
    const t = computeTriage(hub, '5m');
    expect(t.problems[0]!.id).toBe('lost-events');
    expect(t.problems[0]!.severity).toBe('critical');
  });

  it('ranks an unavailable Hubble node first', async () => {
    const node = (name: string, state: NodeHealth['state']): NodeHealth => ({
      name,
      state,
      version: '1.19.4',
      address: '',
      tls: false,
      uptimeNs: 0,
      numFlows: 0,
      maxFlows: 4095,
      seenFlows: 0,
      message: '',
      changedMs: Date.now() - 30_000,
    });
    const nodes = [node('master241', 'NODE_CONNECTED'), node('worker243', 'NODE_UNAVAILABLE')];
    const poll: UpstreamEvent = {
      kind: 'poll',
      serverStatus: null,
      nodes,
      namespaces: null,
      error: null,
    };
    hub = await fedHub([...simEvents(['dns-servfail']), poll]);
    const t = computeTriage(hub, '5m');
    expect(t.problems[0]!.kind).toBe('hubble-node');
    expect(t.problems[0]!.workloads).toEqual(['worker243']);
    expect(t.problems[1]!.id).toBe('dns:SERVFAIL');
  });

  it('has no critical problem on a healthy cluster', async () => {
    hub = await fedHub(simEvents([]));
    const t = computeTriage(hub, '5m');
    expect(t.problems.filter(p => p.severity === 'critical')).toEqual([]);
    expect(t.watching.flows).toBeGreaterThan(10_000);
  });
});

describe('built-in cluster with FLOWSCOPE_SIM_FAULTS', () => {
  it('ranks the injected fault first on the live sim over real gRPC', async () => {
    process.env.FLOWSCOPE_SIM_FAULTS = 'dns-servfail';
    try {
      hub = new FlowHub(
        parseConfig({
          FLOWSCOPE_SOURCE: 'sim',
          FLOWSCOPE_SIM_RATE: '400',
          FLOWSCOPE_BACKFILL: '20000',
          HOSTNAME: '127.0.0.1',
        }),
      ).start();
      const deadline = Date.now() + 15_000;
      while (!(hub.isReady() && hub.store.lastSeq > 5_000)) {
        if (Date.now() > deadline) throw new Error('sim did not backfill in time');
        await new Promise(r => setTimeout(r, 50));
      }
    } finally {
      delete process.env.FLOWSCOPE_SIM_FAULTS;
    }
    const t = computeTriage(hub, '5m');
    expect(t.problems[0]?.id).toBe('dns:SERVFAIL');
  }, 20_000);
});
