/**
 * Building blocks for simulated flows: allocation-light factories for the small per-flow messages,
 * shared constant sub-messages, and the monitor event-type numbering.
 *
 * Messages are plain object literals with every field spelled out instead of `create(Schema, init)`:
 * `create` cost ~2 us per message, and a Flow has a dozen. The literal types below are the generated
 * message types, so the compiler checks that no field is forgotten. Objects passed through
 * {@link shareMessage} are frozen and shared by many flows; never mutate a flow's sub-messages.
 */
import type { Timestamp } from '@bufbuild/protobuf/wkt';
import {
  FlowType,
  IPVersion,
  TraceObservationPoint,
  TraceReason,
  TrafficDirection,
  Verdict,
  DropReason,
  AuthType,
  DebugCapturePoint,
  SocketTranslationPoint,
  type Flow,
  type IP,
  type Layer4,
  type NetworkInterface,
  type Service,
  type TCPFlags,
  type Ethernet,
  type CiliumEventType,
  type LostEventSource,
} from '@/proto/gen/flow/flow_pb';
import type { GetFlowsResponse } from '@/proto/gen/observer/observer_pb';
import { shareMessage } from '@/lib/sim/wire-encode';

/** A fresh Flow with every field at its proto3 default. */
export function newFlow(): Flow {
  return {
    $typeName: 'flow.Flow',
    time: undefined,
    uuid: '',
    emitter: undefined,
    verdict: Verdict.VERDICT_UNKNOWN,
    dropReason: 0,
    authType: AuthType.DISABLED,
    ethernet: undefined,
    IP: undefined,
    l4: undefined,
    tunnel: undefined,
    source: undefined,
    destination: undefined,
    Type: FlowType.UNKNOWN_TYPE,
    nodeName: '',
    nodeLabels: EMPTY,
    sourceNames: EMPTY,
    destinationNames: EMPTY,
    l7: undefined,
    reply: false,
    eventType: undefined,
    sourceService: undefined,
    destinationService: undefined,
    trafficDirection: TrafficDirection.TRAFFIC_DIRECTION_UNKNOWN,
    policyMatchType: 0,
    traceObservationPoint: TraceObservationPoint.UNKNOWN_POINT,
    traceReason: TraceReason.TRACE_REASON_UNKNOWN,
    file: undefined,
    ipTraceId: undefined,
    dropReasonDesc: DropReason.DROP_REASON_UNKNOWN,
    isReply: undefined,
    debugCapturePoint: DebugCapturePoint.DBG_CAPTURE_POINT_UNKNOWN,
    interface: undefined,
    proxyPort: 0,
    traceContext: undefined,
    sockXlatePoint: SocketTranslationPoint.SOCK_XLATE_POINT_UNKNOWN,
    socketCookie: 0n,
    cgroupId: 0n,
    Summary: '',
    extensions: undefined,
    egressAllowedBy: EMPTY_POLICIES,
    ingressAllowedBy: EMPTY_POLICIES,
    egressDeniedBy: EMPTY_POLICIES,
    ingressDeniedBy: EMPTY_POLICIES,
    policyLog: EMPTY,
    aggregate: undefined,
  };
}

// Shared empty lists: a Flow's repeated fields are only ever replaced, never pushed to.
/** A shared, frozen empty list for repeated string fields. */
export const EMPTY: string[] = Object.freeze([]) as unknown as string[];
const EMPTY_POLICIES: Flow['egressAllowedBy'] = Object.freeze(
  [],
) as unknown as Flow['egressAllowedBy'];

/** A Timestamp message from seconds and nanoseconds. */
export function timestamp(sec: number, nanos: number): Timestamp {
  return { $typeName: 'google.protobuf.Timestamp', seconds: BigInt(sec), nanos };
}

/** A Timestamp message from epoch milliseconds (fractions kept to the nanosecond). */
export function timestampMs(ms: number): Timestamp {
  const sec = Math.floor(ms / 1000);
  return timestamp(sec, Math.round((ms - sec * 1000) * 1e6));
}

/** A lost-events response as an agent (or Relay, for HUBBLE_RING_BUFFER) reports it. */
export function lostEventResponse(
  nodeName: string,
  source: LostEventSource,
  count: number,
  time: Timestamp,
  extra: { cpu?: number; first?: Timestamp; last?: Timestamp } = {},
): GetFlowsResponse {
  return {
    $typeName: 'observer.GetFlowsResponse',
    responseTypes: {
      case: 'lostEvents',
      value: {
        $typeName: 'flow.LostEvent',
        source,
        numEventsLost: BigInt(count),
        cpu: extra.cpu,
        first: extra.first,
        last: extra.last,
      },
    },
    nodeName,
    time,
  };
}

/** Frozen TCP flag sets (one object per combination, shared by every flow). */
export const FLAGS = {
  SYN: tcpFlags({ SYN: true }),
  SYN_ACK: tcpFlags({ SYN: true, ACK: true }),
  ACK: tcpFlags({ ACK: true }),
  PSH_ACK: tcpFlags({ PSH: true, ACK: true }),
  FIN_ACK: tcpFlags({ FIN: true, ACK: true }),
  RST: tcpFlags({ RST: true }),
  RST_ACK: tcpFlags({ RST: true, ACK: true }),
} as const;

/** Name of a TCP flag combination in {@link FLAGS}. */
export type FlagSet = keyof typeof FLAGS;

/** Hubble's `Summary` text for each flag set (flag order as the agent prints it). */
export const FLAG_SUMMARY: Record<FlagSet, string> = {
  SYN: 'TCP Flags: SYN',
  SYN_ACK: 'TCP Flags: SYN, ACK',
  ACK: 'TCP Flags: ACK',
  PSH_ACK: 'TCP Flags: ACK, PSH',
  FIN_ACK: 'TCP Flags: ACK, FIN',
  RST: 'TCP Flags: RST',
  RST_ACK: 'TCP Flags: ACK, RST',
};

function tcpFlags(set: Partial<Omit<TCPFlags, '$typeName'>>): TCPFlags {
  return shareMessage({
    $typeName: 'flow.TCPFlags',
    FIN: false,
    SYN: false,
    RST: false,
    PSH: false,
    ACK: false,
    URG: false,
    ECE: false,
    CWR: false,
    NS: false,
    ...set,
  });
}

/** Layer4 with TCP ports and (shared) flags; L7 records carry none. */
export function l4Tcp(
  sourcePort: number,
  destinationPort: number,
  flags: TCPFlags | undefined,
): Layer4 {
  return {
    $typeName: 'flow.Layer4',
    protocol: { case: 'TCP', value: { $typeName: 'flow.TCP', sourcePort, destinationPort, flags } },
  };
}

/** Layer4 with UDP ports. */
export function l4Udp(sourcePort: number, destinationPort: number): Layer4 {
  return {
    $typeName: 'flow.Layer4',
    protocol: { case: 'UDP', value: { $typeName: 'flow.UDP', sourcePort, destinationPort } },
  };
}

/** Layer4 with an ICMPv4 type/code. */
export function l4Icmp4(type: number, code = 0): Layer4 {
  return {
    $typeName: 'flow.Layer4',
    protocol: { case: 'ICMPv4', value: { $typeName: 'flow.ICMPv4', type, code } },
  };
}

/** Layer4 with an ICMPv6 type/code. */
export function l4Icmp6(type: number, code = 0): Layer4 {
  return {
    $typeName: 'flow.Layer4',
    protocol: { case: 'ICMPv6', value: { $typeName: 'flow.ICMPv6', type, code } },
  };
}

/** An IPv4 header. */
export function ipv4(source: string, destination: string): IP {
  return {
    $typeName: 'flow.IP',
    source,
    sourceXlated: '',
    destination,
    ipVersion: IPVersion.IPv4,
    encrypted: false,
  };
}

/** An IPv6 header. */
export function ipv6(source: string, destination: string): IP {
  return { ...ipv4(source, destination), ipVersion: IPVersion.IPv6 };
}

/** An Ethernet header. */
export function ethernet(source: string, destination: string): Ethernet {
  return { $typeName: 'flow.Ethernet', source, destination };
}

const eventTypes = new Map<number, CiliumEventType>();

/** Shared `event_type` message for a monitor type / sub type pair (§7.4 of hubble-api.md). */
export function eventType(type: number, subType = 0): CiliumEventType {
  const key = type * 1024 + subType;
  let e = eventTypes.get(key);
  if (!e) {
    e = shareMessage<CiliumEventType>({ $typeName: 'flow.CiliumEventType', type, subType });
    eventTypes.set(key, e);
  }
  return e;
}

/** Monitor message types. */
export const MSG_DROP = 1;
export const MSG_TRACE = 4;
export const MSG_POLICY_VERDICT = 5;
export const MSG_L7 = 129;

/** Monitor trace sub types, which number the points differently from the proto (to-endpoint is 0). */
export const TRACE_SUBTYPE: Partial<Record<TraceObservationPoint, number>> = {
  [TraceObservationPoint.TO_ENDPOINT]: 0,
  [TraceObservationPoint.TO_PROXY]: 1,
  [TraceObservationPoint.TO_HOST]: 2,
  [TraceObservationPoint.TO_STACK]: 3,
  [TraceObservationPoint.TO_OVERLAY]: 4,
  [TraceObservationPoint.FROM_ENDPOINT]: 5,
  [TraceObservationPoint.FROM_PROXY]: 6,
  [TraceObservationPoint.FROM_HOST]: 7,
  [TraceObservationPoint.FROM_STACK]: 8,
  [TraceObservationPoint.FROM_OVERLAY]: 9,
  [TraceObservationPoint.FROM_NETWORK]: 10,
  [TraceObservationPoint.TO_NETWORK]: 11,
};

/** A shared Service message. */
export function serviceMsg(name: string, namespace: string): Service {
  return shareMessage({ $typeName: 'flow.Service', name, namespace });
}

/** The overlay device every node has (index as on a typical node). */
export const VXLAN_IFACE: NetworkInterface = shareMessage({
  $typeName: 'flow.NetworkInterface',
  index: 6,
  name: 'cilium_vxlan',
});
