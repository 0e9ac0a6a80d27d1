import assert from 'node:assert/strict';
import sinon from 'sinon';
import { evaluateReadiness } from '../../../../engine/src/health/readiness';
import type { PluginStatus } from '../../../../engine/src/plugin-host/plugin.types';

const plugin = (id: string, state: PluginStatus['state'], optional = false, errorCode?: string): PluginStatus =>
  (errorCode ? { id, version: '1.0.0', optional, state, errorCode } : { id, version: '1.0.0', optional, state });

describe('evaluateReadiness', () => {
  afterEach(() => sinon.restore());

  it('is ready with no indicators and no plugins', async () => {
    const report = await evaluateReadiness([], []);
    assert.deepEqual(report, { ready: true, components: [], plugins: [], reasons: [] });
  });

  it('is not ready while a non-optional plugin has not started yet', async () => {
    const report = await evaluateReadiness([], [plugin('dialer', 'starting'), plugin('sms-alerts', 'registered', true)]);

    assert.equal(report.ready, false);
    assert.deepEqual(report.reasons, ["plugin 'dialer' is starting"]);
  });

  it('lists every reason: failing components and failed plugins', async () => {
    const report = await evaluateReadiness(
      [{ name: 'ari', check: () => ({ ok: false }) }, { name: 'store', check: () => ({ ok: false, detail: 'disk full' }) }],
      [plugin('panel', 'failed', false, 'CE_PLUGIN_START_FAILED')],
    );

    assert.deepEqual(report.reasons, ["component 'ari' is not ok", "component 'store' is not ok: disk full", "plugin 'panel' is failed (CE_PLUGIN_START_FAILED)"]);
  });

  it('fails a check that does not answer within the time budget, and reports it', async () => {
    const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const onCheckError = sinon.spy();
    const hung = { name: 'ami', check: () => new Promise<never>(() => undefined) };

    const pending = evaluateReadiness([hung, { name: 'store', check: () => ({ ok: true }) }], [], { timeoutMs: 1500, onCheckError });
    await clock.tickAsync(1500);
    const report = await pending;

    assert.deepEqual(report.components, [{ name: 'ami', ok: false, detail: 'check timed out after 1500 ms' }, { name: 'store', ok: true }]);
    assert.equal(onCheckError.firstCall.args[0], 'ami');
    assert.equal(clock.countTimers(), 0, 'no timer left behind');
  });

  it('treats a malformed report as not ok and truncates long details', async () => {
    const report = await evaluateReadiness(
      [{ name: 'weird', check: () => undefined as never }, { name: 'chatty', check: () => ({ ok: false, detail: 'x'.repeat(500) }) }],
      [],
    );

    assert.equal(report.components[0]?.ok, false);
    assert.equal(report.components[1]?.detail?.length, 200);
  });
});
