'use client';

import type { ReactNode } from 'react';
import type { HubbleInfo } from '@/lib/model/hubble-health';
import { RetryCountdown } from './retry-countdown';

interface RelayStateProps {
  info: HubbleInfo | undefined;
  /** GET /api/v1/hubble failed: the Flowscope server itself did not answer. */
  error: Error | null;
}

/**
 * The upstream connection in one line: connected / connecting / reconnecting (attempt, next retry)
 * / unreachable (address and the gRPC error). The first thing to read when the table is empty.
 */
export function RelayState({ info, error }: RelayStateProps) {
  if (!info) {
    return (
      <span role="status" data-testid="relay-state" className="state">
        <span className={`dot ${error ? 'tone-bad' : ''}`} aria-hidden="true" />
        {error ? `Flowscope server unreachable: ${error.message}` : 'Checking Relay connection…'}
      </span>
    );
  }
  const c = info.connection;
  const target =
    c.source === 'sim' ? `built-in cluster (${c.relayAddr})` : `Relay at ${c.relayAddr}`;
  const lastError = c.lastError ? `: ${c.lastError}` : '';
  let tone = 'tone-ok';
  let text: ReactNode;
  switch (c.state) {
    case 'connected':
      text = `Connected to ${target}${c.tls ? ' (TLS)' : ''}`;
      break;
    case 'connecting':
      tone = 'tone-warn';
      text = `Connecting to ${target}…`;
      break;
    case 'reconnecting':
      tone = 'tone-warn';
      text = (
        <>
          Reconnecting to {target} (attempt {c.failures}, next retry{' '}
          <RetryCountdown atMs={c.nextRetryMs} />){lastError}
        </>
      );
      break;
    case 'unreachable':
      tone = 'tone-bad';
      text = (
        <>
          Relay unreachable at {c.relayAddr}
          {lastError} (attempt {c.failures}, next retry <RetryCountdown atMs={c.nextRetryMs} />)
        </>
      );
      break;
  }
  return (
    <span role="status" data-testid="relay-state" data-state={c.state} className="state">
      <span className={`dot ${tone}`} aria-hidden="true" />
      <span>
        {text}
        {error && ' (may be stale: the Flowscope server is not answering)'}
      </span>
    </span>
  );
}
