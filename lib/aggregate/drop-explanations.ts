/**
 * Plain-language texts for drop reasons on the triage home and the metrics pages. Written by the team
 * in its own words (shared/docs/drop-reasons.md is the engineering reference, not UI copy); the
 * class and group come from drop-classes.ts so the words and the ranking never disagree.
 */
import type { DropClass, DropGroup } from '@/lib/model/flow-metrics';
import { DROP_REASON_CODES } from '@/lib/query/drop-reason-names';
import { dropClass, dropGroup } from './drop-classes';

export interface DropExplanation {
  /** Numeric code, or -1 when the name is not one we know (e.g. `CODE_212`). */
  code: number;
  /** Short label for lists, e.g. "Denied by network policy". */
  label: string;
  /** One line: what it usually means. */
  meaning: string;
  /** One line: what to look at next. */
  check: string;
  cls: DropClass;
  group: DropGroup;
}

type Text = [label: string, meaning: string, check: string];

const TEXTS: Readonly<Record<string, Text>> = {
  POLICY_DENIED: [
    'Denied by network policy',
    'No policy rule allows this traffic, so the default-deny of a selected endpoint kicked in.',
    'Compare the source and destination labels with the selectors of the policies on the destination (and egress policies on the source).',
  ],
  POLICY_DENY: [
    'Denied by an explicit deny rule',
    'A deny rule in a policy matched this traffic on purpose.',
    'Find the ingressDeny / egressDeny rule that covers these workloads and decide whether it is meant to.',
  ],
  AUTH_REQUIRED: [
    'Waiting for mutual authentication',
    'A policy asks for mutual authentication and the two sides have not completed it.',
    'Check that the authentication provider is healthy and that both identities can obtain certificates.',
  ],
  STALE_OR_UNROUTABLE_IP: [
    'Destination IP has no known pod',
    'Traffic goes to an address that no longer belongs to a pod the cluster knows, often after a pod was replaced.',
    'Look for clients holding on to an old pod IP and for pods that are not managed by Cilium on the destination node.',
  ],
  SERVICE_BACKEND_NOT_FOUND: [
    'Service has no ready backend',
    'A Service was called while it had no ready endpoints to send the traffic to.',
    'Check the Service’s EndpointSlices and whether its pods are ready (rollouts, failing probes).',
  ],
  CT_MAP_INSERTION_FAILED: [
    'Connection-tracking table full',
    'The node could not record a new connection because its connection-tracking table is at capacity.',
    'Look at BPF map pressure on the node; a larger table or more frequent cleanup may be needed.',
  ],
  NO_MAPPING_FOR_NAT_MASQUERADE: [
    'Out of NAT ports',
    'The node ran out of source ports or NAT entries for masqueraded egress traffic.',
    'See which workloads open many outbound connections; spread egress or raise the NAT table size.',
  ],
  DROP_RATE_LIMITED: [
    'Rate limited',
    'A datapath rate limiter discarded the packet.',
    'Find which limiter fired in the agent metrics and whether the traffic burst is expected.',
  ],
  REACHED_EDT_RATE_LIMITING_DROP_HORIZON: [
    'Egress bandwidth limit reached',
    'The pod sends more than its egress bandwidth annotation allows.',
    'Raise the pod’s bandwidth limit if the traffic is legitimate.',
  ],
  MISSED_TAIL_CALL: [
    'Datapath program was reloading',
    'A packet arrived while the node’s datapath programs were being replaced, usually during an agent restart.',
    'Correlate with agent restarts or upgrades; if it keeps happening without them, collect a sysdump.',
  ],
  DROP_HOST_NOT_READY: [
    'Node datapath not ready yet',
    'The agent on the node is starting and the host datapath was not loaded yet.',
    'Fine during restarts; if it lasts, check why the agent does not become ready.',
  ],
  DROP_EP_NOT_READY: [
    'Pod datapath not ready yet',
    'The pod’s policy program was still being built when traffic arrived, typically at pod start.',
    'Fine right after pod start; if it persists, check endpoint regeneration in the agent logs.',
  ],
  NO_NODE_ID: [
    'Peer node not known yet',
    'Encrypted traffic to a node the agent has not learned about yet.',
    'Should clear once the new node has propagated; check node objects if it does not.',
  ],
  FIB_LOOKUP_FAILED: [
    'No route to the destination',
    'The datapath found no route or neighbour entry for the destination.',
    'Check routes and neighbour entries on the node and the direct-routing device.',
  ],
  TTL_EXCEEDED: [
    'Routing loop',
    'The packet’s TTL ran out, which points at traffic going round in circles.',
    'Review node and pod routes for a loop.',
  ],
  UNENCRYPTED_TRAFFIC: [
    'Plain traffic refused by strict encryption',
    'Encryption is enforced and this packet was not encrypted.',
    'Check that encryption peers are up on both nodes.',
  ],
  NO_EGRESS_GATEWAY: [
    'No egress gateway available',
    'An egress-gateway policy applies but no gateway node can take the traffic.',
    'Check the gateway node selection and that the chosen nodes are healthy.',
  ],
  IP_FRAGMENTATION_NOT_SUPPORTED: [
    'Fragmented packets not handled',
    'Fragments arrived and the datapath is not tracking fragments.',
    'Avoid fragmentation with a correct MTU, or turn on fragment tracking.',
  ],
  CT_MISSING_TCP_ACK_FLAG: [
    'Fragmentation needed (code 136)',
    'Current agents report a packet too large for the path under this code number.',
    'Check the MTU along the path.',
  ],
  INVALID_SOURCE_IP: [
    'Unexpected source address',
    'The sender used an address that is not its own; from pods this is mostly IPv6 link-local chatter.',
    'Ignore link-local traffic; otherwise check how the workload sets its addresses.',
  ],
  UNSUPPORTED_L2_PROTOCOL: [
    'Unsupported L2 frames (noise)',
    'Switch and link-layer chatter (such as STP or LLDP) that the datapath does not handle.',
    'Nothing to do unless the volume is surprising.',
  ],
  UNSUPPORTED_L3_PROTOCOL: [
    'Non-IP traffic (noise)',
    'Frames that are not IP, or IPv6 neighbour-discovery chatter.',
    'Nothing to do unless the volume is surprising.',
  ],
  CT_UNKNOWN_L4_PROTOCOL: [
    'Protocol not tracked',
    'Connection tracking saw a protocol it does not handle, often VRRP or IGMP.',
    'Identify the protocol; VRRP and IGMP can usually be ignored.',
  ],
  INVALID_PACKET_DROPPED: [
    'Malformed packet (noise)',
    'A damaged or truncated packet, usually from outside.',
    'Capture a sample only if it keeps growing.',
  ],
  IGMP_HANDLED: [
    'IGMP handled (informational)',
    'Multicast membership traffic handled by the datapath; not a failure.',
    'Nothing to do.',
  ],
  IGMP_SUBSCRIBED: [
    'IGMP subscription (informational)',
    'A multicast subscription was processed; not a failure.',
    'Nothing to do.',
  ],
  MULTICAST_HANDLED: [
    'Multicast handled (informational)',
    'Multicast traffic processed by the datapath; not a failure.',
    'Nothing to do.',
  ],
  DROP_REASON_UNKNOWN: [
    'Reason not reported',
    'The agent gave no reason name, possibly because it is newer than this dashboard.',
    'Look at the numeric drop code on the flow details.',
  ],
};

const BY_GROUP: Readonly<Record<DropGroup, Text>> = {
  policy: [
    'Policy drop',
    'Traffic was stopped by a policy decision.',
    'Review the policies that select these workloads.',
  ],
  capacity: [
    'Capacity limit',
    'A datapath table or limit is exhausted.',
    'Check map pressure and limits on the affected nodes.',
  ],
  lifecycle: [
    'Drop during restart or churn',
    'Expected briefly while agents restart or pods come and go.',
    'Act only if it continues outside restarts and rollouts.',
  ],
  noise: [
    'Known noise',
    'Traffic the datapath discards by design.',
    'Nothing to do unless the volume is surprising.',
  ],
  datapath: [
    'Datapath or configuration problem',
    'The datapath could not forward the packet for a reason that usually needs a look.',
    'Check the affected nodes’ agent logs; collect a sysdump if it persists.',
  ],
};

function humanize(name: string): string {
  const s = name.toLowerCase().replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Our texts for a drop reason name (`drop_reason_desc`, or `CODE_<n>` for unknown codes). */
export function explainDrop(reason: string): DropExplanation {
  const fromCode = /^CODE_(\d+)$/.exec(reason);
  const code = DROP_REASON_CODES[reason] ?? (fromCode ? Number(fromCode[1]) : -1);
  const cls = dropClass(code);
  const group = dropGroup(code);
  const text = TEXTS[reason];
  if (text) return { code, label: text[0], meaning: text[1], check: text[2], cls, group };
  const g = BY_GROUP[group];
  return { code, label: `${humanize(reason)}`, meaning: g[1], check: g[2], cls, group };
}
