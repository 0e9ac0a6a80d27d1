import type { CounterMetric, GaugeMetric, HistogramMetric, MetricsPort } from '../../../ports/metrics.port';

/** The FastAGI server's instruments; a no-op set when no MetricsPort is given (tools, some tests). */
export interface AgiMetrics {
  readonly sessions: CounterMetric;
  readonly active: GaugeMetric;
  readonly commandSeconds: HistogramMetric;
  readonly errors: CounterMetric;
}

const noop = { inc: () => undefined, set: () => undefined, dec: () => undefined, observe: () => undefined };

// Command round trips on loopback are sub-millisecond; media commands take seconds.
const COMMAND_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export function createAgiMetrics(metrics: MetricsPort | undefined): AgiMetrics {
  if (!metrics) return { sessions: noop, active: noop, commandSeconds: noop, errors: noop };
  return {
    sessions: metrics.counter('agi_sessions_total', 'FastAGI sessions accepted, by route', ['route']),
    active: metrics.gauge('agi_sessions_active', 'FastAGI sessions currently open'),
    commandSeconds: metrics.histogram(
      'agi_command_duration_seconds',
      'Round trip of one AGI command, from write to result, by command',
      ['command'],
      COMMAND_BUCKETS,
    ),
    errors: metrics.counter('agi_errors_total', 'FastAGI failures (bad connections, command errors), by error code', ['code']),
  };
}
