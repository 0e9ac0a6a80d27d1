import assert from 'node:assert/strict';
import { createSilentLogger } from '../../../../engine/src/adapters/logging/pino-logger';
import { createSqliteCallStore } from '../../../../engine/src/adapters/store';
import { loadConfig } from '../../../../engine/src/config/load-config';
import { isEngineError, type EngineError } from '../../../../engine/src/errors';
import type { CallStorePort } from '../../../../engine/src/index';
import { CampaignService } from '../../../../plugins/dialer/campaign-service';
import { ManualClock } from '../../../contract/store/contract-kit';

const LINES = '02191302950,02191302951';

/** The refusal's code, message and issue paths. */
async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string; paths: string[] }> {
  const err = await p.then(
    () => assert.fail('expected a refusal'),
    (e: unknown) => e,
  );
  assert.ok(isEngineError(err), String(err));
  const details = (err as EngineError).details as { issues?: { path: string }[] } | undefined;
  return { code: (err as EngineError).code, message: (err as EngineError).message, paths: (details?.issues ?? []).map((i) => i.path) };
}

describe('dialer: CampaignService validates every setting before storing', () => {
  let store: CallStorePort;
  let service: CampaignService;

  beforeEach(() => {
    store = createSqliteCallStore({ path: ':memory:', logger: createSilentLogger(), clock: new ManualClock() });
    const engine = loadConfig({ env: { OUTBOUND_NUMBERS: LINES }, envFile: null });
    service = new CampaignService(store, engine, (name) => name === 'academy');
  });
  afterEach(async () => store.close());

  async function stored(): Promise<number> {
    return (await store.listCampaigns()).items.length;
  }

  const refused: readonly [string, Record<string, unknown>, string][] = [
    ['timeZone', { timeZone: 'Asia/Atlantis' }, 'timeZone'],
    ['a weekday range', { windows: { days: { mon: ['25:00-26:00'] } } }, 'windows.days.mon[0]'],
    ['a holiday', { windows: { ranges: '09:00-17:00', holidays: ['tomorrow'] } }, 'windows.holidays[0]'],
    ['a line', { lines: ['02199999999'] }, 'lines[0]'],
    ['a retry delay', { retryPolicy: { maxAttempts: 3, rules: { busy: { delaySec: -1, maxAttempts: 2 } } } }, 'retryPolicy.rules.busy.delaySec'],
    ['a retry outcome', { retryPolicy: { maxAttempts: 3, rules: { sleepy: { delaySec: 1, maxAttempts: 2 } } } }, 'retryPolicy.rules.sleepy'],
    ['the per-day cap', { caps: { perDay: 0 } }, 'caps.perDay'],
    ['the concurrent cap', { caps: { concurrent: 1.5 } }, 'caps.concurrent'],
    ['an unknown cap', { caps: { perMonth: 9 } }, 'caps.perMonth'],
  ];
  for (const [what, input, path] of refused) {
    it(`create: ${what} → CE_HTTP_VALIDATION naming ${path}; nothing stored`, async () => {
      const r = await refusal(service.create({ name: 'x', scenario: 'academy', ...input }));
      assert.equal(r.code, 'CE_HTTP_VALIDATION');
      assert.deepEqual(r.paths, [path]);
      assert.ok(r.message.includes(`${path}: `), r.message);
      assert.equal(await stored(), 0);
    });
  }

  it('create: an unknown scenario → CE_SCENARIO_NOT_FOUND', async () => {
    assert.equal((await refusal(service.create({ name: 'x', scenario: 'nope' }))).code, 'CE_SCENARIO_NOT_FOUND');
    assert.equal(await stored(), 0);
  });

  it('create: valid settings are stored as given, the zone defaulting to the engine timezone', async () => {
    const retryPolicy = { maxAttempts: 2, rules: { busy: { delaySec: 300, maxAttempts: 2 } } };
    const c = await service.create({
      name: 'survey', scenario: 'academy', lines: ['02191302951'], windows: { ranges: '09:00-17:00' }, retryPolicy, caps: { concurrent: 1, perDay: 200 },
    });
    assert.deepEqual(c.settings, {
      scenario: 'academy', timeZone: 'Asia/Tehran', lines: ['02191302951'], windows: { ranges: '09:00-17:00' }, retryPolicy, caps: { concurrent: 1, perDay: 200 },
    });
    assert.equal(c.state, 'draft');
  });

  it('update: the merged settings are validated; a refusal changes nothing', async () => {
    const c = await service.create({ name: 'survey', scenario: 'academy', timeZone: 'Europe/Berlin', caps: { perDay: 10 } });
    const r = await refusal(service.update(c.id, { caps: { perDay: -1 }, timeZone: 'Nowhere/Land' }));
    assert.equal(r.code, 'CE_HTTP_VALIDATION');
    assert.deepEqual(r.paths, ['timeZone', 'caps.perDay']);
    assert.deepEqual((await store.getCampaign(c.id)).settings, c.settings);
  });

  it('update: given fields replace, null removes, the rest is kept (windows now read in the new zone)', async () => {
    const c = await service.create({ name: 'survey', scenario: 'academy', windows: { ranges: '09:00-17:00' }, caps: { perDay: 10 }, lines: ['02191302950'] });
    const u = await service.update(c.id, { name: 'survey 2', timeZone: 'Asia/Dubai', caps: null, lines: null, retryPolicy: { maxAttempts: 1, rules: {} } });
    assert.equal(u.name, 'survey 2');
    assert.deepEqual(u.settings, { scenario: 'academy', timeZone: 'Asia/Dubai', windows: { ranges: '09:00-17:00' }, retryPolicy: { maxAttempts: 1, rules: {} } });
  });

  it('update: an unknown campaign or scenario is refused', async () => {
    assert.equal((await refusal(service.update('nope', { caps: { perDay: 1 } }))).code, 'CE_STORE_NOT_FOUND');
    const c = await service.create({ name: 'survey', scenario: 'academy' });
    assert.equal((await refusal(service.update(c.id, { scenario: 'other' }))).code, 'CE_SCENARIO_NOT_FOUND');
  });
});
