import type { Clock, EngineEventsPort, IntentClassifierPort, Logger, MetricsPort } from '../../engine/src/index';
import { LlmIntentClassifier } from './llm-intent-classifier';
import type { LlmConfig } from './llm.config';
import { createLlmMetrics } from './llm-metrics';
import { OpenAiChatProvider } from './providers/openai-chat.provider';

export interface LlmClassifierParts {
  readonly config: LlmConfig;
  readonly local: IntentClassifierPort;
  readonly events: EngineEventsPort;
  /** Absent outside the engine (the `classify` CLI): no instruments are created. */
  readonly metrics?: MetricsPort;
  readonly logger: Logger;
  readonly clock: Clock;
}

/** The one place that puts the OpenAI-compatible provider behind the classifier (DI and CLI share it). */
export function createLlmClassifier(parts: LlmClassifierParts): LlmIntentClassifier {
  const { config, logger } = parts;
  const provider = new OpenAiChatProvider({
    name: config.providerName,
    baseUrl: config.baseUrl,
    apiKey: config.apiKey,
    model: config.model,
    temperature: config.temperature,
    maxTokens: config.maxTokens,
    responseFormat: config.responseFormat,
    logger,
  });
  return new LlmIntentClassifier({
    local: parts.local,
    provider,
    events: parts.events,
    metrics: createLlmMetrics(parts.metrics, config.providerName),
    logger,
    clock: parts.clock,
    config,
  });
}
