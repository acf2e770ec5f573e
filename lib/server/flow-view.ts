/**
 * Flyweight FlowRecord over a CompactRing slot: scanning the compact tier with a compiled query reads
 * columns through getters on one reused object instead of materialising a record per flow.
 */
import type { EndpointRecord, FlowRecord, L7Record } from '@/lib/model/flow-record';
import type { CompactRing } from './compact-ring';
import type { EndpointDesc, FlowShape, L7Shape } from './flow-interners';

/** Flyweight endpoint: the interned description plus this flow's port. */
class EndpointView implements EndpointRecord {
  d!: EndpointDesc;
  port = 0;
  get identity() {
    return this.d.identity;
  }
  get endpointId() {
    return this.d.endpointId;
  }
  get namespace() {
    return this.d.namespace;
  }
  get pod() {
    return this.d.pod;
  }
  get cluster() {
    return this.d.cluster;
  }
  get labels() {
    return this.d.labels;
  }
  get workloads() {
    return this.d.workloads;
  }
  get ip() {
    return this.d.ip;
  }
  get names() {
    return this.d.names;
  }
  get service() {
    return this.d.service;
  }
}

/** Flyweight L7 record: the interned shape plus this flow's latency. */
class L7View implements L7Record {
  s!: L7Shape;
  latencyNs = 0;
  get type() {
    return this.s.type;
  }
  get http() {
    return this.s.http;
  }
  get dns() {
    return this.s.dns;
  }
  get kafkaTopic() {
    return this.s.kafkaTopic;
  }
}

/**
 * Flyweight over one ring slot; `at(i)` repositions it. Valid until the next `at` or write. `id`
 * and `time` decode on access (allocating); the query filters read them only for `--uuid`.
 */
export class FlowView implements FlowRecord {
  private i = 0;
  private s!: FlowShape;
  private hasL7 = false;
  readonly src = new EndpointView();
  readonly dst = new EndpointView();
  private readonly l7v = new L7View();

  constructor(private readonly ring: CompactRing) {}

  at(i: number): this {
    const r = this.ring;
    this.i = i;
    this.s = r.shapes[i]!;
    this.src.d = r.srcs[i]!;
    this.src.port = r.srcPorts[i]!;
    this.dst.d = r.dsts[i]!;
    this.dst.port = r.dstPorts[i]!;
    const l7 = r.l7s[i]!;
    this.hasL7 = l7 !== null;
    if (l7 !== null) {
      this.l7v.s = l7;
      this.l7v.latencyNs = r.latencies[i]!;
    }
    return this;
  }

  get id() {
    return this.ring.id(this.i);
  }
  get timeMs() {
    return this.ring.timeMs[this.i]!;
  }
  get time() {
    return this.ring.time(this.i);
  }
  get summary() {
    return this.ring.summaries[this.i]!;
  }
  get l7() {
    return this.hasL7 ? this.l7v : null;
  }
  get policies() {
    return this.ring.policies[this.i]!;
  }
  get node() {
    return this.s.node;
  }
  get verdict() {
    return this.s.verdict;
  }
  get dropReason() {
    return this.s.dropReason;
  }
  get dropReasonCode() {
    return this.s.dropReasonCode;
  }
  get type() {
    return this.s.type;
  }
  get ipVersion() {
    return this.s.ipVersion;
  }
  get l4() {
    return this.s.l4;
  }
  get tcpFlags() {
    return this.s.tcpFlags;
  }
  get icmp() {
    return this.s.icmp;
  }
  get isReply() {
    return this.s.isReply;
  }
  get direction() {
    return this.s.direction;
  }
  get traceObservationPoint() {
    return this.s.traceObservationPoint;
  }
  get eventType() {
    return this.s.eventType;
  }
  get eventSubType() {
    return this.s.eventSubType;
  }
  get iface() {
    return this.s.iface;
  }
  get policyMatchType() {
    return this.s.policyMatchType;
  }
  get encrypted() {
    return this.s.encrypted;
  }
}
