import { formatCount, formatRate } from '@/components/flows-table/flow-format';
import type { HubbleInfo } from '@/lib/model/hubble-health';
import styles from './triage.module.css';

/** The home's connection summary: nodes, Relay flow rate, lost events, flows held. */
export function ConnectionStrip({ info }: { info: HubbleInfo | undefined }) {
  if (!info) return null;
  const s = info.serverStatus;
  const connected = info.nodes.filter(n => n.state === 'NODE_CONNECTED').length;
  const items = [
    { testId: 'nodes', label: 'nodes connected', value: `${connected} / ${info.nodes.length}` },
    { testId: 'relay-rate', label: 'cluster flow rate', value: s ? formatRate(s.flowsRate) : '—' },
    {
      testId: 'lost',
      label: 'events lost (1 min)',
      value: formatCount(info.lostEvents.lastMinute),
    },
    {
      testId: 'store',
      label: 'flows held',
      value: `${formatCount(info.store.compactCount)} / ${formatCount(info.store.compactCapacity)}`,
    },
  ];
  return (
    <section aria-label="Connection summary" className={styles.strip}>
      {items.map(i => (
        <div key={i.testId} className={styles.stripItem} data-testid={i.testId}>
          <strong>{i.value}</strong> <span className="muted">{i.label}</span>
        </div>
      ))}
    </section>
  );
}
