import { z } from 'zod';
import { stepId } from '../scenario.schema';
import type { StepContext } from '../step-context';
import { defineStep, targetsOf } from '../step-definition';

/** How long the step waits for the store; a slower write is left to finish on its own. */
export const DNC_WRITE_LIMIT_MS = 5_000;

/**
 * Puts the caller on the do-not-call list (e.g. after "don't call me again"); the dialer checks the
 * list right before every originate. A failing or hanging store is logged and the flow goes on:
 * the call keeps its result and is ended normally, never as a flow error.
 */
export const addToDncStep = defineStep({
  type: 'add_to_dnc',
  schema: z
    .object({ step: stepId, type: z.literal('add_to_dnc'), reason: z.string().default('caller asked'), next: stepId.optional(), timeout_sec: z.number().positive().optional() })
    .strict(),
  preconditions: [],
  terminal: true,
  targets: (s) => targetsOf(s, ['next']),
  run: async (ctx, s) => {
    await addCallerToDnc(ctx, s.reason);
    return s.next ? { next: s.next } : { end: true };
  },
});

/** Writes the caller's number to the DNC list, waiting at most DNC_WRITE_LIMIT_MS; never throws. */
export async function addCallerToDnc(ctx: StepContext, reason: string): Promise<void> {
  if (!ctx.call.phone) {
    ctx.log.warn('no caller number to put on the do-not-call list');
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  const write = ctx.dnc.add(reason).then(() => 'added' as const);
  const limit = new Promise<'slow'>((resolve) => (timer = setTimeout(() => resolve('slow'), DNC_WRITE_LIMIT_MS)));
  try {
    if ((await Promise.race([write, limit])) === 'added') {
      ctx.log.info({ reason }, 'caller added to the do-not-call list');
      return;
    }
    ctx.log.error({ limitMs: DNC_WRITE_LIMIT_MS }, 'do-not-call list write is slow; going on without waiting for it');
    write.catch((err: unknown) => ctx.log.error({ err }, 'do-not-call list write failed after the step moved on'));
  } catch (err) {
    ctx.log.error({ err }, 'could not add the caller to the do-not-call list; going on');
  } finally {
    clearTimeout(timer);
  }
}
