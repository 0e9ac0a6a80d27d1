/** Time source; injected so dialer decisions and timeouts can be tested with a fixed or manual clock. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
