import { describe, expect, it } from 'vitest';
import { create, fromJson } from '@bufbuild/protobuf';
import {
  FlowSchema,
  type FlowType,
  type TraceObservationPoint,
  type Verdict,
} from '@/proto/gen/flow/flow_pb';
import { GetFlowsResponseSchema } from '@/proto/gen/observer/observer_pb';
import { decodeFlow, decodeResponse, dropReasonName, formatTimestamp } from '@/lib/hubble/decode';
import { readSampleFiles, readSampleLines } from '@/lib/hubble/sample-files';
import type { FlowRecord } from '@/lib/model/flow-record';

function records(fragment: string): FlowRecord[] {
  return readSampleLines(fragment).map(line => {
    const d = decodeResponse(fromJson(GetFlowsResponseSchema, JSON.parse(line)));
    if (d.kind !== 'flow') throw new Error(`expected a flow, got ${d.kind}`);
    return d.record;
  });
}

describe('decodeResponse over every sample line', () => {
  for (const file of readSampleFiles()) {
    it(`${file.name}: every line is a flow with the line's time, node, verdict and JSON-safe record`, () => {
      for (const line of file.lines) {
        const json = JSON.parse(line) as {
          flow: Record<string, unknown>;
          node_name: string;
          time: string;
        };
        const d = decodeResponse(fromJson(GetFlowsResponseSchema, JSON.parse(line)));
        expect(d.kind).toBe('flow');
        if (d.kind !== 'flow') return;
        const r = d.record;
        expect(r.time).toBe(json.flow.time);
        expect(r.node).toBe(json.node_name);
        expect(r.verdict).toBe(json.flow.verdict);
        expect(r.type).toBe(json.flow.Type ?? 'UNKNOWN_TYPE');
        expect(r.timeMs).toBeCloseTo(Date.parse(json.time), -1);
        // Plain data only: survives JSON unchanged (no bigint, no protobuf $typeName).
        expect(JSON.parse(JSON.stringify(r))).toEqual(r);
      }
    });
  }

  it('gives distinct ids to the distinct flows of the samples (no uuid in these captures)', () => {
    const all = ['2-drops', '400-tcp', '400-udp-dns'].flatMap(records);
    expect(all.every(r => r.id.startsWith('d:'))).toBe(true);
    expect(new Set(all.map(r => r.id)).size).toBe(all.length);
  });
});

describe('facts from the samples', () => {
  it('2-drops: INVALID_SOURCE_IP ICMPv6 RS and POLICY_DENIED SYN to deathstar', () => {
    const [rs, syn] = records('2-drops');
    expect(rs).toMatchObject({
      verdict: 'DROPPED',
      dropReason: 'INVALID_SOURCE_IP',
      dropReasonCode: 132,
      node: 'kind-kind/kind-worker',
      ipVersion: 'IPv6',
      l4: 'ICMPv6',
      icmp: { type: 133, code: 0 },
      isReply: null,
      type: 'UNKNOWN_TYPE',
      time: '2023-08-21T12:12:13.517394084Z',
    });
    expect(rs!.src).toMatchObject({
      ip: 'fe80::64d8:8aff:fe72:fc14',
      namespace: '',
      pod: '',
      identity: 0,
    });
    expect(rs!.dst.ip).toBe('ff02::2');
    expect(syn).toMatchObject({
      verdict: 'DROPPED',
      dropReason: 'POLICY_DENIED',
      dropReasonCode: 133,
      node: 'kind-kind/kind-worker',
      l4: 'TCP',
      tcpFlags: 'SYN',
      icmp: null,
    });
    expect(syn!.src).toMatchObject({
      namespace: 'default',
      pod: 'xwing',
      ip: '10.244.1.60',
      port: 44916,
    });
    expect(syn!.dst).toMatchObject({
      namespace: 'default',
      pod: 'deathstar-7848d6c4d5-th9v2',
      ip: '10.244.1.5',
      port: 80,
    });
    expect(syn!.timeMs).toBe(Date.UTC(2023, 7, 21, 12, 12, 18) + 510.175415);
  });

  it('udp-dns: DNS request and response with query, qtypes, rcode and answer', () => {
    const recs = records('udp-dns');
    const req = recs[2]!;
    expect(req.type).toBe('L7');
    expect(req.l7).toMatchObject({
      type: 'REQUEST',
      http: null,
      dns: { query: 'productpage.bookinfo.svc.cluster.local.', qtypes: ['A'], rcode: 0, ips: [] },
    });
    expect(req.isReply).toBe(false);
    expect(req.summary).toBe('DNS Query productpage.bookinfo.svc.cluster.local. A');
    const res = recs[6]!;
    expect(res.l7?.type).toBe('RESPONSE');
    expect(res.l7?.dns).toEqual({
      query: 'productpage.bookinfo.svc.cluster.local.',
      rcode: 0,
      qtypes: ['A'],
      rrtypes: ['A'],
      ips: ['10.245.218.54'],
      ttl: 19,
      observationSource: 'proxy',
    });
    expect(res.isReply).toBe(true);
    expect(res.src.pod).toBe('coredns-558bd4d5db-w2m67');
    expect(res.dst.pod).toBe('ratings-v1-b6994bb9-jgqxb');
    const dns = recs.filter(r => r.l7?.dns);
    expect(dns).toHaveLength(148);
    expect(dns.every(r => r.l7!.dns!.rcode === 0)).toBe(true);
    // The policy-verdict line: REDIRECTED to the DNS proxy, event type 5, L3-L4 match.
    expect(recs[0]).toMatchObject({
      verdict: 'REDIRECTED',
      eventType: 5,
      policyMatchType: 2,
      l4: 'UDP',
      direction: 'EGRESS',
    });
    expect(recs[0]!.dst).toMatchObject({ namespace: 'kube-system', port: 53, identity: 48342 });
  });

  it('tcp: HTTP response with code, method, url, protocol and latency', () => {
    const recs = records('400-tcp');
    const res = recs[5]!;
    expect(res.l7).toEqual({
      type: 'RESPONSE',
      latencyNs: 1678100,
      http: {
        code: 200,
        method: 'GET',
        url: 'http://ratings:9080/ratings/0',
        protocol: 'HTTP/1.1',
      },
      dns: null,
      kafkaTopic: null,
    });
    expect(res.isReply).toBe(true);
    expect(res.summary).toBe('HTTP/1.1 200 1ms (GET http://ratings:9080/ratings/0)');
    const first = recs[0]!;
    expect(first).toMatchObject({
      l4: 'TCP',
      tcpFlags: 'ACK',
      traceObservationPoint: 'TO_PROXY',
      eventType: 4,
      eventSubType: 1,
      direction: 'EGRESS',
      isReply: false,
      node: 'kind-control-plane',
    });
    expect(first.src).toMatchObject({
      endpointId: 881,
      identity: 3418,
      pod: 'productpage-v1-6b746f74dc-9rcxx',
    });
    expect(first.src.labels).toContain('k8s:app=productpage');
    expect(first.dst.port).toBe(9080);
  });

  it('is_reply is null when absent, false and true when sent', () => {
    const recs = records('400-tcp');
    expect(recs[21]!.isReply).toBeNull();
    expect(recs[0]!.isReply).toBe(false);
    expect(recs[5]!.isReply).toBe(true);
    const counts = { null: 0, false: 0, true: 0 };
    for (const r of [...recs, ...records('udp-dns'), ...records('2-drops')])
      counts[`${r.isReply}`]++;
    expect(counts).toEqual({ null: 126, false: 396, true: 280 });
  });
});

describe('decoder edge cases', () => {
  it('keeps unknown enum numbers as CODE_<n> and prefers the numeric drop code', () => {
    const r = decodeFlow(
      create(FlowSchema, {
        // Numbers a newer agent could send: not in our enums.
        verdict: 42 as Verdict,
        Type: 9 as FlowType,
        dropReason: 206,
        traceObservationPoint: 77 as TraceObservationPoint,
      }),
      'n1',
    );
    expect(r).toMatchObject({
      verdict: 'CODE_42',
      type: 'CODE_9',
      dropReason: 'CODE_206',
      dropReasonCode: 206,
      traceObservationPoint: 'CODE_77',
      node: 'n1',
    });
    expect(dropReasonName(181)).toBe('POLICY_DENY');
    const dropped = decodeFlow(create(FlowSchema, { verdict: 2 }));
    expect(dropped).toMatchObject({ dropReason: 'DROP_REASON_UNKNOWN', dropReasonCode: 0 });
  });

  it('derives the same id for the same flow re-sent, and a different one when any key part differs', () => {
    const line = readSampleLines('2-drops')[1]!;
    const a = decodeResponse(fromJson(GetFlowsResponseSchema, JSON.parse(line)));
    const b = decodeResponse(fromJson(GetFlowsResponseSchema, JSON.parse(line)));
    const json = JSON.parse(line) as { flow: { is_reply?: boolean } };
    json.flow.is_reply = false;
    const c = decodeResponse(fromJson(GetFlowsResponseSchema, json));
    if (a.kind !== 'flow' || b.kind !== 'flow' || c.kind !== 'flow') throw new Error('not flows');
    expect(a.record.id).toBe(b.record.id);
    expect(c.record.id).not.toBe(a.record.id);
    const withUuid = decodeFlow(create(FlowSchema, { uuid: 'f1e2' }));
    expect(withUuid.id).toBe('f1e2');
  });

  it('decodes node_status, lost_events and empty responses', () => {
    const ns = decodeResponse(
      fromJson(GetFlowsResponseSchema, {
        node_status: { state_change: 'NODE_ERROR', node_names: ['a'], message: 'boom' },
        node_name: 'relay',
        time: '2023-08-21T12:12:18.5Z',
      }),
    );
    expect(ns).toEqual({
      kind: 'node_status',
      state: 'NODE_ERROR',
      nodes: ['a'],
      message: 'boom',
      timeMs: Date.UTC(2023, 7, 21, 12, 12, 18, 500),
    });
    const lost = decodeResponse(
      fromJson(GetFlowsResponseSchema, {
        lost_events: { source: 'HUBBLE_RING_BUFFER', num_events_lost: '17', cpu: 0 },
        node_name: 'kind-worker',
        time: '2023-08-21T12:12:18Z',
      }),
    );
    expect(lost).toEqual({
      kind: 'lost',
      source: 'HUBBLE_RING_BUFFER',
      count: 17,
      node: 'kind-worker',
      cpu: 0,
      timeMs: Date.UTC(2023, 7, 21, 12, 12, 18),
    });
    expect(decodeResponse(create(GetFlowsResponseSchema, { nodeName: 'x' }))).toEqual({
      kind: 'unknown',
    });
  });

  it('formats timestamps like protojson', () => {
    expect(formatTimestamp(1692619938, 0)).toBe('2023-08-21T12:12:18Z');
    expect(formatTimestamp(1692619938, 500_000_000)).toBe('2023-08-21T12:12:18.500Z');
    expect(formatTimestamp(1692619938, 510_175_000)).toBe('2023-08-21T12:12:18.510175Z');
    expect(formatTimestamp(1692619938, 510_175_415)).toBe('2023-08-21T12:12:18.510175415Z');
    expect(formatTimestamp(1692619939, 1)).toBe('2023-08-21T12:12:19.000000001Z');
  });
});
