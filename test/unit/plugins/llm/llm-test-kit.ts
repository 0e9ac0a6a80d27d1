import type {
  CounterMetric,
  EngineEvent,
  EngineEventsPort,
  GaugeMetric,
  HistogramMetric,
  MetricLabels,
  MetricsPort,
} from '../../../../engine/src/index';

export interface MetricSample {
  readonly name: string;
  readonly labels: MetricLabels;
  readonly value: number;
}

/** A MetricsPort that keeps every sample, so tests can assert what was counted and observed. */
export class RecordingMetrics implements MetricsPort {
  readonly samples: MetricSample[] = [];

  counter(name: string): CounterMetric {
    return { inc: (labels = {}, value = 1) => void this.samples.push({ name, labels, value }) };
  }

  gauge(name: string): GaugeMetric {
    const push = (labels: MetricLabels = {}, value = 1): void => void this.samples.push({ name, labels, value });
    return { set: push, inc: push, dec: push };
  }

  histogram(name: string): HistogramMetric {
    return { observe: (labels, value) => void this.samples.push({ name, labels, value }) };
  }

  render(): Promise<{ contentType: string; body: string }> {
    return Promise.resolve({ contentType: 'text/plain', body: '' });
  }

  named(name: string): MetricSample[] {
    return this.samples.filter((s) => s.name === name);
  }
}

/** An EngineEventsPort that records what was emitted. */
export class RecordingEvents implements EngineEventsPort {
  readonly emitted: EngineEvent[] = [];
  emit(event: EngineEvent): void {
    this.emitted.push(event);
  }
  on(): () => void {
    return () => undefined;
  }
}
