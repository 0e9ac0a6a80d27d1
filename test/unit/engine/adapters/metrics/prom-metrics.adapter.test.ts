import assert from 'node:assert/strict';
import { register as globalRegistry } from 'prom-client';
import { CaptureLogger } from '../../../../fakes/capture-logger';
import { PromMetricsAdapter } from '../../../../../engine/src/adapters/metrics/prom-metrics.adapter';
import { isEngineError } from '../../../../../engine/src/errors';

describe('PromMetricsAdapter', () => {
  let logger: CaptureLogger;
  let metrics: PromMetricsAdapter;
  beforeEach(() => {
    logger = new CaptureLogger();
    metrics = new PromMetricsAdapter(logger, { defaultMetrics: false });
  });

  it('renders counters, gauges and histograms in the Prometheus text format', async () => {
    metrics.counter('salehi_calls_total', 'Calls', ['outcome']).inc({ outcome: 'busy' }, 2);
    const live = metrics.gauge('salehi_live_calls', 'Live calls', ['line']);
    live.set({ line: '1' }, 3);
    live.inc({ line: '1' });
    live.dec({ line: '1' }, 2);
    metrics.histogram('salehi_answer_seconds', 'Time to answer', [], [1, 5]).observe({}, 2);

    const { contentType, body } = await metrics.render();

    assert.match(contentType, /^text\/plain; version=0\.0\.4/);
    assert.match(body, /^# HELP salehi_calls_total Calls$/m);
    assert.match(body, /^salehi_calls_total\{outcome="busy"\} 2$/m);
    assert.match(body, /^salehi_live_calls\{line="1"\} 2$/m);
    assert.match(body, /^salehi_answer_seconds_bucket\{le="1"\} 0$/m);
    assert.match(body, /^salehi_answer_seconds_bucket\{le="5"\} 1$/m);
    assert.match(body, /^salehi_answer_seconds_count 1$/m);
  });

  it('returns the first instrument when a name is declared twice', async () => {
    const a = metrics.counter('salehi_x_total', 'x');
    const b = metrics.counter('salehi_x_total', 'x again');
    a.inc();
    b.inc();

    assert.equal(a, b);
    assert.match((await metrics.render()).body, /^salehi_x_total 2$/m);
  });

  it('throws CE_METRICS_INVALID for a name reused as another kind or an invalid name', () => {
    metrics.counter('salehi_y_total', 'y');
    assert.throws(() => metrics.gauge('salehi_y_total', 'y'), (err) => isEngineError(err, 'CE_METRICS_INVALID'));
    assert.throws(() => metrics.counter('bad name!', 'z'), (err) => isEngineError(err, 'CE_METRICS_INVALID'));
    assert.throws(() => metrics.counter('salehi_z_total', 'z', ['bad-label']), (err) => isEngineError(err, 'CE_METRICS_INVALID'));
  });

  it('keeps its own registry: two engines never collide and the global registry stays empty', async () => {
    const other = new PromMetricsAdapter(logger, { defaultMetrics: false });
    metrics.counter('salehi_shared_total', 's').inc({}, 5);
    other.counter('salehi_shared_total', 's').inc({}, 1);

    assert.match((await metrics.render()).body, /^salehi_shared_total 5$/m);
    assert.match((await other.render()).body, /^salehi_shared_total 1$/m);
    assert.equal(globalRegistry.getSingleMetric('salehi_shared_total'), undefined);
  });

  it('includes process metrics unless turned off', async () => {
    const withDefaults = new PromMetricsAdapter(logger);
    assert.match((await withDefaults.render()).body, /^process_resident_memory_bytes \d+/m);
    assert.doesNotMatch((await metrics.render()).body, /process_resident_memory_bytes/);
  });

  it('adds default labels to every series', async () => {
    const labelled = new PromMetricsAdapter(logger, { defaultMetrics: false, defaultLabels: { instance: 'pbx-1' } });
    labelled.counter('salehi_l_total', 'l').inc();
    assert.match((await labelled.render()).body, /^salehi_l_total\{instance="pbx-1"\} 1$/m);
  });

  it('drops a bad observation instead of throwing, and warns once per metric', async () => {
    const c = metrics.counter('salehi_bad_total', 'b', ['outcome']);

    assert.doesNotThrow(() => c.inc({ unknown: 'x' }));
    assert.doesNotThrow(() => c.inc({ outcome: 'ok' }, -1));
    c.inc({ outcome: 'ok' });

    const warnings = logger.records.filter((r) => r.level === 'warn');
    assert.equal(warnings.length, 1);
    assert.equal((warnings[0]?.obj as { metric: string }).metric, 'salehi_bad_total');
    assert.match((await metrics.render()).body, /^salehi_bad_total\{outcome="ok"\} 1$/m);
  });
});
