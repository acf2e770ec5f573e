import { describe, expect, it } from 'vitest';
import { equals, fromJson, toJson } from '@bufbuild/protobuf';
import { GetFlowsResponseSchema } from '@/proto/gen/observer/observer_pb';
import {
  DropReason,
  FlowType,
  L7FlowType,
  LostEventSource,
  TraceObservationPoint,
  Verdict,
  type Flow,
} from '@/proto/gen/flow/flow_pb';
import { FlowGenerator, type FlowGeneratorOptions, type SimEvent } from '@/lib/sim/generator';
import { cmpTime } from '@/lib/sim/ring';
import { TRACE_SUBTYPE } from '@/lib/sim/flow-parts';

const T0 = Date.UTC(2026, 2, 1, 12, 0, 0);

function run(opts: Partial<FlowGeneratorOptions>, ms: number): SimEvent[] {
  return new FlowGenerator({ seed: 1, startMs: T0, rate: 1000, ...opts }).collect(T0 + ms);
}

const json = (e: SimEvent) =>
  toJson(GetFlowsResponseSchema, e.response, { useProtoFieldName: true });
const flows = (entries: SimEvent[]): Flow[] =>
  entries.flatMap(e =>
    e.response.responseTypes.case === 'flow' ? [e.response.responseTypes.value] : [],
  );

describe('FlowGenerator determinism', () => {
  it('produces identical output for the same seed and start time', () => {
    const a = run({}, 3_000).map(json);
    const b = run({}, 3_000).map(json);
    expect(a.length).toBeGreaterThan(2000);
    expect(b).toEqual(a);
  });

  it('does not depend on how time is sliced into advanceTo calls', () => {
    const whole = run({}, 2_000).map(json);
    const gen = new FlowGenerator({ seed: 1, startMs: T0, rate: 1000 });
    const sliced: unknown[] = [];
    for (let t = 7; t < 2_000; t += 37) gen.advanceTo(T0 + t, e => sliced.push(json(e)));
    gen.advanceTo(T0 + 2_000, e => sliced.push(json(e)));
    expect(sliced).toEqual(whole);
  });

  it('differs with another seed', () => {
    expect(run({ seed: 2 }, 1_000).map(json)).not.toEqual(run({ seed: 1 }, 1_000).map(json));
  });
});

describe('FlowGenerator traffic shape', () => {
  const entries = run({ rate: 2000 }, 30_000);
  const all = flows(entries);

  it('holds the target rate and emits in time order with a node on every response', () => {
    expect(all.length / 30).toBeGreaterThan(1500);
    expect(all.length / 30).toBeLessThan(2600);
    for (let i = 1; i < entries.length; i++) {
      const a = entries[i - 1]!;
      const b = entries[i]!;
      expect(cmpTime(a.sec, a.nanos, b.sec, b.nanos)).toBeLessThanOrEqual(0);
    }
    const nodes = new Set(entries.map(e => e.response.nodeName));
    expect([...nodes].sort()).toEqual(['master241', 'worker242', 'worker243']);
    for (const f of all) expect(f.nodeName).not.toBe('');
  });

  it('gives every flow a unique uuid and valid jsonpb', () => {
    expect(new Set(all.map(f => f.uuid)).size).toBe(all.length);
    for (const e of entries.slice(0, 3000)) {
      const back = fromJson(GetFlowsResponseSchema, json(e), { ignoreUnknownFields: false });
      expect(equals(GetFlowsResponseSchema, back, e.response)).toBe(true);
    }
  });

  it('has HTTP requests and responses with 2xx, 4xx and 5xx codes and latencies', () => {
    const http = all.filter(f => f.l7?.record.case === 'http');
    const req = http.filter(f => f.l7!.type === L7FlowType.REQUEST);
    const resp = http.filter(f => f.l7!.type === L7FlowType.RESPONSE);
    expect(req.length).toBeGreaterThan(1000);
    // Responses to the last requests of the window are still in flight.
    expect(resp.length).toBeLessThanOrEqual(req.length);
    expect(resp.length).toBeGreaterThan(req.length - 30);
    const codes = resp.map(f => (f.l7!.record.value as { code: number }).code);
    expect(codes.some(c => c >= 200 && c < 300)).toBe(true);
    expect(codes.some(c => c >= 400 && c < 500)).toBe(true);
    expect(codes.some(c => c >= 500)).toBe(true);
    for (const f of resp) {
      expect(f.l7!.latencyNs).toBeGreaterThan(0n);
      expect(f.isReply).toBe(true);
      expect(f.Summary).toMatch(/^HTTP\/1\.1 \d{3} \d+ms \((GET|POST|DELETE) http:\/\//);
    }
    for (const f of req) expect(f.Summary).toMatch(/^HTTP\/1\.1 (GET|POST|DELETE) http:\/\//);
  });

  it('has DNS queries and answers with NOERROR and NXDOMAIN, A and AAAA', () => {
    const dns = all
      .filter(f => f.l7?.record.case === 'dns')
      .map(f => ({
        f,
        d: f.l7!.record.value as { rcode: number; qtypes: string[]; ips: string[]; query: string },
      }));
    const answers = dns.filter(x => x.f.l7!.type === L7FlowType.RESPONSE);
    expect(answers.some(x => x.d.rcode === 0 && x.d.ips.length > 0)).toBe(true);
    expect(answers.some(x => x.d.rcode === 3)).toBe(true);
    expect(new Set(dns.flatMap(x => x.d.qtypes))).toEqual(new Set(['A', 'AAAA']));
    expect(dns.some(x => x.d.query === 'api.stripe.com.')).toBe(true);
    for (const x of dns) {
      const server = x.f.isReply ? x.f.source : x.f.destination;
      expect(server?.labels).toContain('k8s:k8s-app=kube-dns');
      expect(x.f.isReply).toBe(x.f.l7!.type === L7FlowType.RESPONSE);
    }
  });

  it('has TCP handshakes, replies and cross-node overlay traces', () => {
    const tcp = all.filter(f => f.l4?.protocol.case === 'TCP' && f.Type === FlowType.L3_L4);
    const flagsOf = (f: Flow) =>
      (f.l4!.protocol.value as { flags?: Record<string, boolean> }).flags ?? {};
    expect(tcp.some(f => flagsOf(f).SYN && !flagsOf(f).ACK)).toBe(true);
    expect(tcp.some(f => flagsOf(f).SYN && flagsOf(f).ACK && f.isReply)).toBe(true);
    expect(tcp.some(f => flagsOf(f).FIN)).toBe(true);
    const overlay = all.filter(f => f.traceObservationPoint === TraceObservationPoint.TO_OVERLAY);
    expect(overlay.length).toBeGreaterThan(100);
    for (const f of overlay) {
      expect(f.interface?.name).toBe('cilium_vxlan');
      expect(f.tunnel?.IP?.destination).toMatch(/^192\.168\.1\.24[123]$/);
    }
    expect(all.some(f => f.traceObservationPoint === TraceObservationPoint.TO_ENDPOINT)).toBe(true);
    expect(all.some(f => f.traceObservationPoint === TraceObservationPoint.TO_STACK)).toBe(true);
    expect(all.some(f => f.traceObservationPoint === TraceObservationPoint.FROM_ENDPOINT)).toBe(
      true,
    );
    expect(all.filter(f => f.isReply === true).length).toBeGreaterThan(all.length / 5);
  });

  it('has policy verdicts, policy drops and other drop reasons', () => {
    const verdicts = all.filter(f => f.eventType?.type === 5);
    expect(
      verdicts.some(f => f.verdict === Verdict.FORWARDED && f.ingressAllowedBy.length > 0),
    ).toBe(true);
    expect(verdicts.some(f => f.verdict === Verdict.REDIRECTED)).toBe(true);
    const drops = all.filter(f => f.verdict === Verdict.DROPPED && f.eventType?.type === 1);
    const reasons = new Set(drops.map(f => f.dropReasonDesc));
    for (const r of [
      DropReason.POLICY_DENIED,
      DropReason.POLICY_DENY,
      DropReason.STALE_OR_UNROUTABLE_IP,
      DropReason.UNSUPPORTED_L2_PROTOCOL,
      DropReason.SERVICE_BACKEND_NOT_FOUND,
    ]) {
      expect(reasons.has(r)).toBe(true);
    }
    expect(
      drops.find(f => f.dropReasonDesc === DropReason.POLICY_DENY)?.egressDeniedBy[0]?.name,
    ).toBe('deny-cloud-metadata');
    // Noise drops carry no endpoint information at all.
    expect(drops.some(f => f.source?.identity === 0 && f.source.podName === '')).toBe(true);
  });

  it('keeps event_type consistent with Type, verdict and observation point (hubble-api.md 7.4)', () => {
    for (const f of all) {
      const t = f.eventType!.type;
      if (f.Type === FlowType.L7) {
        expect(t).toBe(129);
        expect(f.ethernet).toBeUndefined();
      } else if (t === 1) {
        expect(f.verdict).toBe(Verdict.DROPPED);
        expect(f.eventType!.subType).toBe(f.dropReasonDesc);
        expect(f.dropReason).toBe(f.dropReasonDesc);
      } else if (t === 4) {
        expect(f.eventType!.subType).toBe(TRACE_SUBTYPE[f.traceObservationPoint]);
      } else {
        expect(t).toBe(5);
        expect(f.traceObservationPoint).toBe(TraceObservationPoint.UNKNOWN_POINT);
      }
    }
  });

  it('has occasional agent lost events over a long window', () => {
    const long = run({ rate: 20, seed: 3 }, 600_000);
    const lost = long.filter(e => e.response.responseTypes.case === 'lostEvents');
    expect(lost.length).toBeGreaterThan(2);
    const ev = lost[0]!.response.responseTypes.value as {
      source: LostEventSource;
      numEventsLost: bigint;
    };
    expect([
      LostEventSource.PERF_EVENT_RING_BUFFER,
      LostEventSource.OBSERVER_EVENTS_QUEUE,
    ]).toContain(ev.source);
    expect(ev.numEventsLost).toBeGreaterThan(0n);
    expect(
      run({ rate: 20, seed: 3, lostEvents: false }, 600_000).some(
        e => e.response.responseTypes.case === 'lostEvents',
      ),
    ).toBe(false);
  });
});

describe('FlowGenerator options and faults', () => {
  it('drops uuid and newer fields on old-agent nodes only', () => {
    const all = flows(run({ oldAgentNodes: ['worker243'] }, 3_000));
    const old = all.filter(f => f.nodeName === 'worker243');
    const recent = all.filter(f => f.nodeName !== 'worker243');
    expect(old.length).toBeGreaterThan(100);
    for (const f of old) {
      expect(f.uuid).toBe('');
      expect(f.emitter).toBeUndefined();
      expect(f.nodeLabels).toEqual([]);
    }
    for (const f of recent)
      expect(f.uuid).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
  });

  it('dns-servfail turns most DNS answers into SERVFAIL', () => {
    const rcodes = (entries: SimEvent[]) =>
      flows(entries)
        .filter(f => f.l7?.record.case === 'dns' && f.l7.type === L7FlowType.RESPONSE)
        .map(f => (f.l7!.record.value as { rcode: number }).rcode);
    const normal = rcodes(run({}, 10_000));
    const faulty = rcodes(run({ faults: ['dns-servfail'] }, 10_000));
    expect(normal.filter(r => r === 2).length / normal.length).toBeLessThan(0.05);
    expect(faulty.filter(r => r === 2).length / faulty.length).toBeGreaterThan(0.5);
  });

  it('policy-drops multiplies POLICY_DENIED drops; setFaults switches at runtime', () => {
    const denied = (fs: Flow[]) =>
      fs.filter(f => f.dropReasonDesc === DropReason.POLICY_DENIED && f.eventType?.type === 1)
        .length;
    const gen = new FlowGenerator({ seed: 5, startMs: T0, rate: 1000 });
    const before = denied(flows(gen.collect(T0 + 10_000)));
    gen.setFaults(['policy-drops']);
    expect(gen.faults).toEqual(['policy-drops']);
    const during = denied(flows(gen.collect(T0 + 20_000)));
    expect(during).toBeGreaterThan(5 * Math.max(1, before));
  });

  it('changes rate at runtime and pauses at 0', () => {
    const gen = new FlowGenerator({ seed: 1, startMs: T0, rate: 100 });
    const slow = gen.collect(T0 + 10_000).length;
    gen.setRate(1000);
    const fast = gen.collect(T0 + 20_000).length;
    expect(fast).toBeGreaterThan(6 * slow);
    gen.setRate(0);
    const paused = flows(gen.collect(T0 + 40_000)).filter(
      f => Number(f.time!.seconds) * 1000 > T0 + 25_000,
    );
    expect(paused).toHaveLength(0);
  });
});
