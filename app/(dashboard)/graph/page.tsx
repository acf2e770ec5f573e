import type { Metadata } from 'next';
import { ServiceGraphPanel } from '@/components/service-graph/service-graph-panel';
import { isTimeWindow } from '@/lib/model/time-window';

export const metadata: Metadata = { title: 'Service graph' };

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';

/** Service dependency graph. `?q=` filters flows (hubble observe syntax); `?window=`, `?namespace=`. */
export default async function GraphPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const sp = await searchParams;
  const window = first(sp.window);
  return (
    <ServiceGraphPanel
      q={first(sp.q)}
      initialWindow={isTimeWindow(window) ? window : '5m'}
      initialNamespace={first(sp.namespace)}
    />
  );
}
