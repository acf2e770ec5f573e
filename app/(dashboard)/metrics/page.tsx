import type { Metadata } from 'next';
import { MetricsPanel, type MetricsTab } from '@/components/metrics/metrics-panel';
import { isTimeWindow } from '@/lib/model/time-window';

export const metadata: Metadata = { title: 'Metrics' };

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** Drop, DNS and HTTP metrics. `?tab=drops|dns|http&window=5m|15m|1h|all&q=<filter>`. */
export default async function MetricsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  const tab = first(sp.tab);
  const window = first(sp.window);
  return (
    <MetricsPanel
      initialTab={tab === 'dns' || tab === 'http' ? tab : ('drops' satisfies MetricsTab)}
      initialWindow={isTimeWindow(window) && window !== '1m' ? window : '5m'}
      initialQ={first(sp.q)?.trim() ?? ''}
    />
  );
}
