import {
  EngineError,
  isEngineError,
  type Clock,
  type EngineEventsPort,
  type IntentClassifierPort,
  type IntentRequest,
  type IntentResult,
  type Logger,
} from '../../engine/src/index';
import { ConcurrencyLimiter } from './concurrency-limiter';
import { parseLabel } from './label-parser';
import type { LlmConfig } from './llm.config';
import type { LlmMetrics, LlmOutcome } from './llm-metrics';
import { buildMessages } from './prompt-builder';
import type { ChatAnswer, ChatCompletionProvider } from './providers/openai-chat.provider';
import { failure, failureReason, type FailureReason } from './providers/provider-failure';

export interface LlmIntentClassifierDeps {
  /** The engine's keyword classifier: fast path first, and the answer whenever the LLM fails. */
  readonly local: IntentClassifierPort;
  readonly provider: ChatCompletionProvider;
  readonly events: EngineEventsPort;
  readonly metrics: LlmMetrics;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly config: Pick<LlmConfig, 'apiKey' | 'timeoutSec' | 'maxParallel' | 'fastPath' | 'maxInputChars'>;
}

/**
 * The intent classifier of the llm plugin. Order of decisions for one reply:
 * 1. the local keyword classifier; a label other than the fallback ("بله" → yes) is final (fast path);
 * 2. otherwise the LLM, at most `maxParallel` at once, within `timeoutSec` (queue wait included);
 * 3. an allowed label from the LLM is the answer (`source: 'llm'`);
 * 4. quota → `quota.exhausted` event and `CE_LLM_QUOTA` (the call ends `failed:llm_quota`);
 * 5. anything else (timeout, 5xx, rate limit, refusal, unknown label, broken body) → the local answer.
 * Without an API key, after `close()`, or for an empty transcript, step 1 is the answer.
 */
export class LlmIntentClassifier implements IntentClassifierPort {
  private readonly limiter: ConcurrencyLimiter;
  private readonly inFlight = new Set<AbortController>();
  private closed = false;

  constructor(private readonly deps: LlmIntentClassifierDeps) {
    this.limiter = new ConcurrencyLimiter(deps.config.maxParallel);
  }

  /** False when no API key is configured: every reply is then classified locally. */
  get llmEnabled(): boolean {
    return this.deps.config.apiKey.length > 0;
  }

  async classify(req: IntentRequest): Promise<IntentResult> {
    const started = this.deps.clock.now();
    const local = await this.classifyLocally(req);
    if (this.deps.config.fastPath && local.label !== req.fallbackLabel) {
      this.deps.metrics.fastPathHit(local.label);
      return local;
    }
    if (!this.llmEnabled || this.closed || req.text.trim().length === 0) return local;
    return this.classifyWithLlm(req, local, started);
  }

  /** Aborts requests in flight (they settle with the local answer) and stops calling the LLM. */
  close(): void {
    this.closed = true;
    for (const controller of this.inFlight) controller.abort(failure(this.deps.provider.name, 'aborted', 'the llm plugin is stopping'));
  }

  private async classifyLocally(req: IntentRequest): Promise<IntentResult> {
    const started = this.deps.clock.now();
    try {
      return await this.deps.local.classify(req);
    } catch (err) {
      // The local classifier is the last resort; if even it breaks, the reply counts as undecided.
      this.deps.logger.error({ err, scenario: req.scenario }, 'local intent classifier failed; using the fallback label');
      return { label: req.fallbackLabel, source: 'local', latencyMs: this.deps.clock.now() - started };
    }
  }

  private async classifyWithLlm(req: IntentRequest, local: IntentResult, started: number): Promise<IntentResult> {
    const { provider, config } = this.deps;
    const attempt = this.openAttempt(req);
    try {
      const messages = buildMessages(req, { maxInputChars: config.maxInputChars });
      const { signal } = attempt;
      const answer = await this.limiter.run(() => untilAborted(provider.complete({ messages, labels: req.labels, signal }), signal), signal);
      return this.fromAnswer(req, answer, local, started);
    } catch (err) {
      return this.fromFailure(req, err, attempt.signal, local, started);
    } finally {
      attempt.dispose();
    }
  }

  /**
   * One signal per classification that aborts on the deadline, on the caller's signal (the call hung
   * up) or on close(). No long-lived signal is combined with AbortSignal.any, so nothing accumulates
   * listeners over the life of the engine.
   */
  private openAttempt(req: IntentRequest): { readonly signal: AbortSignal; dispose(): void } {
    const { provider, config } = this.deps;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(failure(provider.name, 'timeout', `no answer within ${config.timeoutSec} s`)), config.timeoutSec * 1000);
    const onCallerAbort = (): void => controller.abort(failure(provider.name, 'aborted', 'the caller stopped waiting'));
    req.signal?.addEventListener('abort', onCallerAbort, { once: true });
    if (req.signal?.aborted) onCallerAbort();
    this.inFlight.add(controller);
    return {
      signal: controller.signal,
      dispose: () => {
        clearTimeout(timer);
        req.signal?.removeEventListener('abort', onCallerAbort);
        this.inFlight.delete(controller);
      },
    };
  }

  private fromAnswer(req: IntentRequest, answer: ChatAnswer, local: IntentResult, started: number): IntentResult {
    const label = answer.refusal === undefined && answer.content !== null ? parseLabel(answer.content, req.labels) : undefined;
    const outcome: LlmOutcome = answer.refusal !== undefined ? 'refusal' : label === undefined ? 'unparsable' : 'ok';
    const latencyMs = this.deps.clock.now() - started;
    this.deps.metrics.request(outcome, latencyMs / 1000);
    if (label !== undefined) {
      this.deps.logger.debug({ scenario: req.scenario, label, format: answer.format, latencyMs }, 'LLM classified the reply');
      return { label, source: 'llm', latencyMs };
    }
    this.deps.logger.warn(
      { scenario: req.scenario, outcome, answer: (answer.refusal ?? answer.content ?? '').slice(0, 120), finishReason: answer.finishReason },
      'LLM gave no allowed label; using the local classifier',
    );
    return { ...local, latencyMs };
  }

  private fromFailure(req: IntentRequest, err: unknown, signal: AbortSignal, local: IntentResult, started: number): IntentResult {
    const reason = this.reasonOf(err, signal);
    const latencyMs = this.deps.clock.now() - started;
    this.deps.metrics.request(reason, latencyMs / 1000);
    if (reason === 'quota') throw this.quotaExhausted(req, err);
    this.deps.logger.warn({ err, reason, scenario: req.scenario, latencyMs }, 'LLM classification failed; using the local classifier');
    return { ...local, latencyMs };
  }

  private quotaExhausted(req: IntentRequest, err: unknown): EngineError {
    const { provider, events, metrics, logger } = this.deps;
    const quotaErr = isEngineError(err, 'CE_LLM_QUOTA') ? err : new EngineError('CE_LLM_QUOTA', undefined, { cause: err });
    metrics.quotaExhausted();
    logger.error({ err: quotaErr, scenario: req.scenario }, 'LLM quota exhausted; the dialer pauses');
    events.emit({ type: 'quota.exhausted', provider: provider.name, result: 'failed:llm_quota', detail: quotaErr.message });
    return quotaErr;
  }

  private reasonOf(err: unknown, signal: AbortSignal): FailureReason {
    if (isEngineError(err)) return failureReason(err) ?? 'internal';
    // Every abort reason this class sets is an EngineError; anything else is a bug, absorbed all the same.
    return signal.aborted ? 'aborted' : 'internal';
  }
}

/**
 * Settles with the signal's reason as soon as it aborts, even if `work` ignores the signal: a caller
 * on a live call never waits past the deadline, and the slot is freed for the next request.
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    // Both handlers are attached at once, so a late rejection of `work` is never unhandled.
    void work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    if (signal.aborted) onAbort();
  });
}
