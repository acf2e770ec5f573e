/**
 * The periodic ServerStatus + GetNodes + GetNamespaces poll of the Relay source, and the
 * conversions of their answers into the plain types of lib/model/hubble-health.ts (nothing past
 * lib/hubble sees protobuf messages or bigints). One poller per process, never per browser tab.
 *
 * The ServerStatus call doubles as an application-level liveness probe on the stream's channel
 * (hubble-api.md §11), and its flows_rate arms the stream watchdog in follow.ts.
 */
import type {
  GetNamespacesResponse,
  GetNodesResponse,
  ServerStatusResponse,
} from '@/proto/gen/observer/observer_pb';
import { NodeState as PbNodeState } from '@/proto/gen/relay/relay_pb';
import type { RelayClient } from '@/lib/hubble/client';
import type { UpstreamEvent } from '@/lib/hubble/upstream-events';
import type { NodeHealth, NodeState, ServerStatusSummary } from '@/lib/model/hubble-health';

export interface PollerOptions {
  /** Period, ms; 0 disables polling entirely. */
  intervalMs: number;
  /** The channel to poll on (the stream's current client), null before the first dial. */
  client: () => RelayClient | null;
  emit: (ev: UpstreamEvent) => void;
  afterPoll?: () => void;
  /** Called after every poll with the number of consecutive ServerStatus failures. */
  onServerStatusFailures?: (consecutive: number) => void;
}

export interface Poller {
  /** Polls now unless a poll already ran or is running (used once the first client exists). */
  kick(): void;
  /** Stops the timer and waits for a poll in flight. */
  stop(): Promise<void>;
  /** flows_rate of the last successful ServerStatus (0 before one). */
  readonly flowsRate: number;
}

/** Starts polling every `intervalMs` on whatever client `client()` returns at the time. */
export function createPoller(opts: PollerOptions): Poller {
  let inFlight: Promise<void> | null = null;
  let polledOnce = false;
  let stopped = false;
  let flowsRate = 0;
  let ssFailures = 0;
  let lastSeen: { flows: number; atMs: number } | null = null;
  // A Relay older than 1.14 has no GetNamespaces: it answers UNIMPLEMENTED. That is not a failure
  // to show on every poll; the call is dropped and namespaces come from the flows instead.
  let namespacesUnsupported = false;
  const timer = opts.intervalMs > 0 ? setInterval(() => trigger(), opts.intervalMs) : null;
  timer?.unref();

  function trigger(): void {
    if (stopped || inFlight || opts.intervalMs <= 0) return;
    const c = opts.client();
    if (!c) return;
    polledOnce = true;
    inFlight = pollOnce(c).finally(() => {
      inFlight = null;
    });
  }

  async function pollOnce(c: RelayClient): Promise<void> {
    const [ss, nodes, ns] = await Promise.allSettled([
      c.serverStatus(),
      c.getNodes(),
      namespacesUnsupported ? Promise.resolve(null) : c.getNamespaces(),
    ]);
    if (ns.status === 'rejected' && (ns.reason as { code?: unknown })?.code === 'UNIMPLEMENTED') {
      namespacesUnsupported = true;
    }
    if (stopped) return;
    const errors: string[] = [];
    const pick = <T, R>(r: PromiseSettledResult<T>, what: string, conv: (v: T) => R): R | null => {
      if (r.status === 'fulfilled') return conv(r.value);
      errors.push(`${what}: ${r.reason instanceof Error ? r.reason.message : String(r.reason)}`);
      return null;
    };
    const serverStatus = pick(ss, 'ServerStatus', toServerStatusSummary);
    const nowMs = Date.now();
    opts.emit({
      kind: 'poll',
      serverStatus,
      nodes: pick(nodes, 'GetNodes', v => toNodeHealth(v, nowMs)),
      namespaces:
        namespacesUnsupported || (ns.status === 'fulfilled' && ns.value === null)
          ? null
          : pick(ns, 'GetNamespaces', v => toNamespaces(v!)),
      error: errors.length > 0 ? errors.join('; ') : null,
    });
    if (serverStatus) {
      // flows_rate exists from Cilium 1.15; before that, derive it from seen_flows between polls so
      // the stall watchdog still knows whether silence is suspicious.
      const seen = serverStatus.seenFlows;
      if (serverStatus.flowsRate > 0) flowsRate = serverStatus.flowsRate;
      else if (lastSeen && seen >= lastSeen.flows && nowMs > lastSeen.atMs)
        flowsRate = (seen - lastSeen.flows) / ((nowMs - lastSeen.atMs) / 1000);
      else flowsRate = 0;
      lastSeen = { flows: seen, atMs: nowMs };
      ssFailures = 0;
    } else {
      ssFailures += 1;
    }
    opts.onServerStatusFailures?.(ssFailures);
    opts.afterPoll?.();
  }

  return {
    kick() {
      if (!polledOnce) trigger();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await inFlight;
    },
    get flowsRate() {
      return flowsRate;
    },
  };
}

const NODE_STATES: Record<number, NodeState> = {
  [PbNodeState.UNKNOWN_NODE_STATE]: 'UNKNOWN_NODE_STATE',
  [PbNodeState.NODE_CONNECTED]: 'NODE_CONNECTED',
  [PbNodeState.NODE_UNAVAILABLE]: 'NODE_UNAVAILABLE',
  [PbNodeState.NODE_GONE]: 'NODE_GONE',
  [PbNodeState.NODE_ERROR]: 'NODE_ERROR',
};

/** ServerStatusResponse → ServerStatusSummary (uint64 counters become numbers; 2^53 is ample). */
export function toServerStatusSummary(res: ServerStatusResponse): ServerStatusSummary {
  return {
    numFlows: Number(res.numFlows),
    maxFlows: Number(res.maxFlows),
    seenFlows: Number(res.seenFlows),
    uptimeNs: Number(res.uptimeNs),
    // Wrappers: unset against a single agent, set (possibly 0) through Relay.
    numConnectedNodes: res.numConnectedNodes ?? null,
    numUnavailableNodes: res.numUnavailableNodes ?? null,
    unavailableNodes: [...res.unavailableNodes],
    version: res.version,
    flowsRate: res.flowsRate,
  };
}

/** GetNodesResponse → NodeHealth[]; `changedMs` is the poll time (GetNodes carries no timestamp). */
export function toNodeHealth(res: GetNodesResponse, nowMs: number): NodeHealth[] {
  return res.nodes.map(n => ({
    name: n.name,
    // States newer than our transcription read as UNKNOWN_NODE_STATE.
    state: NODE_STATES[n.state] ?? 'UNKNOWN_NODE_STATE',
    version: n.version,
    address: n.address,
    tls: n.tls?.enabled ?? false,
    uptimeNs: Number(n.uptimeNs),
    numFlows: Number(n.numFlows),
    maxFlows: Number(n.maxFlows),
    seenFlows: Number(n.seenFlows),
    message: '',
    changedMs: nowMs,
  }));
}

/** GetNamespacesResponse → plain list, order kept (Relay sorts by cluster, then namespace). */
export function toNamespaces(res: GetNamespacesResponse): { cluster: string; namespace: string }[] {
  return res.namespaces.map(n => ({ cluster: n.cluster, namespace: n.namespace }));
}
