/**
 * Decodes `cilium-health status -o json` (HealthStatusResponse, cilium-status.md §1.4) into the
 * "Cluster health: x/y reachable" numbers. Rules follow pkg/health/client: a missing
 * ConnectivityStatus is unknown (node bootstrapping), an empty `status` is reachable, any text is
 * unreachable, and a node is healthy when none of its host or health-endpoint paths is unreachable.
 */
import type { AgentStatus } from '@/lib/model/cluster';
import { asArr, asObj, asStr, dig } from './values';
import { StatusDecodeError } from './json-doc';

export interface ClusterHealthSummary {
  local: string | null;
  timestamp: string | null;
  reachable: number;
  total: number;
  /** Unreachable nodes with the first failing path, e.g. "k8s2 (fd00::c http: Get …)". */
  unreachableNodes: string[];
}

/** Failure text of the first unreachable ICMP/HTTP probe on a PathStatus, or null. */
function pathFailure(path: unknown): string | null {
  for (const proto of ['icmp', 'http'] as const) {
    const st = asObj(dig(path, proto));
    if (!st) continue;
    const msg = asStr(st.status);
    if (msg) return `${asStr(dig(path, 'ip')) ?? '?'} ${proto}: ${msg}`;
  }
  return null;
}

function nodeFailure(node: unknown): string | null {
  for (const side of ['host', 'health-endpoint', 'endpoint'] as const) {
    const s = dig(node, side);
    if (!asObj(s)) continue;
    const paths = [dig(s, 'primary-address'), ...(asArr(dig(s, 'secondary-addresses')) ?? [])];
    for (const p of paths) {
      const f = pathFailure(p);
      if (f) return f;
    }
  }
  return null;
}

/** Decodes a parsed HealthStatusResponse; throws StatusDecodeError when it has no `nodes` list. */
export function decodeHealthStatus(doc: unknown): ClusterHealthSummary {
  const o = asObj(doc);
  const nodes = asArr(o?.nodes);
  if (!o || (!nodes && o.nodes !== null)) {
    throw new StatusDecodeError('not a cilium-health status document: no "nodes" list');
  }
  const unreachable: string[] = [];
  for (const n of nodes ?? []) {
    const f = nodeFailure(n);
    if (f) unreachable.push(`${asStr(dig(n, 'name')) ?? 'unknown'} (${f})`);
  }
  const total = nodes?.length ?? 0;
  return {
    local: asStr(dig(o, 'local', 'name')),
    timestamp: asStr(o.timestamp),
    reachable: total - unreachable.length,
    total,
    unreachableNodes: unreachable,
  };
}

/** Returns a copy of `agent` with cilium-health's reachability merged into `clusterHealth`. */
export function withClusterHealth(agent: AgentStatus, h: ClusterHealthSummary): AgentStatus {
  const base = agent.clusterHealth ?? {
    state: 'unknown' as const,
    msg: '',
    knownNodes: null,
    reachable: null,
    total: null,
    unreachableNodes: [],
  };
  const unhealthy = [...agent.unhealthy];
  if (h.unreachableNodes.length > 0)
    unhealthy.push(`cluster health: ${h.reachable}/${h.total} reachable`);
  return {
    ...agent,
    clusterHealth: {
      ...base,
      reachable: h.reachable,
      total: h.total,
      unreachableNodes: h.unreachableNodes,
    },
    unhealthy,
  };
}
