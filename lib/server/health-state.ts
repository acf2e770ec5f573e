/**
 * What the hub knows about its upstream besides flows: connection state, per-node health (merged from
 * the periodic GetNodes poll and the stream's node_status events), lost-event counts with a
 * last-minute window, Relay's ServerStatus and the namespace list. Relay sends node_status and
 * lost_events as data (hubble-api.md §3.1); they are surfaced here, never dropped.
 */
import type { FlowRecord } from '@/lib/model/flow-record';
import type {
  ConnectionStatus,
  HubbleInfo,
  LostEventsSummary,
  NodeHealth,
  ServerStatusSummary,
  StoreStats,
} from '@/lib/model/hubble-health';
import type { UpstreamEvent } from '@/lib/hubble/upstream-events';

const WINDOW_S = 60;
const MAX_NAMESPACES = 10_000;

/** Sliding 60 s count in one-second buckets: O(1) add, O(60) read, no timers. */
class MinuteCounter {
  private counts = new Float64Array(WINDOW_S);
  private secs = new Float64Array(WINDOW_S).fill(-1);

  add(n: number, nowMs: number): void {
    const sec = Math.floor(nowMs / 1000);
    const i = sec % WINDOW_S;
    if (this.secs[i] !== sec) {
      this.secs[i] = sec;
      this.counts[i] = 0;
    }
    this.counts[i]! += n;
  }

  total(nowMs: number): number {
    const sec = Math.floor(nowMs / 1000);
    let sum = 0;
    for (let i = 0; i < WINDOW_S; i++) if (this.secs[i]! > sec - WINDOW_S) sum += this.counts[i]!;
    return sum;
  }
}

export class HealthState {
  connection: ConnectionStatus;
  everConnected = false;
  private serverStatus: ServerStatusSummary | null = null;
  private pollError: string | null = null;
  private nodes = new Map<string, NodeHealth>();
  private polledNamespaces: { cluster: string; namespace: string }[] | null = null;
  /** Namespaces seen in flows, by cluster: the list works before (or without) GetNamespaces. */
  private seenNamespaces = new Map<string, Set<string>>();
  private seenCount = 0;
  private lost = {
    total: 0,
    bySource: {} as Record<string, number>,
    byNode: {} as Record<string, number>,
    lastMs: null as number | null,
  };
  private lostMinute = new MinuteCounter();

  constructor(initial: ConnectionStatus) {
    this.connection = initial;
  }

  /** Applies a non-flow event; returns true when what the UI shows changed. */
  apply(ev: Exclude<UpstreamEvent, { kind: 'flow' }>, nowMs: number): boolean {
    switch (ev.kind) {
      case 'connection':
        this.connection = ev.status;
        if (ev.status.state === 'connected') this.everConnected = true;
        return true;
      case 'node_status':
        for (const name of ev.nodes) {
          const prev = this.nodes.get(name) ?? emptyNode(name, ev.timeMs);
          this.nodes.set(name, {
            ...prev,
            state: ev.state,
            message: ev.state === 'NODE_CONNECTED' ? '' : ev.message,
            changedMs: prev.state === ev.state ? prev.changedMs : ev.timeMs,
          });
        }
        return ev.nodes.length > 0;
      case 'lost':
        this.lost.total += ev.count;
        this.lost.bySource[ev.source] = (this.lost.bySource[ev.source] ?? 0) + ev.count;
        if (ev.node) this.lost.byNode[ev.node] = (this.lost.byNode[ev.node] ?? 0) + ev.count;
        this.lost.lastMs = ev.timeMs;
        this.lostMinute.add(ev.count, nowMs);
        return true;
      case 'poll':
        if (ev.serverStatus) this.serverStatus = ev.serverStatus;
        if (ev.namespaces) this.polledNamespaces = ev.namespaces;
        if (ev.nodes) this.mergePolledNodes(ev.nodes, nowMs);
        this.pollError = ev.error;
        return true;
    }
  }

  /** GetNodes is authoritative for the node list; keep stream messages while the state holds. */
  private mergePolledNodes(polled: NodeHealth[], nowMs: number): void {
    const next = new Map<string, NodeHealth>();
    for (const n of polled) {
      const prev = this.nodes.get(n.name);
      const same = prev !== undefined && prev.state === n.state;
      next.set(n.name, {
        ...n,
        message: n.message || (same ? prev.message : ''),
        changedMs: same ? prev.changedMs : prev ? nowMs : n.changedMs,
      });
    }
    this.nodes = next;
  }

  /** Records the namespaces of a flow's endpoints (cheap: two Set lookups, no allocation on hits). */
  noteFlow(r: FlowRecord): void {
    this.noteNamespace(r.src.cluster, r.src.namespace);
    this.noteNamespace(r.dst.cluster, r.dst.namespace);
  }

  private noteNamespace(cluster: string, ns: string): void {
    if (ns === '') return;
    let set = this.seenNamespaces.get(cluster);
    if (set === undefined) {
      set = new Set();
      this.seenNamespaces.set(cluster, set);
    }
    if (set.has(ns) || this.seenCount >= MAX_NAMESPACES) return;
    set.add(ns);
    this.seenCount++;
  }

  lostSummary(nowMs: number): LostEventsSummary {
    return {
      total: this.lost.total,
      lastMinute: this.lostMinute.total(nowMs),
      bySource: { ...this.lost.bySource },
      byNode: { ...this.lost.byNode },
      lastMs: this.lost.lastMs,
    };
  }

  namespaces(): { cluster: string; namespace: string }[] {
    const seen = new Map<string, { cluster: string; namespace: string }>();
    for (const n of this.polledNamespaces ?? []) seen.set(`${n.cluster}/${n.namespace}`, n);
    for (const [cluster, set] of this.seenNamespaces) {
      for (const namespace of set) seen.set(`${cluster}/${namespace}`, { cluster, namespace });
    }
    return [...seen.values()].sort(
      (a, b) => a.cluster.localeCompare(b.cluster) || a.namespace.localeCompare(b.namespace),
    );
  }

  /** `live` (when given) replaces the last connection event, for up-to-date counters. */
  snapshot(store: StoreStats, nowMs: number, live?: ConnectionStatus): HubbleInfo {
    return {
      connection: live ?? this.connection,
      serverStatus: this.serverStatus,
      pollError: this.pollError,
      nodes: [...this.nodes.values()].sort((a, b) => a.name.localeCompare(b.name)),
      namespaces: this.namespaces(),
      lostEvents: this.lostSummary(nowMs),
      store,
    };
  }
}

function emptyNode(name: string, nowMs: number): NodeHealth {
  return {
    name,
    state: 'UNKNOWN_NODE_STATE',
    version: '',
    address: '',
    tls: false,
    uptimeNs: 0,
    numFlows: 0,
    maxFlows: 0,
    seenFlows: 0,
    message: '',
    changedMs: nowMs,
  };
}
