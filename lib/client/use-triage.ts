/** The triage home's ranked problem list, polled every 3 s (previous list kept while refetching). */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { TimeWindow } from '@/lib/model/time-window';
import { fetchTriage } from './metrics-client';
import { queryKeys } from './query-keys';

export const TRIAGE_REFETCH_MS = 3_000;

/** Current problems over `window`, most urgent first. */
export function useTriage(window: TimeWindow) {
  return useQuery({
    queryKey: queryKeys.triage(window),
    queryFn: ({ signal }) => fetchTriage(window, signal),
    refetchInterval: TRIAGE_REFETCH_MS,
    refetchIntervalInBackground: true,
    placeholderData: keepPreviousData,
    retry: false,
  });
}
