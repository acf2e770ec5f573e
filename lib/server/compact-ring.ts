/**
 * The compact tier of the flow store: a fixed-capacity ring of flows stored column-wise.
 *
 * Why columns: a decoded FlowRecord graph (record, endpoints, arrays, L7 objects, cons strings) costs
 * kilobytes per flow in V8. Here a flow is a few column entries: a packed UUID and time, ports and
 * latency in typed arrays, and pointers to shared interned parts (flow-interners.ts). Figures in
 * flow-store.ts (measured by bench/store-memory.ts).
 *
 * Reading goes through a reused flyweight (flow-view.ts) implementing FlowRecord with getters, so a
 * compiled query scans the ring without materialising anything; only returned flows are copied out.
 */
import type { EndpointRecord, FlowRecord } from '@/lib/model/flow-record';
import { formatTimestamp } from '@/lib/hubble/decode';
import {
  FlowInterners,
  type EndpointDesc,
  type FlowShape,
  type L7Shape,
  type Policies,
} from './flow-interners';
import { flatString, packUuid, parseNanos, unpackUuid } from './packed-fields';

/** Per-slot flags: the id / time did not fit the packed form and live in the fallback maps. */
const ID_FALLBACK = 1;
const TIME_FALLBACK = 2;

/** Fixed-capacity column ring. Slots are addressed by index; the store maps sequence numbers. */
export class CompactRing {
  readonly capacity: number;
  private readonly uuids: Uint32Array;
  private readonly secs: Float64Array;
  private readonly nanos: Uint32Array;
  private readonly flags: Uint8Array;
  private readonly idFallback = new Map<number, string>();
  private readonly timeFallback = new Map<number, string>();
  readonly timeMs: Float64Array;
  readonly shapes: (FlowShape | null)[];
  readonly srcs: (EndpointDesc | null)[];
  readonly dsts: (EndpointDesc | null)[];
  readonly srcPorts: Uint16Array;
  readonly dstPorts: Uint16Array;
  readonly summaries: string[];
  readonly l7s: (L7Shape | null)[];
  readonly latencies: Float64Array;
  readonly policies: (Policies | null)[];
  private readonly intern = new FlowInterners();

  constructor(capacity: number) {
    this.capacity = capacity;
    this.uuids = new Uint32Array(capacity * 4);
    this.secs = new Float64Array(capacity);
    this.nanos = new Uint32Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.timeMs = new Float64Array(capacity);
    // fill() so V8 allocates packed arrays of the final size once.
    this.shapes = new Array<FlowShape | null>(capacity).fill(null);
    this.srcs = new Array<EndpointDesc | null>(capacity).fill(null);
    this.dsts = new Array<EndpointDesc | null>(capacity).fill(null);
    this.srcPorts = new Uint16Array(capacity);
    this.dstPorts = new Uint16Array(capacity);
    this.summaries = new Array<string>(capacity).fill('');
    this.l7s = new Array<L7Shape | null>(capacity).fill(null);
    this.latencies = new Float64Array(capacity);
    this.policies = new Array<Policies | null>(capacity).fill(null);
  }

  /** Writes `r` into slot `i` (overwriting what was there). */
  write(i: number, r: FlowRecord): void {
    const t = this.intern;
    let flags = 0;
    if (!packUuid(r.id, this.uuids, i * 4)) {
      this.idFallback.set(i, flatString(r.id));
      flags |= ID_FALLBACK;
    }
    const nanos = parseNanos(r.time);
    const sec = Math.round((r.timeMs - nanos / 1e6) / 1000);
    if (nanos >= 0 && formatTimestamp(sec, nanos) === r.time) {
      this.secs[i] = sec;
      this.nanos[i] = nanos;
    } else {
      this.timeFallback.set(i, flatString(r.time));
      flags |= TIME_FALLBACK;
    }
    const old = this.flags[i]!;
    if (old & ID_FALLBACK && !(flags & ID_FALLBACK)) this.idFallback.delete(i);
    if (old & TIME_FALLBACK && !(flags & TIME_FALLBACK)) this.timeFallback.delete(i);
    this.flags[i] = flags;
    this.timeMs[i] = r.timeMs;
    this.shapes[i] = t.shape(r);
    this.srcs[i] = t.endpoint(r.src);
    this.dsts[i] = t.endpoint(r.dst);
    this.srcPorts[i] = r.src.port;
    this.dstPorts[i] = r.dst.port;
    this.summaries[i] = t.summaries.s(r.summary);
    this.l7s[i] = r.l7 ? t.l7(r.l7) : null;
    this.latencies[i] = r.l7 ? r.l7.latencyNs : 0;
    this.policies[i] = t.policy(r.policies);
  }

  id(i: number): string {
    return this.flags[i]! & ID_FALLBACK ? this.idFallback.get(i)! : unpackUuid(this.uuids, i * 4);
  }

  time(i: number): string {
    return this.flags[i]! & TIME_FALLBACK
      ? this.timeFallback.get(i)!
      : formatTimestamp(this.secs[i]!, this.nanos[i]!);
  }

  /** A standalone FlowRecord copy of slot `i` (shared, frozen sub-objects; do not mutate them). */
  materialize(i: number): FlowRecord {
    const s = this.shapes[i]!;
    const l7 = this.l7s[i]!;
    return {
      id: this.id(i),
      timeMs: this.timeMs[i]!,
      time: this.time(i),
      node: s.node,
      verdict: s.verdict,
      dropReason: s.dropReason,
      dropReasonCode: s.dropReasonCode,
      type: s.type,
      ipVersion: s.ipVersion,
      l4: s.l4,
      tcpFlags: s.tcpFlags,
      icmp: s.icmp,
      isReply: s.isReply,
      direction: s.direction,
      traceObservationPoint: s.traceObservationPoint,
      eventType: s.eventType,
      eventSubType: s.eventSubType,
      iface: s.iface,
      policyMatchType: s.policyMatchType,
      summary: this.summaries[i]!,
      encrypted: s.encrypted,
      src: endpointCopy(this.srcs[i]!, this.srcPorts[i]!),
      dst: endpointCopy(this.dsts[i]!, this.dstPorts[i]!),
      l7: l7
        ? {
            type: l7.type,
            latencyNs: this.latencies[i]!,
            http: l7.http,
            dns: l7.dns,
            kafkaTopic: l7.kafkaTopic,
          }
        : null,
      policies: this.policies[i]!,
    };
  }
}

function endpointCopy(d: EndpointDesc, port: number): EndpointRecord {
  return {
    identity: d.identity,
    endpointId: d.endpointId,
    namespace: d.namespace,
    pod: d.pod,
    cluster: d.cluster,
    labels: d.labels,
    workloads: d.workloads,
    ip: d.ip,
    port,
    names: d.names,
    service: d.service,
  };
}
