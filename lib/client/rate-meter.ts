/**
 * Flows per second over a sliding window, measured in the browser from what the stream delivered
 * (so it matches the table, not Relay's cluster-wide rate). Plain object, no React.
 */
export class RateMeter {
  private samples: { t: number; n: number }[] = [];
  private startedMs: number | null = null;

  constructor(private readonly windowMs = 5_000) {}

  /** Records `n` arrivals at `nowMs`. */
  add(n: number, nowMs: number): void {
    if (this.startedMs === null) this.startedMs = nowMs;
    this.samples.push({ t: nowMs, n });
    this.prune(nowMs);
  }

  /** Arrivals per second over the window ending at `nowMs` (shorter while the window fills). */
  rate(nowMs: number): number {
    this.prune(nowMs);
    if (this.startedMs === null) return 0;
    const spanMs = Math.min(this.windowMs, Math.max(1_000, nowMs - this.startedMs));
    let total = 0;
    for (const s of this.samples) total += s.n;
    return (total * 1_000) / spanMs;
  }

  /** Forgets everything (new filter). */
  reset(): void {
    this.samples = [];
    this.startedMs = null;
  }

  private prune(nowMs: number): void {
    const cutoff = nowMs - this.windowMs;
    let drop = 0;
    while (drop < this.samples.length && (this.samples[drop] as { t: number }).t <= cutoff) drop++;
    if (drop > 0) this.samples.splice(0, drop);
  }
}
