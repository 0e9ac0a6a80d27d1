import { z } from 'zod';
import type { CallResult } from '../../../engine/src/index';

/**
 * When to call a contact again after an attempt ended (PRODUCT.md §2 "Retries"): per outcome a delay
 * and a maximum number of attempts; a hard cap per contact over all outcomes. An attempt whose outcome
 * is not known is never retried blind: the decision is `verify` (ask Asterisk what happened first,
 * then decide again with the verified outcome).
 */

/** Outcome classes a rule can be written for; a rule may also name one exact word (`failed:recording`). */
export const RETRY_CLASSES = ['busy', 'missed', 'power_off', 'failed', 'hangup', 'disconnected', 'unknown'] as const;
export type RetryClass = (typeof RETRY_CLASSES)[number];

/** Results that end the contact whatever the policy says. */
export const FINAL_RESULTS: readonly CallResult[] = ['connected_to_operator', 'not_interested', 'inbound_call', 'banned'];

export interface RetryRule {
  /** Delay before the next attempt, seconds. */
  readonly delaySec: number;
  /** Attempts per contact (the first call included) after which this outcome is not retried. */
  readonly maxAttempts: number;
  /** Each further retry waits `backoff` times longer (1 = fixed delay). */
  readonly backoff?: number;
  readonly maxDelaySec?: number;
}

export interface RetryPolicy {
  /** Hard cap of attempts per contact over all outcomes. */
  readonly maxAttempts: number;
  /** Keyed by a `RetryClass` or an exact `failed:<reason>` word; an outcome without a rule is not retried. */
  readonly rules: Readonly<Record<string, RetryRule>>;
}

export type DoneReason = 'final_result' | 'banned' | 'max_attempts' | 'not_retried';

export type RetryDecision =
  | { readonly kind: 'retry'; readonly retryAt: number; readonly attempt: number }
  | { readonly kind: 'done'; readonly done: DoneReason }
  | { readonly kind: 'verify'; readonly verify: 'unknown_outcome' | 'no_result' };

export interface NextAttemptOptions {
  /** The outcome was confirmed with Asterisk (after a `verify` decision). */
  readonly verified?: boolean;
}

/** Legacy default: every retryable outcome after `DIALER_DEFAULT_RETRY` (60 s), at most 3 attempts. */
export function defaultRetryPolicy(defaultRetrySec = 60, maxAttempts = 3): RetryPolicy {
  const rule: RetryRule = { delaySec: defaultRetrySec, maxAttempts };
  return { maxAttempts, rules: { busy: rule, missed: rule, power_off: rule, failed: rule } };
}

const ruleSchema = z
  .object({
    delaySec: z.number().min(0).max(30 * 86_400),
    maxAttempts: z.number().int().min(1).max(100),
    backoff: z.number().min(1).max(10).optional(),
    maxDelaySec: z.number().positive().optional(),
  })
  .strict();

/** Campaign `settings.retryPolicy` / plugin config; rule keys are classes or `failed:<reason>` words. */
export const retryPolicySchema = z
  .object({
    maxAttempts: z.number().int().min(1).max(100),
    rules: z.record(
      z.string().refine((k) => (RETRY_CLASSES as readonly string[]).includes(k) || /^failed:[a-z0-9_]+$/.test(k), {
        message: `expected one of ${RETRY_CLASSES.join(', ')} or failed:<reason>`,
      }),
      ruleSchema,
    ),
  })
  .strict();

export function retryClass(outcome: CallResult): RetryClass | null {
  if (outcome.startsWith('failed:')) return 'failed';
  return (RETRY_CLASSES as readonly string[]).includes(outcome) ? (outcome as RetryClass) : null;
}

function delayMs(rule: RetryRule, attemptsSoFar: number): number {
  const factor = (rule.backoff ?? 1) ** Math.max(0, attemptsSoFar - 1);
  const sec = Math.min(rule.delaySec * factor, rule.maxDelaySec ?? Number.POSITIVE_INFINITY);
  return Math.round(sec * 1000);
}

/**
 * What to do with a contact whose latest attempt ended with `outcome`, after `attemptsSoFar` attempts
 * (that one included). Only dialled attempts count: the store's `attemptCount` gives back an attempt
 * whose originate was never sent (`failed:not_dialled`, requeued by the crash reconcile without asking
 * this policy), so a crash cannot use up a contact's attempts. Never schedules attempt number `maxAttempts + 1`: neither the policy's cap nor
 * the rule's is ever exceeded. `banned` and final results are never retried.
 */
export function nextAttempt(
  outcome: CallResult | null | undefined,
  attemptsSoFar: number,
  policy: RetryPolicy,
  now: number,
  options: NextAttemptOptions = {},
): RetryDecision {
  if (outcome === null || outcome === undefined || (outcome as string) === '') return { kind: 'verify', verify: 'no_result' };
  if (outcome === 'unknown' && options.verified !== true) return { kind: 'verify', verify: 'unknown_outcome' };
  if (outcome === 'banned') return { kind: 'done', done: 'banned' };
  if (FINAL_RESULTS.includes(outcome)) return { kind: 'done', done: 'final_result' };
  const cls = retryClass(outcome);
  const rule = policy.rules[outcome] ?? (cls === null ? undefined : policy.rules[cls]);
  if (rule === undefined) return { kind: 'done', done: 'not_retried' };
  // Garbage counts (NaN, negative, fractional) never lead to a call.
  if (!Number.isInteger(attemptsSoFar) || attemptsSoFar < 0) return { kind: 'done', done: 'max_attempts' };
  if (attemptsSoFar >= Math.min(policy.maxAttempts, rule.maxAttempts)) return { kind: 'done', done: 'max_attempts' };
  return { kind: 'retry', retryAt: now + delayMs(rule, attemptsSoFar), attempt: attemptsSoFar + 1 };
}
