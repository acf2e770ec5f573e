'use client';

import { memo, type KeyboardEvent } from 'react';
import type { EndpointRecord, FlowRecord } from '@/lib/model/flow-record';
import {
  TIME_ZONE_LABEL,
  formatClock,
  formatEndpoint,
  formatL7,
  formatProtocol,
} from './flow-format';
import { VerdictBadge } from './verdict-badge';

/** Column headers, in the order the cells below render. Widths live in globals.css (.flow-row). */
export const FLOW_COLUMNS = [
  `Time (${TIME_ZONE_LABEL})`,
  'Node',
  'Source',
  'Destination',
  'Protocol',
  'L7',
  'Verdict',
  'Drop reason',
] as const;

/** Plain text cell: truncated with the full value in the tooltip. */
function TextCell({ text, className }: { text: string; className?: string }) {
  return (
    <div role="cell" className={className}>
      <span className="truncate" title={text}>
        {text}
      </span>
    </div>
  );
}

function EndpointCell({ ep, withPort }: { ep: EndpointRecord; withPort?: boolean }) {
  const { primary, tag, title } = formatEndpoint(ep, withPort);
  return (
    <div role="cell" title={title}>
      <span className="truncate">{primary}</span>
      {tag !== '' && <span className="tag">{tag}</span>}
    </div>
  );
}

function protoTitle(flow: FlowRecord): string {
  const parts = [formatProtocol(flow), flow.tcpFlags, flow.isReply === true ? 'reply' : ''];
  return parts.filter(p => p !== '').join(' · ');
}

interface FlowRowProps {
  flow: FlowRecord;
  /** 0-based position in the table body. */
  index: number;
  /** Pixel offset from the top of the body (virtualized placement). */
  offset: number;
  selected: boolean;
  onSelect: (flow: FlowRecord) => void;
}

function handleKeyDown(event: KeyboardEvent<HTMLDivElement>, select: () => void) {
  if (event.key === 'Enter' || event.key === ' ') {
    event.preventDefault();
    select();
  } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    event.preventDefault();
    const sibling =
      event.key === 'ArrowDown'
        ? event.currentTarget.nextElementSibling
        : event.currentTarget.previousElementSibling;
    if (sibling instanceof HTMLElement) sibling.focus();
  }
}

/**
 * One flow. Memoized: a committed batch re-renders only rows whose record, position or selection
 * changed, and FlowRecords are immutable, so a row renders once per position at most.
 */
export const FlowRow = memo(function FlowRow({
  flow,
  index,
  offset,
  selected,
  onSelect,
}: FlowRowProps) {
  const select = () => onSelect(flow);
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      tabIndex={0}
      className="flow-row"
      style={{ transform: `translateY(${offset}px)` }}
      onClick={select}
      onKeyDown={e => handleKeyDown(e, select)}
    >
      <TextCell className="cell-time" text={formatClock(flow.timeMs)} />
      <TextCell text={flow.node} />
      {/* The service port goes with the server side: the destination, or the source on a reply. */}
      <EndpointCell ep={flow.src} withPort={flow.isReply === true} />
      <EndpointCell ep={flow.dst} withPort={flow.isReply !== true} />
      <div role="cell" className="cell-proto" title={protoTitle(flow)}>
        <span className="proto">{formatProtocol(flow)}</span>
        {flow.isReply === true && <span className="tag">reply</span>}
        {flow.tcpFlags !== '' && <span className="flags truncate">{flow.tcpFlags}</span>}
      </div>
      <TextCell text={formatL7(flow)} />
      <div role="cell">
        <VerdictBadge verdict={flow.verdict} />
      </div>
      <TextCell text={flow.dropReason} />
    </div>
  );
});
