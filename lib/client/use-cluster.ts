/**
 * The cluster page's data: GET /api/v1/cluster and GET /api/v1/cluster/tunnels, polled every 10 s
 * (the server caches the Kubernetes round for 15 s, so polling faster would only repeat it).
 */
import { useQuery } from '@tanstack/react-query';
import type { ClusterResponseBody, TunnelsResponseBody } from '@/lib/model/cluster-api';
import { ApiError } from './api-client';
import { queryKeys } from './query-keys';

export const CLUSTER_REFETCH_MS = 10_000;

async function fetchJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { signal, headers: { accept: 'application/json' }, cache: 'no-store' });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError(`Flowscope server unreachable (${String(err)})`, 0);
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const message =
      body !== null && typeof body === 'object' && 'error' in body && typeof body.error === 'string'
        ? body.error
        : `HTTP ${res.status} ${res.statusText}`;
    throw new ApiError(message, res.status);
  }
  return body as T;
}

/** Cilium summary, nodes, Hubble health and problems. */
export function useCluster() {
  return useQuery({
    queryKey: queryKeys.cluster(),
    queryFn: ({ signal }) => fetchJson<ClusterResponseBody>('/api/v1/cluster', signal),
    refetchInterval: CLUSTER_REFETCH_MS,
    staleTime: 5_000,
    retry: false,
  });
}

/** Tunnel/route table and overlay flows/drops per node pair. */
export function useClusterTunnels() {
  return useQuery({
    queryKey: queryKeys.clusterTunnels(),
    queryFn: ({ signal }) => fetchJson<TunnelsResponseBody>('/api/v1/cluster/tunnels', signal),
    refetchInterval: CLUSTER_REFETCH_MS,
    staleTime: 5_000,
    retry: false,
  });
}
