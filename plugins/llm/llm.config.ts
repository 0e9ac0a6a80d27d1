import { z } from 'zod';

/**
 * `plugins.llm`. The first four keys are what the legacy `.env` maps to (GAPGPT_BASE_URL,
 * GAPGPT_API_KEY, LLM_TIMEOUT, MAX_PARALLEL_LLM) with the legacy defaults; the rest are new and
 * default to what EXTERNAL-APIS.md §4 recommends for intent classification.
 */
export const RESPONSE_FORMATS = ['json_schema', 'json_object', 'none'] as const;
export type ResponseFormatMode = (typeof RESPONSE_FORMATS)[number];

export const llmConfigSchema = z
  .object({
    /** OpenAI-compatible base URL; `/chat/completions` is appended. */
    baseUrl: z.url({ protocol: /^https?$/ }).default('https://api.gapgpt.app/v1'),
    /** Bearer key. Empty = no LLM calls at all: every reply is classified locally (legacy did the same). */
    apiKey: z.string().default(''),
    /**
     * The longest a caller waits for the LLM, in seconds: queueing for a slot plus every attempt of
     * one classification. On expiry the local classifier's answer is used.
     */
    timeoutSec: z.number().positive().default(20),
    /** LLM requests in flight at once; more wait in a queue (legacy MAX_PARALLEL_LLM). */
    maxParallel: z.number().int().positive().default(10),
    model: z.string().min(1).default('gpt-4o-mini'),
    temperature: z.number().min(0).max(2).default(0),
    /** `{"intent":"number_question"}` is about 8 tokens; 20 leaves room without paying for prose. */
    maxTokens: z.number().int().positive().default(20),
    /**
     * The strongest structured-output mode to ask for. The provider steps down (json_schema →
     * json_object → none) when the endpoint rejects it, and remembers the step for later requests.
     */
    responseFormat: z.enum(RESPONSE_FORMATS).default('json_schema'),
    /** Ask the local keyword classifier first; a decisive local answer ("بله") skips the LLM. */
    fastPath: z.boolean().default(true),
    /** Transcripts longer than this are cut before they are sent (bounds tokens and cost). */
    maxInputChars: z.number().int().positive().default(1000),
    /** Name used in metrics, logs and the quota event. */
    providerName: z.string().regex(/^[a-z][a-z0-9_-]*$/).default('gapgpt'),
  })
  .strict();

export type LlmConfig = z.output<typeof llmConfigSchema>;
