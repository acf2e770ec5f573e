/**
 * The unary answers of the simulated Relay, computed from the cluster's state the way Relay computes
 * them (hubble-api.md §3.2-3.4): ServerStatus sums over reachable nodes (uptime is the max, version is
 * Relay's), GetNodes lists every peer with the agent's status when reachable, GetNamespaces lists
 * namespaces with flows in the last hour.
 */
import { create } from '@bufbuild/protobuf';
import {
  GetNamespacesResponseSchema,
  GetNodesResponseSchema,
  ServerStatusResponseSchema,
  type GetNamespacesResponse,
  type GetNodesResponse,
  type ServerStatusResponse,
} from '@/proto/gen/observer/observer_pb';
import { NodeState } from '@/proto/gen/relay/relay_pb';
import type { SimCluster } from '@/lib/sim/cluster';

const NS_WINDOW_MS = 3_600_000;
/** Relay lists at most this many names in `unavailable_nodes`. */
const MAX_UNAVAILABLE_LISTED = 10;

/** ServerStatus as Relay aggregates it over the reachable nodes. */
export function relayServerStatus(cluster: SimCluster): ServerStatusResponse {
  const now = cluster.clock.now();
  let numFlows = 0;
  let maxFlows = 0;
  let seen = 0;
  let rate = 0;
  let uptimeMs = 0;
  const unavailable: string[] = [];
  for (const name of cluster.nodeNames) {
    if (!cluster.isNodeAvailable(name)) {
      unavailable.push(name);
      continue;
    }
    const ring = cluster.ring(name);
    numFlows += ring.size;
    maxFlows += ring.capacity;
    seen += ring.head;
    rate += ring.ratePerSec(now, 60_000);
    uptimeMs = Math.max(uptimeMs, cluster.agentUptimeMs(name));
  }
  return create(ServerStatusResponseSchema, {
    numFlows: BigInt(numFlows),
    maxFlows: BigInt(maxFlows),
    seenFlows: BigInt(seen),
    uptimeNs: BigInt(Math.round(uptimeMs)) * 1_000_000n,
    numConnectedNodes: cluster.nodeNames.length - unavailable.length,
    numUnavailableNodes: unavailable.length,
    unavailableNodes: unavailable.slice(0, MAX_UNAVAILABLE_LISTED),
    version: cluster.version,
    flowsRate: rate,
  });
}

/** GetNodes as Relay answers it: name/address/TLS for all, agent status for reachable nodes. */
export function relayNodes(cluster: SimCluster): GetNodesResponse {
  const clusterName = cluster.topology.clusterName;
  return create(GetNodesResponseSchema, {
    nodes: cluster.nodeNames.map(name => {
      const ip = cluster.topology.nodes.find(n => n.name === name)?.internalIp;
      const base = {
        name,
        address: `${ip ?? name}:4244`,
        tls: { enabled: true, serverName: `${name}.${clusterName}.hubble-grpc.cilium.io` },
      };
      if (!cluster.isNodeAvailable(name)) return { ...base, state: NodeState.NODE_UNAVAILABLE };
      const ring = cluster.ring(name);
      return {
        ...base,
        state: NodeState.NODE_CONNECTED,
        version: cluster.agentVersion(name),
        uptimeNs: BigInt(Math.round(cluster.agentUptimeMs(name))) * 1_000_000n,
        numFlows: BigInt(ring.size),
        maxFlows: BigInt(ring.capacity),
        seenFlows: BigInt(ring.head),
      };
    }),
  });
}

/** Namespaces with flows in the last hour (replay: all), sorted (cluster, then namespace). */
export function relayNamespaces(cluster: SimCluster): GetNamespacesResponse {
  // A replay is a recording, old by definition: it answers with every namespace it holds.
  const from = cluster.replay ? -Infinity : cluster.clock.now() - NS_WINDOW_MS;
  const names = [...cluster.namespacesSeen()].filter(([, ms]) => ms >= from).map(([ns]) => ns);
  return create(GetNamespacesResponseSchema, {
    namespaces: names
      .sort()
      .map(namespace => ({ cluster: cluster.topology.clusterName, namespace })),
  });
}
