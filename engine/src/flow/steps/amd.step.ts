import { z } from 'zod';
import { isEngineError } from '../../errors';
import { stepId } from '../scenario.schema';
import type { StepContext, StepOutcome } from '../step-context';
import { defineStep, targetsOf } from '../step-definition';

type Verdict = 'human' | 'machine' | 'notsure' | 'timeout';

const schema = z
  .object({
    step: stepId,
    type: z.literal('amd'),
    on_human: stepId,
    on_machine: stepId,
    /** AMD could not decide (AMDSTATUS NOTSURE). Default: `on_human`, so no person is dropped. */
    on_notsure: stepId.optional(),
    /**
     * The call did not come back from the dialplan within `detect_timeout_sec`. The channel is then
     * still outside our application: only set a result / hang up there. Default: result
     * `failed:amd_timeout`, and the flow ends (the call is hung up).
     */
    on_timeout: stepId.optional(),
    /** How long to wait for AMD()'s verdict (AMD itself decides within 5 s with amd.conf's defaults). */
    detect_timeout_sec: z.number().positive().default(10),
    /** The generic bound of a whole step (flow-runner): it must leave AMD its own timeout. */
    timeout_sec: z.number().positive().optional(),
  })
  .strict()
  .refine((s) => s.timeout_sec === undefined || s.timeout_sec > s.detect_timeout_sec, {
    path: ['timeout_sec'],
    message: 'must be longer than detect_timeout_sec (or left out): it would cut AMD short',
  });

/**
 * Answering-machine detection with Asterisk's AMD(): the call continues in the `salehi-amd`
 * dialplan context (dialplan/salehi-amd.conf) and comes back to Stasis with AMDSTATUS, so a machine
 * is never sent to STT. The wait for that return is bounded here (`detect_timeout_sec`), not by the
 * runner, so a lost return takes the step's own timeout path instead of ending as a flow error.
 */
export const amdStep = defineStep({
  type: 'amd',
  schema,
  preconditions: ['answered'],
  terminal: false,
  targets: (s) => targetsOf(s, ['on_human', 'on_machine', 'on_notsure', 'on_timeout']),
  run: async (ctx, s) => {
    const verdict = await detect(ctx, s.detect_timeout_sec);
    ctx.log.info({ verdict }, 'answering machine detection');
    switch (verdict) {
      case 'machine':
        return { next: s.on_machine };
      case 'notsure':
        return { next: s.on_notsure ?? s.on_human };
      case 'timeout':
        return timedOut(ctx, s.detect_timeout_sec, s.on_timeout);
      default:
        return { next: s.on_human };
    }
  },
});

/** The verdict, or `timeout`. A call that ends meanwhile rejects (CallGoneError): the flow is over. */
async function detect(ctx: StepContext, timeoutSec: number): Promise<Verdict> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutSec * 1000)));
  const verdict = ctx.control.detectMachine({ timeoutSec });
  verdict.catch(() => undefined); // after our timeout nobody awaits it; it settles when the call ends
  try {
    return await Promise.race([verdict, limit]);
  } catch (err) {
    if (isEngineError(err, 'CE_TELEPHONY_TIMEOUT')) return 'timeout';
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

function timedOut(ctx: StepContext, waitedSec: number, onTimeout: string | undefined): StepOutcome {
  ctx.log.warn({ waitedSec }, 'the call did not come back from AMD in time');
  if (onTimeout) return { next: onTimeout };
  ctx.result.set('failed:amd_timeout', `no AMD verdict within ${waitedSec} s`);
  return { end: true };
}
