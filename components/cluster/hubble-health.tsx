import type { ClusterHubbleHealth } from '@/lib/model/cluster-api';
import styles from './cluster.module.css';
import { count, duration, heldOfMax, listSome, rate, utcTime } from './cluster-format';

/** Names listed in a banner before "and N more": the node table has every node. */
const NAMES_MAX = 12;

/** Relay's connection and ServerStatus, and events lost per source: can we trust what Hubble shows? */
export function HubbleHealth({ hubble }: { hubble: ClusterHubbleHealth | null }) {
  if (!hubble)
    return (
      <section className={styles.section} aria-labelledby="cluster-hubble">
        <h2 id="cluster-hubble">Hubble</h2>
        <p>The flow connection is not running, so Hubble&apos;s health is unknown.</p>
      </section>
    );
  const s = hubble.serverStatus;
  const c = hubble.connection;
  const lost = Object.entries(hubble.lostEvents.bySource).sort((a, b) => b[1] - a[1]);
  const facts: [string, string][] = [
    ['Relay', `${c.state} (${c.relayAddr})`],
    ['Relay version', s?.version || 'unknown'],
    [
      'Nodes connected',
      s?.numConnectedNodes == null ? 'unknown' : count(s.numConnectedNodes, 'nodes'),
    ],
    [
      'Nodes unavailable',
      s?.numUnavailableNodes == null ? 'unknown' : count(s.numUnavailableNodes, 'nodes'),
    ],
    ['Flows in node buffers', s ? heldOfMax(s.numFlows, s.maxFlows) : 'unknown'],
    ['Cluster flow rate', s ? rate(s.flowsRate) : 'unknown'],
    ['Relay uptime', s ? duration(s.uptimeNs / 1e9) : 'unknown'],
    ['Lost events, total', count(hubble.lostEvents.total, 'events')],
    ['Lost events, last minute', count(hubble.lostEvents.lastMinute, 'events')],
    [
      'Last lost event',
      hubble.lostEvents.lastMs === null ? 'never' : utcTime(hubble.lostEvents.lastMs),
    ],
  ];
  return (
    <section className={styles.section} aria-labelledby="cluster-hubble">
      <h2 id="cluster-hubble">Hubble</h2>
      {c.state !== 'connected' && (
        <p className="banner tone-bad">
          Relay is {c.state}
          {c.lastError ? `: ${c.lastError}` : ''}. Per-node Hubble numbers below may be stale; check
          HUBBLE_RELAY_ADDR and that hubble-relay is running.
        </p>
      )}
      {hubble.pollError && (
        <p className="banner tone-warn">ServerStatus/GetNodes failed: {hubble.pollError}</p>
      )}
      {s && s.unavailableNodes.length > 0 && (
        <p className="banner tone-warn">
          {count(s.unavailableNodes.length, 'nodes')} unavailable (their flows are missing):{' '}
          {listSome(s.unavailableNodes, NAMES_MAX)}
        </p>
      )}
      <dl className={styles.facts}>
        {facts.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      {lost.length > 0 && (
        <p className={styles.small}>
          Lost by source:{' '}
          {listSome(
            lost.map(([src, n]) => `${src} ${count(n, 'events')}`),
            NAMES_MAX,
          )}
        </p>
      )}
    </section>
  );
}
