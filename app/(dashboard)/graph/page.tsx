import type { Metadata } from 'next';
import { preload } from 'react-dom';
import { ServiceGraphPanel } from '@/components/service-graph/service-graph-panel';
import { graphSearch } from '@/lib/client/graph-client';
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
  const raw = first(sp.window);
  const window = isTimeWindow(raw) ? raw : '5m';
  const q = first(sp.q);
  const namespace = first(sp.namespace);
  // The browser starts the first snapshot while it loads the scripts (a few hundred ms sooner on a
  // big graph); the panel's identical first request is then served from it.
  const search = graphSearch({
    window,
    q,
    namespaces: namespace ? [namespace] : [],
    errorsOnly: false,
    hideReserved: false,
    expand: [],
    collapse: false,
  });
  preload(`/api/v1/graph?${search}`, { as: 'fetch', crossOrigin: 'anonymous' });
  return <ServiceGraphPanel q={q} initialWindow={window} initialNamespace={namespace} />;
}
