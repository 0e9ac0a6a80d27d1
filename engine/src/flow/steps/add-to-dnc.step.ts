import { z } from 'zod';
import { stepId } from '../scenario.schema';
import { defineStep, targetsOf } from '../step-definition';

/** Puts the caller on the do-not-call list (e.g. after "don't call me again"). */
export const addToDncStep = defineStep({
  type: 'add_to_dnc',
  schema: z
    .object({ step: stepId, type: z.literal('add_to_dnc'), reason: z.string().default('caller asked'), next: stepId.optional(), timeout_sec: z.number().positive().optional() })
    .strict(),
  preconditions: [],
  terminal: true,
  targets: (s) => targetsOf(s, ['next']),
  run: async (ctx, s) => {
    await ctx.dnc.add(s.reason);
    return s.next ? { next: s.next } : { end: true };
  },
});
