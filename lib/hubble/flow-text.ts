/**
 * Number -> text mappings and id derivation shared by the two GetFlowsResponse decoders: decode.ts
 * (from protobuf-es messages) and wire-decode.ts (straight from wire bytes). Keeping them in one place
 * is what makes the two produce identical FlowRecords (checked by wire-decode.test.ts).
 *
 * Hot path: enum names come from arrays indexed by number, TCP flag texts are built once per mask,
 * and RFC 3339 prefixes are cached per second because flows arrive in (roughly) time order.
 */
import type { DescEnum } from '@bufbuild/protobuf';
import {
  DropReasonSchema,
  FlowTypeSchema,
  L7FlowTypeSchema,
  LostEventSourceSchema,
  TraceObservationPointSchema,
  VerdictSchema,
} from '@/proto/gen/flow/flow_pb';
import { NodeStateSchema } from '@/proto/gen/relay/relay_pb';
import type {
  FlowRecord,
  FlowType,
  L4Protocol,
  L7Record,
  TrafficDirection,
  Verdict,
} from '@/lib/model/flow-record';
import type { NodeState } from '@/lib/model/hubble-health';

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

/** Verdict name (`CODE_<n>` when unknown). */
export function verdictName(n: number): Verdict {
  return enumName(VERDICT, n) as Verdict;
}

/** FlowType name (`CODE_<n>` when unknown). */
export function flowTypeName(n: number): FlowType {
  return enumName(FLOW_TYPE, n) as FlowType;
}

/** L7FlowType name (`CODE_<n>` when unknown). */
export function l7TypeName(n: number): L7Record['type'] {
  return enumName(L7_TYPE, n) as L7Record['type'];
}

/** TraceObservationPoint name; '' for 0 (absent), `CODE_<n>` when unknown. */
export function tracePointName(n: number): string {
  return n === 0 ? '' : enumName(TRACE_POINT, n);
}

/** LostEventSource name (`CODE_<n>` when unknown). */
export function lostSourceName(n: number): string {
  return enumName(LOST_SOURCE, n);
}

/** relay.NodeState name; unknown numbers read as UNKNOWN_NODE_STATE (NodeState is a closed union). */
export function nodeStateName(n: number): NodeState {
  return (NODE_STATE[n] ?? 'UNKNOWN_NODE_STATE') as NodeState;
}

/**
 * FlowRecord.dropReason: `drop_reason_desc` when set, else the deprecated numeric `drop_reason`, else
 * DROP_REASON_UNKNOWN for DROPPED flows and '' for the rest.
 */
export function dropReasonText(desc: number, code: number, verdict: number): string {
  if (desc !== 0) return enumName(DROP_REASON, desc);
  if (code !== 0) return enumName(DROP_REASON, code);
  return verdict === DROPPED ? 'DROP_REASON_UNKNOWN' : '';
}

/** TrafficDirection as FlowRecord spells it ('' for unknown/absent). */
export function directionName(n: number): TrafficDirection {
  return n === 1 ? 'INGRESS' : n === 2 ? 'EGRESS' : '';
}

/** IPVersion as FlowRecord spells it ('' for IP_NOT_USED and unknown numbers). */
export function ipVersionName(n: number): FlowRecord['ipVersion'] {
  return n === 1 ? 'IPv4' : n === 2 ? 'IPv6' : '';
}

const TCP_FLAG_NAMES = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECE', 'CWR', 'NS'];
// All 512 combinations are small and few, so the text is built once per mask, not once per flow.
const tcpFlagsCache: string[] = [];

/**
 * TCP flags text (`SYN,ACK`) for a mask whose bit i is TCPFlags field i+1 (FIN = bit 0 ... NS =
 * bit 8), i.e. wire order.
 */
export function tcpFlagsText(mask: number): string {
  const m = mask & 0x1ff;
  let s = tcpFlagsCache[m];
  if (s === undefined) {
    const parts: string[] = [];
    for (let i = 0; i < TCP_FLAG_NAMES.length; i++)
      if (m & (1 << i)) parts.push(TCP_FLAG_NAMES[i]!);
    s = tcpFlagsCache[m] = parts.join(',');
  }
  return s;
}

/** `namespace/name`, or just `name` when the namespace is empty (services, policies). */
export function qualifiedName(namespace: string, name: string): string {
  return namespace === '' ? name : namespace + '/' + name;
}

/** EndpointRecord.service for a Service message's fields ('' when the name is empty). */
export function serviceName(namespace: string, name: string): string {
  return name === '' ? '' : qualifiedName(namespace, name);
}

/**
 * The id of a flow without uuid (old agents): node, exact time, 5-tuple, verdict, event type/sub
 * type and is_reply, so the same flow re-sent after a resume gets the same id.
 */
export function derivedFlowId(
  node: string,
  time: string,
  srcIp: string,
  srcPort: number,
  dstIp: string,
  dstPort: number,
  l4: L4Protocol,
  verdict: Verdict,
  eventType: number,
  eventSubType: number,
  isReply: boolean | null,
): string {
  return `d:${node}|${time}|${srcIp}:${srcPort}>${dstIp}:${dstPort}/${l4}|${verdict}|${eventType}.${eventSubType}|${isReply}`;
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

/**
 * The inverse of {@link formatTimestamp}: seconds and nanos of an RFC 3339 UTC text it printed (e.g.
 * FlowRecord.time), or null when the text is not of that form. Used off the hot path (resume points).
 */
export function parseTimestampText(text: string): { seconds: number; nanos: number } | null {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(text);
  if (m === null) return null;
  const ms = Date.parse(m[1] + 'Z');
  if (Number.isNaN(ms)) return null;
  return { seconds: ms / 1000, nanos: m[2] === undefined ? 0 : Number(m[2].padEnd(9, '0')) };
}
