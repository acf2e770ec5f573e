/**
 * The graph API against a hub fed by the built-in fixture source replaying a real recorded sample over
 * loopback gRPC: the service called directly, and the route handlers called with real Requests.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getGraph } from '@/app/api/v1/graph/route';
import { GET as getGraphStream } from '@/app/api/v1/graph/stream/route';
import { samplesDir } from '@/lib/hubble/sample-files';
import type { GraphDeltaEvent, GraphResponseBody } from '@/lib/model/graph-api';
import type { ServiceGraph } from '@/lib/model/service-graph';
import { parseConfig } from './env';
import { FlowHub, setHub } from './flow-hub';
import { parseGraphParams } from './graph-params';
import { computeGraph, graphStream } from './graph-service';
import type { SseSink } from './sse';
import { SseReader } from './testing/sse-reader';

const SAMPLE = 'hubble-otel_kind-bookinfo_400-tcp';
const base = 'http://127.0.0.1:3000';
const req = (p: string, init?: RequestInit) => new Request(base + p, init);
const params = (search: string) =>
  parseGraphParams(new URL(`${base}/api/v1/graph?${search}`), 'all');
const golden = JSON.parse(
  fs.readFileSync(
    path.join(__dirname, '../aggregate/testdata', `${SAMPLE}.graph.expected.json`),
    'utf8',
  ),
) as ServiceGraph;

async function waitFor(cond: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise(r => setTimeout(r, 25));
  }
}

describe('graph API', () => {
  let hub: FlowHub;
  beforeAll(async () => {
    const file = path.join(samplesDir(), `${SAMPLE}.jsonl`);
    hub = new FlowHub(
      parseConfig({
        FLOWSCOPE_RETAIN_FLOWS: '5000',
        FLOWSCOPE_RETAIN_RAW: '300',
        HOSTNAME: '127.0.0.1',
        FLOWSCOPE_SOURCE: `fixture:${file}`,
      }),
    ).start();
    setHub(hub);
    await waitFor(() => hub.isReady() && hub.store.lastSeq >= 400, 15_000);
  });
  afterAll(async () => {
    setHub(undefined);
    await hub.stop();
  });

  it('GET /api/v1/graph returns the aggregated graph of the imported file with coverage', async () => {
    const res = getGraph(req('/api/v1/graph'));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as GraphResponseBody;
    expect(body.window).toBe('all'); // imported files default to the whole file
    expect(body.nodes.map(n => n.id)).toEqual(golden.nodes.map(n => n.id));
    expect(body.edges.map(e => [e.id, e.flows, e.dropped, e.httpResponses])).toEqual(
      golden.edges.map(e => [e.id, e.flows, e.dropped, e.httpResponses]),
    );
    const page = body.nodes.find(n => n.id === 'bookinfo/productpage')!;
    expect(page).toMatchObject({ label: 'productpage', namespace: 'bookinfo', kind: 'workload' });
    expect(body.coverage).toMatchObject({ basis: 'live', flows: 400 });
    expect(body.lod).toEqual({
      collapsed: false,
      threshold: 600,
      totalNodes: 9,
      expanded: [],
      forced: false,
    });
  });

  it('applies namespace, hideReserved and q filters', async () => {
    const ns = (await getGraph(
      req('/api/v1/graph?namespace=jaeger&hideReserved=true'),
    ).json()) as GraphResponseBody;
    expect(ns.edges.map(e => e.id)).toEqual([
      'kube-system/otelcol-hubble-collector>jaeger/jaeger-default|TCP|14250',
    ]);
    expect(ns.nodes.every(n => n.kind === 'workload')).toBe(true);

    const q = computeGraph(hub, params('q=--to-namespace%20jaeger'));
    expect(q.coverage.basis).toBe('store');
    expect(q.coverage.flows).toBeGreaterThan(0);
    expect(q.coverage.flows).toBeLessThan(400);
    expect(q.edges.length).toBeGreaterThan(0);
    expect(q.edges.every(e => e.target === 'jaeger/jaeger-default')).toBe(true);
  });

  it('collapses to namespace level above the threshold and expands chosen namespaces', () => {
    const collapsed = computeGraph(hub, params(''), { threshold: 3 });
    expect(collapsed.lod).toMatchObject({ collapsed: true, totalNodes: 9 });
    expect(collapsed.nodes.map(n => n.id)).toContain('ns:bookinfo');
    expect(collapsed.nodes.find(n => n.id === 'ns:bookinfo')?.members).toBe(4);
    const expanded = computeGraph(hub, params('expand=bookinfo'), { threshold: 3 });
    expect(expanded.nodes.map(n => n.id)).toContain('bookinfo/productpage');
    expect(expanded.nodes.map(n => n.id)).toContain('ns:jaeger');
    expect(expanded.lod.expanded).toEqual(['bookinfo']);
    expect(expanded.version).toBeGreaterThan(collapsed.version);
  });

  it('collapses below the threshold when asked to (collapse=true)', () => {
    const forced = computeGraph(hub, params('collapse=true&expand=jaeger'));
    expect(forced.lod).toMatchObject({ collapsed: true, forced: true, threshold: 600 });
    expect(forced.nodes.map(n => n.id)).toContain('ns:bookinfo');
    expect(forced.nodes.map(n => n.id)).toContain('jaeger/jaeger-default');
    expect(computeGraph(hub, params('collapse=false')).lod.collapsed).toBe(false);
  });

  it('answers 400 naming the bad token', async () => {
    const cases: [string, RegExp][] = [
      ['window=2m', /^window: invalid value "2m"/],
      ['errorsOnly=yes', /^errorsOnly: invalid value "yes"/],
      ['namespace=Bad_NS', /^namespace: invalid namespace "Bad_NS"/],
      ['expand=a/b/c', /^expand: invalid namespace "a\/b\/c"/],
      ['collapse=maybe', /^collapse: invalid value "maybe"/],
      ['windw=5m', /^unknown parameter "windw"/],
      ['q=--namspace%20x', /^q: unknown flag "--namspace"/],
    ];
    for (const [search, message] of cases) {
      const res = getGraph(req(`/api/v1/graph?${search}`));
      expect(res.status, search).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(message);
    }
    expect(getGraphStream(req('/api/v1/graph/stream?window=7d')).status).toBe(400);
  });

  it('GET /api/v1/graph/stream starts with a reset carrying the whole graph', async () => {
    const ctl = new AbortController();
    const res = getGraphStream(req('/api/v1/graph/stream?window=all', { signal: ctl.signal }));
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const events = await new SseReader(res).readUntil(ev => ev.length > 0, 3_000);
    ctl.abort();
    expect(events[0]!.event).toBe('graph-delta');
    const delta = events[0]!.data as GraphDeltaEvent;
    expect(delta.reset).toBe(true);
    expect(delta.upsertNodes.map(n => n.id)).toEqual(golden.nodes.map(n => n.id));
    expect(delta.upsertEdges).toHaveLength(golden.edges.length);
    expect(delta.coverage.basis).toBe('live');
  });

  it('sends nothing while nothing changes and a reset after the client fell behind', async () => {
    const sent: GraphDeltaEvent[] = [];
    let backpressured = false;
    let closed = false;
    const sink: SseSink = {
      send: (_event, data) => void sent.push(data as GraphDeltaEvent),
      get backpressured() {
        return backpressured;
      },
      get closed() {
        return closed;
      },
      close: () => void (closed = true),
    };
    const cleanup = graphStream(hub, params('window=all'), { intervalMs: 20 })(sink);
    try {
      await new Promise(r => setTimeout(r, 120));
      // The file is fully replayed: the graph does not change, so only the first reset went out.
      expect(sent).toHaveLength(1);
      expect(sent[0]!.reset).toBe(true);
      backpressured = true;
      await new Promise(r => setTimeout(r, 60));
      backpressured = false;
      await waitFor(() => sent.length === 2, 1_000);
      expect(sent[1]!.reset).toBe(true);
      expect(sent[1]!.toVersion).toBeGreaterThan(sent[0]!.toVersion);
    } finally {
      closed = true;
      if (cleanup) cleanup();
    }
  });
});
