import { describe, expect, it } from 'vitest';
import { create, fromJson } from '@bufbuild/protobuf';
import { GetFlowsResponseSchema } from '@/proto/gen/observer/observer_pb';
import {
  DropReason,
  FlowFilterSchema,
  TrafficDirection,
  Verdict,
  type Flow,
  type FlowFilter,
} from '@/proto/gen/flow/flow_pb';
import type { MessageInitShape } from '@bufbuild/protobuf';
import { readSampleFiles } from '@/lib/hubble/sample-files';
import { FlowFilterError } from '@/lib/sim/filter-parts';
import { compileFilter, compileFilters } from '@/lib/sim/flow-filter';

const flows: Flow[] = readSampleFiles().flatMap(f =>
  f.lines.flatMap(l => {
    const r = fromJson(GetFlowsResponseSchema, JSON.parse(l)).responseTypes;
    return r.case === 'flow' ? [r.value] : [];
  }),
);

const ff = (init: MessageInitShape<typeof FlowFilterSchema>): FlowFilter =>
  create(FlowFilterSchema, init);
const count = (init: MessageInitShape<typeof FlowFilterSchema>) =>
  flows.filter(compileFilter(ff(init))).length;
const countWhere = (p: (f: Flow) => boolean) => flows.filter(p).length;

describe('compileFilter (Hubble FlowFilter semantics) on the recorded samples', () => {
  it('matches pod prefixes, with and without namespace', () => {
    const ratings = countWhere(
      f => f.source?.namespace === 'bookinfo' && f.source.podName.startsWith('ratings-'),
    );
    expect(ratings).toBeGreaterThan(0);
    expect(count({ sourcePod: ['bookinfo/ratings-'] })).toBe(ratings);
    expect(count({ sourcePod: ['ratings-'] })).toBe(ratings);
    expect(count({ sourcePod: ['default/ratings-'] })).toBe(0);
    const kubeSystem = countWhere(f => f.destination?.namespace === 'kube-system');
    expect(kubeSystem).toBeGreaterThan(0);
    expect(count({ destinationPod: ['kube-system/'] })).toBe(kubeSystem);
  });

  it('ANDs fields within a filter and ORs values within a field', () => {
    const both = countWhere(
      f => f.verdict === Verdict.DROPPED && f.dropReasonDesc === DropReason.POLICY_DENIED,
    );
    expect(both).toBe(1);
    expect(count({ verdict: [Verdict.DROPPED], dropReasonDesc: [DropReason.POLICY_DENIED] })).toBe(
      1,
    );
    expect(count({ verdict: [Verdict.DROPPED, Verdict.REDIRECTED] })).toBe(
      countWhere(f => f.verdict === Verdict.DROPPED || f.verdict === Verdict.REDIRECTED),
    );
  });

  it('matches event types with and without sub type', () => {
    const traces = countWhere(f => f.eventType?.type === 4);
    expect(count({ eventType: [{ type: 4 }] })).toBe(traces);
    const toEndpoint = countWhere(f => f.eventType?.type === 4 && f.eventType.subType === 0);
    expect(toEndpoint).toBeGreaterThan(0);
    expect(toEndpoint).toBeLessThan(traces);
    expect(count({ eventType: [{ type: 4, matchSubType: true, subType: 0 }] })).toBe(toEndpoint);
  });

  it('matches L4 and L7 protocols, ports, IPs and CIDRs', () => {
    expect(count({ protocol: ['udp'] })).toBe(countWhere(f => f.l4?.protocol.case === 'UDP'));
    expect(count({ protocol: ['DNS'] })).toBe(countWhere(f => f.l7?.record.case === 'dns'));
    expect(count({ protocol: ['http'] })).toBe(countWhere(f => f.l7?.record.case === 'http'));
    expect(count({ protocol: ['icmp'] })).toBe(1);
    expect(count({ destinationPort: ['53'] })).toBe(
      countWhere(f => f.l4?.protocol.case === 'UDP' && f.l4.protocol.value.destinationPort === 53),
    );
    expect(count({ sourceIp: ['10.244.0.206'] })).toBe(
      countWhere(f => f.IP?.source === '10.244.0.206'),
    );
    expect(count({ sourceIp: ['10.244.1.0/24'] })).toBe(
      countWhere(f => !!f.IP?.source.startsWith('10.244.1.')),
    );
    expect(count({ sourceIp: ['fe80::/10'] })).toBe(1);
    expect(() => compileFilter(ff({ sourceIp: ['10.0.0.0/40'] }))).toThrow(FlowFilterError);
  });

  it('matches reply direction, node names, labels, identities and directions', () => {
    expect(count({ reply: [true] })).toBe(countWhere(f => f.isReply === true));
    expect(count({ reply: [false] })).toBe(countWhere(f => f.isReply === false));
    expect(count({ nodeName: ['kind-control-*'] })).toBe(
      countWhere(f => f.nodeName === 'kind-control-plane'),
    );
    expect(count({ nodeName: ['kind-kind/'] })).toBe(2);
    expect(count({ nodeName: ['kind-worker'] })).toBe(2);
    expect(count({ sourceLabel: ['k8s:app=ratings'] })).toBe(
      count({ sourceLabel: ['app=ratings'] }),
    );
    expect(count({ sourceLabel: ['app in (ratings, reviews)'] })).toBe(
      count({ sourceLabel: ['app=ratings'] }) + count({ sourceLabel: ['app=reviews'] }),
    );
    expect(count({ sourceIdentity: [16370] })).toBe(countWhere(f => f.source?.identity === 16370));
    expect(count({ trafficDirection: [TrafficDirection.INGRESS] })).toBe(
      countWhere(f => f.trafficDirection === TrafficDirection.INGRESS),
    );
  });

  it('matches HTTP status, method and path, and DNS query regexes', () => {
    const ok = countWhere(f => f.l7?.record.case === 'http' && f.l7.record.value.code === 200);
    expect(ok).toBeGreaterThan(0);
    expect(count({ httpStatusCode: ['2+'] })).toBe(ok);
    expect(count({ httpStatusCode: ['404'] })).toBe(0);
    expect(count({ httpMethod: ['get'], httpPath: ['^/reviews/'] })).toBe(
      countWhere(
        f => f.l7?.record.case === 'http' && f.l7.record.value.url.includes(':9080/reviews/'),
      ),
    );
    expect(count({ dnsQuery: ['^details\\.'] })).toBe(
      countWhere(
        f => f.l7?.record.case === 'dns' && f.l7.record.value.query.startsWith('details.'),
      ),
    );
    expect(() => compileFilter(ff({ dnsQuery: ['('] }))).toThrow(FlowFilterError);
  });

  it('matches TCP flag sets (all flags of one set must be present)', () => {
    expect(count({ tcpFlags: [{ SYN: true }] })).toBe(
      countWhere(f => f.l4?.protocol.case === 'TCP' && !!f.l4.protocol.value.flags?.SYN),
    );
    expect(count({ tcpFlags: [{ SYN: true, ACK: true }] })).toBe(
      countWhere(
        f =>
          f.l4?.protocol.case === 'TCP' &&
          !!f.l4.protocol.value.flags?.SYN &&
          !!f.l4.protocol.value.flags.ACK,
      ),
    );
  });

  it('ignores fields it does not implement', () => {
    expect(count({ experimental: { celExpression: ['false'] } })).toBe(flows.length);
    expect(count({ sourceClusterName: ['elsewhere'] })).toBe(flows.length);
  });
});

describe('compileFilters (whitelist minus blacklist)', () => {
  it('passes everything without filters, ORs the whitelist and subtracts the blacklist', () => {
    expect(flows.filter(compileFilters([], []))).toHaveLength(flows.length);
    const w = [ff({ verdict: [Verdict.DROPPED] }), ff({ protocol: ['dns'] })];
    const wl = flows.filter(compileFilters(w, [])).length;
    expect(wl).toBe(countWhere(f => f.verdict === Verdict.DROPPED || f.l7?.record.case === 'dns'));
    // The CLI's `--not --namespace kube-system`: two blacklist filters.
    const b = [ff({ sourcePod: ['kube-system/'] }), ff({ destinationPod: ['kube-system/'] })];
    expect(flows.filter(compileFilters([], b)).length).toBe(
      countWhere(
        f => f.source?.namespace !== 'kube-system' && f.destination?.namespace !== 'kube-system',
      ),
    );
    expect(flows.filter(compileFilters(w, b)).length).toBeLessThan(wl);
  });

  it('matches uuids', () => {
    const f = { ...flows[0]!, uuid: 'abc' };
    expect(compileFilters([ff({ uuid: ['abc'] })], [])(f)).toBe(true);
    expect(compileFilters([ff({ uuid: ['abd'] })], [])(f)).toBe(false);
  });
});
