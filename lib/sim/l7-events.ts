/**
 * L7 records as Cilium's proxies report them (event type 129, `Type: L7`, no ethernet header, TCP
 * without flags): HTTP request/response pairs from the server-side (ingress) proxy and DNS
 * query/answer pairs from the client-side DNS proxy, with Hubble's `Summary` texts.
 */
import {
  FlowType,
  L7FlowType,
  TrafficDirection,
  Verdict,
  type DNS,
  type Flow,
  type HTTPHeader,
} from '@/proto/gen/flow/flow_pb';
import { baseFlow, setReply, type Conn, type FlowSink } from '@/lib/sim/conversation';
import { MSG_L7, eventType, l4Tcp } from '@/lib/sim/flow-parts';

function l7Base(conn: Conn, rev: boolean, node: number, direction: TrafficDirection): Flow {
  const f = baseFlow(conn, rev, node, null);
  f.Type = FlowType.L7;
  f.verdict = Verdict.FORWARDED;
  f.eventType = eventType(MSG_L7);
  f.trafficDirection = direction;
  setReply(f, rev);
  if (!conn.udp)
    f.l4 = l4Tcp(rev ? conn.sport : conn.cport, rev ? conn.cport : conn.sport, undefined);
  return f;
}

/** One HTTP request and its response. */
export interface HttpExchange {
  method: string;
  url: string;
  code: number;
  latencyNs: number;
  reqHeaders: HTTPHeader[];
  respHeaders: HTTPHeader[];
}

/** HTTP request and response records from the server-side (ingress) proxy. */
export function httpL7(sink: FlowSink, t: number, conn: Conn, x: HttpExchange): void {
  const node = conn.s.node;
  const req = l7Base(conn, false, node, TrafficDirection.INGRESS);
  req.l7 = {
    $typeName: 'flow.Layer7',
    type: L7FlowType.REQUEST,
    latencyNs: 0n,
    record: {
      case: 'http',
      value: {
        $typeName: 'flow.HTTP',
        code: 0,
        method: x.method,
        url: x.url,
        protocol: 'HTTP/1.1',
        headers: x.reqHeaders,
      },
    },
  };
  req.Summary = `HTTP/1.1 ${x.method} ${x.url}`;
  sink.emit(node, t, req);
  const resp = l7Base(conn, true, node, TrafficDirection.INGRESS);
  resp.l7 = {
    $typeName: 'flow.Layer7',
    type: L7FlowType.RESPONSE,
    latencyNs: BigInt(Math.round(x.latencyNs)),
    record: {
      case: 'http',
      value: {
        $typeName: 'flow.HTTP',
        code: x.code,
        method: x.method,
        url: x.url,
        protocol: 'HTTP/1.1',
        headers: x.respHeaders,
      },
    },
  };
  resp.Summary = `HTTP/1.1 ${x.code} ${Math.round(x.latencyNs / 1e6)}ms (${x.method} ${x.url})`;
  sink.emit(node, t + x.latencyNs, resp);
}

/** One DNS query and its answer. */
export interface DnsExchange {
  query: string;
  qtype: 'A' | 'AAAA';
  /** IANA rcode: 0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN. */
  rcode: number;
  ips: string[];
  ttl: number;
  latencyNs: number;
}

const RCODE_TEXT: Record<number, string> = {
  2: 'Server Failure',
  3: 'Non-Existent Domain',
  5: 'Refused',
};

/** DNS query and answer records from the client-side (egress) DNS proxy. */
export function dnsL7(sink: FlowSink, t: number, conn: Conn, x: DnsExchange): void {
  const node = conn.c.node;
  const qtypes = x.qtype === 'A' ? QT_A : QT_AAAA;
  const req = l7Base(conn, false, node, TrafficDirection.EGRESS);
  req.l7 = {
    $typeName: 'flow.Layer7',
    type: L7FlowType.REQUEST,
    latencyNs: 0n,
    record: { case: 'dns', value: dnsRecord(x.query, [], 0, 0, qtypes, []) },
  };
  req.Summary = `DNS Query ${x.query} ${x.qtype}`;
  sink.emit(node, t, req);
  const answered = x.rcode === 0 && x.ips.length > 0;
  const ttl = answered ? x.ttl : 4294967295;
  const resp = l7Base(conn, true, node, TrafficDirection.EGRESS);
  resp.l7 = {
    $typeName: 'flow.Layer7',
    type: L7FlowType.RESPONSE,
    latencyNs: BigInt(Math.round(x.latencyNs)),
    record: {
      case: 'dns',
      value: dnsRecord(x.query, x.ips, ttl, x.rcode, qtypes, answered ? qtypes : []),
    },
  };
  const what =
    x.rcode !== 0
      ? `RCode: ${RCODE_TEXT[x.rcode] ?? x.rcode}`
      : answered
        ? `"${x.ips.join(',')}"`
        : '';
  resp.Summary = `DNS Answer ${what} TTL: ${ttl} (Proxy ${x.query} ${x.qtype})`;
  sink.emit(node, t + x.latencyNs, resp);
}

const QT_A = Object.freeze(['A']) as unknown as string[];
const QT_AAAA = Object.freeze(['AAAA']) as unknown as string[];

function dnsRecord(
  query: string,
  ips: string[],
  ttl: number,
  rcode: number,
  qtypes: string[],
  rrtypes: string[],
): DNS {
  return {
    $typeName: 'flow.DNS',
    query,
    ips,
    ttl,
    cnames: [],
    observationSource: 'proxy',
    rcode,
    qtypes,
    rrtypes,
  };
}
