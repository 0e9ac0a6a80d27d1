import { z } from 'zod';
import { stepId } from '../scenario.schema';
import { defineStep, targetsOf } from '../step-definition';

/** Where a flow starts; only jumps on. */
export const entryStep = defineStep({
  type: 'entry',
  schema: z.object({ step: stepId, type: z.literal('entry'), next: stepId, timeout_sec: z.number().positive().optional() }).strict(),
  preconditions: [],
  terminal: false,
  targets: (s) => targetsOf(s, ['next']),
  run: async (_ctx, s) => ({ next: s.next }),
});
