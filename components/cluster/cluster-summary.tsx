import type { ClusterSummary } from '@/lib/model/cluster';
import type { StatusSourceName } from '@/lib/model/cluster-api';
import styles from './cluster.module.css';
import { componentTone, count, tri, utcTime } from './cluster-format';

function networkingFacts(s: ClusterSummary): [string, string][] {
  const n = s.networking;
  const m = n.masquerade;
  const tunnel =
    n.routingMode === 'native'
      ? `not used (native routing; configured ${n.tunnelProtocol})`
      : `${n.tunnelProtocol === 'vxlan' ? 'VXLAN' : n.tunnelProtocol === 'geneve' ? 'Geneve' : 'unknown'} ${n.tunnelPort === null ? 'port unknown' : `${n.tunnelPort}/udp`}`;
  return [
    ['Cilium version', s.ciliumVersion],
    ['Routing mode', n.routingMode],
    ['Tunnel', tunnel],
    ['Auto direct node routes', tri(n.autoDirectNodeRoutes)],
    ['KubeProxyReplacement', n.kubeProxyReplacement],
    ['IPAM', n.ipamMode],
    [
      'Masquerading',
      `IPv4 ${tri(m.ipv4)}, IPv6 ${tri(m.ipv6)}, BPF ${tri(m.bpf, 'yes', 'no')}, ip-masq-agent ${tri(m.ipMasqAgent, 'yes', 'no')}`,
    ],
    ['Host routing', n.hostRouting],
    ['Encryption', n.encryption],
    ['Cluster', `${n.clusterName}${n.clusterId === null ? '' : ` (id ${n.clusterId})`}`],
    ['Hubble', tri(s.hubble.enabled)],
    ['Hubble Relay', tri(s.hubble.relayEnabled)],
    ['Hubble UI', tri(s.hubble.uiEnabled)],
    [
      'Hubble metrics',
      s.hubble.metrics === null ? 'unknown' : s.hubble.metrics.join(', ') || 'none',
    ],
    [
      'Cluster pods managed by Cilium',
      s.clusterPods.managed === null || s.clusterPods.total === null
        ? 'unknown'
        : `${s.clusterPods.managed} / ${count(s.clusterPods.total, 'pods')}`,
    ],
    ['Nodes', count(s.nodeCount, 'nodes')],
  ];
}

const ratio = (a: number | null, b: number | null) =>
  a === null && b === null ? 'unknown' : `${a ?? '?'}/${b ?? '?'}`;

/** The `cilium status` header: components with readiness and versions, then datapath settings. */
export function ClusterSummaryView({
  summary,
  source,
  fetchedAtMs,
}: {
  summary: ClusterSummary;
  source: StatusSourceName;
  fetchedAtMs: number;
}) {
  return (
    <section className={styles.section} aria-labelledby="cluster-summary">
      <h2 id="cluster-summary">
        Cilium{' '}
        <span
          className={`badge tone-${componentTone(summary.health)}`}
          data-testid="cluster-health"
        >
          {summary.health}
        </span>
      </h2>
      <p className={styles.small}>
        Source: {source} · namespace {summary.namespace} · collected {utcTime(fetchedAtMs)}
      </p>
      <table className={styles.table} aria-label="Cilium components">
        <thead>
          <tr>
            <th>Component</th>
            <th>Kind</th>
            <th>Health</th>
            <th className={styles.num}>Desired (pods)</th>
            <th className={styles.num}>Ready (pods)</th>
            <th className={styles.num}>Available (pods)</th>
            <th>Version / images</th>
            <th>Errors and warnings</th>
          </tr>
        </thead>
        <tbody>
          {summary.components.map(c => (
            <tr key={c.name}>
              <td className="mono">{c.name}</td>
              <td>{c.kind}</td>
              <td>
                <span className={`badge tone-${componentTone(c.health)}`}>{c.health}</span>
              </td>
              <td className={styles.num}>
                {c.desired ?? (c.health === 'disabled' ? '—' : 'unknown')}
              </td>
              <td className={styles.num}>{ratio(c.ready, c.desired)}</td>
              <td className={styles.num}>{ratio(c.available, c.desired)}</td>
              <td className="mono">
                {c.health === 'disabled'
                  ? '—'
                  : c.images.map(i => `${i.image} (${i.count} pods)`).join(', ') || c.version}
              </td>
              <td>{[...c.errors, ...c.warnings].join('; ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className={styles.facts} aria-label="Cluster settings">
        {networkingFacts(summary).map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      {summary.configErrors.length > 0 && (
        <ul className="banner tone-warn" aria-label="Configuration errors">
          {summary.configErrors.map(e => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
