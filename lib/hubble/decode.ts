/**
 * Protobuf GetFlowsResponse / Flow messages -> plain records (lib/model/flow-record.ts). Together with
 * wire-decode.ts (the hot path: straight from wire bytes) the only place where proto enums become
 * strings; nothing past these modules sees a protobuf type. The number -> text tables and the id
 * derivation that both decoders use live in flow-text.ts.
 *
 * No per-flow closures or regexes: this path still serves tests, replays and tools.
 */
import type { Timestamp } from '@bufbuild/protobuf/wkt';
import type { Endpoint, Flow, Layer4, Policy, Service } from '@/proto/gen/flow/flow_pb';
import type { GetFlowsResponse } from '@/proto/gen/observer/observer_pb';
import type { EndpointRecord, FlowRecord, L4Protocol, L7Record } from '@/lib/model/flow-record';
import type { UpstreamEvent } from '@/lib/hubble/upstream-events';
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
  qualifiedName,
  serviceName,
  tcpFlagsText,
  tracePointName,
  verdictName,
} from '@/lib/hubble/flow-text';

// Existing importers (lib/server/compact-ring.ts, tests) take these from here.
export { dropReasonName, formatTimestamp } from '@/lib/hubble/flow-text';

/** What one GetFlowsResponse decodes to: the UpstreamEvent shapes without `raw`, or `unknown`. */
export type DecodedResponse =
  | Omit<Extract<UpstreamEvent, { kind: 'flow' }>, 'raw'>
  | Extract<UpstreamEvent, { kind: 'node_status' }>
  | Extract<UpstreamEvent, { kind: 'lost' }>
  | { kind: 'unknown' };

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
    case 'nodeStatus':
      return {
        kind: 'node_status',
        state: nodeStateName(rt.value.stateChange),
        nodes: rt.value.nodeNames,
        message: rt.value.message,
        timeMs: msg.time ? timeMsOf(msg.time) : Date.now(),
      };
    case 'lostEvents': {
      const lost = rt.value;
      return {
        kind: 'lost',
        source: lostSourceName(lost.source),
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
 * `id` is the flow's uuid when present, otherwise {@link derivedFlowId}. Arrays of strings (labels,
 * names) are shared with the message, not copied.
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
  const verdict = verdictName(flow.verdict);

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

  const ev = flow.eventType;
  const eventType = ev === undefined ? 0 : ev.type;
  const eventSubType = ev === undefined ? 0 : ev.subType;
  const isReply = flow.isReply ?? null;
  const srcIp = ip === undefined ? '' : ip.source;
  const dstIp = ip === undefined ? '' : ip.destination;
  const id =
    flow.uuid ||
    derivedFlowId(
      node,
      time,
      srcIp,
      srcPort,
      dstIp,
      dstPort,
      l4Name,
      verdict,
      eventType,
      eventSubType,
      isReply,
    );

  return {
    id,
    timeMs: seconds * 1000 + nanos / 1e6,
    time,
    node,
    verdict,
    dropReason: dropReasonText(flow.dropReasonDesc, flow.dropReason, flow.verdict),
    dropReasonCode: flow.dropReason || flow.dropReasonDesc,
    type: flowTypeName(flow.Type),
    ipVersion: ip === undefined ? '' : ipVersionName(ip.ipVersion),
    l4: l4Name,
    tcpFlags,
    icmp,
    isReply,
    direction: directionName(flow.trafficDirection),
    traceObservationPoint: tracePointName(flow.traceObservationPoint),
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
    service: svc === undefined ? '' : serviceName(svc.namespace, svc.name),
  };
}

function policyNames(a: Policy[], b: Policy[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < a.length; i++) out.push(qualifiedName(a[i]!.namespace, a[i]!.name));
  for (let i = 0; i < b.length; i++) out.push(qualifiedName(b[i]!.namespace, b[i]!.name));
  return out;
}

type TcpFlags = Extract<Layer4['protocol'], { case: 'TCP' }>['value']['flags'];

function flagsText(f: TcpFlags): string {
  if (f === undefined) return '';
  const mask =
    (f.FIN ? 1 : 0) |
    (f.SYN ? 2 : 0) |
    (f.RST ? 4 : 0) |
    (f.PSH ? 8 : 0) |
    (f.ACK ? 16 : 0) |
    (f.URG ? 32 : 0) |
    (f.ECE ? 64 : 0) |
    (f.CWR ? 128 : 0) |
    (f.NS ? 256 : 0);
  return tcpFlagsText(mask);
}

function layer7(flow: Flow): L7Record {
  const l7 = flow.l7!;
  const rec = l7.record;
  const out: L7Record = {
    type: l7TypeName(l7.type),
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
