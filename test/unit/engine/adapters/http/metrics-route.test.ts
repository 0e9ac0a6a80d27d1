import assert from 'node:assert/strict';
import { AUTH, buildTestApp, type TestApp } from './http-test-kit';

describe('GET /metrics', () => {
  let t: TestApp;
  beforeEach(() => {
    t = buildTestApp({ defaultMetrics: true });
  });
  afterEach(() => t.server.close());

  it('serves Prometheus text with process metrics and counters made through MetricsPort', async () => {
    const calls = t.metrics.counter('salehi_test_calls_total', 'Calls placed in the test', ['outcome']);
    calls.inc({ outcome: 'answered' });
    calls.inc({ outcome: 'answered' }, 2);

    const res = await t.server.inject({ method: 'GET', url: '/metrics', headers: AUTH });

    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    assert.match(res.body, /^process_cpu_user_seconds_total \d/m);
    assert.match(res.body, /^nodejs_heap_size_used_bytes \d/m);
    assert.match(res.body, /^salehi_test_calls_total\{outcome="answered"\} 3$/m);
  });

  it('counts answered requests by route pattern, not by raw URL', async () => {
    await t.server.inject({ method: 'GET', url: '/api/demo/items/5', headers: AUTH });
    await t.server.inject({ method: 'GET', url: '/api/demo/items/6', headers: AUTH });
    await t.server.inject({ method: 'GET', url: '/no/such/7', headers: AUTH });

    const res = await t.server.inject({ method: 'GET', url: '/metrics', headers: AUTH });

    assert.match(res.body, /^salehi_http_requests_total\{method="GET",route="\/api\/demo\/items\/:id",status="200"\} 2$/m);
    assert.match(res.body, /^salehi_http_requests_total\{method="GET",route="unmatched",status="404"\} 1$/m);
    assert.doesNotMatch(res.body, /items\/5/);
  });
});
