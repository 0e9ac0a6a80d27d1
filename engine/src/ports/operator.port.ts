/**
 * Who answers transferred calls, and on which line their legs run. The engine ships a config-based
 * roster (OPERATOR_MOBILE_NUMBERS / OPERATOR_ENDPOINT / OPERATOR_EXTENSION); the panel plugin can
 * supply rosters; the dialer supplies line capacity.
 */
export interface OperatorAgent {
  /** Stable id for round-robin and busy tracking (e.g. the phone number or `queue`). */
  readonly id: string;
  /** What to dial, e.g. `PJSIP/0912...@trunk` or `Local/6005@from-internal`. */
  readonly endpoint: string;
  readonly phone?: string;
}

export interface OperatorRosterPort {
  /**
   * The agents to try for one transfer, in order: round-robin over the roster starting after the
   * last agent used, skipping agents busy on another call. Empty when nobody is available.
   */
  candidates(agentType: 'inbound' | 'outbound'): readonly OperatorAgent[];
  /** Marks an agent busy (on a leg) until the returned release is called. */
  occupy(agentId: string): () => void;
}

/** A slot on one outbound line, held while a leg uses it. */
export interface LineLease {
  readonly line: string;
  release(): void;
}

export interface LineCapacityPort {
  /**
   * Takes a slot for a new leg. Operator legs and waiting inbound callers come before new outbound
   * attempts. `preferredLine` is tried first. Undefined when every line is full.
   */
  acquire(kind: 'outbound' | 'inbound' | 'operator', preferredLine?: string): LineLease | undefined;
  /**
   * Announces a priority leg waiting for a slot (on `line`, or on any line): until the returned
   * function is called, new outbound attempts leave a slot free for it. Optional.
   */
  hold?(line?: string): () => void;
}
