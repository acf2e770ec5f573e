'use client';

import { BreakdownTable } from '@/components/charts/breakdown-table';
import { StackedSeriesChart } from '@/components/charts/stacked-series-chart';
import { useMetrics } from '@/lib/client/use-metrics';
import type { HttpGroupMetrics } from '@/lib/model/flow-metrics';
import type { TimeWindow } from '@/lib/model/time-window';
import { flowsHref, label, podArg, routeQ, statusClassQ } from './filters';
import { MetricsStatus, Stat } from './metrics-status';
import styles from './metrics.module.css';

const HTTP = '--protocol http';
const CLASS_TONES = {
  '1xx': 'var(--fg-faint)',
  '2xx': 'var(--ok)',
  '3xx': 'var(--info)',
  '4xx': 'var(--warn)',
  '5xx': 'var(--bad)',
};
const ms = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}`);
const groupCells = (g: HttpGroupMetrics) => [
  `${g.errorPct.toFixed(1)} %`,
  ms(g.latencyMs.p50),
  ms(g.latencyMs.p95),
  ms(g.latencyMs.p99),
];
const GROUP_HEADERS = ['5xx', 'p50 ms', 'p95 ms', 'p99 ms'];

/** HTTP: responses by status class over time, status codes, services, routes and top 5xx routes. */
export function HttpView({ window, q }: { window: TimeWindow; q: string }) {
  const { data, error, isPending } = useMetrics('http', window, q);
  if (!data) return <MetricsStatus error={error} pending={isPending} />;
  const classHref = (c: string) => flowsHref(statusClassQ(c) ?? HTTP, q);
  const svcQ = (w: Parameters<typeof podArg>[0]) => {
    const arg = podArg(w);
    return arg ? `--pod ${arg}` : '';
  };
  // For the 5xx list the count is the 5xx responses and the link narrows to them.
  const routeRows = (list: typeof data.routes, only5xx = false) =>
    list.map(r => ({
      key: `${r.service.id} ${r.method} ${r.route}`,
      label: `${label(r.service)} ${r.method} ${r.route}`,
      count: only5xx ? r.byClass['5xx'] : r.responses,
      href: flowsHref(
        routeQ(r.method, r.route),
        svcQ(r.service),
        only5xx ? '--http-status 5+' : '',
        q,
      ),
      extra: groupCells(r),
    }));
  return (
    <div className={styles.view}>
      <MetricsStatus error={error} pending={false} />
      <div className={styles.stats}>
        <Stat label="requests" value={data.requests.toLocaleString()} testId="http-requests" />
        <Stat label="responses" value={data.responses.toLocaleString()} testId="http-responses" />
        <Stat label="requests / s" value={data.requestRate.toFixed(2)} />
        <Stat label="5xx" value={`${data.errorPct.toFixed(1)} %`} />
        <Stat
          label="p50 / p95 / p99 ms"
          value={`${ms(data.latencyMs.p50)} / ${ms(data.latencyMs.p95)} / ${ms(data.latencyMs.p99)}`}
        />
      </div>
      <StackedSeriesChart
        label="HTTP responses by status class"
        series={data.series}
        tones={CLASS_TONES}
        hrefFor={classHref}
      />
      <div className={styles.grid}>
        <BreakdownTable
          title="Responses by status"
          total={data.responses}
          rows={Object.entries(data.byStatus)
            .sort((a, b) => b[1] - a[1])
            .map(([s, n]) => ({
              key: s,
              label: s,
              count: n,
              href: /^[1-5]\d\d$/.test(s)
                ? flowsHref(HTTP, `--http-status ${s}`, q)
                : flowsHref(HTTP, q),
            }))}
        />
        <BreakdownTable
          title="Top 5xx routes"
          extraHeaders={GROUP_HEADERS}
          rows={routeRows(data.top5xxRoutes, true)}
        />
        <BreakdownTable
          title="Services"
          extraHeaders={GROUP_HEADERS}
          rows={data.services.map(s => ({
            key: s.service.id,
            label: label(s.service),
            count: s.responses,
            href: flowsHref(HTTP, svcQ(s.service), q),
            extra: groupCells(s),
          }))}
        />
        <BreakdownTable title="Routes" extraHeaders={GROUP_HEADERS} rows={routeRows(data.routes)} />
      </div>
    </div>
  );
}
