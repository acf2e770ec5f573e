'use client';

import { useCallback, useMemo, useState } from 'react';
import { useFlowFilter } from '@/lib/client/use-flow-filter';
import { useFlowTable } from '@/lib/client/use-flow-table';
import { useHubbleInfo } from '@/lib/client/use-hubble-info';
import type { FlowRecord } from '@/lib/model/flow-record';
import { EmptyState } from './empty-state';
import { FilterBar } from './filter-bar';
import { FlowDetailsDrawer } from './flow-details-drawer';
import { formatCount } from './flow-format';
import { FlowsTable } from './flows-table';
import { HealthBanners } from '@/components/status/health-banners';
import { StatusBar } from './status-bar';

/** The live Flows page: filter, status, health banners, the virtualized table and the drawer. */
export function FlowsPanel({ initialQuery }: { initialQuery: string }) {
  const filter = useFlowFilter(initialQuery);
  const table = useFlowTable(filter.applied);
  const hubble = useHubbleInfo();
  const [selected, setSelected] = useState<FlowRecord | null>(null);

  const namespaces = useMemo(
    () => [...new Set((hubble.data?.namespaces ?? []).map(n => n.namespace))].sort(),
    [hubble.data?.namespaces],
  );
  const handleSelect = useCallback((flow: FlowRecord) => setSelected(flow), []);
  const handleClose = useCallback(() => setSelected(null), []);
  const { apply } = filter;
  const handleClearFilter = useCallback(() => void apply(''), [apply]);

  return (
    <div className="flows-page">
      <div className="toolbar">
        <h1>Flows</h1>
        <FilterBar filter={filter} namespaces={namespaces} />
        {table.paused ? (
          <>
            <button type="button" className="btn btn-primary" onClick={table.resume}>
              Resume
            </button>
            <span data-testid="new-while-paused">
              Paused · {formatCount(table.newWhilePaused)} new flows
            </span>
          </>
        ) : (
          <button type="button" className="btn" onClick={table.pause}>
            Pause
          </button>
        )}
      </div>
      <StatusBar table={table} info={hubble.data} infoError={hubble.error} />
      <HealthBanners info={hubble.data} />
      {table.rows.length === 0 ? (
        <EmptyState
          query={filter.applied}
          loaded={table.loaded}
          info={hubble.data}
          onClearFilter={handleClearFilter}
        />
      ) : (
        <FlowsTable rows={table.rows} selectedId={selected?.id ?? null} onSelect={handleSelect} />
      )}
      {selected && <FlowDetailsDrawer flow={selected} onClose={handleClose} />}
    </div>
  );
}
