import type { CallResult } from '../../../engine/src/index';

/**
 * The consecutive-failure breaker (PRODUCT.md §2 "Pause/resume", legacy `FAIL_ALERT_THRESHOLD`):
 * `failed:*` results count; the streak is reset only by a SUCCESSFUL call, i.e. one where the callee
 * answered and the engine did its whole job:
 *
 * | result | effect |
 * |---|---|
 * | `failed:vira_quota`, `failed:llm_quota` | pause at once (reason `quota`), and count |
 * | any other `failed:*` | count; pause when the count reaches the threshold, once per streak |
 * | `connected_to_operator`, `not_interested`, `unknown`, `disconnected` | success: reset |
 * | `busy`, `missed`, `power_off`, `banned`, `hangup`, `inbound_call` | neutral: neither count nor reset |
 *
 * Why these: busy/missed/power_off/banned say nothing about the engine (the callee never talked to
 * it); `hangup` is a hang-up before a usable answer, which a broken speech path also produces;
 * `inbound_call` is another path than the dialer's. `unknown` and `disconnected` prove the call, the
 * audio and speech recognition worked end to end (PRODUCT.md §5).
 */

export const QUOTA_RESULTS: readonly CallResult[] = ['failed:vira_quota', 'failed:llm_quota'];
export const STREAK_RESET_RESULTS: readonly CallResult[] = ['connected_to_operator', 'not_interested', 'unknown', 'disconnected'];
/** Legacy default of `FAIL_ALERT_THRESHOLD`. */
export const DEFAULT_FAIL_ALERT_THRESHOLD = 3;

export type StreakEffect = 'quota' | 'failure' | 'success' | 'neutral';

export interface FailureStreakState {
  /** Consecutive `failed:*` results since the last successful call (or resume). */
  readonly count: number;
  /** A pause was already asked for in this streak. */
  readonly paused: boolean;
  readonly lastFailure: CallResult | null;
}

export interface PauseRequest {
  readonly reason: 'fail-streak' | 'quota';
  readonly count: number;
  /** The result that triggered it (for the SMS text "Last result=…"). */
  readonly lastResult: CallResult;
}

export interface StreakUpdate {
  readonly state: FailureStreakState;
  /** Set exactly when the dialer must pause now. */
  readonly pause?: PauseRequest;
}

export const INITIAL_STREAK: FailureStreakState = { count: 0, paused: false, lastFailure: null };

export function streakEffect(result: CallResult): StreakEffect {
  if (QUOTA_RESULTS.includes(result)) return 'quota';
  if (result.startsWith('failed:')) return 'failure';
  return STREAK_RESET_RESULTS.includes(result) ? 'success' : 'neutral';
}

/**
 * Feeds one final result into the streak. `threshold` is `FAIL_ALERT_THRESHOLD` (≥ 1; 0 turns the
 * streak breaker off, quota pauses stay). The streak pause is requested once per streak; a quota
 * result always asks for a pause (each is a fresh provider refusal).
 */
export function recordResult(state: FailureStreakState, result: CallResult, threshold: number): StreakUpdate {
  const effect = streakEffect(result);
  if (effect === 'neutral') return { state };
  if (effect === 'success') return { state: INITIAL_STREAK };
  const count = state.count + 1;
  if (effect === 'quota') {
    return { state: { count, paused: true, lastFailure: result }, pause: { reason: 'quota', count, lastResult: result } };
  }
  const trips = threshold > 0 && count >= threshold && !state.paused;
  const next: FailureStreakState = { count, paused: state.paused || trips, lastFailure: result };
  return trips ? { state: next, pause: { reason: 'fail-streak', count, lastResult: result } } : { state: next };
}

/**
 * A manual (or panel, or trunk-recovery) resume starts a new streak: after it, `threshold` more
 * failures pause again. Without this, a resumed dialer facing the same fault would never re-pause.
 */
export function resetOnResume(): FailureStreakState {
  return INITIAL_STREAK;
}
