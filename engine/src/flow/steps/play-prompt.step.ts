import { z } from 'zod';
import { stepId } from '../scenario.schema';
import { defineStep, targetsOf } from '../step-definition';

/**
 * Plays a prompt to completion (the flow moves on at PlaybackFinished, never after a fixed sleep).
 * A failed playback goes to `on_failure` when set, else on to `next` (a missing prompt file must not
 * stall the call).
 */
export const playPromptStep = defineStep({
  type: 'play_prompt',
  schema: z
    .object({
      step: stepId,
      type: z.literal('play_prompt'),
      prompt: z.string().min(1),
      next: stepId,
      on_failure: stepId.optional(),
      timeout_sec: z.number().positive().optional(),
    })
    .strict(),
  preconditions: ['answered'],
  terminal: false,
  targets: (s) => targetsOf(s, ['next', 'on_failure']),
  run: async (ctx, s) => {
    const outcome = await ctx.media.play(s.prompt);
    if (outcome === 'failed') {
      ctx.log.warn({ prompt: s.prompt }, 'prompt playback failed');
      return { next: s.on_failure ?? s.next };
    }
    return { next: s.next };
  },
});
