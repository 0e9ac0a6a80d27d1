import 'reflect-metadata';
import assert from 'node:assert/strict';
import sinon from 'sinon';
import type { CallStorePort } from '../../../engine/src/index';
import { contacts, ManualClock } from '../../contract/store/contract-kit';
import { CaptureLogger } from '../../fakes/capture-logger';
import { DialerHarness } from '../../helpers/dialer-plugin-harness';
import { SHARED_DATABASES, type SharedDatabase } from '../../helpers/shared-store';

const LINE = '02191302950';
/** 2026-05-20 21:30 in Tehran (UTC+03:30): local midnight is 20:30 UTC. */
const START = Date.UTC(2026, 4, 20, 18, 0);
const TEHRAN_MIDNIGHT = Date.UTC(2026, 4, 20, 20, 30);
const PER_DAY = 2;

/** The same store without the cross-instance line ledger: the dialer falls back to the attempts. */
function withoutLineSlots(store: CallStorePort): CallStorePort {
  return new Proxy(store, {
    get: (target, prop) => {
      if (prop === 'lineSlots') return undefined;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

for (const kind of SHARED_DATABASES) {
  describe(`dialer restart on ${kind.name}: limits and attempts continue from the store`, function () {
    this.timeout(30_000);
    let db: SharedDatabase;
    let clock: ManualClock;
    const running: DialerHarness[] = [];

    beforeEach(() => {
      db = kind.create();
      clock = new ManualClock(START);
    });
    afterEach(async () => {
      for (const h of running.splice(0)) await h.stop();
      await db.cleanup();
    });

    async function dialer(store: CallStorePort, dialerConfig: Record<string, unknown> = {}): Promise<DialerHarness> {
      const h = new DialerHarness({
        store, clock, logger: new CaptureLogger(), env: { OUTBOUND_NUMBERS: LINE, MAX_CALLS_PER_DAY: String(PER_DAY) },
        dialer: { instanceId: 'engine-a', ...dialerConfig },
      });
      await h.start();
      running.push(h);
      return h;
    }

    async function passes(h: DialerHarness, n: number): Promise<void> {
      for (let i = 0; i < n; i++) {
        clock.advance(1000);
        await h.pass();
      }
    }

    for (const source of ['line slots', 'attempts'] as const) {
      const open = async (): Promise<CallStorePort> => {
        const store = await db.open(clock);
        return source === 'line slots' ? store : withoutLineSlots(store);
      };

      it(`a line that used its per-day limit before a restart dials no more that day, and again after local midnight (from the ${source})`, async () => {
        const before = await open();
        const c = await before.createCampaign({ name: 'leads', settings: { scenario: 'academy', timeZone: 'Asia/Tehran' }, state: 'running' });
        await before.insertContacts(c.id, contacts(5));
        const first = await dialer(before);
        await passes(first, 4);
        assert.equal(first.calls.placed.length, PER_DAY, 'the first run used the day');
        await first.stop();
        await before.close();

        clock.advance(60_000);
        const after = await open();
        const reserve = after.lineSlots ? sinon.spy(after.lineSlots, 'reserveLineSlot') : undefined;
        const second = await dialer(after);
        assert.equal(second.parts.pacer.snapshot()[0]?.today, PER_DAY, 'the restarted pacer continues the day\'s count');
        await passes(second, 4);
        assert.equal(second.calls.placed.length, 0, 'no originate after the restart that day');
        if (reserve) sinon.assert.notCalled(reserve); // the local pacer refuses: the store is not even asked

        clock.advance(TEHRAN_MIDNIGHT - clock.now() + 60_000);
        await passes(second, 4);
        assert.equal(second.calls.placed.length, PER_DAY, 'a new day in Tehran: dialling resumes, up to the limit');
      });
    }

    it('a contact with maxAttempts 2 whose first attempt a crash left pending still gets two real dials', async () => {
      const before = await db.open(clock);
      const c = await before.createCampaign({ name: 'leads', settings: { scenario: 'academy', timeZone: 'Asia/Tehran' }, state: 'running' });
      await before.insertContacts(c.id, contacts(1));
      const [contact] = await before.claimContacts(c.id, 1, clock.now(), 'engine-a');
      assert.ok(contact);
      // The attempt is in the ledger; the engine dies before the originate is sent.
      await before.createAttempt({ direction: 'outbound', phone: contact.phone, campaignId: c.id, contactId: contact.id, lineId: LINE, instanceId: 'engine-a' });
      await before.close();

      const after = await db.open(clock);
      const h = await dialer(after, { maxAttempts: 2, defaultRetrySec: 0 });
      h.calls.result = () => 'busy';
      const requeued = await after.getContact(contact.id);
      assert.deepEqual([requeued.status, requeued.attemptCount], ['pending', 0], 'requeued without using up an attempt');
      await passes(h, 5);
      assert.equal(h.calls.placed.length, 2, 'two real dials');
      const done = await after.getContact(contact.id);
      assert.deepEqual([done.status, done.attemptCount, done.lastResult], ['done', 2, 'busy']);
      const results = await after.listResults({ campaignId: c.id });
      assert.deepEqual(results.items.map((r) => r.result), ['failed:not_dialled', 'busy', 'busy']);
    });
  });
}
