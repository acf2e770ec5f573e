/**
 * The flow.Flow part of the wire decoder (wire-decode.ts): reads the fields a FlowRecord needs into
 * one reused accumulator and skips the rest by wire type. Field numbers are those of
 * proto/flow/flow.proto; case labels are precomputed tags, `(field << 3) | wire type`.
 *
 * Merge semantics follow protobuf (and so protobuf-es's fromBinary): a sub-message that occurs twice
 * is merged (scalars: last wins, repeated fields append), and a oneof that switches case starts the
 * new case from scratch. Parsing straight into the accumulator gives both for free, as long as a
 * oneof case change resets that case's fields.
 */
import {
  readEndpoint,
  readLayer4,
  readLayer7,
  readPolicyName,
  readService,
} from '@/lib/hubble/wire-flow-parts';
import { within, type Names, type WireReader } from '@/lib/hubble/wire-reader';
import type { FlowAcc } from '@/lib/hubble/wire-flow-acc';

// prettier-ignore
const FLOW: Names = {
  1: 'time', 2: 'verdict', 3: 'drop_reason', 5: 'IP', 6: 'l4', 8: 'source', 9: 'destination',
  10: 'Type', 11: 'node_name', 13: 'source_names', 14: 'destination_names', 15: 'l7',
  19: 'event_type', 20: 'source_service', 21: 'destination_service', 22: 'traffic_direction',
  23: 'policy_match_type', 24: 'trace_observation_point', 25: 'drop_reason_desc', 26: 'is_reply',
  28: 'interface', 34: 'uuid', 100000: 'Summary', 21001: 'egress_allowed_by',
  21002: 'ingress_allowed_by', 21004: 'egress_denied_by', 21005: 'ingress_denied_by',
};

/** Reads one (occurrence of a) Flow message, `r.pos` .. `end`, into `f`. */
export function readFlow(r: WireReader, end: number, f: FlowAcc): void {
  let tag = 0;
  try {
    while (r.pos < end) {
      tag = r.varint32();
      switch (tag) {
        case 10: // 1 time
          f.hasTime = true;
          readTimestamp(r, r.span(end), f);
          break;
        case 16: // 2 verdict
          f.verdict = r.varint32() | 0;
          break;
        case 24: // 3 drop_reason (uint32)
          f.dropReason = r.varint32();
          break;
        case 42: // 5 IP
          readIp(r, r.span(end), f);
          break;
        case 50: // 6 l4
          readLayer4(r, r.span(end), f);
          break;
        case 66: // 8 source
          readEndpoint(r, r.span(end), f.src);
          break;
        case 74: // 9 destination
          readEndpoint(r, r.span(end), f.dst);
          break;
        case 80: // 10 Type
          f.type = r.varint32() | 0;
          break;
        case 90: // 11 node_name
          f.nodeName = r.string(end);
          break;
        case 106: // 13 source_names
          f.src.names = r.appendString(f.src.names, end);
          break;
        case 114: // 14 destination_names
          f.dst.names = r.appendString(f.dst.names, end);
          break;
        case 122: // 15 l7
          f.hasL7 = true;
          readLayer7(r, r.span(end), f);
          break;
        case 154: // 19 event_type
          readEventType(r, r.span(end), f);
          break;
        case 162: // 20 source_service
          readService(r, r.span(end), f.src);
          break;
        case 170: // 21 destination_service
          readService(r, r.span(end), f.dst);
          break;
        case 176: // 22 traffic_direction
          f.direction = r.varint32() | 0;
          break;
        case 184: // 23 policy_match_type (uint32)
          f.policyMatchType = r.varint32();
          break;
        case 192: // 24 trace_observation_point
          f.tracePoint = r.varint32() | 0;
          break;
        case 200: // 25 drop_reason_desc
          f.dropReasonDesc = r.varint32() | 0;
          break;
        case 210: // 26 is_reply (BoolValue: present and empty means false)
          f.isReply = readBoolValue(r, r.span(end), f.isReply ?? false);
          break;
        case 226: // 28 interface
          f.iface = readInterfaceName(r, r.span(end), f.iface);
          break;
        case 274: // 34 uuid
          f.uuid = r.uniqueString(end);
          break;
        case 800002: // 100000 Summary
          f.summary = r.string(end);
          break;
        case 168010: // 21001 egress_allowed_by
          f.egressAllowed = push(f.egressAllowed, readPolicyName(r, r.span(end)));
          break;
        case 168018: // 21002 ingress_allowed_by
          f.ingressAllowed = push(f.ingressAllowed, readPolicyName(r, r.span(end)));
          break;
        case 168034: // 21004 egress_denied_by
          f.egressDenied = push(f.egressDenied, readPolicyName(r, r.span(end)));
          break;
        case 168042: // 21005 ingress_denied_by
          f.ingressDenied = push(f.ingressDenied, readPolicyName(r, r.span(end)));
          break;
        default:
          if (FLOW[tag >>> 3] !== undefined) r.wrongType(tag, FLOW_LEN.has(tag >>> 3) ? 2 : 0);
          r.skip(tag, end);
      }
    }
    r.checkEnd(end);
  } catch (err) {
    throw within(err, FLOW, tag);
  }
}

// Known Flow fields that are length-delimited (the others we read are varints).
// prettier-ignore
const FLOW_LEN = new Set([1, 5, 6, 8, 9, 11, 13, 14, 15, 19, 20, 21, 26, 28, 34, 100000, 21001, 21002, 21004, 21005]);

const TIMESTAMP: Names = { 1: 'seconds', 2: 'nanos' };

/** Merges a google.protobuf.Timestamp into `t.seconds` / `t.nanos`. */
export function readTimestamp(
  r: WireReader,
  end: number,
  t: { seconds: number; nanos: number },
): void {
  let tag = 0;
  try {
    while (r.pos < end) {
      tag = r.varint32();
      if (tag === 8) t.seconds = r.varint64(true);
      else if (tag === 16) t.nanos = r.varint32() | 0;
      else if (tag >>> 3 === 1 || tag >>> 3 === 2) r.wrongType(tag, 0);
      else r.skip(tag, end);
    }
    r.checkEnd(end);
  } catch (err) {
    throw within(err, TIMESTAMP, tag);
  }
}

const IP: Names = { 1: 'source', 2: 'destination', 3: 'ipVersion', 4: 'encrypted' };

function readIp(r: WireReader, end: number, f: FlowAcc): void {
  let tag = 0;
  try {
    while (r.pos < end) {
      tag = r.varint32();
      if (tag === 10) f.srcIp = r.string(end);
      else if (tag === 18) f.dstIp = r.string(end);
      else if (tag === 24) f.ipVersion = r.varint32() | 0;
      else if (tag === 32) f.encrypted = r.bool();
      else if (IP[tag >>> 3] !== undefined) r.wrongType(tag, tag >>> 3 <= 2 ? 2 : 0);
      else r.skip(tag, end);
    }
    r.checkEnd(end);
  } catch (err) {
    throw within(err, IP, tag);
  }
}

const EVENT_TYPE: Names = { 1: 'type', 2: 'sub_type' };

function readEventType(r: WireReader, end: number, f: FlowAcc): void {
  let tag = 0;
  try {
    while (r.pos < end) {
      tag = r.varint32();
      if (tag === 8) f.eventType = r.varint32() | 0;
      else if (tag === 16) f.eventSubType = r.varint32() | 0;
      else if (tag >>> 3 === 1 || tag >>> 3 === 2) r.wrongType(tag, 0);
      else r.skip(tag, end);
    }
    r.checkEnd(end);
  } catch (err) {
    throw within(err, EVENT_TYPE, tag);
  }
}

const VALUE: Names = { 1: 'value' };

/** google.protobuf.BoolValue field 1, merged over `prior` (an empty BoolValue is false). */
export function readBoolValue(r: WireReader, end: number, prior: boolean): boolean {
  const v = readWrappedVarint(r, end, prior ? 1 : 0, true);
  return v !== 0;
}

/** google.protobuf.Int32Value field 1, merged over `prior` (an empty Int32Value is 0). */
export function readInt32Value(r: WireReader, end: number, prior: number): number {
  return readWrappedVarint(r, end, prior, false);
}

function readWrappedVarint(r: WireReader, end: number, prior: number, bool: boolean): number {
  let tag = 0;
  let v = prior;
  try {
    while (r.pos < end) {
      tag = r.varint32();
      if (tag === 8) v = bool ? (r.bool() ? 1 : 0) : r.varint32() | 0;
      else if (tag >>> 3 === 1) r.wrongType(tag, 0);
      else r.skip(tag, end);
    }
    r.checkEnd(end);
  } catch (err) {
    throw within(err, VALUE, tag);
  }
  return v;
}

const INTERFACE: Names = { 1: 'index', 2: 'name' };

function readInterfaceName(r: WireReader, end: number, prior: string): string {
  let tag = 0;
  let name = prior;
  try {
    while (r.pos < end) {
      tag = r.varint32();
      if (tag === 18) name = r.string(end);
      else if (tag >>> 3 === 2) r.wrongType(tag, 2);
      else r.skip(tag, end);
    }
    r.checkEnd(end);
  } catch (err) {
    throw within(err, INTERFACE, tag);
  }
  return name;
}

function push(list: string[] | null, s: string): string[] {
  if (list === null) return [s];
  list.push(s);
  return list;
}
