import 'reflect-metadata';
import assert from 'node:assert/strict';
import type { MetricLabels, MetricsPort } from '../../../engine/src/ports/metrics.port';
import { capturedEvents } from '../../fixtures/ari-events/ari-fixtures';
import { startHarness, until, type Harness } from './support/adapter-harness';

/** Keeps every observation so the test can read what the adapter measured. */
class RecordingMetrics implements MetricsPort {
  readonly samples: Array<{ name: string; labels: MetricLabels; value: number }> = [];
  counter(name: string) {
    return { inc: (labels: MetricLabels = {}, value = 1) => void this.samples.push({ name, labels, value }) };
  }
  gauge(name: string) {
    const push = (labels: MetricLabels = {}, value = 1) => void this.samples.push({ name, labels, value });
    return { set: push, inc: push, dec: push };
  }
  histogram(name: string) {
    return { observe: (labels: MetricLabels, value: number) => void this.samples.push({ name, labels, value }) };
  }
  async render() {
    return { contentType: 'text/plain', body: '' };
  }
  sum(name: string, pred: (l: MetricLabels) => boolean = () => true): number {
    return this.samples.filter((s) => s.name === name && pred(s.labels)).reduce((a, s) => a + s.value, 0);
  }
}

describe('AriTelephonyAdapter metrics (integration)', () => {
  let h: Harness;
  const metrics = new RecordingMetrics();

  before(async () => {
    h = await startHarness({ metrics });
  });

  after(async () => {
    await h.stop();
  });

  it('counts events by outcome (rate = events/s)', async () => {
    for (const e of capturedEvents('ari-08-stasis-e2e')) h.server.send(e);
    h.server.send('{broken');
    await until(() => metrics.sum('ari_events_total') >= capturedEvents('ari-08-stasis-e2e').length + 1);
    assert.ok(metrics.sum('ari_events_total', (l) => l.outcome === 'delivered') > 30);
    assert.ok(metrics.sum('ari_events_total', (l) => l.outcome === 'ignored') > 5);
    assert.equal(metrics.sum('ari_events_total', (l) => l.outcome === 'invalid'), 1);
  });

  it('observes REST latency by operation and outcome', async () => {
    h.server.route('POST', '/channels/c1/answer', { status: 204 });
    h.server.route('POST', '/channels/gone/answer', { status: 404, body: { message: 'Channel not found' } });
    await h.adapter.answer('c1');
    await h.adapter.answer('gone').catch(() => undefined);
    const answers = metrics.samples.filter((s) => s.name === 'ari_request_duration_seconds' && s.labels.operation === 'channels.answer');
    assert.deepEqual(answers.map((s) => s.labels.outcome), ['204', '404']);
    assert.ok(answers.every((s) => s.value >= 0 && s.value < 5));
  });

  it('counts reconnects and tracks the connected gauge', async () => {
    h.server.dropSockets();
    await h.waitFor((e) => e.type === 'connection.restored');
    assert.equal(metrics.sum('ari_reconnects_total'), 1);
    const gauge = metrics.samples.filter((s) => s.name === 'ari_connected').map((s) => s.value);
    assert.deepEqual(gauge.slice(-3), [1, 0, 1]);
  });
});
