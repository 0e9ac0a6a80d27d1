import type { CallInfo } from '../flow/step-context';

/** The one report of a finished call (written to the store, emitted to reporters). */
export interface CallReport extends CallInfo {
  readonly scenario: string;
  /** Exactly one result: `connected_to_operator`, `not_interested`, ..., `failed:<reason>`. */
  readonly result: string;
  readonly reason?: string;
  readonly answered: boolean;
  /** Final Q.850 cause of the customer's channel, when its end was seen. */
  readonly cause?: number;
  readonly causeText?: string;
  readonly techCause?: number;
  readonly transcript?: string;
  readonly intent?: string;
  readonly operatorAgent?: string;
  readonly startedAt: number;
  readonly answeredAt?: number;
  readonly endedAt: number;
  /** Talk time from answer to end, seconds (0 when never answered). */
  readonly durationSec: number;
}
