/**
 * TanStack Query key factory (house style §5): every cache key is built here so that SSE writers
 * (`setQueryData`) and readers (`useQuery`) can never drift apart.
 */
export const queryKeys = {
  /** GET /api/v1/hubble: Relay connection, ServerStatus, nodes, namespaces, lost events. */
  hubble: () => ['hubble'] as const,
  /** GET /api/v1/metrics/{kind}?window=&q= (issue 4). */
  metrics: (kind: 'drops' | 'dns' | 'http', window: string, q: string) =>
    ['metrics', kind, window, q] as const,
  /** GET /api/v1/triage?window= (issue 4). */
  triage: (window: string) => ['triage', window] as const,
  /** GET /api/v1/graph for one view (its query string, see graph-client.ts); deltas write here too. */
  graph: (search: string) => ['graph', search] as const,
  /** GET /api/v1/cluster: Cilium summary, nodes, Hubble health per node (issue 5). */
  cluster: () => ['cluster'] as const,
  /** GET /api/v1/cluster/tunnels: tunnel table and overlay traffic per node pair (issue 5). */
  clusterTunnels: () => ['cluster', 'tunnels'] as const,
};
