'use client';

import type { FlowTable } from '@/lib/client/use-flow-table';
import type { HubbleInfo } from '@/lib/model/hubble-health';
import { RelayState } from '@/components/status/relay-state';
import { formatCount, formatRate } from './flow-format';
import { RetryCountdown } from '@/components/status/retry-countdown';

interface StatusBarProps {
  table: FlowTable;
  info: HubbleInfo | undefined;
  /** Set when GET /api/v1/hubble failed (the Flowscope server itself is unreachable). */
  infoError: Error | null;
}

/** One line under the filter: Relay state, browser stream state and the table's counters. */
export function StatusBar({ table, info, infoError }: StatusBarProps) {
  const { stream } = table;
  return (
    <div className="statusbar" aria-label="Stream status">
      <RelayState info={info} error={infoError} />
      {stream.state === 'reconnecting' && (
        <span className="state" data-testid="stream-state">
          <span className="dot tone-warn" aria-hidden="true" />
          <span>
            Live stream: {stream.error}; reconnecting (attempt {stream.attempt}, next retry{' '}
            <RetryCountdown atMs={stream.nextRetryMs} />)
          </span>
        </span>
      )}
      {stream.state === 'connecting' && (
        <span data-testid="stream-state">Opening live stream…</span>
      )}
      <span className="stat" data-testid="flow-rate">
        <strong>{formatRate(table.ratePerSec)}</strong>
      </span>
      <span className="stat" data-testid="flows-held">
        <strong>{formatCount(table.held)}</strong> / {formatCount(table.capacity)} flows held
      </span>
      <span
        className="stat"
        data-testid="flows-missed"
        title="Flows the server could not deliver to this browser because it fell behind"
      >
        <strong>{formatCount(table.missed)}</strong> flows missed by this browser
      </span>
      {table.error !== null && (
        <span className="stat" role="alert" style={{ color: 'var(--bad)' }}>
          {table.error}
        </span>
      )}
    </div>
  );
}
