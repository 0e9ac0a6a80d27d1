import assert from 'node:assert/strict';
import { AUTH, buildTestApp, type TestApp } from './http-test-kit';
import type { PluginStatus } from '../../../../../engine/src/plugin-host/plugin.types';

interface ReadyBody {
  ready: boolean;
  components: Array<{ name: string; ok: boolean; detail?: string }>;
  plugins: Array<{ id: string; state: string; optional: boolean; errorCode?: string }>;
  reasons: string[];
}

const started = (id: string, optional = false): PluginStatus => ({ id, version: '1.0.0', optional, state: 'started' });

describe('GET /ready', () => {
  let t: TestApp;
  beforeEach(() => {
    t = buildTestApp();
  });
  afterEach(() => t.server.close());

  async function ready(): Promise<{ status: number; body: ReadyBody }> {
    const res = await t.server.inject({ method: 'GET', url: '/ready', headers: AUTH });
    return { status: res.statusCode, body: res.json<ReadyBody>() };
  }

  it('is 200 when every component is ok and every plugin started', async () => {
    t.health.add({ name: 'store', check: () => ({ ok: true }) });
    t.health.add({ name: 'ami', check: async () => ({ ok: true, detail: 'connected' }) });
    t.plugins.statuses = [started('dialer'), started('panel')];

    const { status, body } = await ready();

    assert.equal(status, 200);
    assert.equal(body.ready, true);
    assert.deepEqual(body.reasons, []);
    assert.deepEqual(body.components, [{ name: 'store', ok: true }, { name: 'ami', ok: true, detail: 'connected' }]);
    assert.deepEqual(body.plugins.map((p) => p.id), ['dialer', 'panel']);
  });

  it('is 503 naming a failing component', async () => {
    t.health.add({ name: 'store', check: () => ({ ok: true }) });
    t.health.add({ name: 'ami', check: () => ({ ok: false, detail: 'disconnected, retry in 4 s' }) });

    const { status, body } = await ready();

    assert.equal(status, 503);
    assert.equal(body.ready, false);
    assert.deepEqual(body.components[1], { name: 'ami', ok: false, detail: 'disconnected, retry in 4 s' });
    assert.deepEqual(body.reasons, ["component 'ami' is not ok: disconnected, retry in 4 s"]);
  });

  it('is 503 naming a failed plugin and its error code', async () => {
    t.plugins.statuses = [started('dialer'), { id: 'panel', version: '1.0.0', optional: false, state: 'failed', errorCode: 'CE_PLUGIN_START_FAILED', error: 'ECONNREFUSED' }];

    const { status, body } = await ready();

    assert.equal(status, 503);
    assert.deepEqual(body.plugins[1], { id: 'panel', state: 'failed', optional: false, errorCode: 'CE_PLUGIN_START_FAILED' });
    assert.deepEqual(body.reasons, ["plugin 'panel' is failed (CE_PLUGIN_START_FAILED)"]);
  });

  it('stays 200 when only an optional plugin failed, and still lists it', async () => {
    t.plugins.statuses = [started('dialer'), { id: 'sms-alerts', version: '1.0.0', optional: true, state: 'failed', errorCode: 'CE_PLUGIN_START_FAILED' }];

    const { status, body } = await ready();

    assert.equal(status, 200);
    assert.equal(body.plugins[1]?.state, 'failed');
  });

  it('reports a throwing check as not ok without its message, and logs the error', async () => {
    const boom = new Error('connect ECONNREFUSED 10.1.1.1:5038');
    t.health.add({ name: 'ami', check: () => { throw boom; } });

    const { status, body } = await ready();

    assert.equal(status, 503);
    assert.deepEqual(body.components, [{ name: 'ami', ok: false, detail: 'check failed' }]);
    const logged = t.logger.find('warn', /health check failed/);
    assert.equal((logged?.obj as { err?: unknown }).err, boom);
  });
});
