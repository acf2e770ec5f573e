/**
 * Capped exponential backoff with jitter for the Relay resubscribe loop (hubble-api.md §11: 0.5 s
 * initial, doubling, 30 s cap, ±20 % jitter). Jitter spreads the reconnects of several dashboard
 * replicas after a Relay restart so they do not all dial in the same millisecond.
 */

export interface BackoffOptions {
  /** First delay, ms. */
  initialMs?: number;
  /** Upper bound of the un-jittered delay, ms. */
  maxMs?: number;
  /** Growth factor per attempt. */
  factor?: number;
  /** Relative jitter: 0.2 means the delay is scaled by a factor in [0.8, 1.2). */
  jitter?: number;
  /** Source of randomness in [0, 1); injectable so tests are deterministic. */
  random?: () => number;
}

export interface Backoff {
  /** Delay before the next attempt, ms; advances the sequence. */
  next(): number;
  /** Back to the initial delay (after a successful connection). */
  reset(): void;
  /** Delays handed out since the last reset. */
  readonly attempts: number;
}

export const DEFAULT_BACKOFF = { initialMs: 500, maxMs: 30_000, factor: 2, jitter: 0.2 } as const;

/** Creates a backoff sequence: initialMs × factor^n, capped at maxMs, each scaled by 1 ± jitter. */
export function createBackoff(opts: BackoffOptions = {}): Backoff {
  const initialMs = opts.initialMs ?? DEFAULT_BACKOFF.initialMs;
  const maxMs = opts.maxMs ?? DEFAULT_BACKOFF.maxMs;
  const factor = opts.factor ?? DEFAULT_BACKOFF.factor;
  const jitter = opts.jitter ?? DEFAULT_BACKOFF.jitter;
  const random = opts.random ?? Math.random;
  if (!(initialMs > 0) || !(maxMs >= initialMs) || !(factor >= 1) || !(jitter >= 0 && jitter < 1)) {
    throw new RangeError(
      `invalid backoff: initialMs=${initialMs} maxMs=${maxMs} factor=${factor} jitter=${jitter}`,
    );
  }
  let attempts = 0;
  return {
    next() {
      // Compute from the attempt count rather than multiplying a running value, so a long outage
      // cannot overflow and the cap is exact.
      const base = Math.min(maxMs, initialMs * factor ** Math.min(attempts, 64));
      attempts += 1;
      const scale = 1 - jitter + 2 * jitter * random();
      return Math.round(base * scale);
    },
    reset() {
      attempts = 0;
    },
    get attempts() {
      return attempts;
    },
  };
}
