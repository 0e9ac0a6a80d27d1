/**
 * Understanding a reply: a transcript becomes one intent label of the scenario (the academy's:
 * `yes`, `no`, `number_question`, `unknown`). The engine ships a Persian-aware local keyword
 * classifier; the `llm` plugin adds an LLM classifier that uses the local one as its fast path and
 * fallback. The classify step depends only on this port.
 *
 * Error contract: `CE_LLM_QUOTA` when the LLM refused for quota (the call ends with
 * `failed:llm_quota`, the dialer pauses). Every other failure is absorbed by the fallback and
 * reported as `source: 'local'`.
 */
export interface IntentTokens {
  /** Label → words/phrases that signal it (matched on word boundaries after normalisation). */
  readonly [label: string]: readonly string[];
}

export interface IntentRequest {
  readonly text: string;
  /** The labels this step may return; the result is always one of them. */
  readonly labels: readonly string[];
  /** The label returned when nothing matches (usually `unknown`). */
  readonly fallbackLabel: string;
  /** Per-scenario token lists for the local classifier. */
  readonly tokens?: IntentTokens;
  /** Per-scenario prompt template and examples for an LLM classifier. */
  readonly prompt?: { readonly template?: string; readonly examples?: readonly { readonly text: string; readonly label: string }[] };
  readonly scenario?: string;
  readonly signal?: AbortSignal;
}

export interface IntentResult {
  readonly label: string;
  /** Who decided: the local keyword classifier or the LLM. */
  readonly source: 'local' | 'llm';
  /** The matched token for local decisions (for the review log). */
  readonly matched?: string;
  readonly latencyMs: number;
}

export interface IntentClassifierPort {
  classify(req: IntentRequest): Promise<IntentResult>;
}
