/**
 * The Relay flow source: one long-lived GetFlows follow stream with its own resubscribe loop
 * (hubble-api.md §11; the hubble CLI itself never reconnects).
 *
 * - Start: backfill what Relay still holds, then follow. `number` is per node through Relay
 *   (§3.1.2), so we ask every node for the full `backfill` count: the merged answer then certainly
 *   contains the newest `backfill` flows of the cluster (each of them is among its own node's newest
 *   `backfill`). Dividing by the node count would under-fill the page whenever nodes are uneven.
 *   The extra (nodes − 1) × backfill flows are a one-off cost; the store keeps only its capacity.
 * - Failure (error, end, stall, no answer): back off 0.5 s → 30 s ±20 %, open a fresh channel (TLS
 *   files are re-read through `tls()`), and resume with `since = lastFlowTime − 2 s`. The overlap is
 *   de-duplicated by flow id; if the resumed stream's oldest flow is already newer than the last one
 *   received, Relay no longer holds the period in between and a gap is recorded.
 * - Liveness: no transport keepalive (Relay's 5 min ping policy, see client.ts). Instead a watchdog
 *   resubscribes when nothing arrived for `stallTimeoutMs` while ServerStatus reports flows_rate > 0,
 *   and the periodic poll resubscribes after repeated ServerStatus failures on the stream's channel.
 * - Delivery: batched by event-batcher.ts (10 ms window or 512 events), in arrival order;
 *   connection and poll events share the queue so ordering holds. A `connection` event is sent on
 *   every state change and after every poll, so its counters stay fresh without a per-flow event.
 */
import { create } from '@bufbuild/protobuf';
import { TimestampSchema, type Timestamp } from '@bufbuild/protobuf/wkt';
import { createBackoff, type BackoffOptions } from '@/lib/hubble/backoff';
import {
  createRelayClient,
  RelayError,
  toRelayError,
  type FlowFilterInit,
  type GetFlowsRequestInit,
  type RelayClient,
  type RelayTlsConfig,
} from '@/lib/hubble/client';
import type { DecodedResponse } from '@/lib/hubble/decode';
import { DedupeWindow, type DedupeOptions } from '@/lib/hubble/dedupe';
import { createEventBatcher } from '@/lib/hubble/event-batcher';
import { parseTimestampText } from '@/lib/hubble/flow-text';
import { createPoller, type Poller } from '@/lib/hubble/relay-poll';
import type { FlowSource } from '@/lib/hubble/upstream-events';
import { decodeWireResponse } from '@/lib/hubble/wire-decode';
import type { FlowRecord } from '@/lib/model/flow-record';
import {
  initialConnectionStatus,
  type ConnectionState,
  type ConnectionStatus,
} from '@/lib/model/hubble-health';

export interface RelaySourceOptions {
  /** Relay `host:port`. */
  addr: string;
  /**
   * TLS settings, or a function called before every connection attempt (e.g.
   * `() => loadTlsFiles(files)`) so rotated certificates are picked up. Absent: plaintext.
   */
  tls?: RelayTlsConfig | (() => RelayTlsConfig | Promise<RelayTlsConfig>);
  /** Reported in ConnectionStatus.source. Default `relay`. */
  source?: 'relay' | 'sim';
  /** Flows to backfill on start, per node (see header). 0: live only. Default 10000. */
  backfill?: number;
  /** Passed through to GetFlows unchanged (OR within each list; result = whitelist − blacklist). */
  filter?: { whitelist?: FlowFilterInit[]; blacklist?: FlowFilterInit[] };
  /** How far before the last flow a resume starts, ms. Default 2000. */
  resumeOverlapMs?: number;
  /** ServerStatus + GetNodes + GetNamespaces poll period, ms; 0 disables. Default 10000. */
  pollIntervalMs?: number;
  /** Deadline of each unary call, ms. Default 5000. */
  unaryTimeoutMs?: number;
  /**
   * Resubscribe when no message arrived for this long while flows_rate > 0, ms; 0 off. Default
   * 30000. Not armed with a filter: a narrowly filtered stream may rightly stay silent for minutes
   * on a busy cluster (the ServerStatus poll still catches a dead channel).
   */
  stallTimeoutMs?: number;
  /**
   * Fail an attempt that produced neither headers nor a message in this time, unless its channel
   * is ready (a quiet single agent sends nothing until the first flow). Default 10000.
   */
  connectTimeoutMs?: number;
  /** Consecutive failures after which the state is `unreachable` (still retrying). Default 3. */
  unreachableAfter?: number;
  /** Consecutive failed ServerStatus polls while connected that force a resubscribe. Default 2. */
  pollFailuresBeforeResubscribe?: number;
  backoff?: BackoffOptions;
  /** Overlap de-duplication window; the horizon defaults to resumeOverlapMs + 1500 ms. */
  dedupe?: DedupeOptions;
  /** Flush the queue at this many events. Default 512. */
  maxBatch?: number;
  /** Longest an event waits in the queue, ms; 0 flushes on the next event-loop turn. Default 10. */
  flushDelayMs?: number;
  /** Called when `onEvents` throws or a response cannot be decoded. Default: console.error. */
  onError?: (err: unknown) => void;
}

/** A {@link FlowSource} that also exposes its current connection status. */
export interface RelaySource extends FlowSource {
  /** Snapshot of the connection state and counters (a copy). */
  status(): ConnectionStatus;
}

const MAX_GAPS = 20;

/** Creates the Relay flow source. Nothing happens until `start()`. */
export function createRelaySource(opts: RelaySourceOptions): RelaySource {
  const o = {
    backfill: opts.backfill ?? 10_000,
    overlapMs: opts.resumeOverlapMs ?? 2_000,
    pollIntervalMs: opts.pollIntervalMs ?? 10_000,
    unaryTimeoutMs: opts.unaryTimeoutMs ?? 5_000,
    stallTimeoutMs: opts.stallTimeoutMs ?? 30_000,
    connectTimeoutMs: opts.connectTimeoutMs ?? 10_000,
    unreachableAfter: opts.unreachableAfter ?? 3,
    pollFailLimit: opts.pollFailuresBeforeResubscribe ?? 2,
    maxBatch: opts.maxBatch ?? 512,
    flushDelayMs: opts.flushDelayMs ?? 10,
    onError: opts.onError ?? ((err: unknown) => console.error('flowscope: relay source:', err)),
  };
  const whitelist = opts.filter?.whitelist ?? [];
  const blacklist = opts.filter?.blacklist ?? [];
  const filtered = whitelist.length > 0 || blacklist.length > 0;
  const backoff = createBackoff(opts.backoff);
  const dedupe = new DedupeWindow({ horizonMs: o.overlapMs + 1_500, ...opts.dedupe });
  const stopCtl = new AbortController();

  const now = Date.now();
  const st: ConnectionStatus = initialConnectionStatus(
    opts.addr,
    opts.source ?? 'relay',
    opts.tls !== undefined,
    now,
  );
  const batcher = createEventBatcher(o);
  const push = batcher.push;
  let started = false;
  let client: RelayClient | null = null;
  let poller: Poller | null = null;
  let loop: Promise<void> | null = null;
  let everConnected = false;
  /** Exact time (FlowRecord.time, RFC 3339 with nanos) of the newest flow received: the resume point. */
  let lastFlowTime: string | null = null;
  /** The attempt in progress, so the poller can force a resubscribe. */
  let current: Attempt | null = null;

  function emitStatus(): void {
    push({ kind: 'connection', status: snapshot() });
  }

  function snapshot(): ConnectionStatus {
    return { ...st, gaps: st.gaps.map(g => ({ ...g })) };
  }

  function setState(state: ConnectionState): void {
    if (st.state !== state) st.stateSinceMs = Date.now();
    st.state = state;
    emitStatus();
  }

  function markConnected(attempt: Attempt): void {
    if (attempt.connected || stopCtl.signal.aborted) return;
    attempt.connected = true;
    if (everConnected) st.reconnects += 1;
    everConnected = true;
    backoff.reset();
    st.failures = 0;
    st.nextRetryMs = null;
    setState('connected');
  }

  function buildRequest(): GetFlowsRequestInit {
    const req: GetFlowsRequestInit = { follow: true, whitelist, blacklist };
    // Relay reads `number` and `since` independently: with both, a long outage resumes with at
    // most `backfill` flows per node (the gap check reports what could not be fetched).
    if (o.backfill > 0) req.number = BigInt(o.backfill);
    const last = lastFlowTime === null ? null : parseTimestampText(lastFlowTime);
    if (last) {
      const ts = create(TimestampSchema, { seconds: BigInt(last.seconds), nanos: last.nanos });
      req.since = shiftTimestamp(ts, -o.overlapMs);
    }
    return req;
  }

  async function runAttempt(attempt: Attempt): Promise<Error> {
    let tls: RelayTlsConfig | undefined;
    try {
      tls = typeof opts.tls === 'function' ? await opts.tls() : opts.tls;
    } catch (err) {
      throw new RelayError('TLS_CONFIG', -1, (err as Error).message ?? String(err), opts.addr);
    }
    if (attempt.ctl.signal.aborted) return new Error('stopped');
    const next = createRelayClient({ addr: opts.addr, tls, unaryTimeoutMs: o.unaryTimeoutMs });
    client?.close();
    client = next;
    poller?.kick();
    const signal = attempt.ctl.signal;
    const fail = (err: Error) => attempt.ctl.abort(err);
    let lastMessageAt = Date.now();

    const connectTimer = setTimeout(() => {
      // A quiet server (one agent, narrow filter) may send nothing at all: a ready channel counts.
      if (next.isReady()) markConnected(attempt);
      else
        fail(
          new RelayError('UNAVAILABLE', 14, `no answer within ${o.connectTimeoutMs} ms`, opts.addr),
        );
    }, o.connectTimeoutMs);
    const watchdog =
      o.stallTimeoutMs > 0 && !filtered
        ? setInterval(
            () => {
              const rate = poller?.flowsRate ?? 0;
              if (attempt.connected && rate > 0 && Date.now() - lastMessageAt > o.stallTimeoutMs) {
                const details = `no message for ${o.stallTimeoutMs} ms while Relay reports ${rate.toFixed(1)} flows/s`;
                fail(new RelayError('STALLED', -1, details, opts.addr));
              }
            },
            Math.max(50, Math.min(5_000, o.stallTimeoutMs / 4)),
          )
        : null;
    try {
      const stream = next.getFlows(buildRequest(), signal, {
        onHeaders: () => markConnected(attempt),
      });
      for await (const { bytes } of stream) {
        lastMessageAt = Date.now();
        markConnected(attempt);
        let decoded: DecodedResponse;
        try {
          // The hot path: straight from wire bytes (the response's lazy `msg` is never touched).
          decoded = decodeWireResponse(bytes);
        } catch (err) {
          o.onError(err);
          continue;
        }
        if (decoded.kind === 'flow') {
          acceptFlow(attempt, decoded.record, bytes);
        } else if (decoded.kind !== 'unknown') {
          push(decoded);
        }
      }
    } finally {
      clearTimeout(connectTimer);
      if (watchdog) clearInterval(watchdog);
    }
    if (signal.aborted) {
      return signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason));
    }
    return new RelayError('ENDED', -1, 'GetFlows stream ended by the server', opts.addr);
  }

  function acceptFlow(attempt: Attempt, record: FlowRecord, raw: Uint8Array): void {
    if (attempt.resumeFromMs !== null) {
      const from = attempt.resumeFromMs;
      attempt.resumeFromMs = null;
      // Relay replays from `since` in time order, so the flow at the old resume point (which we
      // already have) must come first unless Relay's ring has overwritten it.
      if (!dedupe.has(record.id) && record.timeMs > from) {
        st.gaps.push({
          fromMs: from,
          toMs: record.timeMs,
          reason: 'resume: Relay no longer held the flows after the last one received',
        });
        if (st.gaps.length > MAX_GAPS) st.gaps.shift();
        emitStatus();
      }
    }
    // A flow older than the `since` we asked for is one we already had: a Relay-compatible server
    // that ignores `since` (and replays its whole buffer) must not reach past the dedupe horizon.
    const staleResend =
      attempt.floorMs !== null && record.timeMs !== 0 && record.timeMs < attempt.floorMs;
    // Only the resume overlap can repeat what we have. Within one stream every message is new, even
    // two identical uuid-less flows (a recording may hold such twins), so only there is the id checked.
    const fresh = dedupe.add(record.id, record.timeMs);
    const inOverlap = attempt.overlapEndMs !== null && record.timeMs <= attempt.overlapEndMs;
    if (staleResend || (!fresh && inOverlap)) {
      st.duplicatesDropped += 1;
      return;
    }
    st.flowsReceived += 1;
    if (st.lastFlowMs === null || record.timeMs > st.lastFlowMs) {
      st.lastFlowMs = record.timeMs;
      // timeMs 0: neither the flow nor the response had a time, so there is no resume point.
      if (record.timeMs !== 0) lastFlowTime = record.time;
    }
    push({ kind: 'flow', record, raw });
  }

  async function run(): Promise<void> {
    while (!stopCtl.signal.aborted) {
      const attempt: Attempt = {
        ctl: new AbortController(),
        connected: false,
        resumeFromMs: lastFlowTime !== null ? st.lastFlowMs : null,
        floorMs:
          lastFlowTime !== null && st.lastFlowMs !== null ? st.lastFlowMs - o.overlapMs : null,
        overlapEndMs: lastFlowTime !== null ? st.lastFlowMs : null,
      };
      current = attempt;
      const onStop = () => attempt.ctl.abort(new Error('stopped'));
      stopCtl.signal.addEventListener('abort', onStop, { once: true });
      let reason: Error;
      try {
        reason = await runAttempt(attempt);
      } catch (err) {
        reason = err instanceof RelayError ? err : toRelayError(err, opts.addr);
      } finally {
        stopCtl.signal.removeEventListener('abort', onStop);
        current = null;
      }
      if (stopCtl.signal.aborted) break;
      st.failures += 1;
      st.lastError = reason.message;
      const delay = backoff.next();
      st.nextRetryMs = Date.now() + delay;
      setState(st.failures >= o.unreachableAfter ? 'unreachable' : 'reconnecting');
      await sleep(delay, stopCtl.signal);
    }
  }

  return {
    start(onEvents) {
      if (started) throw new Error('relay source already started');
      started = true;
      batcher.setSink(onEvents);
      emitStatus();
      poller = createPoller({
        intervalMs: o.pollIntervalMs,
        client: () => client,
        emit: push,
        afterPoll: () => emitStatus(),
        onServerStatusFailures: failures => {
          if (failures >= o.pollFailLimit && current?.connected) {
            current.ctl.abort(
              new RelayError(
                'UNAVAILABLE',
                14,
                `ServerStatus failed ${failures} times in a row`,
                opts.addr,
              ),
            );
          }
        },
      });
      loop = run();
    },
    async stop() {
      if (!stopCtl.signal.aborted) stopCtl.abort();
      // Closing first cancels a poll in flight instead of waiting out its deadline.
      client?.close();
      await poller?.stop();
      await loop;
      client?.close();
      client = null;
      batcher.flush();
      batcher.setSink(null);
    },
    status: snapshot,
  };
}

interface Attempt {
  ctl: AbortController;
  connected: boolean;
  /** Time of the last flow before this attempt, until the first flow of this attempt is seen. */
  resumeFromMs: number | null;
  /** The `since` this attempt asked for (epoch ms), null on the first attempt. */
  floorMs: number | null;
  /** Newest flow time before this attempt: flows up to it may be re-sent copies. */
  overlapEndMs: number | null;
}

function shiftTimestamp(ts: Timestamp, deltaMs: number): Timestamp {
  const ns = ts.seconds * 1_000_000_000n + BigInt(ts.nanos) + BigInt(deltaMs) * 1_000_000n;
  const seconds = ns / 1_000_000_000n - (ns % 1_000_000_000n < 0n ? 1n : 0n);
  return create(TimestampSchema, { seconds, nanos: Number(ns - seconds * 1_000_000_000n) });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
