import assert from 'node:assert/strict';
import type { PostgresCallStore } from '../../../engine/src/adapters/store';
import { isEngineError } from '../../../engine/src/errors';
import type { Contact, LineSlotRequest } from '../../../engine/src/ports/call-store.port';
import { ManualClock, SETTINGS, contacts } from '../../contract/store/contract-kit';
import { dropSchema, openTestStore, requirePostgres, testSchemaName } from './postgres-test-db';

const CONTACTS = 3000;
const DAY_MS = 86_400_000;

/** A random whole number in [min, max]. */
function between(min: number, max: number): number {
  return min + Math.floor(Math.random() * (max - min + 1));
}

/** Claims until the campaign is empty, in random batch sizes, and returns what this engine got. */
async function claimAll(store: PostgresCallStore, campaignId: string, now: number, instanceId: string): Promise<Contact[]> {
  const got: Contact[] = [];
  for (;;) {
    const batch = await store.claimContacts(campaignId, between(1, 40), now, instanceId);
    if (batch.length === 0) return got;
    got.push(...batch);
  }
}

// Two engine instances = two stores, two pools, one schema: what PRODUCT.md §2 scale-out runs on.
describe('PostgreSQL store: two engine instances on one database', function () {
  this.timeout(60_000);
  const clock = new ManualClock();
  let schema: string;
  let a: PostgresCallStore;
  let b: PostgresCallStore;

  before(() => requirePostgres());
  beforeEach(async () => {
    schema = testSchemaName();
    // Opened together: the migration advisory lock lets one of them build the schema.
    [{ store: a }, { store: b }] = await Promise.all([
      openTestStore({ clock, schema, poolSize: 5 }), openTestStore({ clock, schema, poolSize: 5 }),
    ]);
  });
  afterEach(async () => {
    await Promise.all([a.close(), b.close()]);
    await dropSchema(schema);
  });

  it(`claims each of ${CONTACTS} contacts exactly once between them`, async () => {
    const c = await a.createCampaign({ name: 'scale-out', settings: SETTINGS, state: 'running' });
    assert.equal((await a.insertContacts(c.id, contacts(CONTACTS))).inserted, CONTACTS);
    const now = clock.now();
    // Two claim loops per instance, all concurrent: four claimers on two pools.
    const [a1, a2, b1, b2] = await Promise.all([
      claimAll(a, c.id, now, 'engine-a'), claimAll(a, c.id, now, 'engine-a'),
      claimAll(b, c.id, now, 'engine-b'), claimAll(b, c.id, now, 'engine-b'),
    ]);
    const byA = [...a1!, ...a2!];
    const byB = [...b1!, ...b2!];
    const ids = [...byA, ...byB].map((x) => x.id);
    assert.equal(ids.length, CONTACTS, 'every contact claimed');
    assert.equal(new Set(ids).size, CONTACTS, 'no contact claimed twice');
    assert.ok(byA.length > 0 && byB.length > 0, `both instances claimed (a ${byA.length}, b ${byB.length})`);
    assert.deepEqual(await b.countContacts(c.id), { pending: 0, claimed: CONTACTS, done: 0, skipped: 0 });
    for (const x of byA) assert.equal(x.claimedBy, 'engine-a');
    const stored = await a.listContacts(c.id, { status: 'claimed', limit: 1000 });
    const owner = new Map([...byA.map((x): [number, string] => [x.id, 'engine-a']), ...byB.map((x): [number, string] => [x.id, 'engine-b'])]);
    for (const x of stored.items) assert.equal(x.claimedBy, owner.get(x.id), 'the database agrees on who holds each contact');
  });

  it('lets only one instance dial a contact and only one result win', async () => {
    const c = await a.createCampaign({ name: 'race', settings: SETTINGS, state: 'running' });
    await a.insertContacts(c.id, contacts(20));
    const claimed = await a.claimContacts(c.id, 20, clock.now(), 'engine-a');
    for (const x of claimed) {
      const dial = { direction: 'outbound', phone: x.phone, contactId: x.id } as const;
      const tries = await Promise.allSettled([a.createAttempt({ ...dial, instanceId: 'engine-a' }), b.createAttempt({ ...dial, instanceId: 'engine-b' })]);
      const won = tries.filter((t): t is PromiseFulfilledResult<Awaited<ReturnType<typeof a.createAttempt>>> => t.status === 'fulfilled');
      assert.equal(won.length, 1, `contact ${x.id}: exactly one attempt`);
      const lost = tries.find((t) => t.status === 'rejected');
      assert.ok(lost && isEngineError(lost.reason, 'CE_STORE_INVALID_TRANSITION'));
      const id = won[0]!.value.id;
      const finishes = await Promise.allSettled([a.finishAttempt(id, { result: 'busy' }), b.finishAttempt(id, { result: 'missed' })]);
      assert.equal(finishes.filter((f) => f.status === 'fulfilled').length, 1, 'a different second result is refused');
      assert.equal((await a.getContact(x.id)).attemptCount, 1);
    }
    assert.equal((await a.listInFlightAttempts()).length, 0);
  });

  it('leases every outbox item to exactly one sender', async () => {
    for (let i = 0; i < 300; i++) await a.enqueueOutbox({ key: `k${i}`, topic: 'panel.report-result', payload: { i } });
    const lease = (store: PostgresCallStore, owner: string) => store.leaseOutbox({ topic: 'panel.report-result', now: clock.now(), limit: 25, leaseMs: 60_000, owner });
    const seen: number[] = [];
    const sender = async (store: PostgresCallStore, owner: string): Promise<void> => {
      for (let items = await lease(store, owner); items.length > 0; items = await lease(store, owner)) {
        for (const item of items) {
          seen.push(item.id);
          await store.markOutboxSent(item.id);
        }
      }
    };
    await Promise.all([sender(a, 'engine-a'), sender(b, 'engine-b'), sender(b, 'engine-b2')]);
    assert.equal(seen.length, 300);
    assert.equal(new Set(seen).size, 300);
    assert.deepEqual(await b.countOutbox(), { pending: 0, sent: 300, dead: 0 });
  });

  it('stops claims on every instance as soon as one pauses the campaign', async () => {
    const c = await a.createCampaign({ name: 'pause', settings: SETTINGS, state: 'running' });
    await a.insertContacts(c.id, contacts(500));
    const claims = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).claimContacts(c.id, 10, clock.now(), `engine-${i}`));
    const paused = b.setCampaignState(c.id, 'paused', { actor: 'panel' });
    const got = (await Promise.all(claims)).flat();
    await paused;
    const after = await Promise.all([a.claimContacts(c.id, 10, clock.now(), 'x'), b.claimContacts(c.id, 10, clock.now(), 'y')]);
    assert.deepEqual(after.flat(), [], 'nothing is claimed once the pause is committed');
    assert.equal((await a.countContacts(c.id)).claimed, got.length, 'every claim either finished before the pause or saw it');
  });

  it('never lets two instances together pass a line limit', async () => {
    const slotsA = a.lineSlots;
    const slotsB = b.lineSlots;
    const line = '02191302954';
    const base = (over: Partial<LineSlotRequest>): LineSlotRequest => ({
      line, kind: 'outbound', limits: { concurrent: 3 }, now: clock.now(), dayEndsAt: clock.now() + DAY_MS, holdMs: 600_000,
      instanceId: 'engine-a', ...over,
    });
    let held = 0;
    let peak = 0;
    let granted = 0;
    const dialer = async (store: PostgresCallStore, instanceId: string): Promise<void> => {
      for (let i = 0; i < 60; i++) {
        const got = await store.lineSlots.reserveLineSlot(base({ instanceId, kind: i % 5 === 0 ? 'inbound' : 'outbound' }));
        if (!got.ok) continue;
        granted += 1;
        held += 1;
        peak = Math.max(peak, held);
        assert.ok(got.usage.active.outbound + got.usage.active.inbound <= 3, 'the store never reports more than the limit');
        await new Promise((resolve) => setImmediate(resolve));
        held -= 1;
        assert.equal(await store.lineSlots.releaseLineSlot(got.slot.id), true);
      }
    };
    await Promise.all([dialer(a, 'engine-a'), dialer(a, 'engine-a2'), dialer(b, 'engine-b'), dialer(b, 'engine-b2')]);
    assert.ok(peak <= 3, `at most 3 legs at once (peak ${peak})`);
    assert.ok(granted >= 3, `slots were granted (${granted})`);
    // Rate and daily caps under a burst from both instances at one instant.
    const burst = await Promise.all(Array.from({ length: 80 }, (_, i) =>
      (i % 2 === 0 ? slotsA : slotsB).reserveLineSlot(base({ line: 'L-day', limits: { concurrent: 100, perDay: 9, perMinute: 50 }, instanceId: `e${i % 4}` }))));
    assert.equal(burst.filter((o) => o.ok).length, 9, 'exactly perDay originates, whichever instance asked');
    const minute = await Promise.all(Array.from({ length: 80 }, (_, i) =>
      (i % 2 === 0 ? slotsA : slotsB).reserveLineSlot(base({ line: 'L-min', limits: { concurrent: 100, perMinute: 6 }, instanceId: `e${i % 4}` }))));
    assert.equal(minute.filter((o) => o.ok).length, 6, 'exactly perMinute originates');
    const [usage] = await slotsA.lineUsage(['L-min'], clock.now());
    assert.deepEqual(usage?.active, { outbound: 6, inbound: 0, operator: 0 });
    assert.equal(await slotsB.releaseLineSlots('e0'), minute.filter((o, i) => o.ok && i % 4 === 0).length + burst.filter((o, i) => o.ok && i % 4 === 0).length);
  });
});
