import { z } from 'zod';
import { isEngineError } from '../../errors';
import { stepId } from '../scenario.schema';
import { addCallerToDnc } from './add-to-dnc.step';
import { defineStep, targetsOf, type StepTarget } from '../step-definition';
import type { StepContext, StepOutcome } from '../step-context';

const QUOTA_RESULTS: Readonly<Record<string, string>> = { CE_STT_QUOTA: 'failed:vira_quota', CE_LLM_QUOTA: 'failed:llm_quota' };

const schema = z
  .object({
    step: stepId,
    type: z.literal('classify_intent'),
    next: stepId.optional(),
    /** Optional direct routing (label → step); else `next` (usually a route_by_intent step). */
    routes: z.record(z.string(), stepId).optional(),
    on_empty: stepId.optional(),
    on_failure: stepId.optional(),
    /** Prompt played while STT and classification run; stopped as soon as the intent is known. */
    processing_prompt: z.string().optional(),
    timeout_sec: z.number().positive().optional(),
  })
  .strict();
type ClassifyStep = z.infer<typeof schema>;

/**
 * Transcribes the last recording and classifies it. No speech with the caller still there: play the
 * `alo` prompt and record again (scenario option), else `on_empty`. A quota error ends the call with
 * `failed:vira_quota` / `failed:llm_quota` (the dialer pauses through the quota event).
 */
export const classifyIntentStep = defineStep({
  type: 'classify_intent',
  schema,
  preconditions: ['answered'],
  terminal: false,
  targets: (s): StepTarget[] => [
    ...targetsOf(s, ['next', 'on_empty', 'on_failure']),
    ...Object.entries(s.routes ?? {}).map(([label, id]) => ({ field: `routes.${label}`, id })),
  ],
  run: async (ctx, s) => {
    const rec = ctx.state.lastRecording;
    if (!rec || rec.status !== 'done') return failure(ctx, s, 'no recording to classify');
    const processing = s.processing_prompt ? await ctx.media.start(s.processing_prompt, { loop: true }) : undefined;
    try {
      const transcript = await ctx.speech.transcribe(rec);
      if (transcript.status === 'silent' || transcript.text.trim() === '') return await onEmpty(ctx, s);
      ctx.state.lastTranscript = transcript.text;
      const intent = await ctx.speech.classify(transcript.text);
      ctx.state.lastIntent = intent.label;
      ctx.log.info({ intent: intent.label, source: intent.source, transcript: transcript.text }, 'intent classified');
      // options.auto_dnc: a caller who asks to be removed is put on the DNC list whatever the route.
      if (intent.dncRequested) await addCallerToDnc(ctx, 'asked not to be called again (auto_dnc)');
      return route(s, intent.label);
    } catch (err) {
      const quota = isEngineError(err) ? QUOTA_RESULTS[err.code] : undefined;
      if (quota) {
        ctx.result.set(quota, err instanceof Error ? err.message : 'quota');
        return s.on_failure ? { next: s.on_failure } : { end: true };
      }
      // An unreadable recording is "no speech"; a failed or slow provider takes on_failure.
      if (isEngineError(err, 'CE_AUDIO_INVALID')) return await onEmpty(ctx, s);
      if (isEngineError(err, 'CE_STT_FAILED') || isEngineError(err, 'CE_STT_TIMEOUT')) {
        ctx.log.warn({ err }, 'speech-to-text failed');
        if (s.on_failure) return { next: s.on_failure };
        ctx.result.set('failed:stt', err.message);
        return { end: true };
      }
      throw err;
    } finally {
      await processing?.stop();
    }
  },
});

function route(s: ClassifyStep, label: string): StepOutcome {
  const target = s.routes?.[label] ?? s.next;
  return target ? { next: target } : { end: true };
}

async function onEmpty(ctx: StepContext, s: ClassifyStep): Promise<StepOutcome> {
  const opts = ctx.scenario.body.options;
  const used = ctx.state.counters.get('__empty_recording') ?? 0;
  const recordStep = ctx.state.lastRecordStep;
  if (recordStep && used < opts.empty_recording_retries && ctx.control.isUp()) {
    ctx.state.counters.set('__empty_recording', used + 1);
    ctx.log.info({ retry: used + 1 }, 'no speech in the recording; asking again');
    await ctx.media.play(opts.empty_recording_prompt);
    return { next: recordStep.id };
  }
  const target = s.on_empty ?? recordStep?.onEmpty;
  if (target) return { next: target };
  ctx.result.set('hangup', 'no usable answer');
  return { end: true };
}

function failure(ctx: StepContext, s: ClassifyStep, why: string): StepOutcome {
  ctx.log.warn({ why }, 'classification impossible');
  if (s.on_failure) return { next: s.on_failure };
  ctx.result.set('failed:recording', why);
  return { end: true };
}
