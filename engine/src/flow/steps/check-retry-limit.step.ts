import { z } from 'zod';
import { stepId } from '../scenario.schema';
import { defineStep, targetsOf } from '../step-definition';

/** Counts passes through here under `counter`; `within_limit` while count ≤ max_count, then `exceeded`. */
export const checkRetryLimitStep = defineStep({
  type: 'check_retry_limit',
  schema: z
    .object({
      step: stepId,
      type: z.literal('check_retry_limit'),
      counter: z.string().min(1),
      max_count: z.number().int().min(0),
      within_limit: stepId,
      exceeded: stepId,
      timeout_sec: z.number().positive().optional(),
    })
    .strict(),
  preconditions: [],
  terminal: false,
  targets: (s) => targetsOf(s, ['within_limit', 'exceeded']),
  run: async (ctx, s) => {
    const count = (ctx.state.counters.get(s.counter) ?? 0) + 1;
    ctx.state.counters.set(s.counter, count);
    return { next: count <= s.max_count ? s.within_limit : s.exceeded };
  },
});
