/**
 * Ranks what is broken right now for the triage home (issue 4 item 3). Pure: it reads windowed
 * metrics (this window and the previous one of equal length) and the Hubble connection summary and
 * returns problems most urgent first.
 *
 * Ranking: severity first (critical > warning > info), then impact (share of the relevant traffic,
 * rate, and whether it is new or rising). Unreachable Hubble nodes or Relay come first: without them
 * every other number is incomplete. Known noise (drop class `benign`) is always `info`, ranked below
 * every non-benign problem, and flagged `benign` so the UI can say so.
 */
import type { DnsMetrics, DropMetrics, HttpMetrics } from '@/lib/model/flow-metrics';
import type { HubbleInfo } from '@/lib/model/hubble-health';
import type { TimeWindow } from '@/lib/model/time-window';
import type { ProblemSeverity, TriageProblem } from '@/lib/model/triage';
import { explainDrop } from './drop-explanations';
import { hubbleProblems } from './triage-hubble';
import { change, firstSeen, links, pct, perSec, score, workloadLabel } from './triage-score';

export { firstSeen, workloadLabel } from './triage-score';

export interface MetricsTriple {
  drops: DropMetrics;
  dns: DnsMetrics;
  http: HttpMetrics;
}

export interface TriageInput extends MetricsTriple {
  window: TimeWindow;
  nowMs: number;
  /** The previous window of equal length; null for `all`. */
  previous: MetricsTriple | null;
  /** All flows in the window (every verdict): the denominator of drop shares. */
  flowsInWindow: number;
  /** Observed flows per second over the window (denominator of lost-event shares). */
  flowsPerSec: number;
  /** Affected workloads per drop reason, most affected first (optional). */
  dropWorkloads?: Readonly<Record<string, string[]>>;
  info: Pick<HubbleInfo, 'nodes' | 'lostEvents' | 'connection' | 'serverStatus'>;
}

const RCODE_TEXT: Readonly<Record<string, [string, string]>> = {
  SERVFAIL: [
    'The resolver could not produce an answer: an upstream DNS server is failing or unreachable.',
    'Check the cluster DNS pods and their upstream resolvers (logs, restarts, reachability).',
  ],
  NXDOMAIN: [
    'The names asked for do not exist. Some of this is normal search-domain expansion; a jump is usually a typo or a missing Service.',
    'Look at the top failing names: a missing Service or namespace, or a misspelt host name in config.',
  ],
  REFUSED: [
    'A DNS server declined to answer, usually an access rule on the server.',
    'Check which server answers and its allowed clients or forwarding rules.',
  ],
};

function dropProblems(inp: TriageInput): TriageProblem[] {
  const d = inp.drops;
  const denom = Math.max(inp.flowsInWindow, d.total);
  return Object.entries(d.byReason).map(([reason, count]) => {
    const x = explainDrop(reason);
    const rate = perSec(count, d.durationMs);
    const share = pct(count, denom);
    const ch = change(
      count,
      inp.previous?.drops.byReason[reason] ?? (inp.previous ? 0 : undefined),
    );
    const rising = ch.isNew || (ch.ratio ?? 0) >= 2;
    const benign = x.cls === 'benign';
    let severity: ProblemSeverity = 'info';
    if (!benign && x.cls === 'actionable' && (share >= 2 || rate >= 5)) severity = 'critical';
    else if (!benign && rate >= 0.05) severity = 'warning';
    const q = `--verdict DROPPED --drop-reason ${reason}`;
    return {
      id: `drops:${reason}`,
      kind: 'drops',
      severity,
      score: score(severity, share, rate, rising, benign),
      title: `${count} drops: ${x.label}${benign ? ' (usually harmless)' : ''}`,
      meaning: x.meaning,
      check: x.check,
      impact: { flowsPerSec: rate, pctOfTraffic: share, pctOf: 'of all flows', count },
      sinceMs: firstSeen(d.series, reason),
      changeVsPrevious: ch.ratio,
      newInWindow: ch.isNew,
      workloads: inp.dropWorkloads?.[reason] ?? [],
      links: links(q, inp.window, 'drops'),
      benign,
    };
  });
}

function dnsProblems(inp: TriageInput): TriageProblem[] {
  const d = inp.dns;
  const clients = [
    ...new Set(d.topFailing.flatMap(f => f.clients.map(c => workloadLabel(c)))),
  ].slice(0, 8);
  const names = d.topFailing.slice(0, 3).map(f => f.name);
  return Object.entries(d.byRcode)
    .filter(([rcode, n]) => rcode !== 'NOERROR' && n > 0)
    .map(([rcode, count]) => {
      const share = pct(count, d.responses);
      const rate = perSec(count, d.durationMs);
      const ch = change(count, inp.previous ? (inp.previous.dns.byRcode[rcode] ?? 0) : undefined);
      const rising = ch.isNew || (ch.ratio ?? 0) >= 2;
      let severity: ProblemSeverity = 'warning';
      if (rcode === 'NXDOMAIN') severity = rising && share >= 20 ? 'warning' : 'info';
      else if (share >= 5 && count >= 10) severity = 'critical';
      const text = RCODE_TEXT[rcode] ?? [
        `DNS answers came back with ${rcode} instead of an address.`,
        'Check the cluster DNS pods and the names being asked for.',
      ];
      const top = names.length ? ` Names failing most: ${names.join(', ')}.` : '';
      return {
        id: `dns:${rcode}`,
        kind: 'dns',
        severity,
        score: score(severity, share, rate, rising, false),
        title: `DNS ${rcode} for ${share}% of answers`,
        meaning: text[0],
        check: text[1] + top,
        impact: { flowsPerSec: rate, pctOfTraffic: share, pctOf: 'of DNS answers', count },
        sinceMs: firstSeen(d.series, rcode),
        changeVsPrevious: ch.ratio,
        newInWindow: ch.isNew,
        workloads: clients,
        links: links('--protocol dns', inp.window, 'dns'),
        benign: false,
      } satisfies TriageProblem;
    });
}

function httpProblems(inp: TriageInput): TriageProblem[] {
  const h = inp.http;
  return h.services
    .filter(s => s.byClass['5xx'] > 0)
    .map(s => {
      const count = s.byClass['5xx'];
      const name = workloadLabel(s.service);
      const share = pct(count, s.responses);
      const rate = perSec(count, h.durationMs);
      const prevSvc = inp.previous?.http.services.find(p => p.service.id === s.service.id);
      const ch = change(count, inp.previous ? (prevSvc?.byClass['5xx'] ?? 0) : undefined);
      const rising = ch.isNew || (ch.ratio ?? 0) >= 2;
      let severity: ProblemSeverity = 'info';
      if (share >= 5 && count >= 10) severity = 'critical';
      else if (share >= 1 && count >= 3) severity = 'warning';
      const routes = h.top5xxRoutes
        .filter(r => r.service.id === s.service.id && r.byClass['5xx'] > 0)
        .slice(0, 3)
        .map(r => `${r.method} ${r.route}`);
      const podQ = s.service.namespace
        ? `${s.service.namespace}/${s.service.label}`
        : s.service.label;
      return {
        id: `http:${s.service.id}`,
        kind: 'http',
        severity,
        score: score(severity, share, rate, rising, false),
        title: `HTTP 5xx from ${name}: ${share}% of responses`,
        meaning: `${name} is answering requests with server errors; its callers see failures.`,
        check:
          `Look at ${name}'s logs and its own dependencies (database, downstream calls).` +
          (routes.length ? ` Worst routes: ${routes.join(', ')}.` : ''),
        impact: { flowsPerSec: rate, pctOfTraffic: share, pctOf: `of ${name} responses`, count },
        sinceMs: firstSeen(h.series, '5xx'),
        changeVsPrevious: ch.ratio,
        newInWindow: ch.isNew,
        workloads: [name],
        links: links(`--protocol http --http-status 5+ --pod ${podQ}`, inp.window, 'http'),
        benign: false,
      } satisfies TriageProblem;
    });
}

/** Every current problem, most urgent first (ties broken by id for a stable order). */
export function rankProblems(input: TriageInput): TriageProblem[] {
  // Right after start (or a quiet spell) the previous window is empty: everything would look "new"
  // and rising, so there is nothing to compare with.
  const p = input.previous;
  const inp =
    p && p.drops.total + p.dns.responses + p.http.responses > 0
      ? input
      : { ...input, previous: null };
  const all = [
    ...hubbleProblems(inp),
    ...dnsProblems(inp),
    ...httpProblems(inp),
    ...dropProblems(inp),
  ];
  return all.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}
