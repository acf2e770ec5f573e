/**
 * Live flow table state for one filter: SSE batches go into a bounded ring (a ref, not state) and
 * are committed to React state at most every `commitMs` (house style §5: never one setState per
 * flow). At 50k flows/s the browser still renders only 4 times a second, and only the visible rows.
 *
 * Pause freezes the rows handed to the table (same array reference, so the memoized table does not
 * re-render) while the ring keeps filling and `newWhilePaused` keeps counting.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { HubbleInfo } from '@/lib/model/hubble-health';
import type { FlowsBatchEvent, StreamErrorEvent } from '@/lib/model/sse-events';
import { fetchFlows, flowsUrl } from './api-client';
import { FlowRing, FlowRows } from './flow-ring';
import { queryKeys } from './query-keys';
import { RateMeter } from './rate-meter';
import { type StreamStatus, useEventSource } from './use-event-source';

/** Rows held in the browser; older ones are evicted (the server keeps the long window). */
export const DEFAULT_CAPACITY = 5_000;
/** Flows fetched on open and after a reconnect so the first screen is full and gaps are filled. */
const BACKFILL_LIMIT = 1_000;
const STREAM_EVENTS = ['flows', 'health', 'error'] as const;

export interface FlowTableView {
  /** The filter these rows belong to. */
  query: string;
  /** Newest first. Same reference while paused or unchanged. */
  rows: FlowRows;
  /** Flows currently held in the ring and its capacity. */
  held: number;
  capacity: number;
  paused: boolean;
  /** Flows that arrived since Pause was pressed. */
  newWhilePaused: number;
  /** Flows the server could not deliver to this browser (slow client), summed for this filter. */
  missed: number;
  /** Flows/s delivered to this browser over the last 5 s. */
  ratePerSec: number;
  /** True once the initial backfill answered (success or failure). */
  loaded: boolean;
  /** Last `error` event from the stream, or a failed backfill. */
  error: string | null;
}

export interface FlowTable extends FlowTableView {
  stream: StreamStatus;
  pause: () => void;
  resume: () => void;
}

interface LiveState {
  query: string;
  paused: boolean;
  newWhilePaused: number;
  missed: number;
  loaded: boolean;
  error: string | null;
  dirty: boolean;
}

/** Live state for a newly applied filter: not paused, nothing loaded or missed yet. */
function freshLive(query: string): Omit<LiveState, 'dirty'> {
  return { query, paused: false, newWhilePaused: 0, missed: 0, loaded: false, error: null };
}

function emptyView(query: string, capacity: number): FlowTableView {
  return {
    query,
    rows: FlowRows.empty,
    held: 0,
    capacity,
    paused: false,
    newWhilePaused: 0,
    missed: 0,
    ratePerSec: 0,
    loaded: false,
    error: null,
  };
}

function sameView(a: FlowTableView, b: FlowTableView): boolean {
  return (Object.keys(a) as (keyof FlowTableView)[]).every(k => a[k] === b[k]);
}

/** Streams flows matching `query` (hubble-observe flag syntax) into a bounded, throttled view. */
export function useFlowTable(
  query: string,
  options: { capacity?: number; commitMs?: number } = {},
): FlowTable {
  const capacity = options.capacity ?? DEFAULT_CAPACITY;
  const commitMs = options.commitMs ?? 250;
  const queryClient = useQueryClient();
  const ringRef = useRef<FlowRing | null>(null);
  const meterRef = useRef<RateMeter | null>(null);
  const liveRef = useRef<LiveState>({ ...freshLive(query), dirty: false });
  const backfillRef = useRef<((signal: AbortSignal) => void) | null>(null);
  const abortRef = useRef<AbortController | null>(null);
  const [view, setView] = useState<FlowTableView>(() => emptyView(query, capacity));

  const ring = useCallback(() => (ringRef.current ??= new FlowRing(capacity)), [capacity]);
  const meter = useCallback(() => (meterRef.current ??= new RateMeter()), []);

  const commit = useCallback(() => {
    const live = liveRef.current;
    const r = ring();
    const ratePerSec = meter().rate(Date.now());
    live.dirty = false;
    setView(prev => {
      const sameQuery = prev.query === live.query;
      // Keep the same snapshot when frozen or unchanged so the memoized table skips rendering.
      const keepRows = sameQuery && (live.paused || prev.rows.seq === r.seq);
      const next: FlowTableView = {
        query: live.query,
        rows: keepRows ? prev.rows : r.snapshot(),
        held: r.size,
        capacity: r.capacity,
        paused: live.paused,
        newWhilePaused: live.newWhilePaused,
        missed: live.missed,
        ratePerSec: Math.round(ratePerSec * 10) / 10,
        loaded: live.loaded,
        error: live.error,
      };
      return sameView(prev, next) ? prev : next;
    });
  }, [ring, meter]);

  // A new filter starts from an empty ring plus a backfill of what the server still holds.
  // Declared before useEventSource so the ring is reset before the new stream opens.
  useEffect(() => {
    const live = liveRef.current;
    // A new filter also ends a pause: frozen rows of the old filter would be misleading.
    Object.assign(live, freshLive(query));
    ring().clear();
    meter().reset();
    const backfill = (signal: AbortSignal) => {
      fetchFlows(query, BACKFILL_LIMIT, signal)
        .then(flows => {
          if (signal.aborted) return; // a newer filter owns the ring now
          // The API answers newest first; the ring wants oldest first.
          const added = ring().merge(flows.slice().reverse());
          if (live.paused) live.newWhilePaused += added;
          live.loaded = true;
        })
        .catch((err: unknown) => {
          if (signal.aborted) return;
          live.loaded = true;
          live.error = `Could not load recent flows: ${err instanceof Error ? err.message : String(err)}`;
        })
        .finally(() => {
          if (!signal.aborted) live.dirty = true;
        });
    };
    const controller = new AbortController();
    abortRef.current = controller;
    backfillRef.current = backfill;
    backfill(controller.signal);
    live.dirty = true;
    return () => controller.abort();
  }, [query, ring, meter]);

  const stream = useEventSource(flowsUrl('/api/v1/flows/stream', query), {
    events: STREAM_EVENTS,
    // The server replays flows after this id if it is still the same process (docs/api.md).
    resumeParam: 'lastEventId',
    onEvent: (name, data) => {
      const live = liveRef.current;
      if (name === 'flows') {
        const batch = data as FlowsBatchEvent;
        if (!Array.isArray(batch.flows)) return;
        const added = ring().push(batch.flows);
        meter().add(batch.flows.length, Date.now());
        live.missed += typeof batch.missed === 'number' ? batch.missed : 0;
        if (live.paused) live.newWhilePaused += added;
        live.dirty = true;
      } else if (name === 'health') {
        queryClient.setQueryData<HubbleInfo>(queryKeys.hubble(), data as HubbleInfo);
      } else if (name === 'error') {
        live.error = (data as StreamErrorEvent).message ?? 'stream error';
        live.dirty = true;
      }
    },
    onOpen: isReconnect => {
      liveRef.current.error = null;
      // Flows that passed while the stream was down are still on the server: fetch them again.
      const signal = abortRef.current?.signal;
      if (isReconnect && signal && !signal.aborted) backfillRef.current?.(signal);
    },
  });

  // One timer for all commits; also refreshes flows/s once a second so it decays to 0 when quiet.
  useEffect(() => {
    let lastCommit = 0;
    const timer = setInterval(() => {
      const now = Date.now();
      if (liveRef.current.dirty || now - lastCommit >= 1_000) {
        lastCommit = now;
        commit();
      }
    }, commitMs);
    return () => clearInterval(timer);
  }, [commit, commitMs]);

  const pause = useCallback(() => {
    Object.assign(liveRef.current, { paused: true, newWhilePaused: 0 });
    setView(prev => ({ ...prev, paused: true, newWhilePaused: 0 }));
  }, []);

  const resume = useCallback(() => {
    Object.assign(liveRef.current, { paused: false, newWhilePaused: 0 });
    commit();
  }, [commit]);

  const current = view.query === query ? view : emptyView(query, capacity);
  return { ...current, stream, pause, resume };
}
