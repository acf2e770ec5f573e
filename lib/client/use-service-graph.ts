/**
 * The service graph for one view: a TanStack Query snapshot, kept current by the delta stream
 * (house style §5). Deltas are collected and written into the same cache entry at most every
 * 400 ms with setQueryData, never one setState per event.
 *
 * The stream opens only once the snapshot is cached, so a slow snapshot can never land on top of
 * (and roll back) newer stream data; the stream's first event is a reset anyway. If a delta does not
 * fit the cache (a gap, e.g. after a manual refetch), the stream is reopened and starts with a reset.
 * While a new view's snapshot loads, the previous view's graph is shown (placeholder) and no stream
 * is open.
 */
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { GraphDeltaEvent, GraphResponseBody } from '@/lib/model/graph-api';
import { ApiError } from './api-client';
import { applyGraphEvents, fetchGraph, graphSearch, type GraphView } from './graph-client';
import { queryKeys } from './query-keys';
import { useEventSource, type StreamStatus } from './use-event-source';

const FLUSH_MS = 400;
const EVENTS = ['graph-delta'] as const;

export interface ServiceGraphState {
  graph: GraphResponseBody | undefined;
  /** The snapshot request failed (status 400 = bad parameter, 0 = server unreachable). */
  error: ApiError | null;
  isLoading: boolean;
  stream: StreamStatus;
  refetch: () => void;
}

/** Snapshot + live deltas for `view`. */
export function useServiceGraph(view: GraphView): ServiceGraphState {
  const search = graphSearch(view);
  const client = useQueryClient();
  const query = useQuery({
    queryKey: queryKeys.graph(search),
    queryFn: ({ signal }) => fetchGraph(search, signal),
    staleTime: Infinity, // the stream keeps it fresh
    refetchOnWindowFocus: false,
    retry: false,
    // While another view loads, keep drawing the previous one: nodes present in both keep their
    // positions instead of the canvas being cleared and laid out from scratch.
    placeholderData: keepPreviousData,
  });
  const [generation, setGeneration] = useState(0);
  const pending = useRef<GraphDeltaEvent[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
      pending.current = [];
    },
    [search, generation],
  );

  const flush = () => {
    timer.current = null;
    const batch = pending.current;
    pending.current = [];
    if (batch.length === 0) return;
    let gap = false;
    client.setQueryData<GraphResponseBody>(queryKeys.graph(search), prev => {
      const r = applyGraphEvents(prev, batch);
      gap = r.gap;
      return r.graph;
    });
    if (gap) setGeneration(g => g + 1);
  };

  // `_` (ignored by the server) makes a new URL, so useEventSource reconnects after a gap.
  const streamUrl =
    query.data && !query.isPlaceholderData
      ? `/api/v1/graph/stream?${search}${generation > 0 ? `&_=${generation}` : ''}`
      : null;
  const stream = useEventSource(streamUrl, {
    events: EVENTS,
    onEvent: (_name, data) => {
      pending.current.push(data as GraphDeltaEvent);
      timer.current ??= setTimeout(flush, FLUSH_MS);
    },
  });

  const error = query.error
    ? query.error instanceof ApiError
      ? query.error
      : new ApiError(String(query.error), 0)
    : null;
  return {
    graph: query.data,
    error,
    isLoading: query.isLoading,
    stream,
    refetch: () => void query.refetch(),
  };
}
