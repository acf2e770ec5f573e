/**
 * Background drops every real cluster shows and nobody needs to act on: link-layer frames the
 * datapath does not handle (STP/LLDP -> UNSUPPORTED_L2_PROTOCOL) and IPv6 router solicitations from
 * link-local addresses (INVALID_SOURCE_IP, as in the Cilium docs' export example). They have no
 * endpoint information at all (`source: {}`), which decoders must tolerate.
 */
import { DropReason, FlowType, Verdict } from '@/proto/gen/flow/flow_pb';
import type { FlowSink } from '@/lib/sim/conversation';
import { MSG_DROP, ethernet, eventType, ipv6, l4Icmp6, newFlow } from '@/lib/sim/flow-parts';
import { shareMessage } from '@/lib/sim/wire-encode';
import type { SimTopology } from '@/lib/sim/topology';

const EMPTY_EP = shareMessage({
  $typeName: 'flow.Endpoint' as const,
  ID: 0,
  identity: 0,
  clusterName: '',
  namespace: '',
  labels: [] as string[],
  podName: '',
  workloads: [] as { $typeName: 'flow.Workload'; name: string; kind: string }[],
});

/** Emits one noise drop on a random node at time `t`. */
export function noiseDrop(sink: FlowSink, t: number, topology: SimTopology): void {
  const rng = sink.rng;
  const node = rng.int(0, topology.nodes.length - 1);
  const f = newFlow();
  f.verdict = Verdict.DROPPED;
  f.Type = FlowType.L3_L4;
  f.source = EMPTY_EP;
  f.destination = EMPTY_EP;
  if (rng.chance(0.6)) {
    // Spanning-tree BPDU from the top-of-rack switch: no IP layer at all.
    f.ethernet = ethernet('00:1b:21:3c:9d:f8', '01:80:c2:00:00:00');
    f.dropReason = DropReason.UNSUPPORTED_L2_PROTOCOL;
    f.dropReasonDesc = DropReason.UNSUPPORTED_L2_PROTOCOL;
    f.eventType = eventType(MSG_DROP, DropReason.UNSUPPORTED_L2_PROTOCOL);
    f.Summary = 'Ethernet';
  } else {
    const mac = topology.nodes[node]?.mac ?? '02:00:00:00:00:01';
    f.ethernet = ethernet(mac, '33:33:00:00:00:02');
    f.IP = ipv6(`fe80::${(0x1000 + rng.int(0, 0xefff)).toString(16)}:8aff:fe72:fc14`, 'ff02::2');
    f.l4 = l4Icmp6(133);
    f.dropReason = DropReason.INVALID_SOURCE_IP;
    f.dropReasonDesc = DropReason.INVALID_SOURCE_IP;
    f.eventType = eventType(MSG_DROP, DropReason.INVALID_SOURCE_IP);
    f.Summary = 'ICMPv6 RouterSolicitation';
  }
  sink.emit(node, t, f);
}
