/**
 * Sub-messages of flow.Flow for the wire decoder (wire-flow.ts): Layer4 (TCP/UDP/SCTP ports, TCP
 * flags, ICMP), Endpoint with its Workloads, Service, Policy, and Layer7 (DNS, HTTP, Kafka). Same
 * conventions as wire-flow.ts: precomputed tags as case labels, fields merged into the accumulator,
 * a oneof case change resets that oneof's fields.
 */
import { qualifiedName } from '@/lib/hubble/flow-text';
import type { EndpointAcc, FlowAcc } from '@/lib/hubble/wire-flow-acc';
import { within, type Names, type WireReader } from '@/lib/hubble/wire-reader';
import type { Workload } from '@/lib/model/flow-record';

const L4: Names = { 1: 'TCP', 2: 'UDP', 3: 'ICMPv4', 4: 'ICMPv6', 5: 'SCTP', 6: 'VRRP', 7: 'IGMP' };
const PORTS: Names = { 1: 'source_port', 2: 'destination_port', 3: 'flags' };
const ICMP: Names = { 1: 'type', 2: 'code' };

/** Merges a Layer4 into `f`; switching protocol (the oneof case) resets ports, flags and ICMP. */
export function readLayer4(r: WireReader, end: number, f: FlowAcc): void {
  let tag = 0;
  try {
    while (r.pos < end) {
      tag = r.varint32();
      const no = tag >>> 3;
      if (no >= 1 && no <= 7) {
        if ((tag & 7) !== 2) r.wrongType(tag, 2);
        if (f.l4 !== no) f.resetL4(no);
        const stop = r.span(end);
        if (no === 1 || no === 2 || no === 5) readPorts(r, stop, f, no === 1);
        else if (no === 3 || no === 4) readIcmp(r, stop, f);
        else r.pos = stop; // VRRP, IGMP: only the protocol name is kept
      } else {
        r.skip(tag, end);
      }
    }
    r.checkEnd(end);
  } catch (err) {
    throw within(err, L4, tag);
  }
}

/** TCP, UDP or SCTP: ports (and for TCP the flags). */
function readPorts(r: WireReader, end: number, f: FlowAcc, tcp: boolean): void {
  let tag = 0;
  try {
    while (r.pos < end) {
      tag = r.varint32();
      if (tag === 8) f.srcPort = r.varint32();
      else if (tag === 16) f.dstPort = r.varint32();
      else if (tcp && tag === 26) f.tcpFlags = readTcpFlags(r, r.span(end), f.tcpFlags);
      else if (tag >>> 3 === 1 || tag >>> 3 === 2 || (tcp && tag >>> 3 === 3)) {
        r.wrongType(tag, tag >>> 3 === 3 ? 2 : 0);
      } else r.skip(tag, end);
    }
    r.checkEnd(end);
  } catch (err) {
    throw within(err, PORTS, tag);
  }
}

// prettier-ignore
const FLAGS: Names = { 1: 'FIN', 2: 'SYN', 3: 'RST', 4: 'PSH', 5: 'ACK', 6: 'URG', 7: 'ECE', 8: 'CWR', 9: 'NS' };

function readTcpFlags(r: WireReader, end: number, mask: number): number {
  let tag = 0;
  try {
    while (r.pos < end) {
      tag = r.varint32();
      const no = tag >>> 3;
      if (no >= 1 && no <= 9) {
        if ((tag & 7) !== 0) r.wrongType(tag, 0);
        const bit = 1 << (no - 1);
        mask = r.bool() ? mask | bit : mask & ~bit;
      } else r.skip(tag, end);
    }
    r.checkEnd(end);
  } catch (err) {
    throw within(err, FLAGS, tag);
  }
  return mask;
}

function readIcmp(r: WireReader, end: number, f: FlowAcc): void {
  let tag = 0;
  try {
    while (r.pos < end) {
      tag = r.varint32();
      if (tag === 8) f.icmpType = r.varint32();
      else if (tag === 16) f.icmpCode = r.varint32();
      else if (tag >>> 3 === 1 || tag >>> 3 === 2) r.wrongType(tag, 0);
      else r.skip(tag, end);
    }
    r.checkEnd(end);
  } catch (err) {
    throw within(err, ICMP, tag);
  }
}

// prettier-ignore
const ENDPOINT: Names = { 1: 'ID', 2: 'identity', 3: 'namespace', 4: 'labels', 5: 'pod_name', 6: 'workloads', 7: 'cluster_name' };
const WORKLOAD: Names = { 1: 'name', 2: 'kind' };

/** Merges an Endpoint into `e`: scalars last-wins, labels and workloads appended. */
export function readEndpoint(r: WireReader, end: number, e: EndpointAcc): void {
  let tag = 0;
  try {
    while (r.pos < end) {
      tag = r.varint32();
      switch (tag) {
        case 8:
          e.id = r.varint32();
          break;
        case 16:
          e.identity = r.varint32();
          break;
        case 26:
          e.namespace = r.string(end);
          break;
        case 34:
          e.labels = r.appendString(e.labels, end);
          break;
        case 42:
          e.pod = r.string(end);
          break;
        case 50: {
          const w = readWorkload(r, r.span(end));
          if (e.workloads === null) e.workloads = [w];
          else e.workloads.push(w);
          break;
        }
        case 58:
          e.cluster = r.string(end);
          break;
        default:
          if (ENDPOINT[tag >>> 3] !== undefined) r.wrongType(tag, tag >>> 3 <= 2 ? 0 : 2);
          r.skip(tag, end);
      }
    }
    r.checkEnd(end);
  } catch (err) {
    throw within(err, ENDPOINT, tag);
  }
}

const NAME_PAIR: Names = { 1: 'name', 2: 'namespace' };

// Results of readPair (string fields 1 and 2 of Workload, Service, Policy), in module variables
// rather than a result object per call; the caller presets them to the fields' prior values.
let pair1 = '';
let pair2 = '';

function readPair(r: WireReader, end: number, names: Names): void {
  let tag = 0;
  try {
    while (r.pos < end) {
      tag = r.varint32();
      if (tag === 10) pair1 = r.string(end);
      else if (tag === 18) pair2 = r.string(end);
      else if (tag >>> 3 === 1 || tag >>> 3 === 2) r.wrongType(tag, 2);
      else r.skip(tag, end);
    }
    r.checkEnd(end);
  } catch (err) {
    throw within(err, names, tag);
  }
}

function readWorkload(r: WireReader, end: number): Workload {
  pair1 = pair2 = '';
  readPair(r, end, WORKLOAD);
  return { name: pair1, kind: pair2 };
}

/** Merges a Service into `e` (name and namespace only). */
export function readService(r: WireReader, end: number, e: EndpointAcc): void {
  pair1 = e.svcName; // merge: a field absent from this occurrence keeps its earlier value
  pair2 = e.svcNamespace;
  readPair(r, end, NAME_PAIR);
  e.svcName = pair1;
  e.svcNamespace = pair2;
}

/** Policy (name 1, namespace 2; the rest skipped) as `namespace/name`. */
export function readPolicyName(r: WireReader, end: number): string {
  pair1 = pair2 = '';
  readPair(r, end, NAME_PAIR);
  return qualifiedName(pair2, pair1);
}

const L7: Names = { 1: 'type', 2: 'latency_ns', 100: 'dns', 101: 'http', 102: 'kafka' };
const HTTP: Names = { 1: 'code', 2: 'method', 3: 'url', 4: 'protocol' };
// prettier-ignore
const DNS: Names = { 1: 'query', 2: 'ips', 3: 'ttl', 5: 'observation_source', 6: 'rcode', 7: 'qtypes', 8: 'rrtypes' };
const KAFKA: Names = { 5: 'topic' };

/** Merges a Layer7 into `f`; switching record type (dns/http/kafka) resets the record's fields. */
export function readLayer7(r: WireReader, end: number, f: FlowAcc): void {
  let tag = 0;
  try {
    while (r.pos < end) {
      tag = r.varint32();
      const no = tag >>> 3;
      if (tag === 8) f.l7Type = r.varint32() | 0;
      else if (tag === 16) f.latencyNs = r.varint64(false);
      else if (no >= 100 && no <= 102) {
        if ((tag & 7) !== 2) r.wrongType(tag, 2);
        if (f.l7 !== no) f.resetL7(no);
        const stop = r.span(end);
        if (no === 100) readDns(r, stop, f);
        else if (no === 101) readHttp(r, stop, f);
        else readKafka(r, stop, f);
      } else if (no === 1 || no === 2) r.wrongType(tag, 0);
      else r.skip(tag, end);
    }
    r.checkEnd(end);
  } catch (err) {
    throw within(err, L7, tag);
  }
}

function readDns(r: WireReader, end: number, f: FlowAcc): void {
  let tag = 0;
  try {
    while (r.pos < end) {
      tag = r.varint32();
      switch (tag) {
        case 10:
          f.dnsQuery = r.string(end);
          break;
        case 18:
          f.dnsIps = r.appendString(f.dnsIps, end);
          break;
        case 24:
          f.dnsTtl = r.varint32();
          break;
        case 42:
          f.dnsSource = r.string(end);
          break;
        case 48:
          f.dnsRcode = r.varint32();
          break;
        case 58:
          f.dnsQtypes = r.appendString(f.dnsQtypes, end);
          break;
        case 66:
          f.dnsRrtypes = r.appendString(f.dnsRrtypes, end);
          break;
        default: {
          const no = tag >>> 3;
          if (DNS[no] !== undefined) r.wrongType(tag, no === 3 || no === 6 ? 0 : 2);
          r.skip(tag, end);
        }
      }
    }
    r.checkEnd(end);
  } catch (err) {
    throw within(err, DNS, tag);
  }
}

function readHttp(r: WireReader, end: number, f: FlowAcc): void {
  let tag = 0;
  try {
    while (r.pos < end) {
      tag = r.varint32();
      if (tag === 8) f.httpCode = r.varint32();
      else if (tag === 18) f.httpMethod = r.string(end);
      else if (tag === 26) f.httpUrl = r.string(end);
      else if (tag === 34) f.httpProtocol = r.string(end);
      else if (HTTP[tag >>> 3] !== undefined) r.wrongType(tag, tag >>> 3 === 1 ? 0 : 2);
      else r.skip(tag, end);
    }
    r.checkEnd(end);
  } catch (err) {
    throw within(err, HTTP, tag);
  }
}

function readKafka(r: WireReader, end: number, f: FlowAcc): void {
  let tag = 0;
  try {
    while (r.pos < end) {
      tag = r.varint32();
      if (tag === 42) f.kafkaTopic = r.string(end);
      else if (tag >>> 3 === 5) r.wrongType(tag, 2);
      else r.skip(tag, end);
    }
    r.checkEnd(end);
  } catch (err) {
    throw within(err, KAFKA, tag);
  }
}
