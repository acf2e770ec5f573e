/**
 * API-level tests: the route handlers' GET functions called with real Requests, against a hub fed by
 * the built-in cluster replaying a real recorded sample over loopback gRPC.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getFlows } from '@/app/api/v1/flows/route';
import { GET as getStream } from '@/app/api/v1/flows/stream/route';
import { GET as getHubble } from '@/app/api/v1/hubble/route';
import { GET as getHealthz } from '@/app/healthz/route';
import { GET as getReadyz } from '@/app/readyz/route';
import { samplesDir } from '@/lib/hubble/sample-files';
import type { HubbleInfo } from '@/lib/model/hubble-health';
import { parseConfig } from './env';
import { FlowHub, setHub } from './flow-hub';
import type { FlowsResponseBody } from './responses';
import { SseReader } from './testing/sse-reader';

const base = 'http://127.0.0.1:3000';
const req = (p: string, init?: RequestInit) => new Request(base + p, init);
const env = { FLOWSCOPE_RETAIN_FLOWS: '5000', FLOWSCOPE_RETAIN_RAW: '300', HOSTNAME: '127.0.0.1' };

async function waitFor(cond: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise(r => setTimeout(r, 25));
  }
}

describe('API routes', () => {
  let hub: FlowHub;
  beforeAll(async () => {
    const file = path.join(samplesDir(), 'hubble-otel_kind-bookinfo_400-udp-dns.jsonl');
    hub = new FlowHub(parseConfig({ ...env, FLOWSCOPE_SOURCE: `fixture:${file}` })).start();
    setHub(hub);
    await waitFor(() => hub.isReady() && hub.store.lastSeq >= 400, 15_000);
  });
  afterAll(async () => {
    setHub(undefined);
    await hub.stop();
  });

  it('GET /api/v1/flows returns JSON newest first with match counts', async () => {
    const res = getFlows(req('/api/v1/flows?q=--protocol%20dns%20--to-port%2053&limit=5'));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as FlowsResponseBody;
    expect(body.flows).toHaveLength(5);
    expect(body.matched).toBeGreaterThan(5);
    expect(body.truncated).toBe(true);
    expect(body.q).toBe('--protocol dns --to-port 53');
    expect(body.flows.every(f => f.l7?.dns && f.dst.port === 53)).toBe(true);
    expect(body.store).toMatchObject({
      compactCapacity: 5000,
      rawCapacity: 300,
      compactCount: 400,
    });
  });

  it('GET /api/v1/flows?format=jsonpb streams hubble jsonpb lines and says what the raw tier cannot export', async () => {
    const res = getFlows(req('/api/v1/flows?format=jsonpb'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(res.headers.get('x-flowscope-matched')).toBe('400');
    expect(res.headers.get('x-flowscope-returned')).toBe('300');
    expect(res.headers.get('x-flowscope-not-in-raw')).toBe('100');
    expect(res.headers.get('x-flowscope-truncated')).toBe('raw-tier');
    const lines = (await res.text()).trimEnd().split('\n');
    expect(lines).toHaveLength(300);
    const first = JSON.parse(lines[0]!) as {
      flow: { time: string; l7?: unknown };
      node_name: string;
    };
    expect(first.flow.time).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(Object.keys(first)).toContain('flow');

    const limited = getFlows(req('/api/v1/flows?format=jsonpb&limit=2'));
    expect(limited.headers.get('x-flowscope-truncated')).toBe('limit,raw-tier');
    expect((await limited.text()).trimEnd().split('\n')).toHaveLength(2);
  });

  it('invalid parameters are 400 with the bad token named', async () => {
    const res = getFlows(req('/api/v1/flows?q=--namspace%20default'));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: 'q: unknown flag "--namspace" (did you mean --namespace?)',
    });
    const bad = getFlows(req('/api/v1/flows?limit=301'));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^limit: invalid value "301"/);
  });

  it('GET /api/v1/hubble describes the connection, nodes and store', async () => {
    const res = getHubble();
    const info = (await res.json()) as HubbleInfo;
    expect(info.connection.state).toBe('connected');
    expect(info.store.compactCount).toBe(400);
    expect(info.lostEvents.total).toBeGreaterThanOrEqual(0);
  });

  it('GET /api/v1/flows/stream starts with a health event and ends on disconnect', async () => {
    const ctl = new AbortController();
    const res = getStream(req('/api/v1/flows/stream?q=--type%20l7', { signal: ctl.signal }));
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = new SseReader(res);
    const events = await reader.readUntil(ev => ev.length > 0, 2_000);
    expect(events[0]!.event).toBe('health');
    ctl.abort();
    await waitFor(() => hub.subscriberCount === 0, 2_000);
    expect(getStream(req('/api/v1/flows/stream?q=--verdict%20NOPE')).status).toBe(400);
  });

  it('GET /healthz is 200; GET /readyz is 200 when connected', async () => {
    const h = getHealthz();
    expect(h.status).toBe(200);
    expect(await h.text()).toBe('ok\n');
    const r = getReadyz();
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ ready: true });
  });

  it('GET /readyz is 503 with the reason while Relay cannot be reached', async () => {
    const down = new FlowHub(parseConfig({ ...env, HUBBLE_RELAY_ADDR: '127.0.0.1:9' })).start();
    setHub(down);
    try {
      const r = getReadyz();
      expect(r.status).toBe(503);
      const body = (await r.json()) as { ready: boolean; reason: string };
      expect(body.ready).toBe(false);
      expect(body.reason).toMatch(/^not connected to Hubble Relay at 127\.0\.0\.1:9 \(state: /);
    } finally {
      setHub(hub);
      await down.stop();
    }
  });
});
