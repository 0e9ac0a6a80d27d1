import {
  CLOCK,
  ENGINE_EVENTS,
  INTENT_CLASSIFIER_PORT,
  LOCAL_INTENT_CLASSIFIER,
  METRICS,
  definePlugin,
  type PluginCommand,
  type PluginManifest,
} from '../../engine/src/index';
import { createClassifyCommand, type LocalClassifierFactory, type ScenarioIntentsLoader } from './classify.command';
import { createLlmClassifier } from './llm-classifier.factory';
import { LlmIntentClassifier } from './llm-intent-classifier';
import { llmConfigSchema, type LlmConfig } from './llm.config';

export { llmConfigSchema, type LlmConfig } from './llm.config';
export { ACADEMY_INTENTS, type LocalClassifierFactory, type ScenarioIntents, type ScenarioIntentsLoader } from './classify.command';

export interface LlmPluginOptions {
  /**
   * Builds the engine's local keyword classifier for the `classify` CLI command (which runs outside
   * DI). Without it the manifest has no `classify` command; main passes it.
   */
  readonly createLocalClassifier?: LocalClassifierFactory;
  /** Reads a scenario's labels, tokens and prompt for `classify --scenario`; default: the academy labels. */
  readonly loadScenarioIntents?: ScenarioIntentsLoader;
}

/**
 * The `llm` plugin: provides INTENT_CLASSIFIER_PORT as the LLM classifier (GapGPT or any
 * OpenAI-compatible endpoint) with the engine's LOCAL_INTENT_CLASSIFIER as fast path and fallback.
 */
export function createLlmPlugin(options: LlmPluginOptions = {}): PluginManifest<LlmConfig> {
  const commands: PluginCommand[] = options.createLocalClassifier
    ? [createClassifyCommand({ createLocalClassifier: options.createLocalClassifier, ...(options.loadScenarioIntents ? { loadScenarioIntents: options.loadScenarioIntents } : {}) })]
    : [];
  return definePlugin<LlmConfig>({
    id: 'llm',
    version: '1.0.0',
    provides: [INTENT_CLASSIFIER_PORT],
    requires: [LOCAL_INTENT_CLASSIFIER],
    configSchema: llmConfigSchema,
    commands,
    register(ctx) {
      ctx.container.registerFactory(INTENT_CLASSIFIER_PORT, (resolve) =>
        createLlmClassifier({
          config: ctx.config,
          local: resolve(LOCAL_INTENT_CLASSIFIER),
          events: resolve(ENGINE_EVENTS),
          metrics: resolve(METRICS),
          logger: ctx.logger,
          clock: resolve(CLOCK),
        }),
      );
    },
    start(ctx) {
      // Resolving here (not at the first call) makes a missing local classifier fail boot, not a call.
      ctx.resolve(LOCAL_INTENT_CLASSIFIER);
      const classifier = ctx.resolve(INTENT_CLASSIFIER_PORT);
      const { model, responseFormat, maxParallel, timeoutSec, fastPath, providerName } = ctx.config;
      if (classifier instanceof LlmIntentClassifier && !classifier.llmEnabled) {
        ctx.logger.warn({ provider: providerName }, 'plugins.llm.apiKey is empty: every reply is classified by the local classifier');
        return;
      }
      ctx.logger.info({ provider: providerName, host: new URL(ctx.config.baseUrl).host, model, responseFormat, maxParallel, timeoutSec, fastPath }, 'LLM intent classifier ready');
    },
    stop(ctx) {
      const classifier = ctx.resolve(INTENT_CLASSIFIER_PORT);
      if (classifier instanceof LlmIntentClassifier) classifier.close();
    },
  });
}

/** The manifest without the `classify` command (main wires the command with createLlmPlugin). */
export const llmPlugin = createLlmPlugin();
