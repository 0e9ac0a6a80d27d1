import assert from 'node:assert/strict';
import { all, campaign, phone, rejectsWith, type ContractContext } from './contract-kit';

export function dncAuditContract(ctx: ContractContext): void {
  describe('do-not-call list', () => {
    it('adds, checks and removes numbers', async () => {
      const c = await campaign(ctx.store);
      const added = await ctx.store.addDnc({ phone: phone(1), reason: 'asked to be removed', source: 'scenario:add_to_dnc', campaignId: c.id });
      assert.equal(added.created, true);
      assert.deepEqual(added.entry, {
        phone: phone(1), reason: 'asked to be removed', source: 'scenario:add_to_dnc', campaignId: c.id, createdAt: ctx.clock.now(),
      });
      assert.deepEqual(await ctx.store.checkDnc(phone(1)), added.entry);
      assert.equal(await ctx.store.checkDnc(phone(2)), null);
      assert.equal(await ctx.store.removeDnc(phone(1)), true);
      assert.equal(await ctx.store.removeDnc(phone(1)), false);
      assert.equal(await ctx.store.checkDnc(phone(1)), null);
    });

    it('keeps the first entry when a number is added twice', async () => {
      const first = await ctx.store.addDnc({ phone: phone(1), source: 'api' });
      ctx.clock.advance(1000);
      const second = await ctx.store.addDnc({ phone: phone(1), reason: 'again', source: 'panel' });
      assert.equal(second.created, false);
      assert.deepEqual(second.entry, first.entry);
      assert.equal(first.entry.reason, null);
      assert.equal(first.entry.campaignId, null);
    });

    it('refuses malformed numbers on add and never finds them', async () => {
      for (const bad of ['0912;1', '', 'abc']) await rejectsWith(ctx.store.addDnc({ phone: bad, source: 'api' }), 'CE_PHONE_INVALID');
      await rejectsWith(ctx.store.addDnc({ phone: phone(1), source: '' }), 'CE_STORE_INVALID_INPUT');
      assert.equal(await ctx.store.checkDnc('anonymous'), null);
      assert.equal(await ctx.store.removeDnc('0912;1'), false);
    });

    it('lists in the order numbers were added', async () => {
      for (const i of [5, 3, 9, 1]) await ctx.store.addDnc({ phone: phone(i), source: 'import' });
      const listed = await all((cursor) => ctx.store.listDnc({ limit: 3, cursor }));
      assert.deepEqual(listed.map((e) => e.phone), [5, 3, 9, 1].map(phone));
    });
  });

  describe('pause/resume audit', () => {
    it('appends engine-wide and campaign events and lists newest first', async () => {
      const c = await campaign(ctx.store);
      const e1 = await ctx.store.appendAuditEvent({ action: 'paused', actor: 'quota:vira', reason: 'HTTP 403 balanceError' });
      ctx.clock.advance(1000);
      const e2 = await ctx.store.appendAuditEvent({ campaignId: c.id, action: 'resumed', actor: 'api', details: { user: 'admin' } });
      const e3 = await ctx.store.appendAuditEvent({ action: 'resumed', actor: 'trunk', at: 5 });
      assert.equal(e1.campaignId, null);
      assert.equal(e1.reason, 'HTTP 403 balanceError');
      assert.equal(e1.details, null);
      assert.equal(e2.at, ctx.clock.now());
      assert.deepEqual(e2.details, { user: 'admin' });
      assert.equal(e3.at, 5);
      assert.deepEqual((await ctx.store.listAuditEvents()).items.map((e) => e.id), [e3.id, e2.id, e1.id]);
      assert.deepEqual((await ctx.store.listAuditEvents({ order: 'asc' })).items.map((e) => e.id), [e1.id, e2.id, e3.id]);
      assert.deepEqual((await ctx.store.listAuditEvents({ campaignId: c.id })).items, [e2]);
      assert.deepEqual((await all((cursor) => ctx.store.listAuditEvents({ limit: 2, cursor }))).map((e) => e.id), [e3.id, e2.id, e1.id]);
    });

    it('refuses unknown campaigns and malformed events', async () => {
      await rejectsWith(ctx.store.appendAuditEvent({ campaignId: 'nope', action: 'paused', actor: 'api' }), 'CE_STORE_NOT_FOUND');
      await rejectsWith(ctx.store.appendAuditEvent({ action: 'exploded' as never, actor: 'api' }), 'CE_STORE_INVALID_INPUT');
      await rejectsWith(ctx.store.appendAuditEvent({ action: 'paused', actor: '' }), 'CE_STORE_INVALID_INPUT');
      await rejectsWith(ctx.store.appendAuditEvent({ action: 'paused', actor: 'api', at: -1 }), 'CE_STORE_INVALID_INPUT');
      assert.equal((await ctx.store.listAuditEvents()).items.length, 0);
    });
  });
}
