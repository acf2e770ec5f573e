import type { Metadata } from 'next';
import { ClusterPanel } from '@/components/cluster/cluster-panel';

export const metadata: Metadata = { title: 'Cluster' };

/** Cilium status per node, the tunnel map between nodes and Hubble's own health (issue 5). */
export default function ClusterPage() {
  return <ClusterPanel />;
}
