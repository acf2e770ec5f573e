/**
 * The per-process hub: ONE upstream flow source (a Relay GetFlows stream, or the built-in cluster
 * dialled over the same gRPC client) ingested into the store and fanned out to every SSE client,
 * never one upstream stream per browser tab (the hubble-ui anti-pattern, house style §11).
 *
 * The hub lives on `globalThis` (getHub) so Next's dev HMR and its per-route server bundles all see
 * the same instance. Fan-out is batched: matching flows go into each client's bounded queue
 * (client-queue.ts) and are flushed every `flushMs` as one `flows` event; `health` events go out when
 * something the UI shows changed, at most every `healthThrottleMs`.
 */
import { toJsonpbLine } from '@/lib/hubble/jsonpb';
import type { UpstreamEvent } from '@/lib/hubble/upstream-events';
import type { FlowRecord } from '@/lib/model/flow-record';
import {
  initialConnectionStatus,
  type ConnectionStatus,
  type HubbleInfo,
} from '@/lib/model/hubble-health';
import type { FlowsBatchEvent, HealthEvent, StreamErrorEvent } from '@/lib/model/sse-events';
import type { FlowQuery } from '@/lib/query/flow-query';
import { compileQuery } from '@/lib/query/match';
import { Analytics } from './analytics';
import { ClientQueue, DEFAULT_CLIENT_QUEUE } from './client-queue';
import { parseConfig, type FlowscopeConfig } from './env';
import { FlowStore, type QueryResult, type RawQueryResult } from './flow-store';
import { HealthState } from './health-state';
import type { SseProducer, SseSink } from './sse';
import { openUpstream, type Upstream } from './upstream';

export interface FlowHubOptions {
  /** Opens the upstream; default: from `config` (relay / sim / fixture). Injectable for tests. */
  open?: (config: FlowscopeConfig) => Promise<Upstream>;
  flushMs?: number;
  healthThrottleMs?: number;
  clientQueue?: number;
}

interface Subscriber {
  match: (r: FlowRecord) => boolean;
  queue: ClientQueue;
  sink: SseSink;
  healthVersion: number;
  lastHealthMs: number;
}

export class FlowHub {
  readonly store: FlowStore;
  /** Service graph and drop/DNS/HTTP metrics over every flow ingested. */
  readonly analytics: Analytics;
  /** Distinguishes this process's SSE event ids from a previous one's (seq restarts at 0). */
  readonly epoch = Date.now().toString(36);
  private readonly health: HealthState;
  private readonly subs: Subscriber[] = [];
  private upstream: Upstream | null = null;
  private opening: Promise<void> | null = null;
  private started = false;
  private stopped = false;
  private healthVersion = 0;
  private flushTimer: ReturnType<typeof setInterval> | null = null;
  private lostTimer: ReturnType<typeof setInterval> | null = null;
  private lastLostMinute = 0;
  private ingestErrors = 0;
  private readonly flushMs: number;
  private readonly healthThrottleMs: number;
  private readonly queueSize: number;

  constructor(
    readonly config: FlowscopeConfig,
    private readonly opts: FlowHubOptions = {},
  ) {
    this.store = new FlowStore({
      rawCapacity: config.retainRaw,
      compactCapacity: config.retainFlows,
    });
    this.analytics = new Analytics(this.store, config.source.kind === 'fixture');
    this.flushMs = opts.flushMs ?? 250;
    this.healthThrottleMs = opts.healthThrottleMs ?? 500;
    this.queueSize = opts.clientQueue ?? DEFAULT_CLIENT_QUEUE;
    const sim = config.source.kind !== 'relay';
    this.health = new HealthState(
      initialConnectionStatus(
        sim ? '(built-in cluster, starting)' : config.relay.addr,
        sim ? 'sim' : 'relay',
        !sim && config.relay.tls !== null,
        Date.now(),
      ),
    );
  }

  /** Opens the upstream and starts ingesting (idempotent). Failures show up in `info()`. */
  start(): this {
    if (this.started) return this;
    this.started = true;
    // Decays `lostEvents.lastMinute` for clients even when nothing else happens.
    this.lostTimer = setInterval(() => {
      const now = this.health.lostSummary(Date.now()).lastMinute;
      if (now !== this.lastLostMinute) this.bump();
      this.lastLostMinute = now;
    }, 5_000);
    this.lostTimer.unref?.();
    this.opening = (this.opts.open ?? openUpstream)(this.config).then(
      async up => {
        if (this.stopped) return up.stop();
        this.upstream = up;
        if (this.config.source.kind !== 'relay')
          console.log(`flowscope: built-in cluster serving the Relay API on ${up.relayAddr}`);
        up.source.start(batch => this.ingest(batch));
      },
      (err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        console.error(`flowscope: cannot start the flow source: ${message}`);
        this.setConnection({
          ...this.health.connection,
          state: 'unreachable',
          lastError: message,
          stateSinceMs: Date.now(),
        });
      },
    );
    return this;
  }

  /** Stops the upstream and ends every SSE stream with an `error` event. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.flushTimer) clearInterval(this.flushTimer);
    if (this.lostTimer) clearInterval(this.lostTimer);
    this.flushTimer = this.lostTimer = null;
    for (const sub of this.subs.splice(0)) {
      sub.sink.send('error', { message: 'the server is shutting down' } satisfies StreamErrorEvent);
      sub.sink.close();
    }
    await this.opening; // an upstream still opening is stopped as soon as it is open
    await this.upstream?.stop();
  }

  /** The hot path: one call per upstream read burst. */
  private ingest(batch: UpstreamEvent[]): void {
    const now = Date.now();
    const records: FlowRecord[] = [];
    for (const ev of batch) {
      // One malformed event must not take the rest of its batch down with it.
      try {
        if (ev.kind === 'flow') {
          const seq = this.store.ingest(ev.record, ev.raw);
          records.push(ev.record);
          this.health.noteFlow(ev.record);
          for (let i = 0; i < this.subs.length; i++) {
            const s = this.subs[i]!;
            if (s.match(ev.record)) s.queue.push(seq);
          }
        } else if (this.health.apply(ev, now)) {
          this.bump();
        }
      } catch (err) {
        if (this.ingestErrors++ % 1000 === 0) {
          console.error(
            `flowscope: dropped an upstream ${ev.kind} event (${this.ingestErrors} so far):`,
            err,
          );
        }
      }
    }
    // Per batch, not per flow: the aggregators amortise their bookkeeping over the batch.
    try {
      this.analytics.add(records);
    } catch (err) {
      console.error('flowscope: aggregation failed for a batch:', err);
    }
  }

  private setConnection(status: ConnectionStatus): void {
    this.health.apply({ kind: 'connection', status }, Date.now());
    this.bump();
  }

  private bump(): void {
    this.healthVersion++;
  }

  /** HubbleInfo for /api/v1/hubble and the SSE `health` event. */
  info(): HubbleInfo {
    // Before the first connection event the source's status is still the hub's own placeholder.
    const live =
      this.health.connection.state !== 'connecting' ? this.upstream?.status?.() : undefined;
    return this.health.snapshot(this.store.stats(), Date.now(), live);
  }

  /** Connected to Relay at least once and connected now. */
  isReady(): boolean {
    return this.health.everConnected && this.health.connection.state === 'connected';
  }

  /** Why the hub is not ready (null when it is). */
  notReadyReason(): string | null {
    if (this.isReady()) return null;
    const c = this.health.connection;
    const what = c.source === 'sim' ? 'the built-in cluster' : `Hubble Relay at ${c.relayAddr}`;
    return `not connected to ${what} (state: ${c.state}${c.lastError ? `, last error: ${c.lastError}` : ''})`;
  }

  /** Retained flows matching `q`, newest first. */
  queryFlows(q: FlowQuery, limit: number): QueryResult {
    return this.store.query(compileQuery(q), limit);
  }

  /** Exact wire bytes of matching flows in the raw tier, newest first. */
  queryRaw(q: FlowQuery, limit: number): RawQueryResult {
    return this.store.queryRaw(compileQuery(q), limit);
  }

  /** The jsonpb line (`hubble observe -o jsonpb`) of one raw GetFlowsResponse. */
  jsonpbLine(raw: Uint8Array): string {
    return toJsonpbLine(raw);
  }

  /**
   * An SSE producer for `eventStream`: `health` first, then `flows` batches of flows matching `q`
   * (oldest first within a batch). With `resume` from this process, flows after that event id are
   * replayed first. The client's subscription ends when the stream does (disconnect = unsubscribe).
   */
  subscribe(q: FlowQuery, resume: { epoch: string; seq: number } | null = null): SseProducer {
    return sink => {
      const sub: Subscriber = {
        match: compileQuery(q),
        queue: new ClientQueue(this.queueSize),
        sink,
        healthVersion: this.healthVersion,
        lastHealthMs: Date.now(),
      };
      sink.send('health', this.info() satisfies HealthEvent);
      if (resume && resume.epoch === this.epoch) {
        const { seqs, skipped } = this.store.since(resume.seq, sub.match, this.queueSize);
        for (const seq of seqs) sub.queue.push(seq);
        sub.queue.addMissed(skipped);
      }
      this.subs.push(sub);
      this.ensureFlushTimer();
      return () => {
        const i = this.subs.indexOf(sub);
        if (i >= 0) this.subs.splice(i, 1);
        if (this.subs.length === 0 && this.flushTimer) {
          clearInterval(this.flushTimer);
          this.flushTimer = null;
        }
      };
    };
  }

  /** Number of connected SSE clients. */
  get subscriberCount(): number {
    return this.subs.length;
  }

  private ensureFlushTimer(): void {
    if (this.flushTimer || this.stopped) return;
    this.flushTimer = setInterval(() => this.flush(), this.flushMs);
    this.flushTimer.unref?.();
  }

  private flush(): void {
    const now = Date.now();
    let info: HubbleInfo | null = null;
    for (const sub of this.subs) {
      // A client that is not draining its stream keeps accumulating (bounded) in its queue.
      if (sub.sink.closed || sub.sink.backpressured) continue;
      if (
        sub.healthVersion !== this.healthVersion &&
        now - sub.lastHealthMs >= this.healthThrottleMs
      ) {
        info ??= this.info();
        sub.sink.send('health', info satisfies HealthEvent);
        sub.healthVersion = this.healthVersion;
        sub.lastHealthMs = now;
      }
      if (sub.queue.pending) {
        const { seqs, missed } = sub.queue.drain();
        const flows: FlowRecord[] = [];
        let evicted = 0;
        for (const seq of seqs) {
          const f = this.store.get(seq);
          if (f) flows.push(f);
          else evicted++; // the store wrapped before this flush (only at extreme rates)
        }
        const batch: FlowsBatchEvent = { flows, missed: missed + evicted };
        const last = seqs[seqs.length - 1];
        sub.sink.send('flows', batch, last !== undefined ? `${this.epoch}-${last}` : undefined);
      }
    }
  }
}

const HUB_KEY = Symbol.for('flowscope.flow-hub');
type HubGlobal = typeof globalThis & { [HUB_KEY]?: FlowHub };

/**
 * The process-wide hub, created and started on first use from the environment. Throws ConfigError
 * when the configuration is invalid (instrumentation.ts normally exits before that can happen).
 */
export function getHub(): FlowHub {
  const g = globalThis as HubGlobal;
  const hub = g[HUB_KEY];
  if (hub) return hub;
  if (process.env.NEXT_PHASE === 'phase-production-build') {
    // A page prerendered at build time must not dial Relay from the build process.
    throw new Error(
      'the flow hub is not available during next build: render this route dynamically',
    );
  }
  return (g[HUB_KEY] = new FlowHub(parseConfig(process.env)).start());
}

/** The hub if it was already created (health probes must not create one). */
export function peekHub(): FlowHub | undefined {
  return (globalThis as HubGlobal)[HUB_KEY];
}

/** Replaces the process-wide hub (tests). */
export function setHub(hub: FlowHub | undefined): void {
  (globalThis as HubGlobal)[HUB_KEY] = hub;
}
