import { z } from 'zod';
import { stepId } from '../scenario.schema';
import { defineStep, targetsOf } from '../step-definition';
import { readDtmfEntry } from './dtmf-entry';

const schema = z
  .object({
    step: stepId,
    type: z.literal('collect_dtmf'),
    prompt: z.string().optional(),
    max_digits: z.number().int().min(1).max(32).default(1),
    terminator: z.enum(['#', '*']).optional(),
    /** Seconds to wait for the first key, counted from the end of the prompt (keys during the prompt count). */
    first_digit_timeout_sec: z.number().positive().default(5),
    /** Seconds to wait for each further key; then the entry is what was typed so far. */
    inter_digit_timeout_sec: z.number().positive().default(3),
    /** Entry (digits, without the terminator) → step. */
    routes: z.record(z.string().regex(/^[0-9*#A-D]+$/, { message: 'routes are keyed by digits' }), stepId).default({}),
    /** No key at all (or only the terminator). Default: `next`. */
    on_timeout: stepId.optional(),
    /** Keys that match no route. Default: `next`, then `on_timeout`. */
    on_invalid: stepId.optional(),
    next: stepId.optional(),
    /** The generic bound of the whole step, prompt included (flow-runner); optional. */
    timeout_sec: z.number().positive().optional(),
  })
  .strict()
  .superRefine((s, issues) => {
    // A route nobody can type is a scenario bug: fail at load time, not on a live call.
    for (const digits of Object.keys(s.routes)) {
      const why = whyUnreachable(digits, s.max_digits, s.terminator);
      if (why) issues.addIssue({ code: 'custom', path: ['routes', digits], message: `route '${digits}' can never be entered: it ${why}` });
    }
  });

type CollectDtmf = z.infer<typeof schema>;

function whyUnreachable(digits: string, maxDigits: number, terminator: string | undefined): string | undefined {
  if (digits.length > maxDigits) return `is longer than max_digits (${maxDigits})`;
  if (terminator && digits.includes(terminator)) return `contains the terminator '${terminator}', which ends the entry`;
  return undefined;
}

/**
 * Optionally plays a prompt, reads the caller's keys ("press 1 to talk to a person") and routes on
 * them. The entry ends at `max_digits`, at the terminator, or when a key does not come in time.
 * The digits are kept in the flow state (`lastDigits`) for later steps.
 */
export const collectDtmfStep = defineStep({
  type: 'collect_dtmf',
  schema,
  preconditions: ['answered'],
  terminal: false,
  targets: (s) => [
    ...targetsOf(s, ['on_timeout', 'on_invalid', 'next']),
    ...Object.entries(s.routes).map(([digits, id]) => ({ field: `routes.${digits}`, id })),
  ],
  run: async (ctx, s) => {
    const entry = await readDtmfEntry(ctx, {
      ...(s.prompt ? { prompt: s.prompt } : {}),
      maxDigits: s.max_digits,
      ...(s.terminator ? { terminator: s.terminator } : {}),
      firstDigitTimeoutSec: s.first_digit_timeout_sec,
      interDigitTimeoutSec: s.inter_digit_timeout_sec,
    });
    ctx.state.lastDigits = entry.digits;
    const next = nextStep(s, entry.digits);
    ctx.log.info({ keys: entry.digits.length, timedOut: entry.timedOut, next: next ?? '(end)' }, 'keys collected');
    return next ? { next } : { end: true };
  },
});

function nextStep(s: CollectDtmf, digits: string): string | undefined {
  if (digits === '') return s.on_timeout ?? s.next;
  const routed = s.routes[digits];
  if (routed) return routed;
  // Digits the menu does not know, or (without routes) the entry itself: the caller typed a value.
  if (Object.keys(s.routes).length === 0) return s.next ?? s.on_timeout;
  return s.on_invalid ?? s.next ?? s.on_timeout;
}
