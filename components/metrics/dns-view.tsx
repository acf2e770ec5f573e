'use client';

import { BreakdownTable } from '@/components/charts/breakdown-table';
import { StackedSeriesChart } from '@/components/charts/stacked-series-chart';
import { useMetrics } from '@/lib/client/use-metrics';
import type { TimeWindow } from '@/lib/model/time-window';
import { dnsNameQ, flowsHref, label } from './filters';
import { MetricsStatus, Stat } from './metrics-status';
import styles from './metrics.module.css';

const DNS = '--protocol dns';
const RCODE_TONES = {
  NOERROR: 'var(--ok)',
  NXDOMAIN: 'var(--warn)',
  SERVFAIL: 'var(--bad)',
  REFUSED: 'var(--info)',
};
const ms = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)} ms`);

/** DNS: answers by rcode over time, failing names with their clients, query types, unanswered. */
export function DnsView({ window, q }: { window: TimeWindow; q: string }) {
  const { data, error, isPending } = useMetrics('dns', window, q);
  if (!data) return <MetricsStatus error={error} pending={isPending} />;
  // Hubble has no rcode filter: an rcode click lands on the DNS flows, where rcode is a column.
  const dnsHref = () => flowsHref(DNS, q);
  return (
    <div className={styles.view}>
      <MetricsStatus error={error} pending={false} />
      <div className={styles.stats}>
        <Stat label="queries" value={data.queries.toLocaleString()} testId="dns-queries" />
        <Stat label="answers" value={data.responses.toLocaleString()} testId="dns-responses" />
        <Stat label="queries / s" value={data.queryRate.toFixed(2)} />
        <Stat label="failed answers" value={`${data.failurePct.toFixed(1)} %`} />
        <Stat label="unanswered" value={data.unanswered.toLocaleString()} />
        <Stat label="latency p95" value={ms(data.latencyMs.p95)} />
      </div>
      <StackedSeriesChart
        label="DNS answers by rcode"
        series={data.series}
        tones={RCODE_TONES}
        hrefFor={dnsHref}
      />
      <div className={styles.grid}>
        <BreakdownTable
          title="Answers by rcode"
          total={data.responses}
          rows={Object.entries(data.byRcode)
            .sort((a, b) => b[1] - a[1])
            .map(([r, n]) => ({ key: r, label: r, count: n, href: dnsHref() }))}
        />
        <BreakdownTable
          title="Top failing names"
          extraHeaders={['Asked by']}
          rows={data.topFailing.map(f => ({
            key: f.name,
            label: f.name,
            count: f.count,
            href: flowsHref(dnsNameQ(f.name), q),
            extra: [f.clients.slice(0, 3).map(label).join(', ')],
          }))}
        />
        <BreakdownTable
          title="Queries by type"
          total={data.queries}
          rows={Object.entries(data.byQtype)
            .sort((a, b) => b[1] - a[1])
            .map(([t, n]) => ({ key: t, label: t, count: n, href: dnsHref() }))}
        />
        <BreakdownTable
          title="Unanswered queries"
          rows={data.topUnanswered.map(e => ({
            key: e.key,
            label: e.key,
            count: e.count,
            href: flowsHref(dnsNameQ(e.key), q),
          }))}
        />
      </div>
    </div>
  );
}
