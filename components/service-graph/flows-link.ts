/**
 * Links from a graph node or edge to the flows page, filtered to that node's or edge's flows in
 * `hubble observe` syntax. Workloads use pod-name prefixes (`ns/name` matches `ns/name-<hash>`),
 * which is how hubble itself selects a workload's pods.
 */
import type { GraphEdge, GraphNode } from '@/lib/model/service-graph';

type End = 'from' | 'to' | 'any';

function flag(end: End, name: string): string {
  return end === 'any' ? `--${name}` : `--${end}-${name}`;
}

/** Filter tokens selecting one side of traffic for a node, or null when no flag can express it. */
function nodeTokens(node: GraphNode, end: End): string | null {
  switch (node.kind) {
    case 'workload':
      return node.namespace === '' ? null : `${flag(end, 'pod')} ${node.namespace}/${node.label}`;
    case 'namespace':
      return `${flag(end, 'namespace')} ${node.namespace}`;
    case 'reserved':
      return `${flag(end, 'label')} reserved:${node.id.slice('reserved:'.length)}`;
    case 'world':
      return node.id.startsWith('world:')
        ? `${flag(end, 'fqdn')} ${node.id.slice('world:'.length)}`
        : `${flag(end, 'label')} reserved:world`;
    case 'cidr':
      return `${flag(end, 'ip')} ${node.id.slice('cidr:'.length)}`;
  }
}

/** `q` for the flows of one node (either direction). */
export function nodeFlowsQuery(node: GraphNode): string {
  return nodeTokens(node, 'any') ?? '';
}

/** `q` for the flows of one edge: source to target on its protocol and port. */
export function edgeFlowsQuery(edge: GraphEdge, source: GraphNode, target: GraphNode): string {
  const parts = [nodeTokens(source, 'from'), nodeTokens(target, 'to')];
  if (edge.port > 0) parts.push(`--to-port ${edge.port}`);
  if (['TCP', 'UDP', 'SCTP'].includes(edge.protocol))
    parts.push(`--protocol ${edge.protocol.toLowerCase()}`);
  return parts.filter((p): p is string => p !== null).join(' ');
}

/** `/flows?q=…` for a filter. */
export function flowsHref(q: string): string {
  return q === '' ? '/flows' : `/flows?q=${encodeURIComponent(q)}`;
}
