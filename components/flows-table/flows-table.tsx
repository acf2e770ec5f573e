'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useLayoutEffect, useRef } from 'react';
import type { FlowRows } from '@/lib/client/flow-ring';
import type { FlowRecord } from '@/lib/model/flow-record';
import { FLOW_COLUMNS, FlowRow } from './flow-row';

/** Fixed row height (px, = --row-h): no measuring, so scrolling 5,000 rows stays O(visible). */
const ROW_HEIGHT = 28;

interface FlowsTableProps {
  /** Newest first; `rows.seq` growth is how many rows were prepended since the last render. */
  rows: FlowRows;
  selectedId: string | null;
  onSelect: (flow: FlowRecord) => void;
}

/**
 * Virtualized flow table. Only ~40 visible rows (plus overscan) are in the DOM; `aria-rowcount`
 * still tells assistive tech (and the e2e tests) the full count.
 */
export const FlowsTable = memo(function FlowsTable({
  rows,
  selectedId,
  onSelect,
}: FlowsTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const lastSeq = useRef(rows.seq);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: index => rows.at(index)?.id ?? index,
    // The sticky header sits above the rows inside the same scroll container.
    scrollMargin: ROW_HEIGHT,
    overscan: 10,
  });

  // New flows are prepended. While the user is scrolled down reading, shift the viewport by the
  // same amount so the rows under their eyes stay put; at the top the newest stay in view.
  useLayoutEffect(() => {
    const added = rows.seq - lastSeq.current;
    lastSeq.current = rows.seq;
    const el = scrollRef.current;
    if (el && added > 0 && el.scrollTop > 0) {
      el.scrollTop += Math.min(added, rows.length) * ROW_HEIGHT;
    }
  }, [rows]);

  return (
    <div role="table" aria-label="Flows" aria-rowcount={rows.length + 1} className="flows-table">
      <div ref={scrollRef} className="flows-scroll" data-testid="flows-scroll">
        <div role="rowgroup" className="flows-head">
          <div role="row" aria-rowindex={1} className="flow-row">
            {FLOW_COLUMNS.map(label => (
              <div role="columnheader" key={label}>
                {label}
              </div>
            ))}
          </div>
        </div>
        <div
          role="rowgroup"
          className="flows-body"
          style={{ position: 'relative', height: virtualizer.getTotalSize() }}
        >
          {virtualizer.getVirtualItems().map(item => {
            const flow = rows.at(item.index);
            if (!flow) return null;
            return (
              <FlowRow
                key={item.key}
                flow={flow}
                index={item.index}
                offset={item.start - ROW_HEIGHT}
                selected={flow.id === selectedId}
                onSelect={onSelect}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
});
