import 'reflect-metadata';
import assert from 'node:assert/strict';
import { createSilentLogger } from '../../../engine/src/adapters/logging/pino-logger';
import { createSqliteCallStore } from '../../../engine/src/adapters/store';
import type { CallStorePort, CampaignSettings } from '../../../engine/src/index';
import { contacts, ManualClock } from '../../contract/store/contract-kit';
import { CaptureLogger } from '../../fakes/capture-logger';
import { DialerHarness } from '../../helpers/dialer-plugin-harness';

/** Three lines: one pass can originate three calls at once, so a cap must count within the pass too. */
const LINES = '02191302950,02191302951,02191302952';
/** 2026-05-20 18:00 UTC: 21:30 in Tehran (midnight at 20:30 UTC), 20:00 in Berlin (midnight at 22:00 UTC). */
const START = Date.UTC(2026, 4, 20, 18, 0);
const TEHRAN_MIDNIGHT = Date.UTC(2026, 4, 20, 20, 30);
const BERLIN_MIDNIGHT = Date.UTC(2026, 4, 20, 22, 0);
const MINUTE = 60_000;

describe('dialer on SQLite: a campaign\'s own retry policy and caps, counted from the ledger', function () {
  this.timeout(30_000);
  let clock: ManualClock;
  let store: CallStorePort;
  const running: DialerHarness[] = [];

  beforeEach(() => {
    clock = new ManualClock(START);
    store = createSqliteCallStore({ path: ':memory:', logger: createSilentLogger(), clock });
  });
  afterEach(async () => {
    for (const h of running.splice(0)) await h.stop();
    await store.close();
  });

  /** A dialer whose lines never limit these tests (a campaign's caps must be what stops it). */
  async function dialer(config: Record<string, unknown> = {}): Promise<DialerHarness> {
    const h = new DialerHarness({
      store, clock, logger: new CaptureLogger(),
      env: { OUTBOUND_NUMBERS: LINES, MAX_CALLS_PER_DAY: '1000', MAX_CALLS_PER_MINUTE: '1000', MAX_CONCURRENT_CALLS: '10', MAX_ORIGINATIONS_PER_SECOND: '100' },
      dialer: { instanceId: 'engine-a', batchSize: 5, ...config },
    });
    await h.start();
    running.push(h);
    return h;
  }

  async function campaign(settings: Partial<CampaignSettings>, n: number): Promise<string> {
    const c = await store.createCampaign({ name: 'leads', state: 'running', settings: { scenario: 'academy', timeZone: 'Asia/Tehran', ...settings } });
    await store.insertContacts(c.id, contacts(n));
    return c.id;
  }

  async function passes(h: DialerHarness, n: number, stepMs = 1000): Promise<void> {
    for (let i = 0; i < n; i++) {
      clock.advance(stepMs);
      await h.pass();
    }
  }

  it("busy is retried after the campaign's delay, up to the campaign's maxAttempts (the plugin's would allow more, sooner)", async () => {
    const id = await campaign({ retryPolicy: { maxAttempts: 2, rules: { busy: { delaySec: 600, maxAttempts: 2 } } } }, 1);
    const h = await dialer({ defaultRetrySec: 0, maxAttempts: 5 });
    h.calls.result = () => 'busy';
    await passes(h, 3);
    assert.equal(h.calls.placed.length, 1);
    clock.advance(600_000 - 4000);
    await passes(h, 1);
    assert.equal(h.calls.placed.length, 1, 'not before its 600 s');
    await passes(h, 2);
    assert.equal(h.calls.placed.length, 2, 'retried once the 600 s passed');
    await passes(h, 5, 10 * MINUTE);
    assert.equal(h.calls.placed.length, 2, 'the campaign allows 2 attempts');
    const [contact] = (await store.listContacts(id)).items;
    assert.deepEqual([contact!.status, contact!.attemptCount, contact!.lastResult], ['done', 2, 'busy']);
  });

  it('perDay 2: two originates, then none until midnight in the campaign zone (Berlin, not the engine\'s Tehran)', async () => {
    await campaign({ timeZone: 'Europe/Berlin', caps: { perDay: 2 } }, 10);
    const h = await dialer();
    await passes(h, 1);
    assert.equal(h.calls.placed.length, 2, 'one pass could use the three lines: the cap counts its own originates');
    await passes(h, 3);
    assert.equal(h.calls.placed.length, 2);
    clock.advance(TEHRAN_MIDNIGHT - clock.now() + MINUTE);
    await passes(h, 3);
    assert.equal(h.calls.placed.length, 2, 'a new day in Tehran is not a new day in Berlin');
    clock.advance(BERLIN_MIDNIGHT - clock.now() - 5000);
    await passes(h, 3);
    assert.equal(h.calls.placed.length, 2, 'still the same day until 00:00 Berlin');
    await passes(h, 4);
    assert.equal(h.calls.placed.length, 4, 'after local midnight: two more, then the cap again');
    assert.deepEqual(h.parts.runtime.status().campaigns.map((c) => c.caps), [{ perDay: 2 }]);
  });

  it('perDay is read from the ledger: a restart and another instance count the same originates', async () => {
    await campaign({ caps: { perDay: 3 } }, 10);
    const first = await dialer({ batchSize: 2 });
    await passes(first, 1);
    assert.equal(first.calls.placed.length, 2);
    await first.stop();
    running.splice(running.indexOf(first), 1);

    const second = await dialer({ instanceId: 'engine-b' });
    await passes(second, 3);
    assert.equal(second.calls.placed.length, 1, 'the day had 2 already: one more');
    const third = await dialer({ instanceId: 'engine-c' });
    await passes(third, 2);
    assert.equal(third.calls.placed.length, 0);
  });

  it('perHour 2 is a sliding hour: the next originate waits until the first is an hour old', async () => {
    await campaign({ caps: { perHour: 2 } }, 10);
    const h = await dialer({ batchSize: 1 });
    await passes(h, 2);
    const firstAt = START + 1000;
    assert.equal(h.calls.placed.length, 2);
    clock.advance(firstAt + 60 * MINUTE - 1000 - clock.now());
    await h.pass();
    assert.equal(h.calls.placed.length, 2, 'one second before the hour');
    clock.advance(1000);
    await h.pass();
    assert.equal(h.calls.placed.length, 3);
  });
});
