/**
 * TanStack Query key factory (house style §5): every cache key is built here so that SSE writers
 * (`setQueryData`) and readers (`useQuery`) can never drift apart.
 */
export const queryKeys = {
  /** GET /api/v1/hubble: Relay connection, ServerStatus, nodes, namespaces, lost events. */
  hubble: () => ['hubble'] as const,
};
