import type { MetricsPort } from '../../engine/src/index';
import type { FailureReason } from './providers/provider-failure';

/**
 * The llm plugin's instruments. `outcome` is `ok` (an allowed label came back), `refusal`,
 * `unparsable` (no allowed label in the answer) or the failure reason (`quota`, `timeout`,
 * `rate_limited`, `server_error`, `malformed`, `network`, ...). Every outcome but `ok` means the
 * local classifier's answer was used (or, for `quota`, the call failed with `failed:llm_quota`).
 */
export type LlmOutcome = 'ok' | 'refusal' | 'unparsable' | FailureReason;

export interface LlmMetrics {
  /** One finished LLM classification (all attempts), with its wall time. */
  request(outcome: LlmOutcome, seconds: number): void;
  quotaExhausted(): void;
  /** The local classifier was decisive, so no LLM request was made. */
  fastPathHit(label: string): void;
}

/** Covers a fast gateway (~0.3 s) up to the legacy 20 s timeout. */
const LATENCY_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 3, 5, 8, 13, 20, 30];

export function createLlmMetrics(metrics: MetricsPort | undefined, provider: string): LlmMetrics {
  if (!metrics) return { request: () => undefined, quotaExhausted: () => undefined, fastPathHit: () => undefined };
  const latency = metrics.histogram(
    'salehi_llm_request_duration_seconds',
    'Wall time of one LLM intent classification (queue wait plus every attempt)',
    ['provider', 'outcome'],
    LATENCY_BUCKETS,
  );
  const results = metrics.counter('salehi_llm_results_total', 'LLM intent classifications by provider and outcome', ['provider', 'outcome']);
  const quota = metrics.counter('salehi_llm_quota_events_total', 'LLM quota exhaustion answers (each pauses the dialer)', ['provider']);
  const fastPath = metrics.counter('salehi_llm_fast_path_total', 'Replies the local classifier decided without an LLM call', ['label']);
  return {
    request: (outcome, seconds) => {
      latency.observe({ provider, outcome }, seconds);
      results.inc({ provider, outcome });
    },
    quotaExhausted: () => quota.inc({ provider }),
    fastPathHit: (label) => fastPath.inc({ label }),
  };
}
