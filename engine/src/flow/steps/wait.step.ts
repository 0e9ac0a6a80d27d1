import { z } from 'zod';
import { stepId } from '../scenario.schema';
import { defineStep, targetsOf } from '../step-definition';

/**
 * Waits for the customer to hang up (e.g. while bridged to an operator), bounded by `timeout_sec`
 * or, without one, by the call's maximum duration. Then `next`, or the end of the flow.
 */
export const waitStep = defineStep({
  type: 'wait',
  schema: z.object({ step: stepId, type: z.literal('wait'), next: stepId.optional(), timeout_sec: z.number().positive().optional() }).strict(),
  preconditions: [],
  terminal: true,
  targets: (s) => targetsOf(s, ['next']),
  run: async (ctx, s) => {
    await ctx.control.waitForHangup(s.timeout_sec);
    return s.next && ctx.control.isUp() ? { next: s.next } : { end: true };
  },
});
