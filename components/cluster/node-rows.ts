/**
 * The node table's rows, kept apart from the JSX so they can be tested: each node's agent state in
 * words, and the order. With 100 nodes the one that is failing must not be row 73, so nodes that
 * need attention come first (otherwise the source's order is kept).
 */
import type { ClusterNode } from '@/lib/model/cluster';
import type { HubbleNodeHealth } from '@/lib/model/cluster-api';
import { stateTone, type Tone } from './cluster-format';

export interface AgentText {
  text: string;
  tone: Tone;
  detail: string;
}

/** The agent's state badge and its one-line detail (pod, controllers, IPAM, cilium-health). */
export function agentText(n: ClusterNode): AgentText {
  const a = n.agent;
  const pod = n.agentPod;
  const details: string[] = [];
  if (pod)
    details.push(
      `pod ${pod.name}: ${pod.phase}${pod.restarts ? `, ${pod.restarts} restarts` : ''}`,
    );
  if (pod?.message) details.push(pod.message);
  if (a?.controllers)
    details.push(
      `controllers ${a.controllers.total - a.controllers.failing.length}/${a.controllers.total} healthy`,
    );
  if (a?.ipam?.ipv4Allocated != null)
    details.push(`IPAM ${a.ipam.ipv4Allocated}/${a.ipam.ipv4Capacity ?? '?'} IPv4 allocated`);
  if (a?.clusterHealth?.reachable != null)
    details.push(
      `health ${a.clusterHealth.reachable}/${a.clusterHealth.total ?? '?'} nodes reachable`,
    );
  details.push(...(a?.unhealthy ?? []));
  if (a) {
    const tone = a.unhealthy.length > 0 ? 'bad' : stateTone(a.cilium.state);
    return { text: a.cilium.state, tone, detail: details.join('; ') };
  }
  if (pod) {
    const ok = pod.phase === 'Running' && pod.ready === true;
    return {
      text: ok ? 'pod ready' : `pod ${pod.phase}`,
      tone: ok ? 'ok' : 'bad',
      detail: details.join('; '),
    };
  }
  return {
    text: 'unknown',
    tone: 'neutral',
    detail: 'agent status not collected (FLOWSCOPE_STATUS_SOURCE=exec adds it)',
  };
}

export interface NodeRow {
  node: ClusterNode;
  agent: AgentText;
  hubble: HubbleNodeHealth | null;
  /** Read errors, a failing or warning agent, or a Hubble that is unavailable / gone / erroring. */
  attention: boolean;
}

export interface NodeRows {
  rows: NodeRow[];
  /** Nodes Relay reports that the status source does not know. */
  relayOnly: HubbleNodeHealth[];
  attention: number;
}

/** Rows for the node table: attention first, then the source's order. O(nodes + Relay nodes). */
export function nodeRows(nodes: ClusterNode[], hubble: HubbleNodeHealth[] | null): NodeRows {
  const byName = new Map((hubble ?? []).map(h => [h.node, h]));
  const known = new Set(nodes.map(n => n.name));
  const rows = nodes.map(node => {
    const agent = agentText(node);
    const h = byName.get(node.name) ?? null;
    const attention =
      node.errors.length > 0 ||
      agent.tone === 'bad' ||
      agent.tone === 'warn' ||
      (h !== null && stateTone(h.state) === 'bad');
    return { node, agent, hubble: h, attention };
  });
  // Array.prototype.sort is stable, so healthy nodes keep the source's order.
  rows.sort((a, b) => Number(b.attention) - Number(a.attention));
  return {
    rows,
    relayOnly: (hubble ?? []).filter(h => !known.has(h.node)),
    attention: rows.filter(r => r.attention).length,
  };
}
