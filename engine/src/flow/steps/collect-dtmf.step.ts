import { z } from 'zod';
import { stepId } from '../scenario.schema';
import { defineStep, targetsOf } from '../step-definition';

/** Optionally plays a prompt, then collects digits ("press 1 to talk to a person") and routes on them. */
export const collectDtmfStep = defineStep({
  type: 'collect_dtmf',
  schema: z
    .object({
      step: stepId,
      type: z.literal('collect_dtmf'),
      prompt: z.string().optional(),
      max_digits: z.number().int().min(1).max(32).default(1),
      timeout_sec: z.number().positive().default(5),
      terminator: z.enum(['#', '*']).optional(),
      routes: z.record(z.string().regex(/^[0-9*#A-D]+$/, { message: 'routes are keyed by digits' }), stepId).default({}),
      on_timeout: stepId.optional(),
      next: stepId.optional(),
    })
    .strict(),
  preconditions: ['answered'],
  terminal: false,
  targets: (s) => [...targetsOf(s, ['on_timeout', 'next']), ...Object.entries(s.routes).map(([d, id]) => ({ field: `routes.${d}`, id }))],
  run: async (ctx, s) => {
    if (s.prompt) await ctx.media.play(s.prompt);
    const got = await ctx.media.collectDigits({ maxDigits: s.max_digits, timeoutSec: s.timeout_sec, terminator: s.terminator });
    ctx.state.lastDigits = got.digits;
    const routed = s.routes[got.digits];
    if (routed) return { next: routed };
    if (got.digits === '' && s.on_timeout) return { next: s.on_timeout };
    return s.next ? { next: s.next } : s.on_timeout ? { next: s.on_timeout } : { end: true };
  },
});
