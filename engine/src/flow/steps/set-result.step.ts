import { z } from 'zod';
import { stepId } from '../scenario.schema';
import { defineStep, targetsOf } from '../step-definition';
import { resultSchema } from '../../call/call-result';

/** Sets the call's result (the first result set wins; later ones are logged, not reported). */
export const setResultStep = defineStep({
  type: 'set_result',
  schema: z
    .object({ step: stepId, type: z.literal('set_result'), result: resultSchema, next: stepId.optional(), timeout_sec: z.number().positive().optional() })
    .strict(),
  preconditions: [],
  terminal: true,
  targets: (s) => targetsOf(s, ['next']),
  run: async (ctx, s) => {
    ctx.result.set(s.result, `scenario step ${s.step}`);
    return s.next ? { next: s.next } : { end: true };
  },
});
