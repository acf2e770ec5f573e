/**
 * Turns "client talks to server" into the events a Cilium datapath and its proxy would report:
 * policy verdicts on new connections, trace events along the path (from-endpoint, to-overlay on the
 * cilium_vxlan device for cross-node traffic, to-stack towards the host or the Internet,
 * to-endpoint), L7 HTTP/DNS records from the proxy, and drops.
 *
 * Field choices follow the recorded samples in shared/samples/hubble: traffic_direction is the
 * connection's direction from the endpoint whose hook saw the packet (EGRESS at the client, INGRESS
 * at the server, also for replies), to-overlay events carry neither direction nor is_reply, L7
 * records carry no ethernet header and no TCP flags.
 */
import {
  DropReason,
  FlowType,
  TraceObservationPoint,
  TraceReason,
  TrafficDirection,
  Tunnel_Protocol,
  Verdict,
  type Flow,
  type IP,
  type Layer4,
  type Policy,
  type Service,
} from '@/proto/gen/flow/flow_pb';
import {
  FLAGS,
  FLAG_SUMMARY,
  MSG_DROP,
  MSG_POLICY_VERDICT,
  MSG_TRACE,
  TRACE_SUBTYPE,
  VXLAN_IFACE,
  ethernet,
  eventType,
  ipv4,
  l4Tcp,
  l4Udp,
  newFlow,
  type FlagSet,
} from '@/lib/sim/flow-parts';
import type { Peer } from '@/lib/sim/peers';
import type { Prng } from '@/lib/sim/prng';

/** One conversation's script: emits its flows from generator time `t` (ns) on. */
export type Scenario = (sink: FlowSink, t: number) => void;

/** A client-side ephemeral port. */
export function ephemeral(rng: Prng): number {
  return rng.int(32768, 60999);
}

/** Where flows go: the generator stamps time, node and uuid and queues them in time order. */
export interface FlowSink {
  readonly rng: Prng;
  /** Schedules `flow` as captured on node index `node` at generator time `t` (ns). */
  emit(node: number, t: number, flow: Flow): void;
  /** Node InternalIPs by index (tunnel outer headers, SNAT). */
  readonly nodeIps: readonly string[];
}

/** Policies that allowed a new connection, per side (both empty = policy not enforced there). */
export interface ConnPolicies {
  egress: Policy[];
  ingress: Policy[];
  /** Policy verdict for proxied traffic is REDIRECTED instead of FORWARDED. */
  egressL7?: boolean;
  ingressL7?: boolean;
}

/** One connection: both ends, ports, protocol, Service, and the IP headers of each direction. */
export interface Conn {
  c: Peer;
  s: Peer;
  cport: number;
  sport: number;
  udp: boolean;
  /** Kubernetes Service the client addressed, if any. */
  svc: Service | undefined;
  fwdIp: IP;
  revIp: IP;
  policies: ConnPolicies;
}

const NO_POLICIES: ConnPolicies = { egress: [], ingress: [] };

/** A connection from `c`:`cport` to `s`:`sport` (TCP unless `udp`). */
export function connect(
  c: Peer,
  s: Peer,
  sport: number,
  cport: number,
  opts: { udp?: boolean; svc?: Service; policies?: ConnPolicies } = {},
): Conn {
  return {
    c,
    s,
    cport,
    sport,
    udp: opts.udp ?? false,
    svc: opts.svc,
    fwdIp: ipv4(c.ip, s.ip),
    revIp: ipv4(s.ip, c.ip),
    policies: opts.policies ?? NO_POLICIES,
  };
}

function l4(conn: Conn, rev: boolean, flags: FlagSet | null): Layer4 {
  const sp = rev ? conn.sport : conn.cport;
  const dp = rev ? conn.cport : conn.sport;
  if (conn.udp) return l4Udp(sp, dp);
  return l4Tcp(sp, dp, flags ? FLAGS[flags] : undefined);
}

/** A flow between the connection's ends as seen on `node`, with the fields every event shares. */
export function baseFlow(conn: Conn, rev: boolean, node: number, flags: FlagSet | null): Flow {
  const src = rev ? conn.s : conn.c;
  const dst = rev ? conn.c : conn.s;
  const f = newFlow();
  f.IP = rev ? conn.revIp : conn.fwdIp;
  f.l4 = l4(conn, rev, flags);
  f.source = src.node === node ? src.local : src.remote;
  f.destination = dst.node === node ? dst.local : dst.remote;
  f.sourceNames = src.names;
  f.destinationNames = dst.names;
  if (conn.svc) {
    if (rev) f.sourceService = conn.svc;
    else f.destinationService = conn.svc;
  }
  f.Summary = conn.udp ? 'UDP' : flags ? FLAG_SUMMARY[flags] : 'TCP';
  f.Type = FlowType.L3_L4;
  return f;
}

/** Sets `is_reply` and its deprecated twin `reply`. */
export function setReply(f: Flow, rev: boolean): void {
  f.isReply = rev;
  f.reply = rev;
}

/** Trace event at observation `point` on `node`. */
export function trace(
  sink: FlowSink,
  t: number,
  node: number,
  conn: Conn,
  rev: boolean,
  flags: FlagSet | null,
  point: TraceObservationPoint,
): void {
  const f = baseFlow(conn, rev, node, flags);
  const src = rev ? conn.s : conn.c;
  const dst = rev ? conn.c : conn.s;
  f.verdict = Verdict.FORWARDED;
  f.eventType = eventType(MSG_TRACE, TRACE_SUBTYPE[point] ?? 0);
  f.traceObservationPoint = point;
  if (point === TraceObservationPoint.TO_OVERLAY) {
    // Outer header of the VXLAN packet (Flow.tunnel, 1.18+), as the agent reports it.
    const peerNode = dst.node;
    f.ethernet = ethernet(src.mac, dst.mac || src.mac);
    f.interface = VXLAN_IFACE;
    f.tunnel = {
      $typeName: 'flow.Tunnel',
      protocol: Tunnel_Protocol.VXLAN,
      IP: ipv4(sink.nodeIps[node] ?? '', sink.nodeIps[peerNode] ?? ''),
      l4: l4Udp(32768 + ((conn.cport * 31 + (rev ? 7 : 0)) % 28000), 8472),
      vni: src.local.identity,
    };
    return sink.emit(node, t, f);
  }
  // The hook belongs to the receiver at to-endpoint and to the sender everywhere else.
  const owner = point === TraceObservationPoint.TO_ENDPOINT ? dst : src;
  f.trafficDirection = owner === conn.c ? TrafficDirection.EGRESS : TrafficDirection.INGRESS;
  setReply(f, rev);
  f.traceReason = rev
    ? TraceReason.REPLY
    : flags === 'SYN'
      ? TraceReason.NEW
      : TraceReason.ESTABLISHED;
  f.ethernet = ethernet(src.mac || dst.mac, dst.mac || src.mac);
  if (point === TraceObservationPoint.TO_ENDPOINT) f.interface = dst.iface;
  else if (point === TraceObservationPoint.FROM_ENDPOINT) f.interface = src.iface;
  if (point === TraceObservationPoint.TO_STACK && dst.node < 0 && !rev) {
    // Leaving for the Internet: masqueraded to the node IP.
    f.IP = { ...conn.fwdIp, sourceXlated: sink.nodeIps[node] ?? '' };
  }
  sink.emit(node, t, f);
}

/**
 * One packet along the whole path, from the sender's hook to delivery: returns the time it arrived.
 * `hop` is the per-hop delay in ns. With `deliver` false the to-endpoint step is left out (the packet
 * is dropped on arrival; the caller emits the drop).
 */
export function packet(
  sink: FlowSink,
  t: number,
  conn: Conn,
  rev: boolean,
  flags: FlagSet | null,
  hop: number,
  deliver = true,
): number {
  const src = rev ? conn.s : conn.c;
  const dst = rev ? conn.c : conn.s;
  const isPod = (p: Peer) => p.iface !== undefined;
  if (src.node >= 0 && isPod(src) && flags === 'SYN') {
    trace(sink, t, src.node, conn, rev, flags, TraceObservationPoint.FROM_ENDPOINT);
    t += hop;
  }
  if (src.node >= 0 && dst.node >= 0 && src.node !== dst.node) {
    trace(sink, t, src.node, conn, rev, flags, TraceObservationPoint.TO_OVERLAY);
    t += hop;
  } else if (src.node >= 0 && (dst.node < 0 || !isPod(dst)) && isPod(src)) {
    // Towards the host or out of the cluster through the host stack.
    trace(sink, t, src.node, conn, rev, flags, TraceObservationPoint.TO_STACK);
    t += hop;
  }
  if (deliver && dst.node >= 0 && isPod(dst)) {
    trace(sink, t, dst.node, conn, rev, flags, TraceObservationPoint.TO_ENDPOINT);
    t += hop;
  }
  return t;
}

/** Policy-verdict event for a new connection at one side (only where policy is enforced). */
export function policyVerdict(
  sink: FlowSink,
  t: number,
  conn: Conn,
  side: 'egress' | 'ingress',
  verdict: Verdict,
  matchType: number,
  dropReason: DropReason = DropReason.POLICY_DENIED,
): void {
  const node = side === 'egress' ? conn.c.node : conn.s.node;
  if (node < 0) return;
  const f = baseFlow(conn, false, node, conn.udp ? null : 'SYN');
  f.eventType = eventType(MSG_POLICY_VERDICT);
  f.verdict = verdict;
  f.trafficDirection = side === 'egress' ? TrafficDirection.EGRESS : TrafficDirection.INGRESS;
  f.policyMatchType = matchType;
  f.isReply = false;
  const src = conn.c;
  f.ethernet = ethernet(src.mac || conn.s.mac, conn.s.mac || src.mac);
  if (verdict === Verdict.DROPPED) {
    f.dropReason = dropReason;
    f.dropReasonDesc = dropReason;
  } else if (side === 'egress') {
    f.egressAllowedBy = conn.policies.egress;
  } else {
    f.ingressAllowedBy = conn.policies.ingress;
  }
  sink.emit(node, t, f);
}

/** The opening of a TCP connection: verdicts where enforced, SYN, SYN-ACK, ACK. Returns the end time. */
export function openTcp(sink: FlowSink, t: number, conn: Conn, hop: number): number {
  const p = conn.policies;
  if (p.egress.length > 0) {
    policyVerdict(sink, t, conn, 'egress', p.egressL7 ? Verdict.REDIRECTED : Verdict.FORWARDED, 2);
    t += hop;
  }
  if (p.ingress.length > 0) {
    policyVerdict(
      sink,
      t + hop,
      conn,
      'ingress',
      p.ingressL7 ? Verdict.REDIRECTED : Verdict.FORWARDED,
      2,
    );
  }
  t = packet(sink, t, conn, false, 'SYN', hop);
  t = packet(sink, t + hop, conn, true, 'SYN_ACK', hop);
  return packet(sink, t + hop, conn, false, 'ACK', hop);
}

/** Orderly close: FIN from the client, FIN-ACK back. */
export function closeTcp(sink: FlowSink, t: number, conn: Conn, hop: number): number {
  t = packet(sink, t, conn, false, 'FIN_ACK', hop);
  return packet(sink, t + hop, conn, true, 'FIN_ACK', hop);
}

/** A drop event on `node` (datapath drop: event type 1, sub type = reason code). */
export function drop(
  sink: FlowSink,
  t: number,
  node: number,
  conn: Conn,
  reason: DropReason,
  opts: {
    flags?: FlagSet | null;
    direction?: TrafficDirection;
    file?: [string, number];
    deniedBy?: Policy[];
  } = {},
): void {
  const f = baseFlow(conn, false, node, opts.flags === undefined ? 'SYN' : opts.flags);
  f.verdict = Verdict.DROPPED;
  f.dropReason = reason;
  f.dropReasonDesc = reason;
  f.eventType = eventType(MSG_DROP, reason);
  f.trafficDirection = opts.direction ?? TrafficDirection.TRAFFIC_DIRECTION_UNKNOWN;
  f.ethernet = ethernet(conn.c.mac || conn.s.mac, conn.s.mac || conn.c.mac);
  if (opts.file) f.file = { $typeName: 'flow.FileInfo', name: opts.file[0], line: opts.file[1] };
  if (opts.deniedBy) {
    if (opts.direction === TrafficDirection.INGRESS) f.ingressDeniedBy = opts.deniedBy;
    else f.egressDeniedBy = opts.deniedBy;
  }
  if (opts.direction !== undefined) f.isReply = false;
  sink.emit(node, t, f);
}
