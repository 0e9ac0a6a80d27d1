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

/** What a session knows at its end, turned into its report. */
export interface CallReportFacts {
  readonly info: CallInfo;
  readonly scenario: string;
  readonly result: string;
  readonly reason?: string;
  readonly answered: boolean;
  readonly ended?: { readonly cause: number; readonly causeText: string; readonly techCause?: number };
  readonly transcript?: string;
  readonly intent?: string;
  readonly operatorAgent?: string;
  readonly startedAt: number;
  readonly answeredAt?: number;
  readonly endedAt: number;
}

export function buildCallReport(f: CallReportFacts): CallReport {
  return {
    ...f.info,
    scenario: f.scenario,
    result: f.result,
    reason: f.reason,
    answered: f.answered,
    cause: f.ended?.cause,
    causeText: f.ended?.causeText,
    techCause: f.ended?.techCause,
    transcript: f.transcript,
    intent: f.intent,
    operatorAgent: f.operatorAgent,
    startedAt: f.startedAt,
    answeredAt: f.answeredAt,
    endedAt: f.endedAt,
    durationSec: f.answeredAt ? Math.round((f.endedAt - f.answeredAt) / 100) / 10 : 0,
  };
}
