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

/** What a session knows at its end: the report's own fields, less those derived from its end and its times. */
export type CallReportFacts = Omit<CallReport, keyof CallInfo | 'cause' | 'causeText' | 'techCause' | 'durationSec'> & {
  readonly info: CallInfo;
  readonly ended?: { readonly cause: number; readonly causeText: string; readonly techCause?: number };
};

export function buildCallReport({ info, ended, ...facts }: CallReportFacts): CallReport {
  return {
    ...info,
    ...facts,
    cause: ended?.cause,
    causeText: ended?.causeText,
    techCause: ended?.techCause,
    durationSec: facts.answeredAt ? Math.round((facts.endedAt - facts.answeredAt) / 100) / 10 : 0,
  };
}
