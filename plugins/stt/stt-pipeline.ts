import { performance } from 'node:perf_hooks';
import { EngineError, isEngineError, type EngineEventsPort, type Logger, type SttPort, type SttRequest, type SttResult } from '../../engine/src/index';
import type { SttConfig } from './stt.config';
import type { SttMetrics, SttOutcome } from './stt-metrics';
import type { AudioEnhancer } from './audio/enhance';
import { silenceGate } from './audio/silence-gate';
import { Semaphore } from './semaphore';
import { CpuTurns } from './cpu-turns';
import type { QuotaAlarm } from './quota-alarm';
import { ProviderFailure, type ProviderAnswer, type SttProvider } from './providers/stt-provider';
import { attemptWithTimeout, AttemptTimeout } from './attempt-timeout';

export interface SttPipelineDeps {
  readonly config: SttConfig;
  readonly provider: SttProvider;
  readonly enhancer: AudioEnhancer;
  readonly metrics: SttMetrics;
  readonly alarm: QuotaAlarm;
  readonly logger: Logger;
  /** CPU turns shared with the enhancer (the silence check decodes the whole recording). */
  readonly cpu?: CpuTurns;
}

type Timings = { precheckMs: number; enhanceMs: number; requestMs: number };

/**
 * SttPort: silence gate -> clean-up -> a provider slot (maxParallel) -> the provider, with a timeout
 * per attempt and one retry after a 5xx or a timeout (never after a quota refusal). Errors leave as
 * the port's codes; a quota refusal also raises the engine's `quota.exhausted` event.
 */
export class SttPipeline implements SttPort {
  private readonly slots: Semaphore;
  private readonly cpu: CpuTurns;

  constructor(private readonly deps: SttPipelineDeps) {
    this.slots = new Semaphore(deps.config.maxParallel);
    this.cpu = deps.cpu ?? new CpuTurns();
  }

  /** Quota refusals raise `quota.exhausted` on this bus from now on (the plugin's start()). */
  attachEvents(events: EngineEventsPort): void {
    this.deps.alarm.attach(events);
  }

  async transcribe(req: SttRequest): Promise<SttResult> {
    const provider = this.deps.provider.name;
    const timings: Timings = { precheckMs: 0, enhanceMs: 0, requestMs: 0 };
    const started = performance.now();
    try {
      const result = await this.run(req, timings);
      this.count(result.status === 'silent' ? 'silent' : result.text ? 'ok' : 'empty', timings, started);
      this.deps.logger.debug({ recording: req.name, provider, status: result.status, chars: result.text.length, ...timings }, 'transcribed');
      return result;
    } catch (err) {
      const failure = this.toEngineError(err, req);
      const outcome = outcomeOf(failure);
      this.count(outcome, timings, started);
      // A caller that hung up is routine; everything else is worth a warning.
      const log = outcome === 'aborted' ? this.deps.logger.debug : this.deps.logger.warn;
      log.call(this.deps.logger, { err: failure, recording: req.name, provider, ...timings }, 'transcription failed');
      throw failure;
    }
  }

  private async run(req: SttRequest, timings: Timings): Promise<SttResult> {
    const { provider, enhancer, config, metrics } = this.deps;
    let t = performance.now();
    const verdict = await this.cpu.run(() => silenceGate(req.audio, config.silence), req.signal);
    timings.precheckMs = performance.now() - t;
    if (verdict.silent) {
      metrics.silent.inc({ reason: verdict.reason });
      return { text: '', status: 'silent', provider: provider.name, timings };
    }
    t = performance.now();
    const { audio, enhanced } = await enhancer.enhance({ raw: req.audio, samples: verdict.samples, sampleRate: verdict.info.sampleRate, ...signalOf(req) });
    timings.enhanceMs = performance.now() - t;
    // The copy is written while the request is in flight; it never delays or fails the transcription.
    const keeping = enhanced ? enhancer.keep(req.name, audio) : Promise.resolve(undefined);
    t = performance.now();
    let answer: ProviderAnswer;
    try {
      answer = await this.request(req, audio);
    } finally {
      timings.requestMs = performance.now() - t;
    }
    const enhancedPath = await keeping;
    const kept = enhancedPath ? { enhancedPath } : {};
    if (answer.kind === 'empty-audio') {
      metrics.silent.inc({ reason: 'provider' });
      return { text: '', status: 'silent', provider: provider.name, timings, ...kept };
    }
    return { text: answer.text, status: 'ok', provider: provider.name, timings, ...kept };
  }

  /** One provider slot for the request and its retry; the wait in the queue is measured apart. */
  private async request(req: SttRequest, audio: Buffer): Promise<ProviderAnswer> {
    const { metrics, provider } = this.deps;
    const labels = { provider: provider.name };
    const queuedAt = performance.now();
    metrics.queued.inc(labels);
    let dequeued = false;
    try {
      return await this.slots.run(async () => {
        dequeued = true;
        metrics.queued.dec(labels);
        metrics.stageSeconds.observe({ ...labels, stage: 'queue' }, (performance.now() - queuedAt) / 1000);
        metrics.inFlight.inc(labels);
        const sentAt = performance.now();
        try {
          return await this.withRetry(req, audio);
        } finally {
          metrics.inFlight.dec(labels);
          metrics.stageSeconds.observe({ ...labels, stage: 'request' }, (performance.now() - sentAt) / 1000);
        }
      }, req.signal);
    } finally {
      if (!dequeued) metrics.queued.dec(labels);
    }
  }

  private async withRetry(req: SttRequest, audio: Buffer): Promise<ProviderAnswer> {
    const { provider, config, metrics, logger } = this.deps;
    const attempt = (): Promise<ProviderAnswer> =>
      attemptWithTimeout(config.timeoutSec * 1000, req.signal, (signal) =>
        provider.transcribe({ audio, name: req.name, hotwords: req.hotwords ?? [], language: req.language ?? config.language, signal }),
      );
    try {
      return await attempt();
    } catch (err) {
      const reason = err instanceof AttemptTimeout ? 'timeout' : err instanceof ProviderFailure && err.kind === 'server' ? 'server_error' : undefined;
      if (!reason || req.signal?.aborted) throw err;
      metrics.retries.inc({ provider: provider.name, reason });
      logger.warn({ recording: req.name, provider: provider.name, reason, status: err instanceof ProviderFailure ? err.status : undefined }, 'STT attempt failed; retrying once');
      return attempt();
    }
  }

  private toEngineError(err: unknown, req: SttRequest): EngineError {
    const { provider, alarm } = this.deps;
    if (req.signal?.aborted) {
      return new EngineError('CE_STT_FAILED', `transcription of ${req.name} aborted by the caller`, { cause: err, details: { reason: 'aborted' } });
    }
    if (err instanceof AttemptTimeout) {
      return new EngineError('CE_STT_TIMEOUT', `${provider.name} gave no answer within ${this.deps.config.timeoutSec} s (twice)`, { details: { provider: provider.name } });
    }
    if (err instanceof ProviderFailure) {
      const details = { provider: provider.name, reason: err.kind, status: err.status, body: err.detail };
      if (err.kind === 'quota') {
        alarm.raise(provider.name, provider.quotaResult, err.detail ?? err.message);
        return new EngineError('CE_STT_QUOTA', err.message, { cause: err, details: { ...details, result: provider.quotaResult } });
      }
      return new EngineError('CE_STT_FAILED', err.message, { cause: err, details });
    }
    // CE_AUDIO_INVALID passes through: the caller treats a damaged recording as "no speech".
    if (isEngineError(err)) return err;
    return new EngineError('CE_STT_FAILED', `transcription of ${req.name} failed`, { cause: err });
  }

  private count(outcome: SttOutcome, timings: Timings, started: number): void {
    const { metrics, provider } = this.deps;
    const labels = { provider: provider.name };
    metrics.requests.inc({ ...labels, outcome });
    metrics.stageSeconds.observe({ ...labels, stage: 'precheck' }, timings.precheckMs / 1000);
    if (timings.enhanceMs > 0) metrics.stageSeconds.observe({ ...labels, stage: 'enhance' }, timings.enhanceMs / 1000);
    metrics.stageSeconds.observe({ ...labels, stage: 'total' }, (performance.now() - started) / 1000);
  }
}

function signalOf(req: SttRequest): { signal?: AbortSignal } {
  return req.signal ? { signal: req.signal } : {};
}

function outcomeOf(err: EngineError): SttOutcome {
  if ((err.details as { reason?: string } | undefined)?.reason === 'aborted') return 'aborted';
  if (err.code === 'CE_AUDIO_INVALID') return 'invalid_audio';
  if (err.code === 'CE_STT_QUOTA') return 'quota';
  if (err.code === 'CE_STT_TIMEOUT') return 'timeout';
  return 'failed';
}
