/**
 * A scaled-up inventory for the built-in cluster (`FLOWSCOPE_SIM_SCALE`): the demo shop plus
 * generated workloads, so the graph and its level of detail can be exercised at hundreds or
 * thousands of workloads (issue 3, Performance).
 *
 * Deterministic: the same scale always gives the same namespaces, workloads, Services and calls (a
 * fixed PRNG seed, independent of the traffic seed). Generated workloads are spread over about one
 * namespace per ten workloads and round robin over the nodes (topology-nodes.ts: one per 50
 * workloads); each calls about three others over HTTP, mostly inside its own namespace. With the per-pod traffic the shop already has (kubelet probes, Prometheus scrapes),
 * that is about five graph edges per workload: 500 workloads ≈ 2,500 edges, 2,000 ≈ 10,000.
 */
import { Prng } from '@/lib/sim/prng';
import type { SimService } from '@/lib/sim/topology';
import { WORKLOADS, type WorkloadSpec } from '@/lib/sim/topology-data';

/** Smallest and largest accepted scale (workloads in total, the shop's included). */
export const MIN_SIM_SCALE = WORKLOADS.length + 1;
export const MAX_SIM_SCALE = 5_000;

/** Container port of every generated workload (and its Service's targetPort). */
export const SCALED_APP_PORT = 8080;

/** One service-to-service call pattern: `from` pods call `svc`, backed by `to` pods. */
export interface SimCall {
  from: string;
  to: string;
  svc: string;
}

export interface ScaledInventory {
  workloads: WorkloadSpec[];
  services: Omit<SimService, 'targetPort'>[];
  calls: SimCall[];
}

const DOMAINS = [
  'billing',
  'search',
  'identity',
  'inventory',
  'shipping',
  'pricing',
  'reviews',
  'media',
  'ads',
  'analytics',
  'notify',
  'fraud',
  'loyalty',
  'support',
  'warehouse',
  'checkout',
];
const NOUNS = [
  'ledger',
  'invoice',
  'account',
  'session',
  'profile',
  'token',
  'catalog',
  'stock',
  'order',
  'parcel',
  'route',
  'quote',
  'rating',
  'image',
  'video',
  'campaign',
  'event',
  'report',
  'email',
  'sms',
  'risk',
  'reward',
  'ticket',
  'bin',
];
const ROLES = ['api', 'worker', 'cache', 'gateway', 'indexer', 'sync', 'store', 'scheduler'];

/** Calls each generated workload makes on average. */
const CALLS_PER_WORKLOAD = 3;
/** Share of calls that stay inside the caller's namespace. */
const SAME_NAMESPACE = 0.7;

/**
 * The generated part of a topology of `scale` workloads (the shop's own ones count towards it):
 * `scale - WORKLOADS.length` generated workloads, one ClusterIP Service each, and their calls.
 */
export function scaledInventory(scale: number): ScaledInventory {
  if (!Number.isInteger(scale) || scale < MIN_SIM_SCALE || scale > MAX_SIM_SCALE) {
    throw new RangeError(
      `sim scale ${scale}: expected a whole number from ${MIN_SIM_SCALE} to ${MAX_SIM_SCALE}`,
    );
  }
  const rng = new Prng(0x5ca1e000 ^ scale);
  const count = scale - WORKLOADS.length;
  const nsCount = Math.max(1, Math.round(count / 10));
  const namespaces = Array.from({ length: nsCount }, (_, i) => {
    const base = DOMAINS[i % DOMAINS.length] as string;
    const round = Math.floor(i / DOMAINS.length);
    return round === 0 ? base : `${base}-${round + 1}`;
  });

  const workloads: WorkloadSpec[] = [];
  const services: Omit<SimService, 'targetPort'>[] = [];
  const byNs = new Map<string, string[]>();
  const usedApps = new Set(WORKLOADS.map(w => w.app));
  for (let i = 0; i < count; i++) {
    const namespace = namespaces[i % nsCount] as string;
    let app = `${rng.pick(NOUNS)}-${rng.pick(ROLES)}`;
    // App names are unique cluster-wide: pods and Services are looked up by app.
    if (usedApps.has(app)) {
      let n = 2;
      while (usedApps.has(`${app}-${n}`)) n++;
      app = `${app}-${n}`;
    }
    usedApps.add(app);
    const replicas = rng.chance(0.25) ? 2 : 1;
    const stateful = app.endsWith('-store') || app.includes('-store-');
    workloads.push({
      namespace,
      app,
      kind: stateful ? 'StatefulSet' : 'Deployment',
      replicas,
      rsHash: stateful ? undefined : rsHash(rng),
      // Round robin over every node, whatever their number (placement takes it modulo the node
      // count): each node gets its share of pods, and a workload's replicas sit on different nodes.
      firstNode: i,
    });
    // 10.96.0.0/12: generated Services from 10.97.0.0 up, clear of the shop's fixed addresses.
    const ip = 0x0a610000 + i + 1;
    services.push({
      name: app,
      namespace,
      clusterIp: [ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255].join('.'),
      port: SCALED_APP_PORT,
      app,
    });
    const list = byNs.get(namespace) ?? [];
    list.push(app);
    byNs.set(namespace, list);
  }

  const calls: SimCall[] = [];
  const seen = new Set<string>();
  const apps = workloads.map(w => w.app);
  for (const w of workloads) {
    const local = byNs.get(w.namespace) ?? [];
    const n = rng.int(CALLS_PER_WORKLOAD - 2, CALLS_PER_WORKLOAD + 2);
    for (let k = 0, tries = 0; k < n && tries < n * 8; tries++) {
      const pool = rng.chance(SAME_NAMESPACE) && local.length > 1 ? local : apps;
      const to = rng.pick(pool);
      const key = `${w.app}>${to}`;
      if (to === w.app || seen.has(key)) continue;
      seen.add(key);
      calls.push({ from: w.app, to, svc: to });
      k++;
    }
  }
  return { workloads, services, calls };
}

const HEX = '0123456789abcdef';

function rsHash(rng: Prng): string {
  let s = '';
  for (let i = 0; i < 10; i++) s += HEX[rng.int(0, 15)];
  return s;
}
