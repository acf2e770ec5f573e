/**
 * DNS traffic: pods resolving Services and external names through CoreDNS (kube-dns), seen by the
 * client-side DNS proxy where policy is enforced (shop, payments). Each lookup asks A and AAAA; names
 * outside the cluster walk the `ndots:5` search path first (three NXDOMAINs, then the answer), the
 * front end occasionally asks for a misspelt service (NXDOMAIN), and SERVFAIL shows up rarely, or
 * mostly under the `dns-servfail` fault.
 */
import { Verdict } from '@/proto/gen/flow/flow_pb';
import {
  connect,
  ephemeral,
  packet,
  policyVerdict,
  type ConnPolicies,
  type Scenario,
} from '@/lib/sim/conversation';
import type { FaultView } from '@/lib/sim/faults';
import { dnsL7 } from '@/lib/sim/l7-events';
import type { SimPeers } from '@/lib/sim/peers';
import { policy } from '@/lib/sim/policies';

const cluster = (svc: string, ns: string) => `${svc}.${ns}.svc.cluster.local.`;

/** [client app, in-cluster names it resolves, external names it resolves] */
const CLIENTS: [string, string[], string[]][] = [
  [
    'frontend',
    ['cart-api', 'catalog-api', 'orders-api'].map(s => cluster(s, 'shop')),
    ['o4505.ingest.sentry.io'],
  ],
  ['cart-api', [cluster('catalog-api', 'shop')], []],
  ['catalog-api', [cluster('postgres', 'shop')], []],
  ['orders-api', [cluster('postgres', 'shop'), cluster('payments-api', 'payments')], []],
  ['payments-api', [], ['api.stripe.com']],
  ['prometheus', [cluster('kubernetes', 'default')], []],
  ['hubble-relay', [cluster('kubernetes', 'default')], []],
];

/** One DNS lookup (possibly several queries) by a random client. */
export function dnsScenario(peers: SimPeers, faults: FaultView): Scenario {
  const coredns = peers.pods('coredns');
  const svc = peers.svc('kube-dns');
  const ipOf = (name: string) =>
    peers.topology.services.find(s => cluster(s.name, s.namespace) === name)?.clusterIp;
  return (sink, t) => {
    const rng = sink.rng;
    const [app, names, external] = rng.pick(CLIENTS);
    const c = rng.pick(peers.pods(app));
    const ns = c.local.namespace;
    const enforced = ns === 'shop' || ns === 'payments';
    const policies: ConnPolicies = enforced
      ? { egress: [policy(ns, `${ns}-egress`)], ingress: [], egressL7: true }
      : { egress: [], ingress: [] };
    // A and AAAA go out on the same socket: one conntrack entry, one policy verdict.
    const conn = connect(c, rng.pick(coredns), 53, ephemeral(rng), { udp: true, svc, policies });
    const hop = rng.int(10_000, 60_000);
    let queries: [string, number][];
    if (external.length > 0 && (names.length === 0 || rng.chance(0.3))) {
      const name = rng.pick(external);
      queries = [`${ns}.svc.cluster.local.`, 'svc.cluster.local.', 'cluster.local.'].map(d => [
        `${name}.${d}`,
        3,
      ]);
      queries.push([`${name}.`, 0]);
    } else if (app === 'frontend' && rng.chance(0.04)) {
      queries = [[cluster('recommendation', 'shop'), 3]];
    } else {
      queries = [[rng.pick(names), 0]];
    }
    if (enforced) policyVerdict(sink, t, conn, 'egress', Verdict.REDIRECTED, 2);
    for (const [query, baseRcode] of queries) {
      const servfail = rng.chance(faults.has('dns-servfail') ? 0.7 : 0.004);
      const rcode = servfail ? 2 : baseRcode;
      const outside = !query.endsWith('.cluster.local.');
      const medianMs = servfail ? 900 : outside ? 18 : 0.6;
      for (const qtype of ['A', 'AAAA'] as const) {
        // Query to the proxy, proxy to CoreDNS, CoreDNS answers, back to the proxy, which answers.
        const start = t + hop;
        const arrived = packet(sink, start + hop, conn, false, null, hop);
        const answered = arrived + Math.round(rng.latency(medianMs * 1e6, 0.4));
        t = packet(sink, answered, conn, true, null, hop) + hop;
        const ext = outside ? peers.findExternal(query.slice(0, -1)) : undefined;
        const ip = rcode === 0 && qtype === 'A' ? (ext?.ip ?? ipOf(query)) : undefined;
        const ttl = ext ? rng.int(60, 300) : 30;
        const ips = ip ? [ip] : [];
        dnsL7(sink, start, conn, { query, qtype, rcode, ips, ttl, latencyNs: t - start });
      }
    }
  };
}
