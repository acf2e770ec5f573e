/**
 * GetFlowsResponse wire bytes -> DecodedResponse without building protobuf-es messages: the Relay
 * client's hot path. Same result as `decodeResponse(fromBinary(GetFlowsResponseSchema, bytes))`
 * (wire-decode.test.ts checks that on every sample line, on simulated traffic and on hand-built
 * edge cases); the naming tables and the id derivation are shared through flow-text.ts.
 *
 * Why: fromBinary + decodeResponse cost 25-33 us per ~1 KB flow (reflection, a message object per
 * sub-message, BigInt for every 64-bit field), capping one core near the 50k flows/s target before
 * anything else runs. This decoder reads only the fields a FlowRecord needs, skips the rest by wire
 * type, and allocates little besides the record itself: 3-4 us per flow (bench/decode.ts).
 *
 * Field numbers: proto/observer/observer.proto (GetFlowsResponse), proto/relay/relay.proto
 * (NodeStatusEvent), proto/flow/flow.proto (Flow, LostEvent); the Flow part is in wire-flow.ts.
 */
import type { DecodedResponse } from '@/lib/hubble/decode';
import {
  derivedFlowId,
  directionName,
  dropReasonText,
  flowTypeName,
  formatTimestamp,
  ipVersionName,
  l7TypeName,
  lostSourceName,
  nodeStateName,
  serviceName,
  tcpFlagsText,
  tracePointName,
  verdictName,
} from '@/lib/hubble/flow-text';
import { readFlow, readInt32Value, readTimestamp } from '@/lib/hubble/wire-flow';
import { FlowAcc, type EndpointAcc } from '@/lib/hubble/wire-flow-acc';
import { within, WireReader, type Names } from '@/lib/hubble/wire-reader';
import type { EndpointRecord, FlowRecord, L4Protocol, L7Record } from '@/lib/model/flow-record';

export { WireDecodeError } from '@/lib/hubble/wire-reader';

// Reused across calls (decoding is synchronous and not re-entrant); reset per response.
const flow = new FlowAcc();
const respTime = { seconds: 0, nanos: 0 };

const L4_NAMES: L4Protocol[] = ['', 'TCP', 'UDP', 'ICMPv4', 'ICMPv6', 'SCTP', 'VRRP', 'IGMP'];

const RESPONSE: Names = {
  1: 'flow',
  2: 'node_status',
  3: 'lost_events',
  1000: 'node_name',
  1001: 'time',
};

/**
 * Decodes one GetFlowsResponse from its wire bytes. Throws {@link WireDecodeError} (naming the
 * field path and byte offset) on malformed input; never reads past `bytes` and always terminates.
 */
export function decodeWireResponse(bytes: Uint8Array): DecodedResponse {
  const r = new WireReader(bytes);
  const end = bytes.length;
  // response_types oneof: the field number of the case last seen (0: none). Switching to a case
  // starts it from scratch; the same case again merges (protobuf semantics).
  let kind = 0;
  let nodeName = '';
  let hasTime = false;
  respTime.seconds = respTime.nanos = 0;
  let tag = 0;
  try {
    while (r.pos < end) {
      tag = r.varint32();
      switch (tag) {
        case 10: // 1 flow
          if (kind !== 1) flow.reset();
          kind = 1;
          readFlow(r, r.span(end), flow);
          break;
        case 18: // 2 node_status
          if (kind !== 2) ev.reset();
          kind = 2;
          readNodeStatus(r, r.span(end));
          break;
        case 26: // 3 lost_events
          if (kind !== 3) ev.reset();
          kind = 3;
          readLostEvent(r, r.span(end));
          break;
        case 8002: // 1000 node_name
          nodeName = r.string(end);
          break;
        case 8010: // 1001 time
          hasTime = true;
          readTimestamp(r, r.span(end), respTime);
          break;
        default:
          if (RESPONSE[tag >>> 3] !== undefined) r.wrongType(tag, 2);
          r.skip(tag, end);
      }
    }
    r.checkEnd(end);
  } catch (err) {
    throw within(err, RESPONSE, tag);
  }

  switch (kind) {
    case 1:
      return { kind: 'flow', record: flowRecord(nodeName, hasTime) };
    case 2:
      return {
        kind: 'node_status',
        state: nodeStateName(ev.state),
        nodes: ev.nodes ?? [],
        message: ev.message,
        timeMs: responseTimeMs(hasTime),
      };
    case 3:
      return {
        kind: 'lost',
        source: lostSourceName(ev.source),
        count: ev.count,
        node: nodeName,
        cpu: ev.cpu,
        timeMs: responseTimeMs(hasTime),
      };
    default:
      return { kind: 'unknown' };
  }
}

/** decode.ts's rule for node_status / lost_events: the response's time, else now. */
function responseTimeMs(hasTime: boolean): number {
  return hasTime ? respTime.seconds * 1000 + respTime.nanos / 1e6 : Date.now();
}

/** Fields of relay.NodeStatusEvent and flow.LostEvent (only one is in use per response). */
const ev = {
  state: 0,
  nodes: null as string[] | null,
  message: '',
  source: 0,
  count: 0,
  cpu: null as number | null,
  reset(): void {
    this.state = this.source = this.count = 0;
    this.nodes = this.cpu = null;
    this.message = '';
  },
};

const NODE_STATUS: Names = { 1: 'state_change', 2: 'node_names', 3: 'message' };

function readNodeStatus(r: WireReader, end: number): void {
  let tag = 0;
  try {
    while (r.pos < end) {
      tag = r.varint32();
      if (tag === 8) ev.state = r.varint32() | 0;
      else if (tag === 18) ev.nodes = r.appendString(ev.nodes, end);
      else if (tag === 26) ev.message = r.string(end);
      else if (NODE_STATUS[tag >>> 3] !== undefined) r.wrongType(tag, tag >>> 3 === 1 ? 0 : 2);
      else r.skip(tag, end);
    }
    r.checkEnd(end);
  } catch (err) {
    throw within(err, NODE_STATUS, tag);
  }
}

const LOST: Names = { 1: 'source', 2: 'num_events_lost', 3: 'cpu' };

function readLostEvent(r: WireReader, end: number): void {
  let tag = 0;
  try {
    while (r.pos < end) {
      tag = r.varint32();
      if (tag === 8) ev.source = r.varint32() | 0;
      else if (tag === 16) ev.count = r.varint64(false);
      else if (tag === 26) ev.cpu = readInt32Value(r, r.span(end), ev.cpu ?? 0);
      else if (LOST[tag >>> 3] !== undefined) r.wrongType(tag, tag >>> 3 === 3 ? 2 : 0);
      else r.skip(tag, end);
    }
    r.checkEnd(end);
  } catch (err) {
    throw within(err, LOST, tag);
  }
}

/** Builds the FlowRecord from the accumulator; mirrors decode.ts's decodeFlow field by field. */
function flowRecord(responseNodeName: string, responseHasTime: boolean): FlowRecord {
  const f = flow;
  const t = f.hasTime ? f : responseHasTime ? respTime : null;
  const seconds = t === null ? 0 : t.seconds;
  const nanos = t === null ? 0 : t.nanos;
  const time = formatTimestamp(seconds, nanos);
  const node = f.nodeName || responseNodeName;
  const verdict = verdictName(f.verdict);
  const l4 = f.l4;
  const l4Name = L4_NAMES[l4] ?? '';
  // Ports exist only for TCP (1), UDP (2), SCTP (5); a oneof switch resets them, so they are 0
  // otherwise.
  const srcPort = f.srcPort;
  const dstPort = f.dstPort;
  const isReply = f.isReply;
  const id =
    f.uuid ||
    derivedFlowId(
      node,
      time,
      f.srcIp,
      srcPort,
      f.dstIp,
      dstPort,
      l4Name,
      verdict,
      f.eventType,
      f.eventSubType,
      isReply,
    );
  return {
    id,
    timeMs: seconds * 1000 + nanos / 1e6,
    time,
    node,
    verdict,
    dropReason: dropReasonText(f.dropReasonDesc, f.dropReason, f.verdict),
    dropReasonCode: f.dropReason || f.dropReasonDesc,
    type: flowTypeName(f.type),
    ipVersion: ipVersionName(f.ipVersion),
    l4: l4Name,
    tcpFlags: l4 === 1 ? tcpFlagsText(f.tcpFlags) : '',
    icmp: l4 === 3 || l4 === 4 ? { type: f.icmpType, code: f.icmpCode } : null,
    isReply,
    direction: directionName(f.direction),
    traceObservationPoint: tracePointName(f.tracePoint),
    eventType: f.eventType,
    eventSubType: f.eventSubType,
    iface: f.iface,
    policyMatchType: f.policyMatchType,
    summary: f.summary,
    encrypted: f.encrypted,
    src: endpoint(f.src, f.srcIp, srcPort),
    dst: endpoint(f.dst, f.dstIp, dstPort),
    l7: f.hasL7 ? layer7(f) : null,
    policies: {
      allowedBy: concat(f.egressAllowed, f.ingressAllowed),
      deniedBy: concat(f.egressDenied, f.ingressDenied),
    },
  };
}

function endpoint(e: EndpointAcc, ip: string, port: number): EndpointRecord {
  return {
    identity: e.identity,
    endpointId: e.id,
    namespace: e.namespace,
    pod: e.pod,
    cluster: e.cluster,
    labels: e.labels ?? [],
    workloads: e.workloads ?? [],
    ip,
    port,
    names: e.names ?? [],
    service: serviceName(e.svcNamespace, e.svcName),
  };
}

function layer7(f: FlowAcc): L7Record {
  return {
    type: l7TypeName(f.l7Type),
    latencyNs: f.latencyNs,
    http:
      f.l7 === 101
        ? { code: f.httpCode, method: f.httpMethod, url: f.httpUrl, protocol: f.httpProtocol }
        : null,
    dns:
      f.l7 === 100
        ? {
            query: f.dnsQuery,
            rcode: f.dnsRcode,
            qtypes: f.dnsQtypes ?? [],
            rrtypes: f.dnsRrtypes ?? [],
            ips: f.dnsIps ?? [],
            ttl: f.dnsTtl,
            observationSource: f.dnsSource,
          }
        : null,
    kafkaTopic: f.l7 === 102 ? f.kafkaTopic : null,
  };
}

function concat(a: string[] | null, b: string[] | null): string[] {
  if (a === null) return b ?? [];
  if (b === null) return a;
  for (let i = 0; i < b.length; i++) a.push(b[i]!);
  return a;
}
