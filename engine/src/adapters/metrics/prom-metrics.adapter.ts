import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { EngineError, describeError } from '../../errors';
import type { Logger } from '../../ports/logger.port';
import type { CounterMetric, GaugeMetric, HistogramMetric, MetricLabels, MetricsPort } from '../../ports/metrics.port';

export interface PromMetricsOptions {
  /** Node process metrics (CPU, memory, event-loop lag, GC); default true. */
  readonly defaultMetrics?: boolean;
  /** Labels added to every series, e.g. `{ instance: 'pbx-1' }`. */
  readonly defaultLabels?: Readonly<Record<string, string>>;
}

type Kind = 'counter' | 'gauge' | 'histogram';
interface Entry {
  readonly kind: Kind;
  readonly port: CounterMetric | GaugeMetric | HistogramMetric;
}

/**
 * MetricsPort on prom-client. Each instance owns its own Registry instead of prom-client's global
 * one, so two engines in one process (integration tests) never collide on metric names.
 * Built by the composition root with `new` (it is not resolved by the container).
 *
 * A bad observation (unknown label, negative counter step) is a bug in the caller, but it must not
 * abort a live call: it is logged once per metric and dropped.
 */
export class PromMetricsAdapter implements MetricsPort {
  private readonly registry = new Registry();
  private readonly entries = new Map<string, Entry>();
  private readonly warned = new Set<string>();

  constructor(
    private readonly logger: Logger,
    opts: PromMetricsOptions = {},
  ) {
    if (opts.defaultLabels) this.registry.setDefaultLabels({ ...opts.defaultLabels });
    if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
  }

  counter(name: string, help: string, labelNames: readonly string[] = []): CounterMetric {
    return this.instrument(name, 'counter', () => {
      const c = new Counter({ name, help, labelNames: [...labelNames], registers: [this.registry] });
      return { inc: (labels?: MetricLabels, value?: number) => this.guard(name, () => c.inc(labels ?? {}, value ?? 1)) };
    }) as CounterMetric;
  }

  gauge(name: string, help: string, labelNames: readonly string[] = []): GaugeMetric {
    return this.instrument(name, 'gauge', () => {
      const g = new Gauge({ name, help, labelNames: [...labelNames], registers: [this.registry] });
      return {
        set: (labels: MetricLabels, value: number) => this.guard(name, () => g.set(labels ?? {}, value)),
        inc: (labels?: MetricLabels, value?: number) => this.guard(name, () => g.inc(labels ?? {}, value ?? 1)),
        dec: (labels?: MetricLabels, value?: number) => this.guard(name, () => g.dec(labels ?? {}, value ?? 1)),
      };
    }) as GaugeMetric;
  }

  histogram(name: string, help: string, labelNames: readonly string[] = [], buckets?: readonly number[]): HistogramMetric {
    return this.instrument(name, 'histogram', () => {
      const config = { name, help, labelNames: [...labelNames], registers: [this.registry] };
      const h = new Histogram(buckets ? { ...config, buckets: [...buckets] } : config);
      return { observe: (labels: MetricLabels, value: number) => this.guard(name, () => h.observe(labels ?? {}, value)) };
    }) as HistogramMetric;
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private instrument(name: string, kind: Kind, create: () => Entry['port']): Entry['port'] {
    const existing = this.entries.get(name);
    if (existing) {
      if (existing.kind !== kind) {
        throw new EngineError('CE_METRICS_INVALID', `Metric '${name}' is already a ${existing.kind}, not a ${kind}`);
      }
      return existing.port;
    }
    let port: Entry['port'];
    try {
      port = create();
    } catch (err) {
      // prom-client rejects bad names and label names, and names already taken by the default metrics.
      throw new EngineError('CE_METRICS_INVALID', `Metric '${name}' cannot be created: ${describeError(err)}`, { cause: err });
    }
    this.entries.set(name, { kind, port });
    return port;
  }

  private guard(name: string, op: () => void): void {
    try {
      op();
    } catch (err) {
      if (this.warned.has(name)) return;
      this.warned.add(name);
      this.logger.warn({ err, metric: name }, 'metric update rejected; further errors of this metric are not logged');
    }
  }
}
