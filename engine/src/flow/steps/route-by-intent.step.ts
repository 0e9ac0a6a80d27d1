import { z } from 'zod';
import { stepId } from '../scenario.schema';
import { defineStep } from '../step-definition';

/** Jumps on by the last intent; an intent without a route goes to `default` (the loader insists one exists). */
export const routeByIntentStep = defineStep({
  type: 'route_by_intent',
  schema: z
    .object({
      step: stepId,
      type: z.literal('route_by_intent'),
      routes: z.record(z.string(), stepId),
      default: stepId.optional(),
      timeout_sec: z.number().positive().optional(),
    })
    .strict(),
  preconditions: [],
  terminal: false,
  targets: (s) => [
    ...Object.entries(s.routes).map(([label, id]) => ({ field: `routes.${label}`, id })),
    ...(s.default ? [{ field: 'default', id: s.default }] : []),
  ],
  run: async (ctx, s) => {
    const intent = ctx.state.lastIntent ?? ctx.scenario.body.llm.fallback_label;
    const target = s.routes[intent] ?? s.default ?? s.routes[ctx.scenario.body.llm.fallback_label];
    if (!target) {
      ctx.log.error({ intent }, 'no route for intent');
      ctx.result.set('unknown', `no route for intent ${intent}`);
      return { end: true };
    }
    return { next: target };
  },
});
