import type { EngineError } from '../../../../../../engine/src/errors';
import type { CounterMetric, GaugeMetric, HistogramMetric, MetricLabels, MetricsPort } from '../../../../../../engine/src/ports/metrics.port';
import type { AgiTransport } from '../../../../../../engine/src/adapters/asterisk/fastagi/agi-command-queue';

/** MetricsPort that keeps every value in memory: `counters['name{a=b}']`, `observations['name']`. */
export class RecordingMetrics implements MetricsPort {
  readonly counters = new Map<string, number>();
  readonly gauges = new Map<string, number>();
  readonly observations = new Map<string, number[]>();

  counter(name: string): CounterMetric {
    return { inc: (labels?: MetricLabels, value = 1) => this.add(this.counters, key(name, labels), value) };
  }

  gauge(name: string): GaugeMetric {
    return {
      set: (labels: MetricLabels, value: number) => this.gauges.set(key(name, labels), value),
      inc: (labels?: MetricLabels, value = 1) => this.add(this.gauges, key(name, labels), value),
      dec: (labels?: MetricLabels, value = 1) => this.add(this.gauges, key(name, labels), -value),
    };
  }

  histogram(name: string): HistogramMetric {
    return {
      observe: (_labels: MetricLabels, value: number) => {
        const list = this.observations.get(name) ?? [];
        list.push(value);
        this.observations.set(name, list);
      },
    };
  }

  render(): Promise<{ contentType: string; body: string }> {
    return Promise.resolve({ contentType: 'text/plain', body: '' });
  }

  count(name: string, labels?: MetricLabels): number {
    return this.counters.get(key(name, labels)) ?? 0;
  }

  private add(map: Map<string, number>, k: string, v: number): void {
    map.set(k, (map.get(k) ?? 0) + v);
  }
}

function key(name: string, labels?: MetricLabels): string {
  const parts = Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`);
  return parts.length ? `${name}{${parts.join(',')}}` : name;
}

/** AgiTransport that records written lines and aborts. */
export class FakeTransport implements AgiTransport {
  readonly written: string[] = [];
  readonly aborts: EngineError[] = [];
  onWrite: (line: string) => void = () => undefined;

  write(line: string): void {
    this.written.push(line);
    this.onWrite(line);
  }

  abort(error: EngineError): void {
    this.aborts.push(error);
  }
}

/** Lets pending promise callbacks run (several hops of awaits). */
export async function flush(times = 5): Promise<void> {
  for (let i = 0; i < times; i++) await Promise.resolve();
}
