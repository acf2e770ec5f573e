'use client';

import Link from 'next/link';
import { formatCount, formatRate } from '@/components/flows-table/flow-format';
import { useHubbleInfo } from '@/lib/client/use-hubble-info';
import type { HubbleInfo } from '@/lib/model/hubble-health';
import { HealthBanners } from './health-banners';
import { RelayState } from './relay-state';

function Card({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="card" data-testid={testId}>
      <div className="value">{value}</div>
      <div className="label">{label}</div>
    </div>
  );
}

function cards(info: HubbleInfo) {
  const s = info.serverStatus;
  const connected = info.nodes.filter(n => n.state === 'NODE_CONNECTED').length;
  const unavailable =
    s?.numUnavailableNodes ?? info.nodes.filter(n => n.state !== 'NODE_CONNECTED').length;
  return [
    { testId: 'nodes', label: 'nodes connected', value: `${connected} / ${info.nodes.length}` },
    { testId: 'nodes-unavailable', label: 'nodes unavailable', value: formatCount(unavailable) },
    {
      testId: 'relay-rate',
      label: 'cluster flow rate (Relay)',
      value: s ? formatRate(s.flowsRate) : '—',
    },
    {
      testId: 'relay-buffer',
      label: 'flows in Relay’s node buffers',
      value: s ? `${formatCount(s.numFlows)} / ${formatCount(s.maxFlows)}` : '—',
    },
    {
      testId: 'store',
      label: 'flows held by Flowscope',
      value: `${formatCount(info.store.compactCount)} / ${formatCount(info.store.compactCapacity)}`,
    },
    {
      testId: 'received',
      label: 'flows received since start',
      value: formatCount(info.connection.flowsReceived),
    },
    {
      testId: 'lost',
      label: 'events lost in the last minute',
      value: formatCount(info.lostEvents.lastMinute),
    },
    { testId: 'namespaces', label: 'namespaces seen', value: formatCount(info.namespaces.length) },
  ];
}

/** Home: connection state and headline counts from /api/v1/hubble, with links into the data. */
export function HubbleOverview() {
  const { data, error } = useHubbleInfo();
  return (
    <div className="home">
      <h1>Overview</h1>
      <RelayState info={data} error={error} />
      <HealthBanners info={data} />
      {data && (
        <section aria-label="Cluster counts" className="cards">
          {cards(data).map(c => (
            <Card key={c.testId} {...c} />
          ))}
        </section>
      )}
      <p>
        <Link href="/flows">Open live flows</Link>
        {' · '}
        <Link href={`/flows?q=${encodeURIComponent('--verdict DROPPED')}`}>Dropped flows only</Link>
      </p>
    </div>
  );
}
