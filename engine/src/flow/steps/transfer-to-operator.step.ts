import { z } from 'zod';
import { stepId } from '../scenario.schema';
import { defineStep, targetsOf } from '../step-definition';

/**
 * Bridges the customer to an operator: hold music loops while agents are tried in turn (roster
 * round-robin skipping busy agents, or a fixed endpoint such as a FreePBX queue); the next agent
 * is tried on failure or no answer; the other leg is torn down when either side hangs up.
 */
export const transferToOperatorStep = defineStep({
  type: 'transfer_to_operator',
  schema: z
    .object({
      step: stepId,
      type: z.literal('transfer_to_operator'),
      agent_type: z.enum(['inbound', 'outbound']).default('outbound'),
      hold_prompt: z.string().default('onhold'),
      on_success: stepId,
      on_failure: stepId,
      timeout_sec: z.number().positive().optional(),
    })
    .strict(),
  preconditions: ['answered'],
  terminal: false,
  targets: (s) => targetsOf(s, ['on_success', 'on_failure']),
  run: async (ctx, s) => {
    const outcome = await ctx.control.transferToOperator({ agentType: s.agent_type, holdPrompt: s.hold_prompt });
    return { next: outcome === 'connected' ? s.on_success : s.on_failure };
  },
});
