import 'reflect-metadata';
import assert from 'node:assert/strict';
import { buildEngine, type Engine } from '../../../engine/src/build-engine';
import { loadConfig } from '../../../engine/src/config/load-config';
import { resolveToken } from '../../../engine/src/di/token';
import { CALL_STORE_PORT, STT_PORT } from '../../../engine/src/di/tokens';
import { dialerPlugin } from '../../../plugins/dialer';
import { CaptureLogger } from '../../fakes/capture-logger';
import { FakeTelephony } from '../../fakes/fake-telephony';
import { ScriptedStt } from '../../helpers/call-harness';

describe('dialer API: campaign settings are validated on create and change', function () {
  this.timeout(30_000);
  let engine: Engine;
  afterEach(async () => engine?.stop());

  async function boot(): Promise<void> {
    const config = loadConfig({
      env: {
        OUTBOUND_NUMBERS: '02191302954,02191302955',
        SALEHI__store__sqlite__path: ':memory:',
        SALEHI__http__port: '0',
        SALEHI__plugins: JSON.stringify({ dialer: { enabled: true, tickMs: 60_000 } }),
      },
      envFile: null,
    });
    const telephony = new FakeTelephony();
    engine = buildEngine(config, {
      plugins: [dialerPlugin],
      logger: new CaptureLogger(),
      telephony: { telephony, start: async () => undefined, closeGateway: async () => undefined, close: async () => undefined },
      overrides: (c) => c.register(STT_PORT, { useValue: new ScriptedStt() }),
    });
    await engine.start();
  }

  async function api(method: 'POST' | 'PATCH', url: string, body: unknown) {
    const res = await engine.http.inject({ method, url, payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    return { status: res.statusCode, body: res.json<{ code?: string; message?: string; id?: string; settings?: Record<string, unknown> }>() };
  }

  async function campaignsStored(): Promise<number> {
    return (await resolveToken(engine.container, CALL_STORE_PORT).listCampaigns()).items.length;
  }

  it('POST: each bad field → 400 CE_HTTP_VALIDATION naming it; nothing is stored', async () => {
    await boot();
    const bad: readonly [Record<string, unknown>, string][] = [
      [{ timeZone: 'Asia/Atlantis' }, 'timeZone'],
      [{ windows: { days: { mon: ['9-17'] } } }, 'windows.days.mon[0]'],
      [{ retryPolicy: { maxAttempts: 3, rules: { busy: { delaySec: -1, maxAttempts: 2 } } } }, 'retryPolicy.rules.busy.delaySec'],
      [{ caps: { perDay: 0 } }, 'caps.perDay'],
      [{ lines: ['02100000000'] }, 'lines[0]'],
    ];
    for (const [fields, path] of bad) {
      const res = await api('POST', '/api/dialer/campaigns', { name: 'x', scenario: 'academy', ...fields });
      assert.equal(res.status, 400, path);
      assert.equal(res.body.code, 'CE_HTTP_VALIDATION');
      assert.ok(res.body.message?.includes(`${path}: `), res.body.message);
    }
    assert.equal(await campaignsStored(), 0);
  });

  it('POST then PATCH: valid caps and policy are stored; a bad change is refused and changes nothing', async () => {
    await boot();
    const created = await api('POST', '/api/dialer/campaigns', {
      name: 'survey', scenario: 'academy', timeZone: 'Europe/Berlin', windows: { ranges: '09:00-17:00' },
      retryPolicy: { maxAttempts: 2, rules: { busy: { delaySec: 600, maxAttempts: 2 } } }, caps: { concurrent: 1, perDay: 100 },
    });
    assert.equal(created.status, 201);
    const id = created.body.id!;
    const refused = await api('PATCH', `/api/dialer/campaigns/${id}`, { caps: { perHour: -3 } });
    assert.equal(refused.status, 400);
    assert.match(refused.body.message!, /caps\.perHour: /);
    const changed = await api('PATCH', `/api/dialer/campaigns/${id}`, { caps: { perHour: 30 }, retryPolicy: null });
    assert.equal(changed.status, 200);
    assert.deepEqual(changed.body.settings, { scenario: 'academy', timeZone: 'Europe/Berlin', windows: { ranges: '09:00-17:00' }, caps: { perHour: 30 } });
  });
});
