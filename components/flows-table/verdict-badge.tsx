import type { Verdict } from '@/lib/model/flow-record';
import { verdictTone } from './flow-format';

/** Coloured verdict label; the text carries the meaning, colour only reinforces it. */
export function VerdictBadge({ verdict }: { verdict: Verdict }) {
  return <span className={`badge tone-${verdictTone(verdict)}`}>{verdict}</span>;
}
