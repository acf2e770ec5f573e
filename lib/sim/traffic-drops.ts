/**
 * Traffic that ends in a drop: policy denials (default deny and an explicit deny rule), a client
 * still using a deleted pod's IP, a Service scaled to zero, conntrack-table pressure, and the
 * link-layer noise of noise.ts. Each emits what Hubble shows for it: the client-side trace events,
 * a policy-verdict event where policy decides, and the drop event (event type 1, sub type = code).
 */
import { DropReason, TrafficDirection, Verdict } from '@/proto/gen/flow/flow_pb';
import {
  connect,
  drop,
  ephemeral,
  packet,
  policyVerdict,
  type Conn,
  type FlowSink,
  type Scenario,
} from '@/lib/sim/conversation';
import type { FaultView } from '@/lib/sim/faults';
import { noiseDrop } from '@/lib/sim/noise';
import { unknownPeer, type SimPeers } from '@/lib/sim/peers';
import { DENY_METADATA } from '@/lib/sim/policies';
import { serviceOf, type SimTopology } from '@/lib/sim/topology';
import { APP_PORTS } from '@/lib/sim/topology-data';
import { ipv4ToNum, numToIpv4 } from '@/lib/sim/topology-nodes';

/** SYN dropped by the destination's ingress policy, then retransmitted after 1 s and 3 s. */
export function deniedSyn(sink: FlowSink, t: number, conn: Conn, hop: number): void {
  for (const offset of [0, 1e9, 3e9]) {
    const at = packet(sink, t + offset, conn, false, 'SYN', hop, false);
    policyVerdict(sink, at, conn, 'ingress', Verdict.DROPPED, 0);
    drop(sink, at + 1_000, conn.s.node, conn, DropReason.POLICY_DENIED, {
      direction: TrafficDirection.INGRESS,
      file: ['bpf_lxc.c', 2144],
    });
  }
}

/** A call the destination's ingress policy does not allow (front end straight to payments). */
function deniedCall(peers: SimPeers, from: string, to: string): Scenario {
  const clients = peers.pods(from);
  const servers = peers.pods(to);
  const svc = peers.svc(to);
  const port = APP_PORTS[to] ?? 8080;
  return (sink, t) => {
    const rng = sink.rng;
    const conn = connect(rng.pick(clients), rng.pick(servers), port, ephemeral(rng), { svc });
    deniedSyn(sink, t, conn, rng.int(15_000, 60_000));
  };
}

/** Egress to the cloud metadata endpoint hits an explicit deny rule (POLICY_DENY). */
function metadataDeny(peers: SimPeers): Scenario {
  const clients = peers.pods('catalog-api');
  const metadata = peers.external('metadata');
  return (sink, t) => {
    const conn = connect(sink.rng.pick(clients), metadata, 80, ephemeral(sink.rng));
    policyVerdict(sink, t, conn, 'egress', Verdict.DROPPED, 1, DropReason.POLICY_DENY);
    drop(sink, t + 2_000, conn.c.node, conn, DropReason.POLICY_DENY, {
      direction: TrafficDirection.EGRESS,
      file: ['bpf_lxc.c', 1361],
      deniedBy: [DENY_METADATA],
    });
  };
}

/** Node whose deleted pod's IP a client still uses: worker243, in every topology. */
const STALE_IP_NODE = 2;

/**
 * A free address near the top of a node's pod CIDR, as a deleted pod leaves behind: 10.100.2.250 on
 * the demo's /24; on a scaled /16 the top end, clear of the addresses IPAM has handed out.
 */
export function stalePodIp(topology: SimTopology, nodeIndex: number): string {
  const node = topology.nodes[nodeIndex];
  if (!node) throw new Error(`no node ${nodeIndex}`);
  const [net, len] = node.podCidr.split('/');
  const used = new Set(topology.pods.map(p => p.ip));
  let n = ipv4ToNum(net as string) + 2 ** (32 - Number(len)) - 6;
  while (used.has(numToIpv4(n))) n--;
  return numToIpv4(n);
}

/** A client still using a deleted pod's IP. */
function staleIp(peers: SimPeers): Scenario {
  const clients = peers.pods('orders-api');
  const gone = unknownPeer(stalePodIp(peers.topology, STALE_IP_NODE), STALE_IP_NODE);
  return (sink, t) => {
    const conn = connect(sink.rng.pick(clients), gone, 8080, ephemeral(sink.rng));
    drop(sink, t, conn.c.node, conn, DropReason.STALE_OR_UNROUTABLE_IP, {
      file: ['bpf_lxc.c', 1207],
    });
  };
}

/** Calls to a Service scaled to zero. */
function noBackend(peers: SimPeers): Scenario {
  const clients = peers.pods('frontend');
  const def = serviceOf(peers.topology, 'recommendations');
  const vip = unknownPeer(def.clusterIp, -1);
  const svc = peers.svc('recommendations');
  return (sink, t) => {
    const conn = connect(sink.rng.pick(clients), vip, def.port, ephemeral(sink.rng), { svc });
    drop(sink, t, conn.c.node, conn, DropReason.SERVICE_BACKEND_NOT_FOUND, {
      direction: TrafficDirection.EGRESS,
      file: ['bpf_lxc.c', 1049],
    });
  };
}

/** New connection refused for lack of conntrack space. */
function ctInsertFail(peers: SimPeers): Scenario {
  const clients = peers.pods('frontend');
  const servers = peers.pods('catalog-api');
  return (sink, t) => {
    const rng = sink.rng;
    const conn = connect(rng.pick(clients), rng.pick(servers), 8080, ephemeral(rng));
    drop(sink, t, conn.c.node, conn, DropReason.CT_MAP_INSERTION_FAILED, {
      direction: TrafficDirection.EGRESS,
      file: ['conntrack.h', 1030],
    });
  };
}

/** The dropping part of the traffic mix as [scenario, weight] pairs (rare unless a fault says so). */
export function dropScenarios(peers: SimPeers, faults: FaultView): [Scenario, number][] {
  return [
    [deniedCall(peers, 'frontend', 'payments-api'), faults.has('policy-drops') ? 25 : 0.8],
    [metadataDeny(peers), 0.3],
    [staleIp(peers), 0.3],
    [noBackend(peers), 0.3],
    [ctInsertFail(peers), 0.12],
    [(sink, t) => noiseDrop(sink, t, peers.topology), 0.4],
  ];
}
