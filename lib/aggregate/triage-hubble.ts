/**
 * Triage problems from the Hubble connection itself: Relay unreachable, unavailable nodes, lost
 * events / ring buffer overflow. These rank first when critical: without them every other number is
 * incomplete.
 */
import type { ProblemSeverity, TriageProblem } from '@/lib/model/triage';
import type { TriageInput } from './triage';
import { links, pct, score, SEVERITY_BASE } from './triage-score';

/** Relay, node and lost-event problems. */
export function hubbleProblems(inp: TriageInput): TriageProblem[] {
  const out: TriageProblem[] = [];
  const { info, window } = inp;
  const base = { changeVsPrevious: null, newInWindow: false, benign: false, workloads: [] };
  const c = info.connection;
  if (c.state === 'reconnecting' || c.state === 'unreachable') {
    out.push({
      ...base,
      id: 'relay',
      kind: 'relay',
      severity: 'critical',
      score: SEVERITY_BASE.critical + 999,
      title: `Hubble Relay ${c.state}`,
      meaning: 'Flowscope is not receiving flows, so every number here is going stale.',
      check: `Check that Relay at ${c.relayAddr} is running and reachable.${c.lastError ? ` Last error: ${c.lastError}` : ''}`,
      impact: { flowsPerSec: 0, pctOfTraffic: 100, pctOf: 'of flows not received', count: 0 },
      sinceMs: c.stateSinceMs,
      links: links('', window, 'drops'),
    });
  }
  const down = info.nodes.filter(n => n.state !== 'NODE_CONNECTED');
  if (down.length > 0) {
    const names = down.map(n => n.name);
    out.push({
      ...base,
      id: 'hubble-node',
      kind: 'hubble-node',
      severity: 'critical',
      score: SEVERITY_BASE.critical + 998,
      title: `${down.length} of ${info.nodes.length} Hubble nodes unavailable: ${names.join(', ')}`,
      meaning:
        'Relay cannot read flows from these nodes, so their traffic is missing from every view.',
      check:
        'Check the Cilium agent on those nodes (running, Hubble enabled, reachable from Relay).',
      impact: {
        flowsPerSec: 0,
        pctOfTraffic: pct(down.length, info.nodes.length),
        pctOf: 'of nodes not visible',
        count: down.length,
      },
      sinceMs: Math.min(...down.map(n => n.changedMs)),
      workloads: names,
      links: links(`--node-name ${names[0]}`, window, 'drops'),
    });
  }
  const lost = info.lostEvents;
  if (lost.lastMinute > 0) {
    const [source] = Object.entries(lost.bySource).sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
    const ring = source === 'HUBBLE_RING_BUFFER';
    // Relay's cluster-wide rate when known; what Flowscope itself received otherwise.
    const flowsPerMin = Math.max(info.serverStatus?.flowsRate ?? 0, inp.flowsPerSec) * 60;
    const share = pct(lost.lastMinute, lost.lastMinute + flowsPerMin);
    const severity: ProblemSeverity =
      lost.lastMinute >= 1000 || share >= 5 ? 'critical' : 'warning';
    const nodes = Object.entries(lost.byNode)
      .sort((a, b) => b[1] - a[1])
      .map(([n]) => n);
    out.push({
      ...base,
      id: 'lost-events',
      kind: 'lost-events',
      severity,
      score: score(severity, share, lost.lastMinute / 60, false, false),
      title: ring
        ? `Hubble ring buffer full: ${lost.lastMinute} flows overwritten in the last minute`
        : `${lost.lastMinute} events lost in the last minute${source ? ` (${source})` : ''}`,
      meaning: ring
        ? 'Flows are produced faster than Relay reads them, so the oldest are overwritten unseen.'
        : 'Agents are producing events faster than they can hand them on, so some flows are missing.',
      check: ring
        ? 'Reduce the flow volume or enlarge the Hubble event buffer; check Relay’s load.'
        : 'Check the busiest nodes’ CPU and event queue settings; counts here undercount traffic.',
      impact: {
        flowsPerSec: lost.lastMinute / 60,
        pctOfTraffic: share,
        pctOf: 'of events lost',
        count: lost.lastMinute,
      },
      sinceMs: lost.lastMs,
      workloads: nodes,
      links: links('', window, 'drops'),
    });
  }
  return out;
}
