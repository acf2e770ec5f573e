import type { ClusterNode } from '@/lib/model/cluster';
import type { HubbleNodeHealth } from '@/lib/model/cluster-api';
import styles from './cluster.module.css';
import { count, duration, heldOfMax, rate, stateTone } from './cluster-format';
import { nodeRows } from './node-rows';

/**
 * Beyond this many nodes, healthy rows take one line: the agent detail is clipped beside its badge
 * (full text in the cell's tooltip), so 40 rows fit where 13 did.
 */
const DENSE_FROM = 5;

const list = (xs: (string | null)[]) => xs.filter(Boolean).join(', ') || '—';

/**
 * One row per node: addresses and pod CIDRs, the agent's state, and its Hubble buffer. Nodes that
 * need attention come first with their details in full; in big clusters healthy rows keep to one line.
 */
export function NodeTable({
  nodes,
  hubble,
}: {
  nodes: ClusterNode[];
  hubble: HubbleNodeHealth[] | null;
}) {
  const { rows, relayOnly, attention } = nodeRows(nodes, hubble);
  const dense = rows.length > DENSE_FROM;
  return (
    <section className={styles.section} aria-labelledby="cluster-nodes">
      <h2 id="cluster-nodes">Nodes ({count(nodes.length, 'nodes')})</h2>
      {nodes.length > 1 && (
        <p className={`${styles.small} ${attention > 0 ? 'tone-bad' : ''}`}>
          {attention > 0
            ? `${attention} of ${count(nodes.length, 'nodes')} need attention (listed first).`
            : `No node reports a problem (${count(nodes.length, 'nodes')}).`}
        </p>
      )}
      <div className={styles.scroll}>
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
            {rows.map(({ node: n, agent, hubble: h, attention: needsAttention }) => {
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
                  <td
                    title={agent.detail}
                    className={dense && !needsAttention ? styles.nowrap : undefined}
                  >
                    <span className={`badge tone-${agent.tone}`}>{agent.text}</span>
                    {dense && !needsAttention ? (
                      <span className={`${styles.small} ${styles.oneLine}`}>{agent.detail}</span>
                    ) : (
                      <div className={styles.small}>{agent.detail}</div>
                    )}
                  </td>
                  <HubbleCells h={h} dense={dense && !needsAttention} />
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
            {relayOnly.map(h => (
              <tr key={`relay-${h.node}`}>
                <td className="mono">{h.node}</td>
                <td colSpan={5} className={styles.small}>
                  reported by Relay only: not in the cluster status source
                </td>
                <HubbleCells h={h} dense={false} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className={styles.small}>
        Buffer span: how far back each node&apos;s Hubble ring buffer reaches (flows held ÷ rate).
        Older flows are gone from the node. Rate = flows seen ÷ uptime.
      </p>
    </section>
  );
}

function HubbleCells({ h, dense }: { h: HubbleNodeHealth | null; dense: boolean }) {
  if (!h)
    return (
      <td colSpan={5} className={styles.small}>
        no Hubble data (Relay not connected)
      </td>
    );
  const detail = [
    h.version,
    h.uptimeSeconds === null ? null : `up ${duration(h.uptimeSeconds)}`,
    h.message,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <>
      {/* Dense rows keep to one line: version and uptime move to the tooltip. */}
      <td title={detail}>
        <span className={`badge tone-${stateTone(h.state)}`}>{h.state}</span>
        {!dense && <div className={`${styles.small} ${styles.nowrap}`}>{detail}</div>}
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
