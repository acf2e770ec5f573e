'use client';

import type { HubbleInfo } from '@/lib/model/hubble-health';
import { formatCount } from './flow-format';

interface EmptyStateProps {
  query: string;
  loaded: boolean;
  info: HubbleInfo | undefined;
  onClearFilter: () => void;
}

/** Says why the table is empty and what to do next (hubble-ui#244: explain empty screens). */
export function EmptyState({ query, loaded, info, onClearFilter }: EmptyStateProps) {
  const c = info?.connection;
  const where = c
    ? c.source === 'sim'
      ? `the built-in cluster (${c.relayAddr})`
      : `Relay at ${c.relayAddr}`
    : 'Relay';

  if (!loaded) {
    return (
      <div className="empty" data-testid="flows-empty">
        <p>Loading recent flows…</p>
      </div>
    );
  }
  if (query !== '') {
    const held = info?.store.compactCount ?? 0;
    return (
      <div className="empty" data-testid="flows-empty">
        <p>
          <strong>No flows match</strong> <code>{query}</code>
        </p>
        <p className="muted">
          {held > 0 ? `None of the ${formatCount(held)} flows held on the server match. ` : ''}
          Matching flows will appear here as they arrive.
        </p>
        <button type="button" className="btn" onClick={onClearFilter}>
          Clear filter
        </button>
      </div>
    );
  }
  if (c && c.state !== 'connected') {
    return (
      <div className="empty" data-testid="flows-empty">
        <p>
          <strong>Waiting for {where}</strong>
          {c.lastError ? `: ${c.lastError}` : ''}
        </p>
        <p className="muted">
          Check that Relay is reachable from the Flowscope server: run{' '}
          <code>cilium hubble port-forward</code> and set{' '}
          <code>HUBBLE_RELAY_ADDR=localhost:4245</code>, or use the in-cluster address of the
          hubble-relay Service.
        </p>
      </div>
    );
  }
  return (
    <div className="empty" data-testid="flows-empty">
      <p>
        <strong>No flows yet.</strong> Connected to {where}; flows appear as soon as the cluster
        sends traffic.
      </p>
      <p className="muted">
        If this persists, check that Hubble is enabled on the nodes (<code>cilium status</code>).
      </p>
    </div>
  );
}
