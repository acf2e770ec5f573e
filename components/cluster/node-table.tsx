import type { ClusterNode } from '@/lib/model/cluster';
import type { HubbleNodeHealth } from '@/lib/model/cluster-api';
import styles from './cluster.module.css';
import { count, duration, heldOfMax, rate, stateTone, type Tone } from './cluster-format';

function agentText(n: ClusterNode): { text: string; tone: Tone; detail: string } {
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

const list = (xs: (string | null)[]) => xs.filter(Boolean).join(', ') || '—';

/** One row per node: addresses and pod CIDRs, the agent's state, and its Hubble buffer. */
export function NodeTable({
  nodes,
  hubble,
}: {
  nodes: ClusterNode[];
  hubble: HubbleNodeHealth[] | null;
}) {
  const byName = new Map((hubble ?? []).map(h => [h.node, h]));
  const extra = (hubble ?? []).filter(h => !nodes.some(n => n.name === h.node));
  return (
    <section className={styles.section} aria-labelledby="cluster-nodes">
      <h2 id="cluster-nodes">Nodes ({count(nodes.length, 'nodes')})</h2>
      <table className={styles.table} aria-label="Nodes">
        <thead>
          <tr>
            <th>Node</th>
            <th>InternalIP</th>
            <th>Pod CIDR IPv4</th>
            <th>Pod CIDR IPv6</th>
            <th>cilium_host</th>
            <th>Agent</th>
            <th>Hubble</th>
            <th className={styles.num}>Flows held / max</th>
            <th className={styles.num}>Rate</th>
            <th className={styles.num}>Buffer span</th>
            <th className={styles.num}>Lost events</th>
          </tr>
        </thead>
        <tbody>
          {nodes.map(n => {
            const h = byName.get(n.name);
            const agent = agentText(n);
            return (
              <tr key={n.name} data-testid={`node-${n.name}`}>
                <td className="mono">
                  {n.name}
                  {n.errors.length > 0 && <div className="tone-bad">{n.errors.join('; ')}</div>}
                </td>
                <td className="mono">{list([n.internalIP, n.internalIPv6])}</td>
                <td className="mono">{list(n.podCIDRs.ipv4)}</td>
                <td className="mono">{list(n.podCIDRs.ipv6)}</td>
                <td className="mono">{list([n.ciliumInternalIP, n.ciliumInternalIPv6])}</td>
                <td title={agent.detail}>
                  <span className={`badge tone-${agent.tone}`}>{agent.text}</span>
                  <div className={styles.small}>{agent.detail}</div>
                </td>
                <HubbleCells h={h ?? null} />
              </tr>
            );
          })}
          {nodes.length === 0 && (
            <tr>
              <td colSpan={11}>
                No nodes could be read: the CiliumNode list failed or is empty (see the problems
                above for the permission or error).
              </td>
            </tr>
          )}
          {extra.map(h => (
            <tr key={`relay-${h.node}`}>
              <td className="mono">{h.node}</td>
              <td colSpan={5} className={styles.small}>
                reported by Relay only: not in the cluster status source
              </td>
              <HubbleCells h={h} />
            </tr>
          ))}
        </tbody>
      </table>
      <p className={styles.small}>
        Buffer span: how far back each node&apos;s Hubble ring buffer reaches (flows held ÷ rate).
        Older flows are gone from the node. Rate = flows seen ÷ uptime.
      </p>
    </section>
  );
}

function HubbleCells({ h }: { h: HubbleNodeHealth | null }) {
  if (!h)
    return (
      <td colSpan={5} className={styles.small}>
        no Hubble data (Relay not connected)
      </td>
    );
  return (
    <>
      <td>
        <span className={`badge tone-${stateTone(h.state)}`}>{h.state}</span>
        <div className={styles.small}>
          {[
            h.version,
            h.uptimeSeconds === null ? null : `up ${duration(h.uptimeSeconds)}`,
            h.message,
          ]
            .filter(Boolean)
            .join(' · ')}
        </div>
      </td>
      <td className={styles.num}>{heldOfMax(h.flowsHeld, h.maxFlows)}</td>
      <td className={styles.num}>{rate(h.flowsPerSecond)}</td>
      <td className={styles.num} data-testid="buffer-span">
        {duration(h.bufferSpanSeconds)}
      </td>
      <td className={styles.num}>{count(h.lostEvents, 'events')}</td>
    </>
  );
}
