import Link from 'next/link';
import type { TriageProblem } from '@/lib/model/triage';
import styles from './triage.module.css';
import { changeText, impactText, sinceText } from './triage-format';

const TONE = { critical: 'tone-bad', warning: 'tone-warn', info: 'tone-neutral' } as const;

/** One ranked problem: what, how much, since when, trend, who, what it means, where to look. */
export function ProblemCard({
  problem: p,
  rank,
  window,
  nowMs,
}: {
  problem: TriageProblem;
  rank: number;
  window: string;
  nowMs: number;
}) {
  return (
    <li
      className={styles.card}
      data-testid="problem"
      data-problem-id={p.id}
      data-severity={p.severity}
    >
      <div className={styles.cardHead}>
        <span className={styles.rank}>{rank}</span>
        <span className={`badge ${TONE[p.severity]}`}>{p.severity}</span>
        {p.benign && <span className="tag">known noise, usually harmless</span>}
        <h2 className={styles.title}>{p.title}</h2>
      </div>
      <p className={styles.meaning}>{p.meaning}</p>
      <p className={styles.check}>
        <strong>Check: </strong>
        {p.check}
      </p>
      <dl className={styles.facts}>
        <div>
          <dt>Impact</dt>
          <dd data-testid="impact">{impactText(p)}</dd>
        </div>
        <div>
          <dt>Since</dt>
          <dd>{sinceText(p.sinceMs, nowMs)}</dd>
        </div>
        <div>
          <dt>Change</dt>
          <dd>{changeText(p, window)}</dd>
        </div>
        {p.workloads.length > 0 && (
          <div>
            <dt>{p.kind === 'hubble-node' || p.kind === 'lost-events' ? 'Nodes' : 'Workloads'}</dt>
            <dd>{p.workloads.join(', ')}</dd>
          </div>
        )}
      </dl>
      <nav className={styles.links} aria-label={`Where to look: ${p.title}`}>
        <Link href={p.links.flows}>Matching flows</Link>
        <Link href={p.links.graph}>Graph</Link>
        <Link href={p.links.metrics}>Metrics</Link>
      </nav>
    </li>
  );
}
