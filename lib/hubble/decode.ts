/**
 * Protobuf GetFlowsResponse / Flow -> plain records (lib/model/flow-record.ts). The only place where
 * proto enums become strings; nothing past this module sees a protobuf type.
 *
 * Hot path (every flow of every node goes through decodeFlow): enum names come from arrays indexed by
 * number, there are no per-flow closures or regexes, and RFC 3339 prefixes are cached per second
 * because flows arrive in (roughly) time order.
 */
import type { DescEnum } from '@bufbuild/protobuf';
import type { Timestamp } from '@bufbuild/protobuf/wkt';
import {
  DropReasonSchema,
  FlowTypeSchema,
  L7FlowTypeSchema,
  LostEventSourceSchema,
  TraceObservationPointSchema,
  VerdictSchema,
  type Endpoint,
  type Flow,
  type Layer4,
  type Policy,
  type Service,
} from '@/proto/gen/flow/flow_pb';
import { NodeStateSchema } from '@/proto/gen/relay/relay_pb';
import type { GetFlowsResponse } from '@/proto/gen/observer/observer_pb';
import type {
  EndpointRecord,
  FlowRecord,
  FlowType,
  L4Protocol,
  L7Record,
  Verdict,
} from '@/lib/model/flow-record';
import type { NodeState } from '@/lib/model/hubble-health';
import type { UpstreamEvent } from '@/lib/hubble/upstream-events';

/** What one GetFlowsResponse decodes to: the UpstreamEvent shapes without `raw`, or `unknown`. */
export type DecodedResponse =
  | Omit<Extract<UpstreamEvent, { kind: 'flow' }>, 'raw'>
  | Extract<UpstreamEvent, { kind: 'node_status' }>
  | Extract<UpstreamEvent, { kind: 'lost' }>
  | { kind: 'unknown' };

function nameTable(e: DescEnum): string[] {
  const names: string[] = [];
  for (const v of e.values) names[v.number] = v.name;
  return names;
}

const VERDICT = nameTable(VerdictSchema);
const FLOW_TYPE = nameTable(FlowTypeSchema);
const DROP_REASON = nameTable(DropReasonSchema);
const L7_TYPE = nameTable(L7FlowTypeSchema);
const TRACE_POINT = nameTable(TraceObservationPointSchema);
const LOST_SOURCE = nameTable(LostEventSourceSchema);
const NODE_STATE = nameTable(NodeStateSchema);
const DROPPED = 2; // Verdict.DROPPED

/** Enum name for `n`, or `CODE_<n>` when our transcription does not know the number. */
function enumName(table: string[], n: number): string {
  return table[n] ?? `CODE_${n}`;
}

/** DropReason name for a numeric drop code (`CODE_<n>` when unknown to the v1.19 enum). */
export function dropReasonName(code: number): string {
  return enumName(DROP_REASON, code);
}

// One-entry cache: consecutive flows usually share the same second.
let cachedSecond = Number.NaN;
let cachedPrefix = '';

/**
 * RFC 3339 in UTC with 0, 3, 6 or 9 fractional digits: the same text protojson (and so
 * `hubble observe -o jsonpb`) prints for the timestamp.
 */
export function formatTimestamp(seconds: number, nanos: number): string {
  if (seconds !== cachedSecond) {
    cachedSecond = seconds;
    cachedPrefix = new Date(seconds * 1000).toISOString().slice(0, 19);
  }
  if (nanos === 0) return cachedPrefix + 'Z';
  let frac = String(nanos + 1_000_000_000).slice(1);
  if (nanos % 1_000_000 === 0) frac = frac.slice(0, 3);
  else if (nanos % 1000 === 0) frac = frac.slice(0, 6);
  return cachedPrefix + '.' + frac + 'Z';
}

function timeMsOf(t: Timestamp | undefined): number {
  return t === undefined ? 0 : Number(t.seconds) * 1000 + t.nanos / 1e6;
}

/**
 * Decodes one GetFlowsResponse. Flow responses without a node name on the flow take the response's;
 * responses with no (or an unknown) payload decode to `{ kind: 'unknown' }`.
 */
export function decodeResponse(msg: GetFlowsResponse): DecodedResponse {
  const rt = msg.responseTypes;
  switch (rt.case) {
    case 'flow':
      return { kind: 'flow', record: decodeFlow(rt.value, msg.nodeName, msg.time) };
    case 'nodeStatus': {
      const state = NODE_STATE[rt.value.stateChange] ?? 'UNKNOWN_NODE_STATE';
      return {
        kind: 'node_status',
        state: state as NodeState,
        nodes: rt.value.nodeNames,
        message: rt.value.message,
        timeMs: msg.time ? timeMsOf(msg.time) : Date.now(),
      };
    }
    case 'lostEvents': {
      const lost = rt.value;
      return {
        kind: 'lost',
        source: enumName(LOST_SOURCE, lost.source),
        count: Number(lost.numEventsLost),
        node: msg.nodeName,
        cpu: lost.cpu ?? null,
        timeMs: msg.time ? timeMsOf(msg.time) : Date.now(),
      };
    }
    default:
      return { kind: 'unknown' };
  }
}

/**
 * Decodes a Flow into a FlowRecord. `responseNodeName` / `responseTime` (from the enclosing
 * GetFlowsResponse) stand in when the flow itself lacks node_name / time (field-masked flows).
 *
 * `id` is the flow's uuid when present; otherwise a key derived from node, exact time, 5-tuple,
 * verdict, event type/sub type and is_reply, so that the same flow re-sent after a resume gets the
 * same id. Arrays of strings (labels, names) are shared with the message, not copied.
 */
export function decodeFlow(
  flow: Flow,
  responseNodeName = '',
  responseTime?: Timestamp,
): FlowRecord {
  const t = flow.time ?? responseTime;
  const seconds = t === undefined ? 0 : Number(t.seconds);
  const nanos = t === undefined ? 0 : t.nanos;
  const time = formatTimestamp(seconds, nanos);
  const node = flow.nodeName || responseNodeName;
  const verdict = enumName(VERDICT, flow.verdict) as Verdict;

  const ip = flow.IP;
  const l4 = flow.l4;
  let l4Name: L4Protocol = '';
  let srcPort = 0;
  let dstPort = 0;
  let tcpFlags = '';
  let icmp: FlowRecord['icmp'] = null;
  if (l4 !== undefined) {
    const p = l4.protocol;
    switch (p.case) {
      case 'TCP':
        srcPort = p.value.sourcePort;
        dstPort = p.value.destinationPort;
        tcpFlags = flagsText(p.value.flags);
        break;
      case 'UDP':
      case 'SCTP':
        srcPort = p.value.sourcePort;
        dstPort = p.value.destinationPort;
        break;
      case 'ICMPv4':
      case 'ICMPv6':
        icmp = { type: p.value.type, code: p.value.code };
        break;
    }
    l4Name = (p.case ?? '') as L4Protocol;
  }

  const dropCode = flow.dropReason || flow.dropReasonDesc;
  let dropReason = '';
  if (flow.dropReasonDesc !== 0) dropReason = enumName(DROP_REASON, flow.dropReasonDesc);
  else if (flow.dropReason !== 0) dropReason = enumName(DROP_REASON, flow.dropReason);
  else if (flow.verdict === DROPPED) dropReason = 'DROP_REASON_UNKNOWN';

  const ev = flow.eventType;
  const eventType = ev === undefined ? 0 : ev.type;
  const eventSubType = ev === undefined ? 0 : ev.subType;
  const isReply = flow.isReply ?? null;
  const srcIp = ip === undefined ? '' : ip.source;
  const dstIp = ip === undefined ? '' : ip.destination;

  const id =
    flow.uuid ||
    `d:${node}|${time}|${srcIp}:${srcPort}>${dstIp}:${dstPort}/${l4Name}|${verdict}|${eventType}.${eventSubType}|${isReply}`;

  const dir = flow.trafficDirection;
  return {
    id,
    timeMs: seconds * 1000 + nanos / 1e6,
    time,
    node,
    verdict,
    dropReason,
    dropReasonCode: dropCode,
    type: enumName(FLOW_TYPE, flow.Type) as FlowType,
    ipVersion:
      ip === undefined ? '' : ip.ipVersion === 1 ? 'IPv4' : ip.ipVersion === 2 ? 'IPv6' : '',
    l4: l4Name,
    tcpFlags,
    icmp,
    isReply,
    direction: dir === 1 ? 'INGRESS' : dir === 2 ? 'EGRESS' : '',
    traceObservationPoint:
      flow.traceObservationPoint === 0 ? '' : enumName(TRACE_POINT, flow.traceObservationPoint),
    eventType,
    eventSubType,
    iface: flow.interface === undefined ? '' : flow.interface.name,
    policyMatchType: flow.policyMatchType,
    summary: flow.Summary,
    encrypted: ip !== undefined && ip.encrypted,
    src: endpoint(flow.source, srcIp, srcPort, flow.sourceNames, flow.sourceService),
    dst: endpoint(flow.destination, dstIp, dstPort, flow.destinationNames, flow.destinationService),
    l7: flow.l7 === undefined ? null : layer7(flow),
    policies: {
      allowedBy: policyNames(flow.egressAllowedBy, flow.ingressAllowedBy),
      deniedBy: policyNames(flow.egressDeniedBy, flow.ingressDeniedBy),
    },
  };
}

function endpoint(
  ep: Endpoint | undefined,
  ip: string,
  port: number,
  names: string[],
  svc: Service | undefined,
): EndpointRecord {
  const workloads: EndpointRecord['workloads'] = [];
  if (ep !== undefined) {
    for (let i = 0; i < ep.workloads.length; i++) {
      const w = ep.workloads[i]!;
      workloads.push({ name: w.name, kind: w.kind });
    }
  }
  return {
    identity: ep === undefined ? 0 : ep.identity,
    endpointId: ep === undefined ? 0 : ep.ID,
    namespace: ep === undefined ? '' : ep.namespace,
    pod: ep === undefined ? '' : ep.podName,
    cluster: ep === undefined ? '' : ep.clusterName,
    labels: ep === undefined ? [] : ep.labels,
    workloads,
    ip,
    port,
    names,
    service: svc === undefined || svc.name === '' ? '' : qualified(svc.namespace, svc.name),
  };
}

function qualified(namespace: string, name: string): string {
  return namespace === '' ? name : namespace + '/' + name;
}

function policyNames(a: Policy[], b: Policy[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < a.length; i++) out.push(qualified(a[i]!.namespace, a[i]!.name));
  for (let i = 0; i < b.length; i++) out.push(qualified(b[i]!.namespace, b[i]!.name));
  return out;
}

type TcpFlags = Extract<Layer4['protocol'], { case: 'TCP' }>['value']['flags'];

function flagsText(f: TcpFlags): string {
  if (f === undefined) return '';
  let s = '';
  if (f.FIN) s += ',FIN';
  if (f.SYN) s += ',SYN';
  if (f.RST) s += ',RST';
  if (f.PSH) s += ',PSH';
  if (f.ACK) s += ',ACK';
  if (f.URG) s += ',URG';
  if (f.ECE) s += ',ECE';
  if (f.CWR) s += ',CWR';
  if (f.NS) s += ',NS';
  return s === '' ? '' : s.slice(1);
}

function layer7(flow: Flow): L7Record {
  const l7 = flow.l7!;
  const rec = l7.record;
  const out: L7Record = {
    type: enumName(L7_TYPE, l7.type) as L7Record['type'],
    latencyNs: Number(l7.latencyNs),
    http: null,
    dns: null,
    kafkaTopic: null,
  };
  switch (rec.case) {
    case 'http': {
      const h = rec.value;
      out.http = { code: h.code, method: h.method, url: h.url, protocol: h.protocol };
      break;
    }
    case 'dns': {
      const d = rec.value;
      out.dns = {
        query: d.query,
        rcode: d.rcode,
        qtypes: d.qtypes,
        rrtypes: d.rrtypes,
        ips: d.ips,
        ttl: d.ttl,
        observationSource: d.observationSource,
      };
      break;
    }
    case 'kafka':
      out.kafkaTopic = rec.value.topic;
      break;
  }
  return out;
}
