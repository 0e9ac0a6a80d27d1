import type { CounterMetric, GaugeMetric, HistogramMetric, MetricsPort } from '../../engine/src/index';

/**
 * The STT plugin's Prometheus instruments. Stage latencies are split so a slow answer can be pinned
 * on the clean-up, the queue for a provider slot, or the provider itself.
 */
export type SttOutcome = 'ok' | 'empty' | 'silent' | 'quota' | 'timeout' | 'failed' | 'aborted' | 'invalid_audio';
export type SttStage = 'precheck' | 'enhance' | 'queue' | 'request' | 'total';

export interface SttMetrics {
  readonly stageSeconds: HistogramMetric;
  readonly requests: CounterMetric;
  readonly retries: CounterMetric;
  readonly silent: CounterMetric;
  readonly enhance: CounterMetric;
  readonly inFlight: GaugeMetric;
  readonly queued: GaugeMetric;
}

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60];

export function createSttMetrics(metrics: MetricsPort): SttMetrics {
  return {
    stageSeconds: metrics.histogram(
      'salehi_stt_stage_duration_seconds',
      'Time spent per transcription stage: precheck (silence gate), enhance (clean-up), queue (waiting for a provider slot), request (provider, with retry), total',
      ['provider', 'stage'],
      BUCKETS,
    ),
    requests: metrics.counter('salehi_stt_transcriptions_total', 'Transcriptions by provider and outcome (ok, empty, silent, quota, timeout, failed, aborted, invalid_audio)', ['provider', 'outcome']),
    retries: metrics.counter('salehi_stt_retries_total', 'Provider requests sent again after a 5xx or a timeout', ['provider', 'reason']),
    silent: metrics.counter('salehi_stt_silence_rejected_total', 'Recordings judged "no speech" before any request, by reason (tiny, short, quiet, provider)', ['reason']),
    enhance: metrics.counter('salehi_stt_enhance_total', 'Audio clean-ups by mode and outcome (ok, fallback = raw audio sent)', ['mode', 'outcome']),
    inFlight: metrics.gauge('salehi_stt_requests_in_flight', 'Provider requests holding a slot of plugins.stt.maxParallel', ['provider']),
    queued: metrics.gauge('salehi_stt_requests_queued', 'Transcriptions waiting for a free provider slot', ['provider']),
  };
}
