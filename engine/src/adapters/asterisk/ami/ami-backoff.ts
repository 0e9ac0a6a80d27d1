/** Reconnect pacing: capped exponential backoff with jitter. Never gives up; the cap bounds the wait. */
export interface BackoffPolicy {
  /** First delay after a failure. */
  readonly initialMs: number;
  /** Longest delay between two attempts. */
  readonly maxMs: number;
  /** Growth per failed attempt. */
  readonly factor: number;
  /** Random spread as a fraction of the delay (0.2 = ±20 %), so many engines do not reconnect in step. */
  readonly jitter: number;
}

export const AMI_DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 250, maxMs: 5_000, factor: 2, jitter: 0.2 };

/** Delay before attempt number `attempt` (0 = the first retry). `random` is injectable for tests. */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempt, 0), 30);
  const base = Math.min(policy.maxMs, policy.initialMs * policy.factor ** exponent);
  const spread = base * policy.jitter * (random() * 2 - 1);
  return Math.max(0, Math.min(policy.maxMs, Math.round(base + spread)));
}
