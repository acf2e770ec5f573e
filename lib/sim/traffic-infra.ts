/**
 * Background traffic every Cilium cluster carries besides its applications: database queries on
 * long-lived connections, TLS egress to SaaS APIs (api.stripe.com, Sentry), kubelet probes from the
 * node (reserved:host), cilium-health between nodes over the overlay, Hubble Relay's streams to the
 * agents (:4244), API-server watches (reserved:kube-apiserver) and Prometheus scrapes.
 */
import type { Policy } from '@/proto/gen/flow/flow_pb';
import {
  closeTcp,
  connect,
  ephemeral,
  openTcp,
  packet,
  type ConnPolicies,
  type Scenario,
} from '@/lib/sim/conversation';
import { appOf, type Peer, type SimPeers } from '@/lib/sim/peers';
import { policy } from '@/lib/sim/policies';
import { APP_PORTS } from '@/lib/sim/topology-data';

function postgres(peers: SimPeers): Scenario {
  const clients = [...peers.pods('catalog-api'), ...peers.pods('orders-api')];
  const db = peers.pods('postgres');
  const svc = peers.svc('postgres');
  const policies: ConnPolicies = {
    egress: [policy('shop', 'shop-egress')],
    ingress: [policy('shop', 'allow-apis-to-postgres')],
  };
  return (sink, t) => {
    const rng = sink.rng;
    const conn = connect(rng.pick(clients), rng.pick(db), 5432, ephemeral(rng), { svc, policies });
    const hop = rng.int(15_000, 70_000);
    // Pooled connections: a new one now and then, otherwise a few queries on an open one.
    if (rng.chance(0.08)) t = openTcp(sink, t, conn, hop);
    for (let i = rng.int(1, 3); i > 0; i--) {
      t = packet(sink, t + hop, conn, false, 'PSH_ACK', hop);
      t = packet(sink, t + Math.round(rng.latency(1.5e6, 0.7)), conn, true, 'PSH_ACK', hop);
    }
  };
}

function egressTls(peers: SimPeers): Scenario {
  const routes: [Peer[], Peer, Policy[]][] = [
    [
      peers.pods('payments-api'),
      peers.external('api.stripe.com'),
      [policy('payments', 'allow-stripe-egress')],
    ],
    [
      peers.pods('frontend'),
      peers.external('o4505.ingest.sentry.io'),
      [policy('shop', 'shop-egress')],
    ],
  ];
  return (sink, t) => {
    const rng = sink.rng;
    const [clients, server, egress] = rng.pick(routes);
    const policies = { egress, ingress: [] };
    const conn = connect(rng.pick(clients), server, 443, ephemeral(rng), { policies });
    const hop = rng.int(20_000, 80_000);
    if (rng.chance(0.4)) t = openTcp(sink, t, conn, hop);
    t = packet(sink, t + hop, conn, false, 'PSH_ACK', hop);
    t = packet(sink, t + Math.round(rng.latency(120e6, 0.5)), conn, true, 'PSH_ACK', hop);
    if (rng.chance(0.3)) closeTcp(sink, t + hop, conn, hop);
  };
}

/** kubelet readiness/liveness probes: host -> pod on the same node. */
function probe(peers: SimPeers): Scenario {
  const targets = peers.allPods();
  return (sink, t) => {
    const rng = sink.rng;
    const pod = rng.pick(targets);
    const appPort = APP_PORTS[appOf(pod)] ?? 8080;
    const conn = connect(
      peers.hosts[pod.node] as Peer,
      pod,
      appPort === 53 ? 8181 : appPort,
      ephemeral(rng),
    );
    const hop = rng.int(10_000, 40_000);
    t = openTcp(sink, t, conn, hop);
    t = packet(sink, t + hop, conn, false, 'PSH_ACK', hop);
    t = packet(sink, t + Math.round(rng.latency(0.8e6, 0.5)), conn, true, 'PSH_ACK', hop);
    closeTcp(sink, t + hop, conn, hop);
  };
}

/** cilium-health: every node's health endpoint probes the others over the overlay. */
function healthCheck(peers: SimPeers): Scenario {
  const n = peers.health.length;
  return (sink, t) => {
    const rng = sink.rng;
    const a = rng.int(0, n - 1);
    const b = (a + rng.int(1, n - 1)) % n;
    const conn = connect(peers.health[a] as Peer, peers.health[b] as Peer, 4240, ephemeral(rng));
    const hop = rng.int(30_000, 90_000);
    t = openTcp(sink, t, conn, hop);
    closeTcp(sink, t + hop, conn, hop);
  };
}

/** Long-lived streams: server pushes, client acknowledges (Relay -> agents, watches -> API server). */
function stream(
  clients: Peer[],
  servers: Peer[],
  port: number,
  opts: Parameters<typeof connect>[4] = {},
): Scenario {
  return (sink, t) => {
    const rng = sink.rng;
    const conn = connect(rng.pick(clients), rng.pick(servers), port, 40000 + rng.int(0, 9), opts);
    const hop = rng.int(20_000, 60_000);
    t = packet(sink, t, conn, true, 'PSH_ACK', hop);
    packet(sink, t + hop, conn, false, 'ACK', hop);
  };
}

function scrape(peers: SimPeers): Scenario {
  const prom = peers.pods('prometheus');
  const targets = peers.allPods().filter(p => appOf(p) !== 'prometheus');
  const metricsPort: Record<string, number> = { postgres: 9187, coredns: 9153 };
  return (sink, t) => {
    const rng = sink.rng;
    const target = rng.pick(targets);
    const ns = target.local.namespace;
    const policies: ConnPolicies =
      ns === 'shop' || ns === 'payments'
        ? { egress: [], ingress: [policy(ns, 'allow-prometheus-scrape')] }
        : { egress: [], ingress: [] };
    const port = metricsPort[appOf(target)] ?? 9090;
    const conn = connect(rng.pick(prom), target, port, ephemeral(rng), { policies });
    const hop = rng.int(15_000, 60_000);
    if (rng.chance(0.5)) t = openTcp(sink, t, conn, hop);
    t = packet(sink, t + hop, conn, false, 'PSH_ACK', hop);
    packet(sink, t + Math.round(rng.latency(4e6, 0.6)), conn, true, 'PSH_ACK', hop);
  };
}

/** Pods and nodes of the default (shop) topology. */
const SHOP_PODS = 16;
const SHOP_NODES = 3;

/** The infrastructure part of the traffic mix as [scenario, weight] pairs. */
export function infraScenarios(peers: SimPeers): [Scenario, number][] {
  const apiClients = [
    ...peers.pods('coredns'),
    ...peers.pods('hubble-relay'),
    ...peers.pods('prometheus'),
  ];
  // Probes and scrapes hit every pod: their share grows with the pod count of a scaled topology
  // (the shop has 16 pods, so the default mix is unchanged).
  const perPod = Math.max(1, peers.allPods().length / SHOP_PODS);
  // cilium-health probes and Relay's agent streams run per node: the same share per node on a
  // scaled topology's extra nodes (the demo's three keep the default mix).
  const perNode = Math.max(1, peers.hosts.length / SHOP_NODES);
  return [
    [postgres(peers), 11],
    [egressTls(peers), 4],
    [probe(peers), 7 * perPod],
    [healthCheck(peers), 3 * perNode],
    [stream(peers.pods('hubble-relay'), peers.hosts, 4244), 3 * perNode],
    [stream(apiClients, [peers.apiserver], 6443, { svc: peers.svc('kubernetes') }), 3],
    [scrape(peers), 4 * perPod],
  ];
}
