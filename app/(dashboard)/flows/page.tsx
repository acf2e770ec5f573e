import type { Metadata } from 'next';
import { FlowsPanel } from '@/components/flows-table/flows-panel';

export const metadata: Metadata = { title: 'Flows' };

/** Live flows. `?q=` is a filter in `hubble observe` flag syntax, e.g. `--verdict DROPPED`. */
export default async function FlowsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { q } = await searchParams;
  const initialQuery = (Array.isArray(q) ? q[0] : q) ?? '';
  return <FlowsPanel initialQuery={initialQuery} />;
}
