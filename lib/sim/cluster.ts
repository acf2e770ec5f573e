/**
 * The simulated cluster's state, independent of any gRPC server: one ring buffer per node filled by
 * the generator on a ticker, node availability, faults, and the ServerStatus / GetNodes /
 * GetNamespaces answers a Relay would give. Keeping it apart from the server is what lets a test stop
 * the server and start a new one on the same port over the same rings (a Relay restart).
 *
 * Replay mode serves a fixed list of recorded responses instead of generated traffic.
 */
import { LostEventSource } from '@/proto/gen/flow/flow_pb';
import {
  type GetFlowsResponse,
  type GetNamespacesResponse,
  type GetNodesResponse,
  type ServerStatusResponse,
} from '@/proto/gen/observer/observer_pb';
import { lostEventResponse, timestampMs } from '@/lib/sim/flow-parts';
import { FlowGenerator } from '@/lib/sim/generator';
import { groupReplay, nodeOfResponse } from '@/lib/sim/replay';
import { relayNamespaces, relayNodes, relayServerStatus } from '@/lib/sim/relay-answers';
import { NodeRing, SimEntry, cmpTime } from '@/lib/sim/ring';
import type { SimFault } from '@/lib/sim/faults';
import { buildTopology, podsOf, type SimTopology } from '@/lib/sim/topology';

/** Source of "now" in epoch ms; tests inject a manual clock. */
export interface SimClock {
  now(): number;
}

/** The wall clock. */
export const systemClock: SimClock = { now: () => Date.now() };

/** Options of {@link createSimCluster}; every field has a default. */
export interface SimClusterOptions {
  /** PRNG seed (default 1). */
  seed?: number;
  /** Flows per second over the whole cluster (default 200). */
  rate?: number;
  /** Per-node ring capacity (default 4095, the agent's default). */
  ringCapacity?: number;
  /** Ticker period while running (default 100 ms). */
  tickMs?: number;
  clock?: SimClock;
  /**
   * Pre-filled history at creation, in ms (default 60 000), capped to what the rings can hold so a
   * high rate does not spend seconds generating flows that would be overwritten anyway, and to
   * MAX_PREFILL_FLOWS flows (the rest fills in as the ticker runs).
   */
  historyMs?: number;
  /** Nodes that behave like an old (1.13) agent: no uuid and other newer fields. Default none. */
  oldAgentNodes?: string[];
  /** Occasional agent lost events (default true). */
  lostEvents?: boolean;
  faults?: SimFault[];
  /** Relay and agent version (default '1.19.4'). */
  version?: string;
  /** Total workloads of a scaled-up topology (see topology-scale.ts); default: the demo shop. */
  scale?: number;
  /** Serve these recorded responses instead of generated traffic (flows and lost events; node_status ignored). */
  replay?: GetFlowsResponse[];
}

/**
 * Node made unavailable by the 'node-down' fault: one of the demo's three nodes, which a scaled
 * topology keeps too, so the fault takes down the same part of the shop at any scale.
 */
export const NODE_DOWN_FAULT_NODE = 'worker243';
/**
 * Most flows generated at creation. Filling rings costs ~11 us per flow (generation and encoding,
 * scale 5,000 at 20,000 flows/s): filling a scaled topology's 100 rings took 6.9 s, this caps it
 * near 0.3 s. The demo's three rings never reach it (1.5 x 3 x 4,095 ≈ 18,000 flows).
 */
const MAX_PREFILL_FLOWS = 30_000;
const OLD_AGENT_VERSION = '1.13.18';
/** Generation lag behind the clock beyond which the ticker skips ahead (see catchUp). */
const MAX_LAG_MS = 1_000;
/** Least idle time between ticks, for gRPC I/O. */
const MIN_TICK_GAP_MS = 10;
/** Up to this rate rings keep decoded messages next to the bytes (see SimEntry). */
const KEEP_MESSAGES_MAX_RATE = 5_000;

/** What changed: new ring entries, or node availability. */
export type SimClusterEvent = 'flows' | 'nodes';

/** A simulated cluster: per-node rings, generator, faults and Relay's unary answers. */
export class SimCluster {
  readonly topology: SimTopology;
  readonly nodeNames: readonly string[];
  readonly clock: SimClock;
  readonly version: string;
  /** Name Relay puts in `node_name` of its own node_status messages. */
  readonly relayNodeName: string;
  readonly replay: boolean;
  private readonly rings: NodeRing[];
  private readonly index = new Map<string, number>();
  private readonly generator: FlowGenerator | null;
  private readonly tickMs: number;
  private readonly agentStartMs: number[];
  private readonly oldAgents: Set<string>;
  private readonly down = new Set<string>();
  private faultSet = new Set<SimFault>();
  private readonly nsSeen = new Map<string, number>();
  private readonly listeners = new Set<(ev: SimClusterEvent) => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly startedMs: number;

  constructor(opts: SimClusterOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.version = opts.version ?? '1.19.4';
    this.tickMs = opts.tickMs ?? 100;
    this.topology = buildTopology({ scale: opts.scale });
    this.relayNodeName = podsOf(this.topology, 'hubble-relay')[0]?.name ?? 'hubble-relay';
    this.oldAgents = new Set(opts.oldAgentNodes ?? []);
    this.startedMs = this.clock.now();
    const capacity = opts.ringCapacity ?? 4095;
    this.replay = opts.replay !== undefined;

    if (opts.replay) {
      const byNode = groupReplay(opts.replay);
      this.nodeNames = [...byNode.keys()];
      this.rings = this.nodeNames.map(
        n => new NodeRing(Math.max(capacity, byNode.get(n)?.length ?? 0)),
      );
      this.nodeNames.forEach((n, i) => this.index.set(n, i));
      this.generator = null;
      for (const [node, responses] of byNode)
        for (const r of responses) this.push(node, SimEntry.of(r, true), r);
    } else {
      this.nodeNames = this.topology.nodes.map(n => n.name);
      this.nodeNames.forEach((n, i) => this.index.set(n, i));
      this.rings = this.nodeNames.map(() => new NodeRing(capacity));
      const rate = opts.rate ?? 200;
      const holdMs = rate > 0 ? (1.5 * capacity * this.nodeNames.length * 1000) / rate : 0;
      const budgetMs = rate > 0 ? (MAX_PREFILL_FLOWS * 1000) / rate : 0;
      const historyMs = Math.min(opts.historyMs ?? 60_000, holdMs, budgetMs);
      this.generator = new FlowGenerator({
        seed: opts.seed,
        startMs: this.startedMs - historyMs,
        rate,
        topology: this.topology,
        oldAgentNodes: opts.oldAgentNodes,
        agentVersion: this.version,
        lostEvents: opts.lostEvents,
      });
      if (opts.faults) this.setFaults(opts.faults);
      this.advance(this.startedMs);
    }
    // Agents have been up for days, each a little differently (deterministic offsets).
    this.agentStartMs = this.nodeNames.map(
      (_, i) => this.startedMs - 3 * 86_400_000 - i * 2_222_000,
    );
  }

  /** Starts the ticker that generates traffic up to the clock's now every `tickMs`. */
  start(): void {
    if (this.timer || !this.generator) return;
    const tick = () => {
      const started = performance.now();
      this.catchUp();
      this.advance();
      // Chained timeouts with a minimum gap, not setInterval: when a tick overruns (CPU starved),
      // gRPC I/O still gets a turn between ticks instead of queued ticks running back to back.
      const spent = performance.now() - started;
      this.timer = setTimeout(tick, Math.max(MIN_TICK_GAP_MS, this.tickMs - spent));
      // The gRPC server (or the test) keeps the process alive, not the simulator.
      this.timer.unref?.();
    };
    this.timer = setTimeout(tick, this.tickMs);
    this.timer.unref?.();
  }

  /** Stops the ticker (rings and state stay; `start()` resumes). */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /**
   * When generation has fallen more than MAX_LAG_MS behind the clock (the process cannot sustain
   * the rate), skip ahead and report the gap as OBSERVER_EVENTS_QUEUE lost events on every node, as
   * an overloaded agent would, rather than piling up ever-larger catch-up ticks.
   */
  private catchUp(): void {
    const gen = this.generator;
    if (!gen) return;
    const now = this.clock.now();
    const fromMs = gen.nowMs;
    if (now - fromMs <= MAX_LAG_MS) return;
    const lost = gen.skipTo(now - this.tickMs);
    const per = Math.max(1, Math.round(lost / this.nodeNames.length));
    const [first, last] = [timestampMs(fromMs), timestampMs(now - this.tickMs)];
    for (const node of this.nodeNames) {
      if (!this.isNodeAvailable(node)) continue;
      const source = LostEventSource.OBSERVER_EVENTS_QUEUE;
      this.append(lostEventResponse(node, source, per, last, { first, last }));
    }
  }

  /** Whether the ticker is running. */
  get running(): boolean {
    return this.timer !== null;
  }

  /** Generates everything up to `nowMs` (default: the clock) into the rings and notifies readers. */
  advance(nowMs: number = this.clock.now()): number {
    if (!this.generator) return 0;
    const keep = this.generator.rate <= KEEP_MESSAGES_MAX_RATE;
    const n = this.generator.advanceTo(nowMs, (ev, node) => {
      const name = this.nodeNames[node] as string;
      // An unreachable agent's flows never reach Relay.
      if (!this.isNodeAvailable(name)) return;
      this.push(name, SimEntry.of(ev.response, keep, ev.sec, ev.nanos), ev.response);
    });
    if (n > 0) this.emit('flows');
    return n;
  }

  /**
   * Appends one response to its node's ring (node from `node_name`, else the flow's), e.g. a test's
   * hand-made flow. Times must not go backwards per node.
   */
  append(response: GetFlowsResponse): void {
    const entry = SimEntry.of(response, true);
    const node = nodeOfResponse(response);
    if (!this.index.has(node)) throw new Error(`sim cluster has no node ${JSON.stringify(node)}`);
    const newest = this.ring(node).newest();
    if (newest && cmpTime(entry.sec, entry.nanos, newest.sec, newest.nanos) < 0) {
      throw new RangeError(`append: time goes backwards on node ${node}`);
    }
    this.push(node, entry, response);
    this.emit('flows');
  }

  /** Appends to a node's ring; `response` is the entry's message, read here before it is dropped. */
  private push(node: string, e: SimEntry, response: GetFlowsResponse): void {
    (this.rings[this.index.get(node) as number] as NodeRing).push(e);
    const r = response.responseTypes;
    if (r.case === 'flow') {
      const ms = e.sec * 1000;
      const src = r.value.source?.namespace;
      const dst = r.value.destination?.namespace;
      if (src) this.nsSeen.set(src, ms);
      if (dst) this.nsSeen.set(dst, ms);
    }
  }

  /** A node's ring (throws for unknown nodes). */
  ring(node: string): NodeRing {
    const i = this.index.get(node);
    if (i === undefined) throw new Error(`sim cluster has no node ${JSON.stringify(node)}`);
    return this.rings[i] as NodeRing;
  }

  /** Target flows per second (0 in replay mode). */
  get rate(): number {
    return this.generator?.rate ?? 0;
  }

  /** Changes the target rate from now on. */
  setRate(rate: number): void {
    this.generator?.setRate(rate);
  }

  /** Active faults, sorted. */
  get faults(): SimFault[] {
    return [...this.faultSet].sort();
  }

  /** Switches to exactly one fault, or none with null. */
  setFault(fault: SimFault | null): void {
    this.setFaults(fault ? [fault] : []);
  }

  /** Replaces the active faults (see faults.ts). */
  setFaults(faults: Iterable<SimFault>): void {
    const before = this.isNodeAvailable(NODE_DOWN_FAULT_NODE);
    this.faultSet = new Set(faults);
    this.generator?.setFaults(this.faultSet);
    if (before !== this.isNodeAvailable(NODE_DOWN_FAULT_NODE)) this.emit('nodes');
  }

  /** Makes a node's agent unreachable (or reachable again) for Relay. */
  setNodeAvailable(node: string, available: boolean): void {
    this.ring(node);
    const before = this.isNodeAvailable(node);
    if (available) this.down.delete(node);
    else this.down.add(node);
    if (before !== this.isNodeAvailable(node)) this.emit('nodes');
  }

  /** Whether Relay can reach the node's agent (not down, not taken by the node-down fault). */
  isNodeAvailable(node: string): boolean {
    if (this.down.has(node)) return false;
    return !(node === NODE_DOWN_FAULT_NODE && this.faultSet.has('node-down'));
  }

  /** Subscribes to new entries ('flows') and availability changes ('nodes'); returns unsubscribe. */
  subscribe(listener: (ev: SimClusterEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(ev: SimClusterEvent): void {
    for (const l of [...this.listeners]) l(ev);
  }

  /** Agent uptime on a node (agents have been up for days, each a little differently). */
  agentUptimeMs(node: string): number {
    return this.clock.now() - (this.agentStartMs[this.index.get(node) ?? 0] as number);
  }

  /** Agent version on a node (old-agent nodes report an older Cilium). */
  agentVersion(node: string): string {
    return this.oldAgents.has(node) ? OLD_AGENT_VERSION : this.version;
  }

  /** Namespace -> epoch ms of the newest flow that touched it. */
  namespacesSeen(): ReadonlyMap<string, number> {
    return this.nsSeen;
  }

  /** ServerStatus as Relay aggregates it over the reachable nodes. */
  serverStatus(): ServerStatusResponse {
    return relayServerStatus(this);
  }

  /** GetNodes as Relay answers it. */
  nodes(): GetNodesResponse {
    return relayNodes(this);
  }

  /** Namespaces with flows in the last hour (replay: all), sorted (cluster, then namespace). */
  namespaces(): GetNamespacesResponse {
    return relayNamespaces(this);
  }
}

/** Creates a simulated cluster (history pre-filled; call `start()` to keep generating). */
export function createSimCluster(opts: SimClusterOptions = {}): SimCluster {
  return new SimCluster(opts);
}
