/**
 * Metrics port. The Prometheus client stays in an adapter; engine code and plugins create
 * instruments through this port. Creating an instrument twice with the same name returns the first.
 */
export type MetricLabels = Record<string, string | number>;

export interface CounterMetric {
  inc(labels?: MetricLabels, value?: number): void;
}

export interface GaugeMetric {
  set(labels: MetricLabels, value: number): void;
  inc(labels?: MetricLabels, value?: number): void;
  dec(labels?: MetricLabels, value?: number): void;
}

export interface HistogramMetric {
  /** Records one observation, in the unit the histogram name states (`_seconds`, `_bytes`). */
  observe(labels: MetricLabels, value: number): void;
}

export interface MetricsPort {
  counter(name: string, help: string, labelNames?: readonly string[]): CounterMetric;
  gauge(name: string, help: string, labelNames?: readonly string[]): GaugeMetric;
  histogram(name: string, help: string, labelNames?: readonly string[], buckets?: readonly number[]): HistogramMetric;
  /** The text exposition for `/metrics`. */
  render(): Promise<{ contentType: string; body: string }>;
}
