/**
 * Reconnect delays: exponential from `initialMs`, capped at `maxMs`, with jitter so several engines
 * (or the AMI and ARI links) do not reconnect in lock-step after an Asterisk restart. It never runs
 * out: ari-client's own backoff stops after 10 tries (about 43 s), which is exactly what we replace.
 */
export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly factor: number;
  /** 0..1: each delay is reduced by up to this fraction at random. */
  readonly jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 100, maxMs: 5000, factor: 2, jitter: 0.2 };

export class Backoff {
  private attempt = 0;

  constructor(
    private readonly policy: BackoffPolicy = DEFAULT_BACKOFF,
    private readonly random: () => number = Math.random,
  ) {}

  /** The delay before the next attempt (never above `maxMs`). */
  next(): number {
    const raw = Math.min(this.policy.maxMs, this.policy.initialMs * this.policy.factor ** Math.min(this.attempt, 30));
    this.attempt += 1;
    return Math.round(raw * (1 - this.policy.jitter * this.random()));
  }

  /** Attempts since the last reset. */
  attempts(): number {
    return this.attempt;
  }

  reset(): void {
    this.attempt = 0;
  }
}
