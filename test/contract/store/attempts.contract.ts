import assert from 'node:assert/strict';
import { all, campaign, claimed, contacts, liveAttempt, rejectsWith, type ContractContext } from './contract-kit';

export function attemptsContract(ctx: ContractContext): void {
  describe('attempts: the ledger before and during a call', () => {
    it('writes a pending attempt and counts it on the contact', async () => {
      const { campaign: c, contact, attempt } = await liveAttempt(ctx);
      assert.match(attempt.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.equal(attempt.state, 'pending');
      assert.equal(attempt.result, null);
      assert.equal(attempt.campaignId, c.id);
      assert.equal(attempt.contactId, contact.id);
      assert.equal(attempt.direction, 'outbound');
      assert.equal(attempt.createdAt, ctx.clock.now());
      assert.equal(attempt.answeredAt, null);
      const after = await ctx.store.getContact(contact.id);
      assert.equal(after.attemptCount, 1);
      assert.equal(after.lastAttemptAt, ctx.clock.now());
      assert.deepEqual(await ctx.store.getAttempt(attempt.id), attempt);
    });

    it('uses a pre-assigned id and channel id, and refuses the same id twice', async () => {
      const input = {
        id: '5b0e2f6a-8c1d-4e3f-9a7b-1c2d3e4f5a6b', direction: 'inbound', phone: 'anonymous', channelId: '1700000000.42',
        lineId: '02191302954', scenario: 'inbound', instanceId: 'engine-a',
      } as const;
      const a = await ctx.store.createAttempt(input);
      assert.equal(a.id, input.id);
      assert.equal(a.channelId, input.channelId);
      assert.equal(a.lineId, input.lineId);
      assert.equal(a.scenario, 'inbound');
      assert.equal(a.campaignId, null);
      assert.equal(a.contactId, null);
      await rejectsWith(ctx.store.createAttempt(input), 'CE_STORE_CONFLICT');
    });

    it('allows a campaign attempt without a contact (test mode) but checks the campaign', async () => {
      const c = await campaign(ctx.store, { state: 'running' });
      const a = await ctx.store.createAttempt({ direction: 'outbound', phone: '6005', campaignId: c.id, instanceId: 'engine-a' });
      assert.equal(a.campaignId, c.id);
      await rejectsWith(ctx.store.createAttempt({ direction: 'outbound', phone: '6005', campaignId: 'nope', instanceId: 'engine-a' }), 'CE_STORE_NOT_FOUND');
    });

    it('only dials a claimed contact, one live attempt at a time', async () => {
      const c = await campaign(ctx.store, { state: 'running' });
      await ctx.store.insertContacts(c.id, contacts(1));
      const [x] = (await ctx.store.listContacts(c.id)).items;
      assert.ok(x);
      const dial = { direction: 'outbound', phone: x.phone, contactId: x.id, instanceId: 'engine-a' } as const;
      await rejectsWith(ctx.store.createAttempt(dial), 'CE_STORE_INVALID_TRANSITION');
      await ctx.store.claimContacts(c.id, 1, ctx.clock.now(), 'engine-a');
      await ctx.store.createAttempt(dial);
      await rejectsWith(ctx.store.createAttempt(dial), 'CE_STORE_INVALID_TRANSITION');
      assert.equal((await ctx.store.getContact(x.id)).attemptCount, 1, 'a refused attempt is not counted');
      await rejectsWith(ctx.store.createAttempt({ ...dial, contactId: 999_999 }), 'CE_STORE_NOT_FOUND');
      const other = await campaign(ctx.store);
      await rejectsWith(ctx.store.createAttempt({ ...dial, campaignId: other.id }), 'CE_STORE_INVALID_INPUT');
    });

    it('refuses an outbound number that could inject into a dial string', async () => {
      const { contacts: [x] } = await claimed(ctx);
      assert.ok(x);
      for (const bad of ['0912&1', '0912,1234567', 'PJSIP/0912@x', '']) {
        await rejectsWith(ctx.store.createAttempt({ direction: 'outbound', phone: bad, contactId: x.id, instanceId: 'e' }), 'CE_PHONE_INVALID');
      }
      await rejectsWith(ctx.store.createAttempt({ direction: 'inbound', phone: 'a\nb', instanceId: 'e' }), 'CE_STORE_INVALID_INPUT');
      await rejectsWith(ctx.store.createAttempt({ direction: 'sideways' as never, phone: '0912', instanceId: 'e' }), 'CE_STORE_INVALID_INPUT');
      await rejectsWith(ctx.store.createAttempt({ direction: 'inbound', phone: '0912', instanceId: 'bad id' }), 'CE_STORE_INVALID_INPUT');
      assert.equal((await ctx.store.getContact(x.id)).attemptCount, 0);
    });

    it('moves forward through the live states, setting answeredAt once', async () => {
      const { attempt } = await liveAttempt(ctx);
      ctx.clock.advance(100);
      assert.equal((await ctx.store.advanceAttempt(attempt.id, 'dialing', { channelId: 'chan-1' })).channelId, 'chan-1');
      const answeredAt = ctx.clock.advance(5000);
      const answered = await ctx.store.advanceAttempt(attempt.id, 'answered');
      assert.equal(answered.answeredAt, answeredAt);
      assert.equal(answered.channelId, 'chan-1', 'fields not in the patch are kept');
      ctx.clock.advance(1000);
      const again = await ctx.store.advanceAttempt(attempt.id, 'answered', { lineId: 'L2' });
      assert.equal(again.answeredAt, answeredAt, 'a repeated event does not move answeredAt');
      assert.equal(again.lineId, 'L2');
      assert.equal((await ctx.store.advanceAttempt(attempt.id, 'transferring')).state, 'transferring');
    });

    it('refuses backward moves, `finished` and unknown attempts', async () => {
      const { attempt } = await liveAttempt(ctx);
      await ctx.store.advanceAttempt(attempt.id, 'answered');
      await rejectsWith(ctx.store.advanceAttempt(attempt.id, 'ringing'), 'CE_STORE_INVALID_TRANSITION');
      await rejectsWith(ctx.store.advanceAttempt(attempt.id, 'finished' as never), 'CE_STORE_INVALID_INPUT');
      await rejectsWith(ctx.store.advanceAttempt('nope', 'dialing'), 'CE_STORE_NOT_FOUND');
      await rejectsWith(ctx.store.getAttempt('nope'), 'CE_STORE_NOT_FOUND');
      assert.equal((await ctx.store.getAttempt(attempt.id)).state, 'answered');
    });

    it('lists in-flight attempts for reconciliation, oldest first, per instance or all', async () => {
      const a1 = await ctx.store.createAttempt({ direction: 'inbound', phone: '0912', instanceId: 'engine-a' });
      ctx.clock.advance(1);
      const b1 = await ctx.store.createAttempt({ direction: 'inbound', phone: '0913', instanceId: 'engine-b' });
      ctx.clock.advance(1);
      const a2 = await ctx.store.createAttempt({ direction: 'inbound', phone: '0914', instanceId: 'engine-a' });
      await ctx.store.advanceAttempt(a2.id, 'answered');
      const done = await ctx.store.createAttempt({ direction: 'inbound', phone: '0915', instanceId: 'engine-a' });
      await ctx.store.finishAttempt(done.id, { result: 'inbound_call' });
      assert.deepEqual((await ctx.store.listInFlightAttempts()).map((a) => a.id), [a1.id, b1.id, a2.id]);
      assert.deepEqual((await ctx.store.listInFlightAttempts('engine-a')).map((a) => [a.id, a.state]), [[a1.id, 'pending'], [a2.id, 'answered']]);
      assert.deepEqual(await ctx.store.listInFlightAttempts('engine-c'), []);
    });

    it('lists attempts by campaign, contact and state, in either order, page by page', async () => {
      const { campaign: c, contacts: xs } = await claimed(ctx, 5);
      const ids: string[] = [];
      for (const x of xs) ids.push((await ctx.store.createAttempt({ direction: 'outbound', phone: x.phone, contactId: x.id, instanceId: 'e' })).id);
      await ctx.store.createAttempt({ direction: 'inbound', phone: '0912', instanceId: 'e' });
      assert.deepEqual((await all((cursor) => ctx.store.listAttempts({ campaignId: c.id, limit: 2, cursor }))).map((a) => a.id), ids);
      assert.deepEqual((await all((cursor) => ctx.store.listAttempts({ campaignId: c.id, order: 'desc', limit: 2, cursor }))).map((a) => a.id), [...ids].reverse());
      assert.deepEqual((await ctx.store.listAttempts({ contactId: xs[2]?.id })).items.map((a) => a.id), [ids[2]]);
      assert.equal((await ctx.store.listAttempts()).items.length, 6);
      assert.equal((await ctx.store.listAttempts({ state: 'finished' })).items.length, 0);
      await rejectsWith(ctx.store.listAttempts({ order: 'up' as never }), 'CE_STORE_INVALID_INPUT');
    });
  });
}
