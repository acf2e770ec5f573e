/**
 * The simulated cluster's flow generator: a seeded, time-driven source of `GetFlowsResponse` messages
 * (flows and the agents' occasional lost events), each tagged with the node that captured it.
 *
 * Determinism: output depends only on (seed, startMs, the rate/fault changes and when they were
 * made), never on how time is sliced into `advanceTo` calls or on the wall clock. Conversations start
 * as a Poisson process; each schedules its flows at future times into a min-heap, and `advanceTo(t)`
 * releases, in time order, everything before t. UUIDs come from a separate PRNG stream. The one
 * exception is `skipTo`, which an overloaded ticker uses to drop traffic it cannot keep up with.
 *
 * Cost (bench/sim-gen.ts, idle machine): ~3 us per flow to generate, ~6.5 us with wire encoding,
 * i.e. ~150k flows/s per core; a 50k flows/s simulation needs about a third of a core.
 */
import type { Emitter, Flow } from '@/proto/gen/flow/flow_pb';
import { LostEventSource } from '@/proto/gen/flow/flow_pb';
import type { GetFlowsResponse } from '@/proto/gen/observer/observer_pb';
import type { FlowSink } from '@/lib/sim/conversation';
import { lostEventResponse, timestamp } from '@/lib/sim/flow-parts';
import { Prng, prngUuid } from '@/lib/sim/prng';
import { TimeHeap } from '@/lib/sim/time-heap';
import type { SimFault } from '@/lib/sim/faults';
import { TrafficMix } from '@/lib/sim/scenarios';
import { buildTopology, type SimTopology } from '@/lib/sim/topology';
import { shareMessage } from '@/lib/sim/wire-encode';

/** One generated response with its time split for cheap ordering. */
export interface SimEvent {
  response: GetFlowsResponse;
  /** Event time: seconds since the epoch and nanoseconds. */
  sec: number;
  nanos: number;
}

/** Options of {@link FlowGenerator}; only `startMs` is required. */
export interface FlowGeneratorOptions {
  /** PRNG seed (default 1). */
  seed?: number;
  /** Generator time zero, epoch ms: the first flows are stamped just after it. */
  startMs: number;
  /** Target flows per second over the whole cluster (default 200). 0 pauses traffic. */
  rate?: number;
  topology?: SimTopology;
  /**
   * Nodes whose agent behaves like an old Cilium (1.13): flows without `uuid`, `emitter`,
   * `node_labels`, `trace_reason`, tunnel, file and policy-name fields. Default none.
   */
  oldAgentNodes?: string[];
  /** Agent version reported in `emitter` (default '1.19.4'). */
  agentVersion?: string;
  /** Occasional agent-side lost events (PERF_EVENT_RING_BUFFER...), default true. */
  lostEvents?: boolean;
  faults?: Iterable<SimFault>;
}

/** Mean time between spontaneous lost-event bursts, and with the 'lost-events' fault. */
const LOST_MEAN_NS = 45e9;
const LOST_FAULT_MEAN_NS = 0.8e9;

/** Seeded, time-driven generator of the simulated cluster's responses (see file header). */
export class FlowGenerator {
  readonly topology: SimTopology;
  readonly nodeNames: readonly string[];
  readonly startMs: number;
  private readonly rng: Prng;
  private readonly uuidRng: Prng;
  private readonly mix: TrafficMix;
  private readonly old: boolean[];
  private readonly nodeLabels: string[][];
  private readonly emitter: Flow['emitter'];
  private readonly lostEnabled: boolean;
  private readonly baseSec: number;
  private readonly baseNs: number;
  private activeFaults = new Set<SimFault>();
  private flowRate: number;
  /** Generator time (ns since startMs) up to which output has been released. */
  private now = 0;
  private nextConv: number;
  private nextLost: number;
  private convs = 0;
  private scheduled = 0;
  private readonly pending = new TimeHeap();
  private currentStart = 0;
  private readonly sink: FlowSink;

  constructor(opts: FlowGeneratorOptions) {
    const seed = opts.seed ?? 1;
    this.topology = opts.topology ?? buildTopology();
    this.nodeNames = this.topology.nodes.map(n => n.name);
    this.startMs = opts.startMs;
    this.rng = new Prng(seed);
    this.uuidRng = new Prng(seed ^ 0x5eed5eed);
    this.mix = new TrafficMix(this.topology);
    const oldSet = new Set(opts.oldAgentNodes ?? []);
    this.old = this.nodeNames.map(n => oldSet.has(n));
    this.nodeLabels = this.topology.nodes.map(
      n => Object.freeze([...n.labels]) as unknown as string[],
    );
    this.emitter = shareMessage<Emitter>({
      $typeName: 'flow.Emitter',
      name: 'Hubble',
      version: opts.agentVersion ?? '1.19.4',
    });
    this.lostEnabled = opts.lostEvents ?? true;
    this.baseSec = Math.floor(opts.startMs / 1000);
    this.baseNs = Math.round((opts.startMs - this.baseSec * 1000) * 1e6);
    this.flowRate = Math.max(0, opts.rate ?? 200);
    if (opts.faults) this.setFaults(opts.faults);
    this.nextConv = this.flowRate > 0 ? this.rng.exp(this.meanGapNs()) : Infinity;
    this.nextLost = this.lostGap();
    const nodeIps = this.topology.nodes.map(n => n.internalIp);
    this.sink = {
      rng: this.rng,
      nodeIps,
      emit: (node, t, flow) => this.push(node, t, flow),
    };
  }

  /** Target flows per second. */
  get rate(): number {
    return this.flowRate;
  }

  /** Changes the target rate from the current generator time on. */
  setRate(rate: number): void {
    this.flowRate = Math.max(0, rate);
    this.nextConv = this.flowRate > 0 ? this.now + this.rng.exp(this.meanGapNs()) : Infinity;
  }

  /** Active faults, sorted. */
  get faults(): SimFault[] {
    return [...this.activeFaults].sort();
  }

  /** Replaces the active faults (takes effect for conversations started from now on). */
  setFaults(faults: Iterable<SimFault>): void {
    this.activeFaults = new Set(faults);
    this.mix.setFaults(this.activeFaults);
    this.nextLost = this.now + this.lostGap();
  }

  /** Epoch ms up to which output has been released. */
  get nowMs(): number {
    return this.startMs + this.now / 1e6;
  }

  /**
   * Releases, in time order, every event stamped before `tMs` (epoch ms). `out` gets the event and the
   * index of the node that captured it; the event is the caller's (nothing else keeps it). Returns
   * the number of events released.
   */
  advanceTo(tMs: number, out: (entry: SimEvent, node: number) => void): number {
    const end = Math.round((tMs - this.startMs) * 1e6);
    if (end <= this.now) return 0;
    let released = 0;
    for (;;) {
      const nextStart = Math.min(this.nextConv, this.nextLost);
      const limit = Math.min(nextStart, end);
      while (this.pending.peekTime() < limit) {
        const t = this.pending.peekTime();
        const node = this.pending.peekNode();
        out(this.stamp(this.pending.pop(), node, t), node);
        released++;
      }
      if (nextStart >= end) break;
      if (this.nextConv <= this.nextLost) {
        this.currentStart = Math.round(this.nextConv);
        this.mix.run(this.sink, Math.round(this.nextConv));
        this.convs++;
        this.nextConv += this.rng.exp(this.meanGapNs());
      } else {
        const node = this.rng.int(0, this.nodeNames.length - 1);
        out(this.lostEvent(Math.round(this.nextLost), node), node);
        released++;
        this.nextLost += this.lostGap();
      }
    }
    this.now = end;
    return released;
  }

  /**
   * Jumps to `tMs` without generating the traffic in between (an overloaded agent losing events);
   * flows already scheduled before `tMs` are dropped. Returns how many flows the skipped span would
   * have held at the current rate, for the lost-event report.
   */
  skipTo(tMs: number): number {
    const end = Math.round((tMs - this.startMs) * 1e6);
    if (end <= this.now) return 0;
    let dropped = 0;
    while (this.pending.peekTime() < end) {
      this.pending.pop();
      dropped++;
    }
    const skippedNs = end - this.now;
    this.now = end;
    this.currentStart = end;
    if (this.nextConv < end) this.nextConv = end + this.rng.exp(this.meanGapNs());
    if (this.nextLost < end) this.nextLost = end + this.lostGap();
    return Math.max(dropped, Math.round((this.flowRate * skippedNs) / 1e9));
  }

  /** Convenience for tests and tools: everything up to `tMs`, as an array. */
  collect(tMs: number): SimEvent[] {
    const out: SimEvent[] = [];
    this.advanceTo(tMs, e => out.push(e));
    return out;
  }

  private meanGapNs(): number {
    // Flows per conversation vary with the mix (and faults); learn the average as we go.
    const perConv = this.convs >= 50 ? this.scheduled / this.convs : 8;
    return (1e9 * perConv) / this.flowRate;
  }

  private lostGap(): number {
    if (this.activeFaults.has('lost-events')) return this.rng.exp(LOST_FAULT_MEAN_NS);
    return this.lostEnabled ? this.rng.exp(LOST_MEAN_NS) : Infinity;
  }

  private push(node: number, t: number, flow: Flow): void {
    // Never schedule before the conversation that emits it, or heap order would break causality.
    this.scheduled++;
    this.pending.push(Math.max(Math.round(t), this.currentStart), node, flow);
  }

  /** Splits generator time into (sec, nanos) since the epoch. */
  private split(t: number): [number, number] {
    const total = this.baseNs + t;
    const carry = Math.floor(total / 1e9);
    return [this.baseSec + carry, total - carry * 1e9];
  }

  /** Adds what the capturing agent stamps on every flow, then wraps it as a response. */
  private stamp(f: Flow, node: number, t: number): SimEvent {
    const [sec, nanos] = this.split(t);
    const ts = timestamp(sec, nanos);
    const nodeName = this.nodeNames[node] as string;
    f.time = ts;
    f.nodeName = nodeName;
    if (this.old[node]) {
      // Fields an old (1.13) agent never sends.
      f.traceReason = 0;
      f.tunnel = undefined;
      f.file = undefined;
      f.egressAllowedBy = f.ingressAllowedBy = f.egressDeniedBy = f.ingressDeniedBy = [];
    } else {
      f.uuid = prngUuid(this.uuidRng);
      f.emitter = this.emitter;
      f.nodeLabels = this.nodeLabels[node] as string[];
    }
    const response: GetFlowsResponse = {
      $typeName: 'observer.GetFlowsResponse',
      responseTypes: { case: 'flow', value: f },
      nodeName,
      time: ts,
    };
    return { response, sec, nanos };
  }

  private lostEvent(t: number, node: number): SimEvent {
    const rng = this.rng;
    const burst = this.activeFaults.has('lost-events');
    const perf = rng.chance(0.7);
    const [sec, nanos] = this.split(t);
    const ts = timestamp(sec, nanos);
    const [fsec, fnanos] = this.split(Math.max(0, t - 1e9));
    const source = perf
      ? LostEventSource.PERF_EVENT_RING_BUFFER
      : LostEventSource.OBSERVER_EVENTS_QUEUE;
    const count = burst ? rng.int(200, 5000) : rng.int(1, 60);
    const response = lostEventResponse(this.nodeNames[node] as string, source, count, ts, {
      // The CPU is only known for the per-CPU perf ring.
      cpu: perf ? rng.int(0, 3) : undefined,
      // first/last exist from 1.19 (rate-limited lost events).
      first: this.old[node] ? undefined : timestamp(fsec, fnanos),
      last: this.old[node] ? undefined : ts,
    });
    return { response, sec, nanos };
  }
}
