import { z } from 'zod';
import { stepId } from '../scenario.schema';
import { defineStep, type StepDefinition } from '../step-definition';

const schemaFor = <T extends 'hangup' | 'disconnect'>(type: T) =>
  z.object({ step: stepId, type: z.literal(type), timeout_sec: z.number().positive().optional() }).strict();

/** Hangs the customer up and ends the flow (`hangup` and legacy `disconnect` mean the same). */
function hangupLike<T extends 'hangup' | 'disconnect'>(type: T): StepDefinition<z.infer<ReturnType<typeof schemaFor<T>>>> {
  return defineStep({
    type,
    schema: schemaFor(type),
    preconditions: [],
    terminal: true,
    targets: () => [],
    run: async (ctx) => {
      await ctx.control.hangup('normal');
      return { end: true };
    },
  });
}

export const hangupStep = hangupLike('hangup');
export const disconnectStep = hangupLike('disconnect');
