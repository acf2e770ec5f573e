/**
 * The cluster view behind GET /api/v1/cluster and /api/v1/cluster/tunnels: the status source chosen
 * by FLOWSCOPE_STATUS_SOURCE (lib/cilium), cached because a Kubernetes round (and exec into every
 * agent) is far slower than a page poll, plus what the flow hub knows: Hubble's per-node health from
 * Relay and overlay traffic per node pair from the flows held. Never throws: failures are problems.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { assembleClusterView, emptyInputs } from '@/lib/cilium/assemble';
import { collectFileCluster } from '@/lib/cilium/sources/file';
import { collectKubernetesCluster } from '@/lib/cilium/sources/k8s';
import { simulatedClusterView } from '@/lib/cilium/sources/simulated';
import type {
  ClusterHubbleHealth,
  ClusterResponseBody,
  HubbleNodeHealth,
  HubbleNodeState,
  OverlayAccounting,
  StatusSourceName,
  TunnelsResponseBody,
} from '@/lib/model/cluster-api';
import type { ClusterNode, ClusterView } from '@/lib/model/cluster';
import type { HubbleInfo, NodeHealth, NodeState } from '@/lib/model/hubble-health';
import type { FlowscopeConfig } from './env';
import { getHub, type FlowHub } from './flow-hub';
import { bareNodeName, OverlayCounter } from './overlay-pairs';

/** How long a collected view is served before the source is asked again. */
export const CLUSTER_CACHE_MS = 15_000;
/** Per-node rates are measured over this much of the newest flows. */
const RATE_WINDOW_MS = 60_000;
/** The overlay scan walks the whole compact window: at most once per this period. */
export const OVERLAY_CACHE_MS = 5_000;

export interface ClusterServiceOptions {
  config: FlowscopeConfig;
  /** The flow hub, or undefined when it is not available; default getHub(). */
  hub?: () => FlowHub | undefined;
  /** Credentials for the kubernetes source; default: in-cluster config or KUBECONFIG. */
  kubeConfig?: KubeConfig;
  /** Replaces the configured source (tests). */
  collect?: () => Promise<ClusterView>;
  cacheMs?: number;
  now?: () => number;
}

const STATE: Record<NodeState, HubbleNodeState> = {
  NODE_CONNECTED: 'connected',
  NODE_UNAVAILABLE: 'unavailable',
  NODE_GONE: 'gone',
  NODE_ERROR: 'error',
  UNKNOWN_NODE_STATE: 'unknown',
};

/** Name of the configured source as shown to users. */
export function statusSourceName(config: FlowscopeConfig): StatusSourceName {
  const s = config.cluster.status;
  return s.kind === 'kubernetes' ? (s.exec ? 'exec' : 'kubernetes') : s.kind;
}

function noSourceView(config: FlowscopeConfig, nowMs: number): ClusterView {
  return assembleClusterView(
    emptyInputs([], config.cluster.namespace, nowMs, [
      {
        source: 'config',
        kind: 'error',
        message:
          'no cluster status source: no in-cluster service account and no kubeconfig were found. Set FLOWSCOPE_STATUS_SOURCE=kubernetes (with KUBECONFIG), exec, or file:<dir> (see docs/configuration.md)',
      },
    ]),
  );
}

/**
 * Per-node Hubble health: Relay's numbers, buffer span = held / rate. The rate is the one measured
 * from the flows Flowscope received from that node in the last minute when given (what the ring is
 * filling at now); otherwise seen / uptime, a lifetime average that lags behind load changes.
 */
export function nodeHubbleHealth(
  h: NodeHealth,
  lostByNode: Record<string, number>,
  measuredRate: number | null = null,
): HubbleNodeHealth {
  const uptime = h.uptimeNs > 0 ? h.uptimeNs / 1e9 : null;
  const rate =
    measuredRate !== null && measuredRate > 0
      ? measuredRate
      : uptime !== null && h.seenFlows > 0
        ? h.seenFlows / uptime
        : null;
  const span = rate !== null && rate > 0 ? Math.min(h.numFlows / rate, uptime ?? Infinity) : null;
  return {
    node: bareNodeName(h.name),
    state: STATE[h.state] ?? 'unknown',
    version: h.version || null,
    address: h.address || null,
    flowsHeld: h.maxFlows > 0 || h.numFlows > 0 ? h.numFlows : null,
    maxFlows: h.maxFlows > 0 ? h.maxFlows : null,
    seenFlows: h.seenFlows > 0 ? h.seenFlows : null,
    flowsPerSecond: rate,
    uptimeSeconds: uptime,
    bufferSpanSeconds: span,
    lostEvents: lostByNode[h.name] ?? lostByNode[bareNodeName(h.name)] ?? 0,
    message: h.message,
  };
}

/** Nodes without Relay data fall back to the agent's own Hubble counters (exec/file/sim). */
function agentHubbleHealth(n: ClusterNode): HubbleNodeHealth {
  const h = n.agent?.hubble ?? null;
  const rate = h?.flowsPerSecond ?? null;
  const held = h?.currentFlows ?? null;
  const span =
    rate !== null && rate > 0 && held !== null
      ? Math.min(held / rate, h?.uptimeSeconds ?? Infinity)
      : null;
  return {
    node: n.name,
    state: 'not-reported',
    version: null,
    address: null,
    flowsHeld: held,
    maxFlows: h?.maxFlows ?? null,
    seenFlows: h?.seenFlows ?? null,
    flowsPerSecond: rate,
    uptimeSeconds: h?.uptimeSeconds ?? null,
    bufferSpanSeconds: span,
    lostEvents: 0,
    message: '',
  };
}

/** Merges Relay's node list with the cluster's nodes: every node of either appears once. */
export function mergeHubbleHealth(
  info: HubbleInfo,
  nodes: ClusterNode[],
  rates: ReadonlyMap<string, number> = new Map(),
): ClusterHubbleHealth {
  const relay = new Map(
    info.nodes.map(h => {
      const name = bareNodeName(h.name);
      return [name, nodeHubbleHealth(h, info.lostEvents.byNode, rates.get(name) ?? null)];
    }),
  );
  const out: HubbleNodeHealth[] = nodes.map(n => relay.get(n.name) ?? agentHubbleHealth(n));
  for (const [name, h] of relay) if (!nodes.some(n => n.name === name)) out.push(h);
  return {
    connection: {
      state: info.connection.state,
      relayAddr: info.connection.relayAddr,
      lastError: info.connection.lastError,
    },
    serverStatus: info.serverStatus,
    pollError: info.pollError,
    nodes: out,
    lostEvents: info.lostEvents,
  };
}

export class ClusterService {
  private cached: { atMs: number; view: Promise<ClusterView> } | null = null;
  private overlay: {
    atMs: number;
    key: string;
    value: OverlayAccounting;
    rates: Map<string, number>;
  } | null = null;
  private readonly now: () => number;
  private readonly cacheMs: number;

  constructor(private readonly opts: ClusterServiceOptions) {
    this.now = opts.now ?? Date.now;
    this.cacheMs = opts.cacheMs ?? CLUSTER_CACHE_MS;
  }

  private hub(): FlowHub | undefined {
    try {
      return (this.opts.hub ?? getHub)();
    } catch {
      return undefined; // invalid flow configuration: the cluster view still works without it
    }
  }

  private collect(): Promise<ClusterView> {
    if (this.opts.collect) return this.opts.collect();
    const { config } = this.opts;
    const s = config.cluster.status;
    const namespace = config.cluster.namespace;
    switch (s.kind) {
      case 'kubernetes':
        return collectKubernetesCluster({
          namespace,
          exec: s.exec ? {} : false,
          kubeConfig: this.opts.kubeConfig,
        });
      case 'file':
        return collectFileCluster(s.dir, { namespace });
      case 'sim':
        return Promise.resolve(this.simView());
      case 'none':
        return Promise.resolve(noSourceView(config, this.now()));
    }
  }

  /** The built-in cluster's status, with the simulated Relay's live buffer counters. */
  private simView(): ClusterView {
    const nodes = this.hub()?.info().nodes ?? [];
    return simulatedClusterView({
      nowMs: this.now(),
      // The same scaled topology as the simulated Relay (FLOWSCOPE_SIM_SCALE): one node per 50 workloads.
      scale: this.opts.config.sim.scale ?? undefined,
      hubble: name => {
        const h = nodes.find(n => bareNodeName(n.name) === name);
        if (!h || h.uptimeNs <= 0) return null;
        return {
          current: h.numFlows,
          max: h.maxFlows,
          seen: h.seenFlows,
          uptimeSeconds: h.uptimeNs / 1e9,
        };
      },
    });
  }

  /** The cached view, collected again when older than the cache period. Never rejects. */
  view(): Promise<ClusterView> {
    const now = this.now();
    if (this.cached && now - this.cached.atMs < this.cacheMs) return this.cached.view;
    const view = this.collect().catch((err: unknown) => {
      const v = noSourceView(this.opts.config, this.now());
      v.summary.sources = [];
      v.problems = [
        {
          source: `status:${statusSourceName(this.opts.config)}`,
          kind: 'error',
          message: `collecting the cluster status failed: ${err instanceof Error ? err.message : String(err)}`,
        },
      ];
      return v;
    });
    this.cached = { atMs: now, view };
    return view;
  }

  /** GET /api/v1/cluster body. */
  async cluster(): Promise<ClusterResponseBody> {
    const v = await this.view();
    const hub = this.hub();
    return {
      source: statusSourceName(this.opts.config),
      sourceDefaulted: this.opts.config.cluster.statusDefaulted,
      summary: v.summary,
      nodes: v.nodes,
      hubble: hub ? mergeHubbleHealth(hub.info(), v.nodes, this.scan(v.nodes).rates) : null,
      problems: v.problems,
      fetchedAtMs: v.fetchedAtMs,
    };
  }

  /** Overlay flows and drops per node pair over the hub's window; cached briefly. */
  overlayAccounting(nodes: ClusterNode[]): OverlayAccounting {
    return this.scan(nodes).value;
  }

  /**
   * One pass over the hub's window (cached briefly): overlay flows and drops per node pair, and
   * each node's flow rate over the last minute of flows received (ending at the newest flow, so an
   * imported file gets its own last minute).
   */
  private scan(nodes: ClusterNode[]): { value: OverlayAccounting; rates: Map<string, number> } {
    const hub = this.hub();
    const empty = {
      pairs: [],
      scanned: 0,
      fromMs: null,
      toMs: null,
      unattributed: 0,
      uncounted: 0,
    };
    if (!hub) return { value: empty, rates: new Map() };
    const key = `${hub.store.lastSeq}:${nodes.map(n => n.name).join(',')}`;
    const now = this.now();
    if (this.overlay && (this.overlay.key === key || now - this.overlay.atMs < OVERLAY_CACHE_MS))
      return this.overlay;
    const counter = new OverlayCounter(nodes);
    const newest = hub.store.stats().newestMs ?? 0;
    const from = newest - RATE_WINDOW_MS;
    const perNode = new Map<string, number>();
    // The predicate sees a flyweight view per flow and keeps nothing; returning false copies nothing.
    hub.store.query(r => {
      counter.add(r);
      if (r.timeMs > from) {
        const n = bareNodeName(r.node);
        perNode.set(n, (perNode.get(n) ?? 0) + 1);
      }
      return false;
    }, 0);
    const rates = new Map([...perNode].map(([n, c]) => [n, c / (RATE_WINDOW_MS / 1000)]));
    this.overlay = { atMs: now, key, value: counter.result(), rates };
    return this.overlay;
  }

  /** GET /api/v1/cluster/tunnels body. */
  async tunnels(): Promise<TunnelsResponseBody> {
    const v = await this.view();
    return {
      source: statusSourceName(this.opts.config),
      tunnels: v.tunnels,
      nodes: v.nodes.map(n => ({ name: n.name, internalIP: n.internalIP, podCIDRs: n.podCIDRs })),
      overlay: this.overlayAccounting(v.nodes),
      problems: v.problems,
      fetchedAtMs: v.fetchedAtMs,
    };
  }
}

const KEY = Symbol.for('flowscope.cluster-service');
type ServiceGlobal = typeof globalThis & { [KEY]?: ClusterService };

/** The process-wide service, configured like the hub (throws ConfigError on a bad environment). */
export function getClusterService(): ClusterService {
  const g = globalThis as ServiceGlobal;
  return (g[KEY] ??= new ClusterService({ config: getHubConfig() }));
}

/** Replaces the process-wide service (tests). */
export function setClusterService(s: ClusterService | undefined): void {
  (globalThis as ServiceGlobal)[KEY] = s;
}

function getHubConfig(): FlowscopeConfig {
  return getHub().config;
}
