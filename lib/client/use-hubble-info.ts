/**
 * Relay connection, ServerStatus, nodes, namespaces and lost events (GET /api/v1/hubble), polled
 * every 5 s. The flow stream's `health` events write into the same cache entry (see
 * use-flow-table.ts), so a page with a live stream sees changes as soon as the server does.
 */
import { useQuery } from '@tanstack/react-query';
import { fetchHubbleInfo } from './api-client';
import { queryKeys } from './query-keys';

/** Polling interval; matches Hubble UI's ServerStatus/GetNodes cadence. */
export const HUBBLE_INFO_REFETCH_MS = 5_000;

/** Subscribes to the Hubble connection summary. `error` is set when the Flowscope server is down. */
export function useHubbleInfo() {
  return useQuery({
    queryKey: queryKeys.hubble(),
    queryFn: ({ signal }) => fetchHubbleInfo(signal),
    refetchInterval: HUBBLE_INFO_REFETCH_MS,
    // Keep polling in a background tab: the tab title/status should be right when the SRE returns.
    refetchIntervalInBackground: true,
    staleTime: 2_000,
    retry: false,
  });
}
