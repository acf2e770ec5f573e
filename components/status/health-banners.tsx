'use client';

import { useNow } from '@/lib/client/use-now';
import type { HubbleInfo, NodeHealth } from '@/lib/model/hubble-health';
import { formatClock, formatCount, TIME_ZONE_LABEL } from '@/components/flows-table/flow-format';

/** What each lost-event source means and what to change (Cilium Helm values). */
const LOST_HINTS: Record<string, string> = {
  HUBBLE_RING_BUFFER:
    'A reader fell behind the node’s Hubble ring buffer and the oldest flows were overwritten; raise hubble.eventBufferCapacity or narrow the filter',
  OBSERVER_EVENTS_QUEUE:
    'The Hubble observer queue on the node overflowed; raise hubble.eventQueueSize',
  PERF_EVENT_RING_BUFFER:
    'The agent could not read datapath events fast enough (check CPU pressure on the node)',
};

/** Keys with the largest totals, largest first. */
function topKeys(counts: Record<string, number>, n: number): string[] {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k]) => k);
}

function unavailableNodes(info: HubbleInfo): { name: string; detail: string }[] {
  const bad = (n: NodeHealth) => n.state === 'NODE_UNAVAILABLE' || n.state === 'NODE_ERROR';
  const out = info.nodes
    .filter(bad)
    .map(n => ({ name: n.name, detail: n.message || n.state.replace('NODE_', '').toLowerCase() }));
  for (const name of info.serverStatus?.unavailableNodes ?? []) {
    if (!out.some(n => n.name === name)) out.push({ name, detail: 'unavailable' });
  }
  return out;
}

/** Gaps older than this are history, not news. */
const GAP_WINDOW_MS = 30 * 60_000;

/**
 * Banners for what silently costs flows: events lost on nodes, nodes Relay cannot reach, and
 * periods a resume could not cover. Each says what happened, where, and what to check.
 */
export function HealthBanners({ info }: { info: HubbleInfo | undefined }) {
  const nowMs = useNow();
  if (!info) return null;
  const lost = info.lostEvents;
  const nodes = unavailableNodes(info);
  const gaps = nowMs === 0 ? [] : info.connection.gaps.filter(g => nowMs - g.toMs < GAP_WINDOW_MS);
  const lastGap = gaps[gaps.length - 1];
  const sources = topKeys(lost.bySource, 2);
  const lostNodes = topKeys(lost.byNode, 3);

  return (
    <>
      {lost.lastMinute > 0 && (
        <div className="banner tone-warn" data-testid="lost-events-banner">
          <strong>
            {formatCount(lost.lastMinute)} events lost in the last minute ({sources.join(', ')}
            {lostNodes.length > 0 && ` on ${lostNodes.join(', ')}`})
          </strong>
          <span className="hint">
            {sources
              .map(s => LOST_HINTS[s])
              .filter(Boolean)
              .join('. ') || 'The node dropped events before Hubble could export them'}
            . {formatCount(lost.total)} lost since start.
          </span>
        </div>
      )}
      {nodes.length > 0 && (
        <div className="banner tone-bad" role="alert" data-testid="unavailable-nodes-banner">
          <strong>
            {nodes.length === 1 ? '1 node unavailable' : `${nodes.length} nodes unavailable`}:{' '}
            {nodes.map(n => `${n.name} (${n.detail})`).join(', ')}
          </strong>
          <span className="hint">
            Flows from {nodes.length === 1 ? 'this node are' : 'these nodes are'} missing. Check
            that cilium-agent is running with Hubble enabled there (
            <code>kubectl -n kube-system get pods -l k8s-app=cilium -o wide</code>,{' '}
            <code>cilium status</code>) and that Relay can reach the node on port 4244.
          </span>
        </div>
      )}
      {lastGap && (
        <div className="banner tone-warn" data-testid="gaps-banner">
          <strong>
            Flows between {formatClock(lastGap.fromMs)} and {formatClock(lastGap.toMs)}{' '}
            {TIME_ZONE_LABEL} may be missing
          </strong>
          <span className="hint">
            Cause: {lastGap.reason}
            {gaps.length > 1 && ` (${gaps.length} gaps in the last 30 min)`}. Relay’s buffer had
            already moved past them when the stream resumed.
          </span>
        </div>
      )}
      {info.pollError !== null && (
        <div className="banner tone-warn" data-testid="poll-error-banner">
          <strong>Relay status poll failed</strong>
          <span className="hint">
            {info.pollError}. Node and namespace lists may be out of date.
          </span>
        </div>
      )}
    </>
  );
}
