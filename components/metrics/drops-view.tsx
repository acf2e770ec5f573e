'use client';

import { BreakdownTable } from '@/components/charts/breakdown-table';
import { StackedSeriesChart } from '@/components/charts/stacked-series-chart';
import { useMetrics } from '@/lib/client/use-metrics';
import type { TimeWindow } from '@/lib/model/time-window';
import { flowsHref, label, podArg } from './filters';
import { MetricsStatus, Stat } from './metrics-status';
import styles from './metrics.module.css';

const DROPPED = '--verdict DROPPED';

/** Drops: rate by reason over time, policy vs datapath, by workload, namespace, node and pair. */
export function DropsView({ window, q }: { window: TimeWindow; q: string }) {
  const { data, error, isPending } = useMetrics('drops', window, q);
  if (!data) return <MetricsStatus error={error} pending={isPending} />;
  const reasonHref = (r: string) => flowsHref(DROPPED, `--drop-reason ${r}`, q);
  const side = (flag: string) => (w: (typeof data.bySourceWorkload)[number]) => {
    const arg = podArg(w);
    return {
      key: w.id,
      label: label(w),
      count: w.count,
      href: arg ? flowsHref(DROPPED, `${flag} ${arg}`, q) : flowsHref(DROPPED, q),
    };
  };
  return (
    <div className={styles.view}>
      <MetricsStatus error={error} pending={false} />
      <div className={styles.stats}>
        <Stat label="drops" value={data.total.toLocaleString()} testId="drops-total" />
        <Stat label="drops / s" value={data.ratePerSec.toFixed(2)} />
        <Stat label="policy drops" value={data.policy.toLocaleString()} />
        <Stat label="datapath drops" value={data.datapath.toLocaleString()} />
        <Stat label="known noise" value={data.byClass.benign.toLocaleString()} />
      </div>
      <StackedSeriesChart label="Drops by reason" series={data.series} hrefFor={reasonHref} />
      <div className={styles.grid}>
        <BreakdownTable
          title="By reason"
          total={data.total}
          rows={Object.entries(data.byReason)
            .sort((a, b) => b[1] - a[1])
            .map(([r, n]) => ({ key: r, label: r, count: n, href: reasonHref(r) }))}
        />
        <BreakdownTable
          title="Top dropped pairs"
          rows={data.topPairs.map(p => {
            const a = podArg(p.source);
            const b = podArg(p.destination);
            return {
              key: `${p.source.id}>${p.destination.id}`,
              label: `${label(p.source)} → ${label(p.destination)}`,
              count: p.count,
              href: flowsHref(DROPPED, a ? `--from-pod ${a}` : '', b ? `--to-pod ${b}` : '', q),
            };
          })}
        />
        <BreakdownTable
          title="By source workload"
          rows={data.bySourceWorkload.map(side('--from-pod'))}
        />
        <BreakdownTable
          title="By destination workload"
          rows={data.byDestinationWorkload.map(side('--to-pod'))}
        />
        <BreakdownTable
          title="By destination namespace"
          rows={data.byDestinationNamespace.map(e => ({
            key: e.key,
            label: e.key || '(none)',
            count: e.count,
            href: e.key ? flowsHref(DROPPED, `--to-namespace ${e.key}`, q) : null,
          }))}
        />
        <BreakdownTable
          title="By node"
          rows={data.byNode.map(e => ({
            key: e.key,
            label: e.key || '(unknown)',
            count: e.count,
            href: e.key ? flowsHref(DROPPED, `--node-name ${e.key}`, q) : null,
          }))}
        />
      </div>
    </div>
  );
}
