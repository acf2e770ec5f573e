/**
 * The triage home's problem list (`GET /api/v1/triage`): what is broken right now, how badly, since
 * when and where to look. Produced by lib/aggregate/triage.ts; plain JSON shared by server and UI.
 */
import type { TimeWindow } from './time-window';

export type ProblemKind = 'drops' | 'dns' | 'http' | 'hubble-node' | 'lost-events' | 'relay';

/** critical: act now; warning: look soon; info: known noise or too small to matter. */
export type ProblemSeverity = 'critical' | 'warning' | 'info';

export interface ProblemImpact {
  /** Affected flows (or lost events) per second over the window. */
  flowsPerSec: number;
  /** Share of the relevant traffic, 0–100 (what it is a share of: `pctOf`). */
  pctOfTraffic: number;
  /** Plain words for the denominator, e.g. "of DNS answers", "of payments-api responses". */
  pctOf: string;
  /** Affected flows (or events) in the window. */
  count: number;
}

export interface TriageProblem {
  /** Stable across refreshes for the same problem, e.g. `drops:POLICY_DENIED`, `dns:SERVFAIL`. */
  id: string;
  kind: ProblemKind;
  severity: ProblemSeverity;
  /** Rank score within the list (higher first); only the order is meaningful. */
  score: number;
  title: string;
  /** One plain-language line: what this usually means. */
  meaning: string;
  /** What to look at next. */
  check: string;
  impact: ProblemImpact;
  /** First time it was seen in the window (epoch ms), null when unknown. */
  sinceMs: number | null;
  /**
   * Count in this window / count in the previous window of equal length; null when there is no
   * previous window (`all`) and Infinity is sent as null with `newInWindow` true.
   */
  changeVsPrevious: number | null;
  /** True when the previous equal window had none of it. */
  newInWindow: boolean;
  /** Affected workloads, most affected first (labels such as `shop/payments-api`). */
  workloads: string[];
  links: { flows: string; graph: string; metrics: string };
  /** Known noise (unsupported L2 protocol, IGMP, ...): ranked low and says so. */
  benign: boolean;
}

export interface TriageResponse {
  window: TimeWindow;
  nowMs: number;
  /** Ranked, most urgent first. */
  problems: TriageProblem[];
  /** What is being watched, for the "nothing broken right now" state. */
  watching: {
    flows: number;
    drops: number;
    dnsResponses: number;
    httpResponses: number;
    nodes: number;
    connection: string;
  };
}
