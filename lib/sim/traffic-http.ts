/**
 * HTTP traffic of the simulated shop: API calls between workloads (with L7 visibility on the API
 * services, so the ingress proxy reports each request and response) and web requests from the
 * Internet to the front end. Routes carry realistic paths with ids, status-code mixes and median
 * latencies; faults raise error rates.
 */
import type { HTTPHeader } from '@/proto/gen/flow/flow_pb';
import {
  closeTcp,
  connect,
  ephemeral,
  openTcp,
  packet,
  type Conn,
  type ConnPolicies,
  type FlowSink,
  type Scenario,
} from '@/lib/sim/conversation';
import type { FaultView } from '@/lib/sim/faults';
import { httpL7 } from '@/lib/sim/l7-events';
import type { SimPeers } from '@/lib/sim/peers';
import { policiesFor, policy } from '@/lib/sim/policies';
import { prngHex, type Prng } from '@/lib/sim/prng';
import { serviceOf } from '@/lib/sim/topology';
import { APP_PORTS } from '@/lib/sim/topology-data';
import { deniedSyn } from '@/lib/sim/traffic-drops';

/** [method, path, status code, median latency in ms] */
type Request = [string, string, number, number];

interface HttpRoute {
  from: string;
  to: string;
  svc: string;
  weight: number;
  req: (rng: Prng, faults: FaultView) => Request;
}

function status(rng: Prng, ok: number, p4xx: number, c4xx: number, p5xx: number): number {
  const x = rng.next();
  if (x < p5xx) return rng.chance(0.7) ? 500 : 503;
  if (x < p5xx + p4xx) return c4xx;
  return ok;
}

const id = (rng: Prng) => String(rng.int(1000, 99999));
const CATEGORIES = ['shoes', 'jackets', 'bags', 'hats', 'socks'];

const HTTP_ROUTES: HttpRoute[] = [
  {
    from: 'frontend',
    to: 'catalog-api',
    svc: 'catalog-api',
    weight: 10,
    req: rng =>
      rng.chance(0.6)
        ? ['GET', `/api/products/${id(rng)}`, status(rng, 200, 0.05, 404, 0.004), 9]
        : [
            'GET',
            `/api/products?category=${rng.pick(CATEGORIES)}&page=${rng.int(1, 9)}`,
            status(rng, 200, 0, 400, 0.004),
            18,
          ],
  },
  {
    from: 'frontend',
    to: 'cart-api',
    svc: 'cart-api',
    weight: 7,
    req: rng => {
      const cart = `/api/cart/${prngHex(rng, 4)}`;
      const x = rng.next();
      if (x < 0.6) return ['GET', cart, status(rng, 200, 0.02, 404, 0.003), 6];
      if (x < 0.9) return ['POST', `${cart}/items`, status(rng, 201, 0.04, 409, 0.003), 11];
      return ['DELETE', `${cart}/items/${id(rng)}`, status(rng, 204, 0.03, 404, 0.003), 8];
    },
  },
  {
    from: 'frontend',
    to: 'orders-api',
    svc: 'orders-api',
    weight: 3,
    req: (rng, f) =>
      rng.chance(0.5)
        ? [
            'POST',
            '/api/orders',
            status(rng, 201, 0.04, 422, f.has('http-errors') ? 0.35 : 0.01),
            140,
          ]
        : ['GET', `/api/orders/${id(rng)}`, status(rng, 200, 0.03, 404, 0.005), 25],
  },
  {
    from: 'cart-api',
    to: 'catalog-api',
    svc: 'catalog-api',
    weight: 4,
    req: rng => ['GET', `/api/products/${id(rng)}`, status(rng, 200, 0.02, 404, 0.004), 7],
  },
  {
    from: 'orders-api',
    to: 'payments-api',
    svc: 'payments-api',
    weight: 2,
    req: (rng, f) => [
      'POST',
      '/v1/payments',
      status(rng, 201, 0.06, 402, f.has('http-errors') ? 0.6 : 0.012),
      f.has('http-errors') ? 900 : 180,
    ],
  },
];

/** Web routes hit by Internet clients on the front end. */
function webRequest(rng: Prng): Request {
  const x = rng.next();
  if (x < 0.35) return ['GET', '/', status(rng, 200, 0, 404, 0.003), 45];
  if (x < 0.7) return ['GET', `/products/${id(rng)}`, status(rng, 200, 0.04, 404, 0.004), 60];
  if (x < 0.9)
    return ['GET', `/static/app.${prngHex(rng, 4)}.js`, status(rng, 200, 0.3, 304, 0), 3];
  if (x < 0.98) return ['POST', '/checkout', status(rng, 303, 0.05, 400, 0.01), 230];
  // Internet scanners probe every public front end with markup in the URL. It keeps the demo
  // honest about hostile strings: the UI must show them as text (see e2e/hostile-strings.spec.ts).
  return ['GET', `/search?q=${rng.pick(SCANNER_PROBES)}`, 404, 4];
}

const SCANNER_PROBES = [
  '<script>alert(document.domain)</script>',
  '"><img src=x onerror=alert(1)>',
  '../../../../etc/passwd',
  "' OR '1'='1",
];

const header = (key: string, value: string): HTTPHeader => ({
  $typeName: 'flow.HTTPHeader',
  key,
  value,
});
const REQ_HEADERS = [
  header(':scheme', 'http'),
  header('Accept', 'application/json'),
  header('User-Agent', 'shop-http-client/2.3'),
];
const RESP_HEADERS = [header('Content-Type', 'application/json')];

/** One HTTP request/response on a (sometimes new, sometimes closed after) connection. */
function exchange(
  sink: FlowSink,
  t: number,
  conn: Conn,
  hop: number,
  req: Request,
  url: string,
): void {
  const rng = sink.rng;
  const [method, , code, medianMs] = req;
  if (rng.chance(0.3)) t = openTcp(sink, t, conn, hop) + hop;
  const latencyNs = Math.min(8e9, Math.round(rng.latency(medianMs * 1e6, 0.5)));
  t = packet(sink, t, conn, false, 'PSH_ACK', hop);
  const reqHeaders = [...REQ_HEADERS, header('X-Request-Id', prngHex(rng, 8))];
  httpL7(sink, t, conn, { method, url, code, latencyNs, reqHeaders, respHeaders: RESP_HEADERS });
  t = packet(sink, t + latencyNs + hop, conn, true, 'PSH_ACK', hop);
  if (rng.chance(0.15)) closeTcp(sink, t + hop, conn, hop);
}

function routeScenario(peers: SimPeers, route: HttpRoute, faults: FaultView): Scenario {
  const clients = peers.pods(route.from);
  const servers = peers.pods(route.to);
  const svc = peers.svc(route.svc);
  const def = serviceOf(peers.topology, route.svc);
  const port = APP_PORTS[route.to] ?? def.targetPort;
  const sameNs = def.namespace === clients[0]?.local.namespace;
  const base = `http://${def.name}${sameNs ? '' : '.' + def.namespace}${def.port === 80 ? '' : ':' + def.port}`;
  const policies = policiesFor(route.from, route.to);
  return (sink, t) => {
    const rng = sink.rng;
    const conn = connect(rng.pick(clients), rng.pick(servers), port, ephemeral(rng), {
      svc,
      policies,
    });
    const hop = rng.int(15_000, 90_000);
    if (route.to === 'payments-api' && faults.has('policy-drops') && rng.chance(0.7)) {
      return deniedSyn(sink, t, conn, hop);
    }
    const req = route.req(rng, faults);
    exchange(sink, t, conn, hop, req, base + req[1]);
  };
}

/** Internet clients browsing the shop (front end behind a NodePort/LoadBalancer). */
function webScenario(peers: SimPeers): Scenario {
  const servers = peers.pods('frontend');
  const svc = peers.svc('frontend');
  const policies: ConnPolicies = {
    egress: [],
    ingress: [policy('shop', 'allow-web-ingress')],
    ingressL7: true,
  };
  return (sink, t) => {
    const rng = sink.rng;
    const client = rng.pick(peers.internet);
    const conn = connect(client, rng.pick(servers), 8080, ephemeral(rng), { svc, policies });
    const req = webRequest(rng);
    exchange(sink, t, conn, rng.int(20_000, 120_000), req, `http://shop.example.com${req[1]}`);
  };
}

const RESOURCES = ['items', 'records', 'jobs', 'entries', 'batches'];

/** A generic API request between generated workloads (scaled topology). */
function genericRequest(rng: Prng, faults: FaultView): Request {
  const res = rng.pick(RESOURCES);
  const x = rng.next();
  const p5xx = faults.has('http-errors') ? 0.2 : 0.004;
  if (x < 0.7) return ['GET', `/v1/${res}/${id(rng)}`, status(rng, 200, 0.03, 404, p5xx), 8];
  if (x < 0.9) return ['POST', `/v1/${res}`, status(rng, 201, 0.04, 400, p5xx), 20];
  return ['PUT', `/v1/${res}/${id(rng)}`, status(rng, 200, 0.03, 409, p5xx), 15];
}

/**
 * The generated calls of a scaled topology (`topology.calls`) as one scenario that picks a call
 * uniformly, so every generated edge is seen about equally often. Null when there are none.
 */
function scaledCallsScenario(peers: SimPeers, faults: FaultView): Scenario | null {
  // Looked up by name once: serviceOf's linear search per call took ~1.4 s at 5,000 workloads.
  const defs = new Map(peers.topology.services.map(s => [s.name, s]));
  const calls = peers.topology.calls.map(c => {
    const def = defs.get(c.svc) ?? serviceOf(peers.topology, c.svc);
    const clients = peers.pods(c.from);
    const fromNs = clients[0]?.local.namespace ?? '';
    const sameNs = def.namespace === fromNs;
    const policies: ConnPolicies = {
      egress: [],
      ingress: [policy(def.namespace, sameNs ? 'allow-same-namespace' : 'allow-cross-namespace')],
      ingressL7: true,
    };
    return {
      clients,
      servers: peers.pods(c.to),
      svc: peers.svc(c.svc),
      port: def.targetPort,
      base: `http://${def.name}${sameNs ? '' : '.' + def.namespace}:${def.port}`,
      policies,
    };
  });
  if (calls.length === 0) return null;
  return (sink, t) => {
    const rng = sink.rng;
    const c = rng.pick(calls);
    const conn = connect(rng.pick(c.clients), rng.pick(c.servers), c.port, ephemeral(rng), {
      svc: c.svc,
      policies: c.policies,
    });
    const req = genericRequest(rng, faults);
    exchange(sink, t, conn, rng.int(15_000, 90_000), req, c.base + req[1]);
  };
}

/** The HTTP part of the traffic mix as [scenario, weight] pairs. */
export function httpScenarios(peers: SimPeers, faults: FaultView): [Scenario, number][] {
  const scaled = scaledCallsScenario(peers, faults);
  return [
    ...HTTP_ROUTES.map((r): [Scenario, number] => [routeScenario(peers, r, faults), r.weight]),
    [webScenario(peers), 8],
    // About as often per generated call as a kubelet probe per pod (see infraScenarios).
    ...(scaled ? [[scaled, peers.topology.calls.length * 0.5] as [Scenario, number]] : []),
  ];
}
