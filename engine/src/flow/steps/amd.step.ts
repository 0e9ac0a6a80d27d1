import { z } from 'zod';
import { stepId } from '../scenario.schema';
import { defineStep, targetsOf } from '../step-definition';

/**
 * Answering-machine detection with Asterisk's AMD() (the call continues in the `salehi-amd` dialplan
 * context and comes back to Stasis with AMDSTATUS), so a machine is never sent to STT.
 */
export const amdStep = defineStep({
  type: 'amd',
  schema: z
    .object({
      step: stepId,
      type: z.literal('amd'),
      on_human: stepId,
      on_machine: stepId,
      on_notsure: stepId.optional(),
      timeout_sec: z.number().positive().default(6),
    })
    .strict(),
  preconditions: ['answered'],
  terminal: false,
  targets: (s) => targetsOf(s, ['on_human', 'on_machine', 'on_notsure']),
  run: async (ctx, s) => {
    const verdict = await ctx.control.detectMachine({ timeoutSec: s.timeout_sec });
    ctx.log.info({ verdict }, 'answering machine detection');
    if (verdict === 'machine') return { next: s.on_machine };
    if (verdict === 'notsure') return { next: s.on_notsure ?? s.on_human };
    return { next: s.on_human };
  },
});
