import { CallGoneError, describeError, isEngineError } from '../errors';
import { LazyChildLogger } from './lazy-child-logger';
import type { LoadedFlow } from './loaded-scenario';
import { NonFatalStepError } from './step-definition';
import type { StepContext, StepOutcome } from './step-context';
import type { StepRegistry } from './step-registry';

/** Why a flow stopped. */
export type FlowEnd = 'finished' | 'gone' | 'error' | 'loop';

/** More steps than this in one call means a loop the scenario does not bound: stop it. */
export const MAX_STEPS_PER_CALL = 200;

/**
 * Runs a flow step by step. Preconditions are checked before each step; a step with `timeout_sec`
 * is bounded by it. On a NonFatalStepError or a timeout the step's `on_failure` is taken when it has
 * one; a vanished call ends the flow quietly; anything else ends it with `failed:flow_error`.
 * The call's max-duration abort (ctx.signal) bounds everything else.
 */
export async function runFlow(ctx: StepContext, flow: LoadedFlow, registry: StepRegistry): Promise<FlowEnd> {
  let stepId = flow.entry;
  for (let n = 0; n < MAX_STEPS_PER_CALL; n++) {
    if (ctx.signal.aborted) return 'gone';
    const step = flow.steps.get(stepId);
    const def = step ? registry.get(step.type) : undefined;
    if (!step || !def) {
      ctx.log.error({ step: stepId }, 'flow refers to a missing step');
      ctx.result.set('failed:flow_error', `missing step ${stepId}`);
      return 'error';
    }
    if (def.preconditions.includes('answered') && !ctx.control.isUp()) return 'gone';
    const bindings = { step: step.step, stepType: step.type };
    const log = new LazyChildLogger(ctx.log, bindings);
    let out: StepOutcome;
    try {
      ctx.log.debug(bindings, 'step started');
      out = await bounded(def.run({ ...ctx, log }, step), step.timeout_sec, step.step);
    } catch (err) {
      if (err instanceof CallGoneError || ctx.signal.aborted) return 'gone';
      const fallback = typeof step.on_failure === 'string' ? step.on_failure : undefined;
      const recoverable = err instanceof NonFatalStepError || (isEngineError(err) && err.code === 'CE_TELEPHONY_TIMEOUT');
      if (recoverable && fallback) {
        log.warn({ err }, 'step failed; taking on_failure');
        stepId = fallback;
        continue;
      }
      log.error({ err }, 'step failed; ending the call');
      ctx.result.set('failed:flow_error', describeError(err));
      return 'error';
    }
    if ('end' in out) return 'finished';
    stepId = out.next;
  }
  ctx.log.error({ maxSteps: MAX_STEPS_PER_CALL }, 'flow looped too long; ending the call');
  ctx.result.set('failed:flow_loop', 'too many steps');
  return 'loop';
}

function bounded<T>(work: Promise<T>, timeoutSec: number | undefined, stepId: string): Promise<T> {
  if (!timeoutSec) return work;
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new NonFatalStepError(`step ${stepId} took longer than ${timeoutSec} s`)), timeoutSec * 1000);
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}
