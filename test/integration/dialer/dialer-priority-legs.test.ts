import 'reflect-metadata';
import assert from 'node:assert/strict';
import { LINE_CAPACITY_PORT } from '../../../engine/src/di/tokens';
import type { CallStorePort, LineLease, LineSlotStore } from '../../../engine/src/index';
import { ManualClock } from '../../contract/store/contract-kit';
import { CaptureLogger } from '../../fakes/capture-logger';
import { DialerHarness } from '../../helpers/dialer-plugin-harness';
import { SHARED_DATABASES, type SharedDatabase } from '../../helpers/shared-store';

const LINE = '02191302950';
/** 2026-05-20 10:00 in Tehran. */
const START = Date.UTC(2026, 4, 20, 6, 30);

function slotsOf(store: CallStorePort): LineSlotStore {
  assert.ok(store.lineSlots, 'the store shares line slots');
  return store.lineSlots;
}

// PRODUCT.md §2: concurrent calls per line count outbound + inbound + operator legs together, across instances.
for (const kind of SHARED_DATABASES) {
  describe(`dialer on ${kind.name}: inbound and operator legs hold line slots across engine instances`, function () {
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

    /** One engine instance's dialer on the shared database; the line takes one leg at a time. */
    async function instance(instanceId: string, logger = new CaptureLogger()): Promise<{ dialer: DialerHarness; store: CallStorePort }> {
      const store = await db.open(clock);
      const dialer = new DialerHarness({ store, clock, logger, env: { OUTBOUND_NUMBERS: LINE, MAX_CONCURRENT_CALLS: '1' }, dialer: { instanceId } });
      await dialer.start();
      running.push(dialer);
      return { dialer, store };
    }

    async function queueContact(store: CallStorePort): Promise<void> {
      const c = await store.createCampaign({ name: 'leads', settings: { scenario: 'academy', timeZone: 'Asia/Tehran' }, state: 'running' });
      await store.insertContacts(c.id, [{ phone: '09121234567' }]);
    }

    it('an operator leg held on instance A makes B refuse an outbound slot on that line (concurrent) until it ends', async () => {
      const a = await instance('engine-a');
      const b = await instance('engine-b');
      const lease = a.dialer.resolve(LINE_CAPACITY_PORT).acquire('operator', LINE);
      assert.ok(lease, 'A takes the operator leg');
      await a.dialer.parts.priorityLegs?.settled();

      const local = b.dialer.parts.pacer.acquire('outbound', LINE);
      assert.ok(local, 'B\'s own pacer sees an empty line');
      assert.deepEqual(await b.dialer.parts.guard?.reserveOutbound(local, clock.now()), { ok: false, reason: 'concurrent', retryAt: null });
      local.release();
      await queueContact(b.store);
      clock.advance(1000);
      await b.dialer.pass();
      assert.equal(b.dialer.calls.placed.length, 0, 'B does not dial while A\'s operator leg holds the line');

      lease.release();
      await a.dialer.parts.priorityLegs?.settled();
      clock.advance(1000);
      await b.dialer.pass();
      assert.equal(b.dialer.calls.placed.length, 1, 'B dials once the operator leg ended');
    });

    it('an inbound caller counts too, and a leg that ends before its slot was written leaves no slot behind', async () => {
      const a = await instance('engine-a');
      const b = await instance('engine-b');
      const capacity = a.dialer.resolve(LINE_CAPACITY_PORT);
      const caller = capacity.acquire('inbound', LINE) as LineLease;
      await a.dialer.parts.priorityLegs?.settled();
      const [held] = await slotsOf(b.store).lineUsage([LINE], clock.now());
      assert.deepEqual(held?.active, { outbound: 0, inbound: 1, operator: 0 }, 'B sees A\'s inbound caller');
      caller.release();
      const quick = capacity.acquire('operator', LINE) as LineLease;
      quick.release(); // before its reservation reached the store
      await a.dialer.parts.priorityLegs?.settled();
      const [after] = await slotsOf(b.store).lineUsage([LINE], clock.now());
      assert.deepEqual(after?.active, { outbound: 0, inbound: 0, operator: 0 });
    });

    it('a line full across instances: A\'s operator leg still goes ahead (priority), and A logs the refusal', async () => {
      const logger = new CaptureLogger();
      const a = await instance('engine-a', logger);
      const b = await instance('engine-b');
      const local = b.dialer.parts.pacer.acquire('outbound', LINE) as LineLease;
      const call = await b.dialer.parts.guard?.reserveOutbound(local, clock.now());
      assert.ok(call?.ok, 'B\'s customer call holds the line\'s one slot');
      const lease = a.dialer.resolve(LINE_CAPACITY_PORT).acquire('operator', LINE);
      assert.ok(lease, 'the operator leg is not refused');
      await a.dialer.parts.priorityLegs?.settled();
      const warned = logger.find('warn', /full across instances/);
      assert.ok(warned, 'the refusal is logged');
      assert.deepEqual(warned.obj, { line: LINE, kind: 'operator', reason: 'concurrent', active: { outbound: 1, inbound: 0, operator: 0 } });
      lease.release();
      call.lease.release();
    });
  });
}
