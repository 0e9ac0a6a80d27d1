import type { CounterMetric, GaugeMetric, HistogramMetric, MetricsPort } from '../../../ports/metrics.port';

/** The ARI adapter's instruments; a no-op set when no MetricsPort is given (tools, some tests). */
export interface AriMetrics {
  readonly reconnects: CounterMetric;
  readonly connected: GaugeMetric;
  readonly requestSeconds: HistogramMetric;
  /** Events, by outcome: delivered, duplicate, ignored, unknown, invalid. Rate = events/s. */
  readonly events: CounterMetric;
  readonly reconcile: CounterMetric;
  readonly appReplaced: CounterMetric;
}

const noop = { inc: () => undefined, set: () => undefined, dec: () => undefined, observe: () => undefined };

// REST round trips on loopback take about a millisecond; a loaded PBX can take seconds.
const REQUEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createAriMetrics(metrics: MetricsPort | undefined): AriMetrics {
  if (!metrics) {
    return { reconnects: noop, connected: noop, requestSeconds: noop, events: noop, reconcile: noop, appReplaced: noop };
  }
  return {
    reconnects: metrics.counter('ari_reconnects_total', 'ARI event socket reconnections after a loss'),
    connected: metrics.gauge('ari_connected', '1 while the ARI event socket is open'),
    requestSeconds: metrics.histogram(
      'ari_request_duration_seconds',
      'ARI REST round trip, by operation and outcome (HTTP status, timeout or network)',
      ['operation', 'outcome'],
      REQUEST_BUCKETS,
    ),
    events: metrics.counter('ari_events_total', 'ARI events, by outcome (delivered, duplicate, ignored, unknown, invalid). Rate = events/s', ['outcome']),
    reconcile: metrics.counter('ari_reconcile_channels_total', 'Channels handled by the reconcile after a (re)connect, by action', ['action']),
    appReplaced: metrics.counter('ari_app_replaced_total', 'ApplicationReplaced received: another client took our Stasis application'),
  };
}
