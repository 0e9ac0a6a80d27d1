import assert from 'node:assert/strict';
import type { NewContact } from '../../../engine/src/ports/call-store.port';
import { all, campaign, contacts, phone, rejectsWith, type ContractContext } from './contract-kit';

export function contactsContract(ctx: ContractContext): void {
  describe('contacts: import and reads', () => {
    it('imports contacts as pending, eligible now, with their source fields', async () => {
      const c = await campaign(ctx.store);
      const report = await ctx.store.insertContacts(c.id, [
        { phone: '09121234567', externalId: '123', name: 'رضا', timeZone: 'Asia/Tehran', data: { batch: 'b_7f3c', tags: ['vip'] } },
        { phone: '+989121234568', notBefore: ctx.clock.now() + 5000 },
      ]);
      assert.deepEqual(report, { inserted: 2, duplicates: [], invalid: [] });
      const [a, b] = (await ctx.store.listContacts(c.id)).items;
      assert.ok(a && b);
      assert.equal(a.phone, '09121234567');
      assert.equal(a.externalId, '123');
      assert.equal(a.name, 'رضا');
      assert.equal(a.timeZone, 'Asia/Tehran');
      assert.deepEqual(a.data, { batch: 'b_7f3c', tags: ['vip'] });
      assert.equal(a.status, 'pending');
      assert.equal(a.attemptCount, 0);
      assert.equal(a.nextEligibleAt, ctx.clock.now());
      assert.equal(a.lastResult, null);
      assert.equal(a.claimedBy, null);
      assert.equal(a.campaignId, c.id);
      assert.equal(b.nextEligibleAt, ctx.clock.now() + 5000);
      assert.equal(b.externalId, null);
      assert.equal(b.data, null);
      assert.deepEqual(await ctx.store.getContact(a.id), a);
    });

    it('reports duplicates (against the campaign and inside the input) without failing the import', async () => {
      const c = await campaign(ctx.store);
      await ctx.store.insertContacts(c.id, [{ phone: phone(1) }]);
      const existing = await ctx.store.findContactByPhone(c.id, phone(1));
      assert.ok(existing);
      const report = await ctx.store.insertContacts(c.id, [{ phone: phone(1) }, { phone: phone(2) }, { phone: phone(3) }, { phone: phone(2) }]);
      assert.equal(report.inserted, 2);
      const second = await ctx.store.findContactByPhone(c.id, phone(2));
      assert.deepEqual(report.duplicates, [
        { index: 0, phone: phone(1), existingId: existing.id },
        { index: 3, phone: phone(2), existingId: second?.id },
      ]);
      assert.equal((await ctx.store.countContacts(c.id)).pending, 3);
    });

    it('reports numbers that could inject into a dial string as invalid, and imports the rest', async () => {
      const c = await campaign(ctx.store);
      const bad = ['0912&123456', '0912,1234567', '0912/1234567', '0912@trunk', '0912;1234567', '0912\n1234567', '', '+', '12',
        '0912 123 4567', '١٢٣٤٥٦٧٨٩', '123456789012345678901'];
      const input: NewContact[] = [{ phone: phone(7) }, ...bad.map((p) => ({ phone: p })), { phone: 42 as unknown as string }];
      input.push({ phone: phone(8), data: { n: Number.POSITIVE_INFINITY } }, { phone: phone(9), name: 'x'.repeat(201) });
      input.push(null as unknown as NewContact);
      const report = await ctx.store.insertContacts(c.id, input);
      assert.equal(report.inserted, 1);
      assert.deepEqual(report.invalid.map((r) => r.index), Array.from({ length: input.length - 1 }, (_, i) => i + 1));
      assert.equal(report.invalid[0]?.phone, '0912&123456');
      for (const r of report.invalid) assert.ok(r.reason.length > 0);
      assert.deepEqual((await ctx.store.listContacts(c.id)).items.map((x) => x.phone), [phone(7)]);
    });

    it('keeps the same number in two campaigns apart', async () => {
      const a = await campaign(ctx.store);
      const b = await campaign(ctx.store);
      assert.equal((await ctx.store.insertContacts(a.id, [{ phone: phone(1) }])).inserted, 1);
      assert.equal((await ctx.store.insertContacts(b.id, [{ phone: phone(1) }])).inserted, 1);
    });

    it('refuses an unknown or stopped campaign and writes nothing', async () => {
      await rejectsWith(ctx.store.insertContacts('nope', contacts(2)), 'CE_STORE_NOT_FOUND');
      const c = await campaign(ctx.store);
      await ctx.store.setCampaignState(c.id, 'stopped');
      await rejectsWith(ctx.store.insertContacts(c.id, contacts(2)), 'CE_STORE_INVALID_TRANSITION');
      assert.equal((await ctx.store.countContacts(c.id)).pending, 0);
      await rejectsWith(ctx.store.insertContacts(c.id, 'x' as never), 'CE_STORE_INVALID_INPUT');
    });

    it('imports 10,000 contacts in one call', async () => {
      const c = await campaign(ctx.store);
      const report = await ctx.store.insertContacts(c.id, contacts(10_000));
      assert.equal(report.inserted, 10_000);
      assert.deepEqual(await ctx.store.countContacts(c.id), { pending: 10_000, claimed: 0, done: 0, skipped: 0 });
    });

    it('finds, lists, filters, pages and counts', async () => {
      const c = await campaign(ctx.store);
      await ctx.store.insertContacts(c.id, contacts(7));
      assert.equal(await ctx.store.findContactByPhone(c.id, phone(99)), null);
      const listed = await all((cursor) => ctx.store.listContacts(c.id, { limit: 3, cursor }));
      assert.deepEqual(listed.map((x) => x.phone), contacts(7).map((x) => x.phone));
      const first = listed[0];
      assert.ok(first);
      await ctx.store.closeContact(first.id, 'skipped', 'dnc');
      assert.deepEqual((await ctx.store.listContacts(c.id, { status: 'skipped' })).items.map((x) => x.id), [first.id]);
      assert.deepEqual(await ctx.store.countContacts(c.id), { pending: 6, claimed: 0, done: 0, skipped: 1 });
      await rejectsWith(ctx.store.getContact(999_999), 'CE_STORE_NOT_FOUND');
      await rejectsWith(ctx.store.listContacts('nope'), 'CE_STORE_NOT_FOUND');
      await rejectsWith(ctx.store.countContacts('nope'), 'CE_STORE_NOT_FOUND');
      await rejectsWith(ctx.store.listContacts(c.id, { status: 'gone' as never }), 'CE_STORE_INVALID_INPUT');
    });
  });
}
