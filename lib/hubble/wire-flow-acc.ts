/**
 * The reused accumulators the wire decoder (wire-flow.ts, wire-flow-parts.ts) reads one Flow into
 * before wire-decode.ts builds the FlowRecord: plain fields, no per-field objects, arrays created
 * on their first element. Only the fields a FlowRecord needs are here.
 */
import type { Workload } from '@/lib/model/flow-record';

/** One side of the flow: the Endpoint, its service and its DNS names. */
export class EndpointAcc {
  id = 0;
  identity = 0;
  namespace = '';
  pod = '';
  cluster = '';
  labels: string[] | null = null;
  workloads: Workload[] | null = null;
  names: string[] | null = null;
  svcName = '';
  svcNamespace = '';

  reset(): void {
    this.id = this.identity = 0;
    this.namespace = this.pod = this.cluster = this.svcName = this.svcNamespace = '';
    this.labels = this.workloads = this.names = null;
  }
}

/** Everything FlowRecord needs from one Flow. Arrays are null until the first element. */
export class FlowAcc {
  hasTime = false;
  seconds = 0;
  nanos = 0;
  uuid = '';
  verdict = 0;
  dropReason = 0;
  dropReasonDesc = 0;
  srcIp = '';
  dstIp = '';
  ipVersion = 0;
  encrypted = false;
  /** Layer4 oneof case: the field number (1 TCP ... 7 IGMP), 0 for none. */
  l4 = 0;
  srcPort = 0;
  dstPort = 0;
  /** TCPFlags, bit i = field i + 1 (see tcpFlagsText). */
  tcpFlags = 0;
  icmpType = 0;
  icmpCode = 0;
  readonly src = new EndpointAcc();
  readonly dst = new EndpointAcc();
  type = 0;
  nodeName = '';
  hasL7 = false;
  l7Type = 0;
  latencyNs = 0;
  /** Layer7 record oneof case: 100 dns, 101 http, 102 kafka, 0 none. */
  l7 = 0;
  httpCode = 0;
  httpMethod = '';
  httpUrl = '';
  httpProtocol = '';
  dnsQuery = '';
  dnsIps: string[] | null = null;
  dnsTtl = 0;
  dnsSource = '';
  dnsRcode = 0;
  dnsQtypes: string[] | null = null;
  dnsRrtypes: string[] | null = null;
  kafkaTopic = '';
  eventType = 0;
  eventSubType = 0;
  direction = 0;
  policyMatchType = 0;
  tracePoint = 0;
  isReply: boolean | null = null;
  iface = '';
  summary = '';
  egressAllowed: string[] | null = null;
  ingressAllowed: string[] | null = null;
  egressDenied: string[] | null = null;
  ingressDenied: string[] | null = null;

  reset(): void {
    this.hasTime = this.encrypted = this.hasL7 = false;
    this.seconds = this.nanos = this.verdict = this.dropReason = this.dropReasonDesc = 0;
    this.uuid = this.srcIp = this.dstIp = this.nodeName = this.iface = this.summary = '';
    this.ipVersion = this.type = this.eventType = this.eventSubType = 0;
    this.direction = this.policyMatchType = this.tracePoint = 0;
    this.isReply = null;
    this.resetL4(0);
    this.src.reset();
    this.dst.reset();
    this.l7Type = this.latencyNs = 0;
    this.resetL7(0);
    this.egressAllowed = this.ingressAllowed = this.egressDenied = this.ingressDenied = null;
  }

  resetL4(c: number): void {
    this.l4 = c;
    this.srcPort = this.dstPort = this.tcpFlags = this.icmpType = this.icmpCode = 0;
  }

  resetL7(c: number): void {
    this.l7 = c;
    this.httpCode = this.dnsTtl = this.dnsRcode = 0;
    this.httpMethod = this.httpUrl = this.httpProtocol = '';
    this.dnsQuery = this.dnsSource = this.kafkaTopic = '';
    this.dnsIps = this.dnsQtypes = this.dnsRrtypes = null;
  }
}
