import { z } from 'zod';

/**
 * Scenario files (YAML 1.2). The shape is the legacy engine's (`scenario: {name, prompts, stt, llm,
 * flow, inbound_flow}`) so existing scenario files load unchanged, plus the new step types and
 * options. Step-specific fields are checked by each step type's own schema (flow/steps/*.step.ts);
 * here only what every step shares.
 */

export const stepId = z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, { message: 'step ids are letters, digits, _ . - (starting with a letter)' });

/** Fields common to every step; the rest is validated by the step type's schema. */
export const baseStepSchema = z
  .object({
    step: stepId,
    type: z.string().min(1),
    next: stepId.optional(),
    /** Per-step wait limit; falls back to the scenario's `limits.step_timeout_sec`. */
    timeout_sec: z.number().positive().optional(),
  })
  .passthrough();

export type RawStep = z.infer<typeof baseStepSchema> & Record<string, unknown>;

const sttSchema = z
  .object({
    hotwords: z.array(z.string()).default([]),
    max_duration: z.number().positive().default(10),
    max_silence: z.number().positive().default(2),
  })
  .strict();

const llmSchema = z
  .object({
    prompt_template: z.string().default(''),
    intent_categories: z.array(z.string().min(1)).min(1).default(['yes', 'no', 'number_question', 'unknown']),
    /** Label → tokens for the local keyword classifier (legacy name kept). */
    fallback_tokens: z.record(z.string(), z.array(z.string())).default({}),
    /** Few-shot examples for the LLM prompt. */
    examples: z.array(z.object({ text: z.string(), label: z.string() }).strict()).default([]),
    /** The label used when nothing matches. */
    fallback_label: z.string().default('unknown'),
  })
  .strict();

const limitsSchema = z
  .object({
    /** Hard ceiling on a call's life in the flow; then the call ends with its result (or `hangup`). */
    max_call_duration_sec: z.number().positive().default(300),
    /** Once bridged to an operator, the conversation may last this long instead (people, not the flow, talk). */
    max_bridged_duration_sec: z.number().positive().default(7200),
    /** Default wait limit of any step that waits for an event. */
    step_timeout_sec: z.number().positive().default(30),
  })
  .strict();

const optionsSchema = z
  .object({
    /** An empty recording while the caller is still there: play `alo` and record again, this many times. */
    empty_recording_retries: z.number().int().min(0).default(1),
    empty_recording_prompt: z.string().default('alo'),
    /** Add callers who ask to be removed ("شماره منو حذف کنید", label `dnc_request`) to the DNC list at the classify step, whatever the route. */
    auto_dnc: z.boolean().default(false),
  })
  .strict();

export const scenarioBodySchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9_-]+$/, { message: 'scenario names are letters, digits, - and _' }),
    display_name: z.string().default(''),
    panel_name: z.string().default(''),
    company: z.string().default(''),
    enabled: z.boolean().default(true),
    /** Prompt key → ARI media URI (`sound:custom/hello`). */
    prompts: z.record(z.string(), z.string().regex(/^(sound|recording|tone|digits|number):\S+$/, { message: 'expected a media URI like sound:custom/hello' })).default({}),
    stt: sttSchema.prefault({}),
    llm: llmSchema.prefault({}),
    limits: limitsSchema.prefault({}),
    options: optionsSchema.prefault({}),
    flow: z.array(baseStepSchema).min(1, { message: 'a scenario needs an outbound flow with at least one step' }),
    inbound_flow: z.array(baseStepSchema).optional(),
  })
  .strict();

export const scenarioFileSchema = z.object({ scenario: scenarioBodySchema }).strict();

export type ScenarioBody = z.output<typeof scenarioBodySchema>;
