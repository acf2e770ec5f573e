/**
 * The cluster page's data: GET /api/v1/cluster and GET /api/v1/cluster/tunnels, polled every 10 s
 * (the server caches the Kubernetes round for 15 s, so polling faster would only repeat it).
 */
import { useQuery } from '@tanstack/react-query';
import type { ClusterResponseBody, TunnelsResponseBody } from '@/lib/model/cluster-api';
import { getJson } from './api-client';
import { queryKeys } from './query-keys';

export const CLUSTER_REFETCH_MS = 10_000;

/** Cilium summary, nodes, Hubble health and problems. */
export function useCluster() {
  return useQuery({
    queryKey: queryKeys.cluster(),
    queryFn: ({ signal }) => getJson<ClusterResponseBody>('/api/v1/cluster', signal),
    refetchInterval: CLUSTER_REFETCH_MS,
    staleTime: 5_000,
    retry: false,
  });
}

/** Tunnel/route table and overlay flows/drops per node pair. */
export function useClusterTunnels() {
  return useQuery({
    queryKey: queryKeys.clusterTunnels(),
    queryFn: ({ signal }) => getJson<TunnelsResponseBody>('/api/v1/cluster/tunnels', signal),
    refetchInterval: CLUSTER_REFETCH_MS,
    staleTime: 5_000,
    retry: false,
  });
}
