import { z } from 'zod';
import { stepId } from '../scenario.schema';
import { defineStep, targetsOf } from '../step-definition';

/**
 * Records the caller's answer (scenario `stt.max_duration` / `max_silence` unless overridden). The
 * recording gets a name unique to this execution. A failed recording goes to `on_failure`.
 * Empty-recording handling (the `alo` retry) happens in classify_intent, where "no speech" is known.
 */
export const recordStep = defineStep({
  type: 'record',
  schema: z
    .object({
      step: stepId,
      type: z.literal('record'),
      next: stepId,
      on_empty: stepId.optional(),
      on_failure: stepId.optional(),
      max_duration: z.number().positive().optional(),
      max_silence: z.number().positive().optional(),
      beep: z.boolean().optional(),
      timeout_sec: z.number().positive().optional(),
    })
    .strict(),
  preconditions: ['answered'],
  terminal: false,
  targets: (s) => targetsOf(s, ['next', 'on_empty', 'on_failure']),
  run: async (ctx, s) => {
    const rec = await ctx.media.record({
      maxDurationSec: s.max_duration ?? ctx.scenario.body.stt.max_duration,
      maxSilenceSec: s.max_silence ?? ctx.scenario.body.stt.max_silence,
      beep: s.beep,
    });
    ctx.state.lastRecording = rec;
    ctx.state.lastRecordStep = { id: s.step, onEmpty: s.on_empty };
    if (rec.status === 'failed') return s.on_failure ? { next: s.on_failure } : { next: s.next };
    return { next: s.next };
  },
});
