/**
 * Counting rules: which Hubble flow records count as a flow on which edge, so that a connection seen at
 * several observation points, on two nodes, or in both directions counts once.
 *
 * Hubble reports the same packet more than once: on the sending node (FROM_ENDPOINT, TO_OVERLAY,
 * TO_STACK, TO_PROXY, a policy-verdict event) and again on the receiving node (FROM_OVERLAY,
 * TO_ENDPOINT), and replies travel the other way. The rules, applied per record:
 *
 * 1. Orientation. Every record belongs to the request edge client -> server on the server's port.
 *    L7 RESPONSE records and records with `is_reply: true` run server -> client and are folded onto
 *    the reversed edge. When `is_reply` is unknown: TCP SYN without ACK is a request, SYN+ACK a reply;
 *    ICMP echo replies are replies; otherwise a flow from a port below 32768 to an ephemeral port
 *    (≥ 32768) is a reply.
 * 2. L3/L4 records count as one flow only at one canonical point per packet and direction:
 *    - `TO_ENDPOINT` (delivery into the destination pod) always counts;
 *    - exits to the host stack or the network (`TO_STACK`, `TO_HOST`, `TO_NETWORK`, `TO_CRYPTO`)
 *      count only when the destination is not a Cilium-managed pod or a remote node, i.e. when no other
 *      node will report the delivery: world, CIDR/FQDN identities, the local host, the kube-apiserver,
 *      unmanaged or unknown destinations;
 *    - `TO_OVERLAY`, `TO_PROXY` and every `FROM_*` point never count: an overlay packet is delivered
 *      (and counted) on the receiving node, a proxied connection is counted on the proxy's upstream
 *      leg, and every entry point is followed by an exit or delivery point on the same node;
 *    - records without an observation point (older agents, drops, field-masked flows) count.
 *    The point comes from `trace_observation_point`, or from the trace event's sub type for agents
 *    that do not send it.
 * 3. Reply-direction L3/L4 records never count as flows (the request direction already did); they
 *    only refresh the edge's last-seen time and its `observed` total.
 * 4. Drops always count, in either direction (a dropped packet stops where it is dropped, so it
 *    cannot be reported twice by the datapath) — except policy-verdict events (event type 5): the
 *    datapath reports every policy-denied packet both as a policy verdict and as a drop event, so only
 *    the drop event counts. Policy verdicts of allowed packets duplicate the trace events and never
 *    count. (Drop *metrics* count every DROPPED record, as hubble_drop_total does; see metrics.ts.)
 * 5. L7 records never count as L3/L4 flows. Each L7 record is one proxy access-log entry and is counted
 *    once: REQUEST records as requests, RESPONSE records as responses (status code, rcode, latency), on
 *    the request edge. A request seen by both the client's egress proxy and the server's ingress proxy
 *    is two records; metrics report them per reporter (traffic direction). L7 records with verdict
 *    DROPPED (denied by L7 policy) count as drops.
 * 6. Socket-LB (trace-sock), debug and capture events describe no packet and never count.
 */
import type { EndpointRecord, FlowRecord } from '@/lib/model/flow-record';

/** What a record contributes under the rules above. */
export type ObservationRole =
  /** An L3/L4 flow at its canonical point (rules 2 and 4). */
  | 'flow'
  /** A drop event (rule 4). */
  | 'drop'
  /** Reply-direction L3/L4 record (rule 3). */
  | 'reply'
  /** Non-canonical observation point (rule 2). */
  | 'duplicate'
  /** Policy-verdict event (rule 4). */
  | 'policy-verdict'
  /** L7 record (rule 5). */
  | 'l7'
  /** Socket, debug or capture event (rule 6). */
  | 'other';

// Monitor trace sub types (hubble-api.md §7.4) -> proto observation point names.
const TRACE_POINTS = [
  'TO_ENDPOINT',
  'TO_PROXY',
  'TO_HOST',
  'TO_STACK',
  'TO_OVERLAY',
  'FROM_ENDPOINT',
  'FROM_PROXY',
  'FROM_HOST',
  'FROM_STACK',
  'FROM_OVERLAY',
  'FROM_NETWORK',
  'TO_NETWORK',
  'FROM_CRYPTO',
  'TO_CRYPTO',
];
const EVENT_DEBUG = 2;
const EVENT_CAPTURE = 3;
const EVENT_TRACE = 4;
const EVENT_POLICY_VERDICT = 5;
const EVENT_TRACE_SOCK = 7;
const EPHEMERAL_MIN = 32768;
const LOCAL_SCOPE = 1 << 24;

/** Observation point name: `trace_observation_point`, else derived from a trace event's sub type. */
export function observationPoint(r: FlowRecord): string {
  if (r.traceObservationPoint !== '') return r.traceObservationPoint;
  if (r.eventType === EVENT_TRACE) return TRACE_POINTS[r.eventSubType] ?? '';
  return '';
}

/** True when the record travels server -> client (rule 1). */
export function isReplyDirection(r: FlowRecord): boolean {
  const l7 = r.l7;
  if (r.type === 'L7' && l7 !== null) {
    if (l7.type === 'RESPONSE') return true;
    if (l7.type === 'REQUEST') return false;
  }
  if (r.isReply !== null) return r.isReply;
  const flags = r.tcpFlags;
  if (flags !== '' && flags.includes('SYN')) return flags.includes('ACK');
  if (r.icmp !== null) {
    // Echo reply: ICMPv4 type 0, ICMPv6 type 129.
    return r.l4 === 'ICMPv6' ? r.icmp.type === 129 : r.icmp.type === 0;
  }
  const sp = r.src.port;
  const dp = r.dst.port;
  return sp !== 0 && sp < EPHEMERAL_MIN && dp >= EPHEMERAL_MIN;
}

/**
 * True when an exit towards the stack or network is the last report of the packet: the destination
 * is neither a pod (delivered and reported at TO_ENDPOINT on its node) nor a remote node (reported by
 * that node's datapath).
 */
export function isTerminalDestination(dst: EndpointRecord): boolean {
  if (dst.pod !== '') return false;
  const id = dst.identity;
  if (id >= LOCAL_SCOPE) return true; // CIDR / FQDN identities: outside the cluster
  if (id >= 256 || id === 4 || id === 5) return false; // pods, health, init
  if (id === 6) return false;
  for (const l of dst.labels) if (l === 'reserved:remote-node') return false;
  return true;
}

/** The record's role under the module rules; `reply` is {@link isReplyDirection}'s result. */
export function observationRole(r: FlowRecord, reply: boolean): ObservationRole {
  const ev = r.eventType;
  if (ev === EVENT_POLICY_VERDICT) return 'policy-verdict';
  if (r.type === 'SOCK' || ev === EVENT_TRACE_SOCK || ev === EVENT_DEBUG || ev === EVENT_CAPTURE) {
    return 'other';
  }
  if (r.verdict === 'DROPPED') return 'drop';
  if (r.type === 'L7') return 'l7';
  if (reply) return 'reply';
  switch (observationPoint(r)) {
    case '':
    case 'TO_ENDPOINT':
      return 'flow';
    case 'TO_STACK':
    case 'TO_HOST':
    case 'TO_NETWORK':
    case 'TO_CRYPTO':
      return isTerminalDestination(r.dst) ? 'flow' : 'duplicate';
    default:
      return 'duplicate';
  }
}
