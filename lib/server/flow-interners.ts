/**
 * Interning for the compact flow store: turns the repetitive parts of a FlowRecord into shared,
 * frozen objects. A flow's verdict/type/node/flags... combine into few distinct `FlowShape`s; an
 * endpoint without its port is one `EndpointDesc` per pod/IP; HTTP and DNS records repeat per URL
 * and query. All tables are bounded (intern.ts), so hostile cardinality costs duplicates, not memory.
 *
 * Hot path: every lookup hashes a few short fields or uses one short string (an IP, a URL) as the
 * key and verifies candidates field by field; no composite keys are built per flow.
 */
import type {
  DnsRecord,
  EndpointRecord,
  FlowRecord,
  FlowType,
  HttpRecord,
  L4Protocol,
  L7Record,
  TrafficDirection,
  Verdict,
  Workload,
} from '@/lib/model/flow-record';
import {
  BucketTable,
  EMPTY_LIST,
  HASH_SEED,
  InternTable,
  StringInterner,
  hashInt,
  hashStr,
} from './intern';

/** The per-flow fields that repeat across many flows, interned as one object. */
export interface FlowShape {
  readonly node: string;
  readonly verdict: Verdict;
  readonly dropReason: string;
  readonly dropReasonCode: number;
  readonly type: FlowType;
  readonly ipVersion: FlowRecord['ipVersion'];
  readonly l4: L4Protocol;
  readonly tcpFlags: string;
  readonly icmp: { readonly type: number; readonly code: number } | null;
  readonly isReply: boolean | null;
  readonly direction: TrafficDirection;
  readonly traceObservationPoint: string;
  readonly eventType: number;
  readonly eventSubType: number;
  readonly iface: string;
  readonly policyMatchType: number;
  readonly encrypted: boolean;
}

/** An endpoint without its port: one per (pod, IP, identity, labels...) in practice. */
export type EndpointDesc = Readonly<Omit<EndpointRecord, 'port'>>;

/** An L7 record without its latency (which varies per flow and is stored in a column). */
export type L7Shape = Readonly<Omit<L7Record, 'latencyNs'>>;

export type Policies = FlowRecord['policies'];

export const EMPTY_POLICIES: Policies = Object.freeze({
  allowedBy: EMPTY_LIST,
  deniedBy: EMPTY_LIST,
}) as Policies;
const EMPTY_WORKLOADS: readonly Workload[] = Object.freeze([]);

export class FlowInterners {
  readonly str = new StringInterner(50_000);
  readonly summaries = new StringInterner(20_000);
  private readonly lists = new InternTable<string, readonly string[]>(20_000);
  private readonly workloads = new InternTable<string, readonly Workload[]>(5_000);
  private readonly policies = new InternTable<string, Policies>(5_000);
  private readonly shapes = new BucketTable<number, FlowShape>(20_000);
  private readonly endpoints = new BucketTable<string, EndpointDesc>(50_000);
  private readonly l7s = new BucketTable<string, L7Shape>(50_000);

  shape(r: FlowRecord): FlowShape {
    const icmp = r.icmp;
    let h = hashStr(HASH_SEED, r.node);
    h = hashStr(h, r.verdict);
    h = hashStr(h, r.dropReason);
    h = hashStr(h, r.tcpFlags);
    h = hashStr(h, r.traceObservationPoint);
    h = hashStr(h, r.iface);
    h = hashStr(h, r.direction);
    h = hashStr(h, r.l4);
    h = hashInt(h, r.eventType * 65536 + r.eventSubType);
    h = hashInt(h, r.dropReasonCode);
    h = hashInt(h, icmp ? icmp.type * 256 + icmp.code : -1);
    h = hashInt(
      h,
      r.policyMatchType * 8 + (r.isReply === null ? 2 : +r.isReply) * 2 + +r.encrypted,
    );
    const bucket = this.shapes.bucket(h);
    if (bucket) {
      for (let i = 0; i < bucket.length; i++) if (sameShape(bucket[i]!, r)) return bucket[i]!;
    }
    return this.shapes.add(
      h,
      Object.freeze({
        node: this.str.s(r.node),
        verdict: r.verdict,
        dropReason: this.str.s(r.dropReason),
        dropReasonCode: r.dropReasonCode,
        type: r.type,
        ipVersion: r.ipVersion,
        l4: r.l4,
        tcpFlags: this.str.s(r.tcpFlags),
        icmp: icmp ? Object.freeze({ type: icmp.type, code: icmp.code }) : null,
        isReply: r.isReply,
        direction: r.direction,
        traceObservationPoint: this.str.s(r.traceObservationPoint),
        eventType: r.eventType,
        eventSubType: r.eventSubType,
        iface: this.str.s(r.iface),
        policyMatchType: r.policyMatchType,
        encrypted: r.encrypted,
      }),
    );
  }

  /** Keyed by IP (one endpoint per IP, bar host/world sharing), verified field by field. */
  endpoint(e: EndpointRecord): EndpointDesc {
    const bucket = this.endpoints.bucket(e.ip);
    if (bucket) {
      for (let i = 0; i < bucket.length; i++) if (sameEndpoint(bucket[i]!, e)) return bucket[i]!;
    }
    return this.endpoints.add(
      e.ip,
      Object.freeze({
        identity: e.identity,
        endpointId: e.endpointId,
        namespace: this.str.s(e.namespace),
        pod: this.str.s(e.pod),
        cluster: this.str.s(e.cluster),
        labels: this.list(e.labels),
        workloads: this.workloadList(e.workloads),
        ip: this.str.s(e.ip),
        names: this.list(e.names),
        service: this.str.s(e.service),
      }),
    );
  }

  /** The latency-free part of an L7 record, keyed by URL or DNS query. */
  l7(r: L7Record): L7Shape {
    const key = r.http ? r.http.url : r.dns ? r.dns.query : r.type;
    const bucket = this.l7s.bucket(key);
    if (bucket) {
      for (let i = 0; i < bucket.length; i++) if (sameL7(bucket[i]!, r)) return bucket[i]!;
    }
    const h = r.http;
    const http: HttpRecord | null = h
      ? Object.freeze({
          code: h.code,
          method: this.str.s(h.method),
          url: h.url,
          protocol: this.str.s(h.protocol),
        })
      : null;
    return this.l7s.add(
      key,
      Object.freeze({
        type: r.type,
        http,
        dns: r.dns ? this.dns(r.dns) : null,
        kafkaTopic: r.kafkaTopic,
      }),
    );
  }

  private dns(d: DnsRecord): DnsRecord {
    return Object.freeze({
      query: this.str.s(d.query),
      rcode: d.rcode,
      qtypes: this.list(d.qtypes),
      rrtypes: this.list(d.rrtypes),
      ips: this.list(d.ips),
      ttl: d.ttl,
      observationSource: this.str.s(d.observationSource),
    });
  }

  policy(p: Policies): Policies {
    if (p.allowedBy.length === 0 && p.deniedBy.length === 0) return EMPTY_POLICIES;
    const key = p.allowedBy.join(',') + '|' + p.deniedBy.join(',');
    return (
      this.policies.get(key) ??
      this.policies.set(
        key,
        Object.freeze({ allowedBy: this.list(p.allowedBy), deniedBy: this.list(p.deniedBy) }),
      )
    );
  }

  /** Frozen shared arrays, typed as the model's mutable ones: callers never mutate records. */
  private list(values: readonly string[]): string[] {
    return this.str.list(values, this.lists) as string[];
  }

  private workloadList(ws: readonly Workload[]): Workload[] {
    if (ws.length === 0) return EMPTY_WORKLOADS as Workload[];
    const key = ws.map(w => w.kind + '/' + w.name).join('\u0001');
    const hit = this.workloads.get(key);
    if (hit) return hit as Workload[];
    const list = Object.freeze(
      ws.map(w => Object.freeze({ name: this.str.s(w.name), kind: this.str.s(w.kind) })),
    );
    return this.workloads.set(key, list) as Workload[];
  }
}

function sameShape(s: FlowShape, r: FlowRecord): boolean {
  const icmp = r.icmp;
  return (
    s.node === r.node &&
    s.verdict === r.verdict &&
    s.dropReason === r.dropReason &&
    s.dropReasonCode === r.dropReasonCode &&
    s.type === r.type &&
    s.ipVersion === r.ipVersion &&
    s.l4 === r.l4 &&
    s.tcpFlags === r.tcpFlags &&
    (s.icmp === null
      ? icmp === null
      : icmp !== null && s.icmp.type === icmp.type && s.icmp.code === icmp.code) &&
    s.isReply === r.isReply &&
    s.direction === r.direction &&
    s.traceObservationPoint === r.traceObservationPoint &&
    s.eventType === r.eventType &&
    s.eventSubType === r.eventSubType &&
    s.iface === r.iface &&
    s.policyMatchType === r.policyMatchType &&
    s.encrypted === r.encrypted
  );
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameEndpoint(d: EndpointDesc, e: EndpointRecord): boolean {
  if (
    d.identity !== e.identity ||
    d.endpointId !== e.endpointId ||
    d.namespace !== e.namespace ||
    d.pod !== e.pod ||
    d.cluster !== e.cluster ||
    d.service !== e.service ||
    !sameStrings(d.labels, e.labels) ||
    !sameStrings(d.names, e.names) ||
    d.workloads.length !== e.workloads.length
  ) {
    return false;
  }
  for (let i = 0; i < d.workloads.length; i++) {
    const x = d.workloads[i]!;
    const y = e.workloads[i]!;
    if (x.name !== y.name || x.kind !== y.kind) return false;
  }
  return true;
}

function sameL7(s: L7Shape, r: L7Record): boolean {
  if (s.type !== r.type || s.kafkaTopic !== r.kafkaTopic) return false;
  const a = s.http;
  const b = r.http;
  if (
    a === null
      ? b !== null
      : b === null ||
        a.code !== b.code ||
        a.method !== b.method ||
        a.url !== b.url ||
        a.protocol !== b.protocol
  ) {
    return false;
  }
  const x = s.dns;
  const y = r.dns;
  if (x === null || y === null) return x === y;
  return (
    x.query === y.query &&
    x.rcode === y.rcode &&
    x.ttl === y.ttl &&
    x.observationSource === y.observationSource &&
    sameStrings(x.qtypes, y.qtypes) &&
    sameStrings(x.rrtypes, y.rrtypes) &&
    sameStrings(x.ips, y.ips)
  );
}
