'use client';

import { useEffect, useRef } from 'react';
import type { FlowRecord } from '@/lib/model/flow-record';
import { EndpointFields, Fields, L7Fields } from './flow-details-fields';
import { TIME_ZONE_LABEL, formatClock, formatProtocol } from './flow-format';
import { VerdictBadge } from './verdict-badge';

interface FlowDetailsDrawerProps {
  flow: FlowRecord;
  onClose: () => void;
}

function replyText(isReply: boolean | null): string | null {
  if (isReply === null) return null;
  return isReply ? 'reply' : 'request / original direction';
}

/**
 * Side panel with every FlowRecord field. Non-modal: the table keeps streaming behind it and a
 * click on another row swaps the content. Escape or the close button dismiss it.
 */
export function FlowDetailsDrawer({ flow, onClose }: FlowDetailsDrawerProps) {
  const closeRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    closeRef.current?.focus();
  }, [flow.id]);

  useEffect(() => {
    const handleKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', handleKey);
    return () => window.removeEventListener('keydown', handleKey);
  }, [onClose]);

  const icmp = flow.icmp ? `type ${flow.icmp.type}, code ${flow.icmp.code}` : null;
  return (
    <aside role="dialog" aria-modal="false" aria-labelledby="flow-details-title" className="drawer">
      <div className="drawer-head">
        <h1 id="flow-details-title">Flow details</h1>
        <VerdictBadge verdict={flow.verdict} />
        <span className="muted mono">
          {formatClock(flow.timeMs)} {TIME_ZONE_LABEL}
        </span>
        <button
          ref={closeRef}
          type="button"
          className="btn btn-ghost"
          style={{ marginLeft: 'auto' }}
          onClick={onClose}
        >
          Close
        </button>
      </div>
      <div className="drawer-body">
        <section aria-label="Summary">
          <h2>Flow</h2>
          <Fields
            rows={[
              ['Time', flow.time],
              ['Node', flow.node],
              ['Verdict', flow.verdict],
              [
                'Drop reason',
                flow.dropReason === '' ? null : `${flow.dropReason} (${flow.dropReasonCode})`,
              ],
              ['Type', flow.type],
              ['Protocol', formatProtocol(flow)],
              ['IP version', flow.ipVersion],
              ['TCP flags', flow.tcpFlags],
              ['ICMP', icmp],
              ['Direction', flow.direction],
              ['Reply', replyText(flow.isReply)],
              ['Observation point', flow.traceObservationPoint],
              ['Interface', flow.iface],
              ['Event type', `${flow.eventType} / ${flow.eventSubType}`],
              ['Policy match type', flow.policyMatchType],
              ['Allowed by', flow.policies.allowedBy],
              ['Denied by', flow.policies.deniedBy],
              ['Encrypted', flow.encrypted],
              ['Summary', flow.summary],
              ['Flow ID', flow.id],
            ]}
          />
        </section>
        <EndpointFields title="Source" ep={flow.src} />
        <EndpointFields title="Destination" ep={flow.dst} />
        {flow.l7 && <L7Fields l7={flow.l7} />}
        <details>
          <summary>FlowRecord JSON</summary>
          <pre className="raw-json">{JSON.stringify(flow, null, 2)}</pre>
        </details>
      </div>
    </aside>
  );
}
