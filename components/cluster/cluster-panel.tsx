'use client';

import { useCluster, useClusterTunnels } from '@/lib/client/use-cluster';
import styles from './cluster.module.css';
import { ClusterSummaryView } from './cluster-summary';
import { HubbleHealth } from './hubble-health';
import { NodeTable } from './node-table';
import { ProblemsPanel } from './problems-panel';
import { TunnelSection } from './tunnel-section';

function NoSource() {
  return (
    <section className={`${styles.section} banner tone-warn`} data-testid="cluster-no-source">
      <h2>No cluster status source</h2>
      <p>
        Flowscope found no in-cluster service account and no kubeconfig, so it cannot read
        Cilium&apos;s status. Set <code>FLOWSCOPE_STATUS_SOURCE</code> and restart:
      </p>
      <ul>
        <li>
          <code>kubernetes</code>: read CiliumNodes, cilium-config and the Cilium workloads (set{' '}
          <code>KUBECONFIG</code>, or run in the cluster with read-only RBAC);
        </li>
        <li>
          <code>exec</code>: the same plus <code>cilium-dbg status</code> in every agent (needs{' '}
          <code>pods/exec</code>);
        </li>
        <li>
          <code>file:&lt;dir&gt;</code>: <code>cilium status -o json</code> documents and CiliumNode
          YAML from disk.
        </li>
      </ul>
      <p>See docs/configuration.md. Hubble&apos;s own health is still shown below.</p>
    </section>
  );
}

/** The cluster page: Cilium summary, nodes with Hubble health, tunnel map and problems. */
export function ClusterPanel() {
  const cluster = useCluster();
  const tunnels = useClusterTunnels();
  const data = cluster.data;
  return (
    <div className={styles.page}>
      <h1>Cluster</h1>
      {cluster.error && (
        <p className="banner tone-bad" role="alert">
          Cannot load the cluster status: {cluster.error.message}. Is the Flowscope server running?
          Retrying every 10 s.
        </p>
      )}
      {!data && !cluster.error && <p className="muted">Loading the cluster status…</p>}
      {data && (
        <>
          {data.source === 'none' ? <NoSource /> : <ProblemsPanel problems={data.problems} />}
          {data.source !== 'none' && (
            <ClusterSummaryView
              summary={data.summary}
              source={data.source}
              fetchedAtMs={data.fetchedAtMs}
            />
          )}
          {(data.nodes.length > 0 || data.source !== 'none') && (
            <NodeTable nodes={data.nodes} hubble={data.hubble?.nodes ?? null} />
          )}
          <HubbleHealth hubble={data.hubble} />
        </>
      )}
      {tunnels.error && (
        <p className="banner tone-bad" role="alert">
          Cannot load the tunnel table: {tunnels.error.message}.
        </p>
      )}
      {tunnels.data && tunnels.data.source !== 'none' && <TunnelSection body={tunnels.data} />}
    </div>
  );
}
