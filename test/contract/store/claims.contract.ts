import assert from 'node:assert/strict';
import { campaign, claimed, contacts, liveAttempt, phone, rejectsWith, type ContractContext } from './contract-kit';

export function claimsContract(ctx: ContractContext): void {
  describe('contacts: claiming and the queue life cycle', () => {
    it('claims eligible contacts oldest eligibility first, then in import order', async () => {
      const c = await campaign(ctx.store, { state: 'running' });
      const now = ctx.clock.now();
      await ctx.store.insertContacts(c.id, [
        { phone: phone(1) }, { phone: phone(2), notBefore: now - 10_000 }, { phone: phone(3), notBefore: now + 60_000 },
        { phone: phone(4) },
      ]);
      const got = await ctx.store.claimContacts(c.id, 10, now, 'engine-a');
      assert.deepEqual(got.map((x) => x.phone), [phone(2), phone(1), phone(4)]);
      for (const x of got) {
        assert.equal(x.status, 'claimed');
        assert.equal(x.claimedBy, 'engine-a');
        assert.equal(x.claimedAt, now);
      }
      assert.deepEqual(await ctx.store.claimContacts(c.id, 10, now, 'engine-a'), [], 'a claimed contact is not claimed again');
      const later = await ctx.store.claimContacts(c.id, 10, now + 60_000, 'engine-b');
      assert.deepEqual(later.map((x) => x.phone), [phone(3)]);
    });

    it('hands out at most `limit`, and concurrent claims never share a contact', async () => {
      const c = await campaign(ctx.store, { state: 'running' });
      await ctx.store.insertContacts(c.id, contacts(50));
      const now = ctx.clock.now();
      const batches = await Promise.all([1, 2, 3, 4].map((i) => ctx.store.claimContacts(c.id, 15, now, `engine-${i}`)));
      const ids = batches.flat().map((x) => x.id);
      assert.deepEqual(batches.map((b) => b.length).sort((a, b) => a - b), [5, 15, 15, 15]);
      assert.equal(new Set(ids).size, 50);
    });

    it('hands out nothing unless the campaign is running', async () => {
      for (const state of ['draft', 'paused'] as const) {
        const c = await campaign(ctx.store, { state });
        await ctx.store.insertContacts(c.id, contacts(3));
        assert.deepEqual(await ctx.store.claimContacts(c.id, 3, ctx.clock.now(), 'engine-a'), []);
      }
      const c = await campaign(ctx.store, { state: 'running' });
      await ctx.store.insertContacts(c.id, contacts(3));
      await ctx.store.setCampaignState(c.id, 'paused', { actor: 'panel', reason: 'call_allowed=false' });
      assert.deepEqual(await ctx.store.claimContacts(c.id, 3, ctx.clock.now(), 'engine-a'), []);
      assert.equal((await ctx.store.countContacts(c.id)).pending, 3);
    });

    it('refuses bad claim arguments', async () => {
      const c = await campaign(ctx.store, { state: 'running' });
      await rejectsWith(ctx.store.claimContacts('nope', 1, ctx.clock.now(), 'engine-a'), 'CE_STORE_NOT_FOUND');
      for (const n of [0, 1001, 2.5]) await rejectsWith(ctx.store.claimContacts(c.id, n, ctx.clock.now(), 'engine-a'), 'CE_STORE_INVALID_INPUT');
      await rejectsWith(ctx.store.claimContacts(c.id, 1, -1, 'engine-a'), 'CE_STORE_INVALID_INPUT');
      await rejectsWith(ctx.store.claimContacts(c.id, 1, ctx.clock.now(), ''), 'CE_STORE_INVALID_INPUT');
    });

    it('releases a claimed contact back to the queue at the given time', async () => {
      const { campaign: c, contacts: [x] } = await claimed(ctx);
      assert.ok(x);
      const at = ctx.clock.now() + 30_000;
      const released = await ctx.store.releaseContact(x.id, at);
      assert.equal(released.status, 'pending');
      assert.equal(released.nextEligibleAt, at);
      assert.equal(released.claimedBy, null);
      assert.deepEqual(await ctx.store.claimContacts(c.id, 1, at - 1, 'engine-a'), []);
      assert.equal((await ctx.store.claimContacts(c.id, 1, at, 'engine-a')).length, 1);
      await rejectsWith(ctx.store.releaseContact(999_999, at), 'CE_STORE_NOT_FOUND');
    });

    it('refuses to release a contact that is not claimed or has a call in progress', async () => {
      const c = await campaign(ctx.store, { state: 'running' });
      await ctx.store.insertContacts(c.id, contacts(1));
      const [pending] = (await ctx.store.listContacts(c.id)).items;
      assert.ok(pending);
      await rejectsWith(ctx.store.releaseContact(pending.id, ctx.clock.now()), 'CE_STORE_INVALID_TRANSITION');
      const { contact } = await liveAttempt(ctx);
      await rejectsWith(ctx.store.releaseContact(contact.id, ctx.clock.now()), 'CE_STORE_INVALID_TRANSITION');
    });

    it('after a crash releases only claims without a live attempt, per instance or all', async () => {
      const a = await claimed(ctx, 3, 'engine-a');
      const b = await claimed(ctx, 2, 'engine-b');
      const busy = a.contacts[0];
      assert.ok(busy);
      await ctx.store.createAttempt({ direction: 'outbound', phone: busy.phone, contactId: busy.id, instanceId: 'engine-a' });
      assert.equal(await ctx.store.releaseClaims('engine-a'), 2);
      assert.equal((await ctx.store.getContact(busy.id)).status, 'claimed', 'a call may still be up in Asterisk');
      assert.deepEqual(await ctx.store.countContacts(b.campaign.id), { pending: 0, claimed: 2, done: 0, skipped: 0 });
      assert.equal(await ctx.store.releaseClaims(), 2);
      assert.equal(await ctx.store.releaseClaims(), 0);
    });

    it('closes pending or claimed contacts for good', async () => {
      const { campaign: c, contacts: [x, y] } = await claimed(ctx, 2);
      assert.ok(x && y);
      const skipped = await ctx.store.closeContact(x.id, 'skipped', 'dnc');
      assert.equal(skipped.status, 'skipped');
      assert.equal(skipped.closeReason, 'dnc');
      assert.equal(skipped.claimedBy, null);
      assert.equal((await ctx.store.closeContact(y.id, 'done', 'max_attempts')).status, 'done');
      await rejectsWith(ctx.store.closeContact(x.id, 'done', 'again'), 'CE_STORE_INVALID_TRANSITION');
      await rejectsWith(ctx.store.closeContact(y.id, 'other' as never, 'x'), 'CE_STORE_INVALID_INPUT');
      await ctx.store.releaseClaims();
      assert.deepEqual(await ctx.store.claimContacts(c.id, 10, ctx.clock.now() + 1e9, 'engine-a'), []);
    });

    it('refuses to close a contact with a call in progress', async () => {
      const { contact } = await liveAttempt(ctx);
      await rejectsWith(ctx.store.closeContact(contact.id, 'skipped', 'operator'), 'CE_STORE_INVALID_TRANSITION');
    });

    it('reopens done or skipped contacts, keeping their attempt count', async () => {
      const { campaign: c, contact, attempt } = await liveAttempt(ctx);
      await ctx.store.finishAttempt(attempt.id, { result: 'busy' });
      await rejectsWith(ctx.store.reopenContact(contact.id - 1_000_000, 0), 'CE_STORE_NOT_FOUND');
      const at = ctx.clock.now() + 1000;
      const reopened = await ctx.store.reopenContact(contact.id, at);
      assert.equal(reopened.status, 'pending');
      assert.equal(reopened.attemptCount, 1);
      assert.equal(reopened.lastResult, 'busy');
      assert.equal(reopened.nextEligibleAt, at);
      await rejectsWith(ctx.store.reopenContact(contact.id, at), 'CE_STORE_INVALID_TRANSITION');
      assert.equal((await ctx.store.claimContacts(c.id, 1, at, 'engine-a'))[0]?.id, contact.id);
    });
  });
}
