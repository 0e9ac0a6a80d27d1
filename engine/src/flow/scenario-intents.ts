import type { EngineConfig } from '../config/config.schema';
import type { IntentRequest, IntentTokens } from '../ports/intent.port';
import { loadScenarios } from './load-scenarios';
import { StepRegistry } from './step-registry';
import { EngineError } from '../errors';
import { resolveScenarioDir } from './scenario-dir';

export interface ScenarioIntentSpec {
  readonly labels: readonly string[];
  readonly fallbackLabel: string;
  readonly tokens: IntentTokens;
  readonly prompt: NonNullable<IntentRequest['prompt']>;
}

/** The labels, token lists and LLM prompt of one scenario, read from `scenarios.dir` (for CLI tools). */
export function scenarioIntents(name: string, config: EngineConfig): ScenarioIntentSpec {
  const s = loadScenarios(resolveScenarioDir(config), new StepRegistry()).find((x) => x.name === name);
  if (!s) throw new EngineError('CE_SCENARIO_NOT_FOUND', `No scenario named '${name}' in ${config.scenarios.dir}`);
  const llm = s.body.llm;
  return { labels: llm.intent_categories, fallbackLabel: llm.fallback_label, tokens: llm.fallback_tokens, prompt: { template: llm.prompt_template, examples: llm.examples } };
}
