/**
 * Fault injection for the ARI front-end, changeable at runtime (tests and the chaos demo):
 * slow REST answers and lost WebSocket events.
 */
export interface AriFaults {
  /** Simulated ms added before every REST answer (scaled by the SimClock). */
  restLatencyMs: number;
  /** Fraction (0..1) of WebSocket events silently dropped. */
  dropEventRatio: number;
  /** Random source for the drops (inject a seeded one for repeatable tests). */
  random: () => number;
}

export function defaultFaults(overrides: Partial<AriFaults> = {}): AriFaults {
  return { restLatencyMs: 0, dropEventRatio: 0, random: Math.random, ...overrides };
}
