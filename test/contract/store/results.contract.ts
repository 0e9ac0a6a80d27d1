import assert from 'node:assert/strict';
import { NOT_DIALLED_RESULT, type CallResult } from '../../../engine/src/ports/call-store.port';
import { all, claimed, liveAttempt, rejectsWith, type ContractContext } from './contract-kit';

const REPORT = 'panel.report-result';

export function resultsContract(ctx: ContractContext): void {
  describe('attempts: exactly one final result', () => {
    it('records the result, closes the contact and computes durations', async () => {
      const { contact, attempt } = await liveAttempt(ctx);
      ctx.clock.advance(8000);
      await ctx.store.advanceAttempt(attempt.id, 'answered');
      const endedAt = ctx.clock.advance(28_000);
      const out = await ctx.store.finishAttempt(attempt.id, {
        result: 'connected_to_operator', reason: 'User said yes', transcript: 'بله بفرمایید', intent: 'yes', ringMs: 7000,
        hangupCause: 16, hangupCauseText: 'Normal Clearing', details: { agentId: 4 },
      });
      assert.equal(out.alreadyFinished, false);
      assert.equal(out.attempt.state, 'finished');
      assert.equal(out.attempt.result, 'connected_to_operator');
      assert.equal(out.attempt.finishedAt, endedAt);
      assert.deepEqual(out.result, {
        attemptId: attempt.id, campaignId: attempt.campaignId, contactId: contact.id, direction: 'outbound', phone: contact.phone,
        result: 'connected_to_operator', reason: 'User said yes', hangupCause: 16, hangupCauseText: 'Normal Clearing',
        transcript: 'بله بفرمایید', intent: 'yes', ringMs: 7000, talkMs: 28_000, totalMs: 36_000, startedAt: attempt.createdAt,
        endedAt, details: { agentId: 4 },
      });
      assert.deepEqual(await ctx.store.getResult(attempt.id), out.result);
      const after = await ctx.store.getContact(contact.id);
      assert.equal(after.status, 'done');
      assert.equal(after.lastResult, 'connected_to_operator');
      assert.equal(after.claimedBy, null);
    });

    it('puts the contact back in the queue when a retry time is given', async () => {
      const { campaign: c, contact, attempt } = await liveAttempt(ctx);
      const retryAt = ctx.clock.now() + 600_000;
      await ctx.store.finishAttempt(attempt.id, { result: 'busy', hangupCause: 17, endedAt: ctx.clock.now() }, { retryContactAt: retryAt });
      const after = await ctx.store.getContact(contact.id);
      assert.equal(after.status, 'pending');
      assert.equal(after.nextEligibleAt, retryAt);
      assert.equal(after.lastResult, 'busy');
      assert.deepEqual(await ctx.store.claimContacts(c.id, 1, retryAt - 1, 'engine-a'), []);
      const [again] = await ctx.store.claimContacts(c.id, 1, retryAt, 'engine-a');
      assert.equal(again?.id, contact.id);
      const second = await ctx.store.createAttempt({ direction: 'outbound', phone: contact.phone, contactId: contact.id, instanceId: 'engine-a' });
      assert.equal((await ctx.store.getContact(contact.id)).attemptCount, 2);
      assert.notEqual(second.id, attempt.id);
    });

    it('a pending attempt finished as failed:not_dialled gives the contact its attempt back, once', async () => {
      const { campaign: c, contact, attempt } = await liveAttempt(ctx);
      assert.equal((await ctx.store.getContact(contact.id)).attemptCount, 1);
      const now = ctx.clock.now();
      await ctx.store.finishAttempt(attempt.id, { result: NOT_DIALLED_RESULT }, { retryContactAt: now });
      await ctx.store.finishAttempt(attempt.id, { result: NOT_DIALLED_RESULT }, { retryContactAt: now });
      const after = await ctx.store.getContact(contact.id);
      assert.deepEqual([after.status, after.attemptCount, after.lastResult], ['pending', 0, NOT_DIALLED_RESULT]);
      // A not-dialled attempt that had reached `dialing` may have been sent: it keeps its count.
      const [again] = await ctx.store.claimContacts(c.id, 1, now, 'engine-a');
      assert.equal(again?.id, contact.id);
      const second = await ctx.store.createAttempt({ direction: 'outbound', phone: contact.phone, contactId: contact.id, instanceId: 'engine-a' });
      await ctx.store.advanceAttempt(second.id, 'dialing');
      await ctx.store.finishAttempt(second.id, { result: NOT_DIALLED_RESULT });
      assert.equal((await ctx.store.getContact(contact.id)).attemptCount, 1);
    });

    it('repeating the same result changes nothing and returns the first record', async () => {
      const { attempt } = await liveAttempt(ctx);
      const first = await ctx.store.finishAttempt(attempt.id, { result: 'not_interested', transcript: 'نه ممنون' }, {
        outbox: [{ key: attempt.id, topic: REPORT, payload: { status: 'NOT_INTERESTED' } }],
      });
      ctx.clock.advance(5000);
      const again = await ctx.store.finishAttempt(attempt.id, { result: 'not_interested', transcript: 'changed' }, {
        outbox: [{ key: `${attempt.id}-2`, topic: REPORT, payload: {} }],
      });
      assert.equal(again.alreadyFinished, true);
      assert.deepEqual(again.result, first.result);
      assert.deepEqual(again.attempt, first.attempt);
      assert.equal((await ctx.store.listOutbox()).items.length, 1, 'a repeated finish queues nothing');
    });

    it('refuses a different second result and never overwrites the first', async () => {
      const { contact, attempt } = await liveAttempt(ctx);
      await ctx.store.finishAttempt(attempt.id, { result: 'missed' }, { retryContactAt: ctx.clock.now() + 1000 });
      await rejectsWith(ctx.store.finishAttempt(attempt.id, { result: 'failed:operator_failed' }), 'CE_STORE_INVALID_TRANSITION');
      assert.equal((await ctx.store.getResult(attempt.id))?.result, 'missed');
      assert.equal((await ctx.store.getAttempt(attempt.id)).result, 'missed');
      assert.equal((await ctx.store.getContact(contact.id)).status, 'pending');
      await rejectsWith(ctx.store.advanceAttempt(attempt.id, 'answered'), 'CE_STORE_INVALID_TRANSITION');
    });

    it('lets exactly one of two racing finishes win', async () => {
      const { attempt } = await liveAttempt(ctx);
      const settled = await Promise.allSettled([
        ctx.store.finishAttempt(attempt.id, { result: 'hangup' }),
        ctx.store.finishAttempt(attempt.id, { result: 'disconnected' }),
      ]);
      assert.equal(settled.filter((s) => s.status === 'fulfilled').length, 1);
      const winner = (await ctx.store.getResult(attempt.id))?.result;
      assert.ok(winner === 'hangup' || winner === 'disconnected');
    });

    it('queues outbox items atomically with the result', async () => {
      const { attempt } = await liveAttempt(ctx);
      const out = await ctx.store.finishAttempt(attempt.id, { result: 'power_off', hangupCause: 38 }, {
        outbox: [{ key: attempt.id, topic: REPORT, payload: { status: 'POWER_OFF', attempt_id: attempt.id }, attemptId: attempt.id }],
      });
      assert.equal(out.result.result, 'power_off');
      const [item] = (await ctx.store.listOutbox({ topic: REPORT })).items;
      assert.equal(item?.key, attempt.id);
      assert.equal(item?.attemptId, attempt.id);
      assert.deepEqual(item?.payload, { status: 'POWER_OFF', attempt_id: attempt.id });
    });

    it('rolls everything back when any part of the finish is invalid', async () => {
      const { contact, attempt } = await liveAttempt(ctx);
      const bad = [
        ctx.store.finishAttempt(attempt.id, { result: 'busy' }, { outbox: [{ key: 'k', topic: REPORT, payload: { n: Number.NaN } }] }),
        ctx.store.finishAttempt(attempt.id, { result: 'busy', talkMs: -1 }),
        ctx.store.finishAttempt(attempt.id, { result: 'busy', details: [] as never }),
        ctx.store.finishAttempt(attempt.id, { result: 'busy' }, { retryContactAt: -5 }),
      ];
      for (const p of bad) await rejectsWith(p, 'CE_STORE_INVALID_INPUT');
      assert.equal((await ctx.store.getAttempt(attempt.id)).state, 'pending');
      assert.equal(await ctx.store.getResult(attempt.id), null);
      assert.equal((await ctx.store.getContact(contact.id)).status, 'claimed');
      assert.deepEqual(await ctx.store.countOutbox(), { pending: 0, sent: 0, dead: 0 });
    });

    it('accepts every result word of PRODUCT.md §5 and refuses anything else', async () => {
      const words: CallResult[] = ['connected_to_operator', 'not_interested', 'unknown', 'disconnected', 'hangup', 'missed',
        'busy', 'power_off', 'banned', 'inbound_call', 'failed:vira_quota', 'failed:llm_quota', 'failed:recording'];
      for (const result of words) {
        const a = await ctx.store.createAttempt({ direction: 'inbound', phone: '0912', instanceId: 'e' });
        assert.equal((await ctx.store.finishAttempt(a.id, { result })).result.result, result);
      }
      const a = await ctx.store.createAttempt({ direction: 'inbound', phone: '0912', instanceId: 'e' });
      for (const result of ['failed:', 'FAILED:x', 'failed:has space', 'CONNECTED', '', 'ok']) {
        await rejectsWith(ctx.store.finishAttempt(a.id, { result: result as CallResult }), 'CE_STORE_INVALID_INPUT');
      }
      await rejectsWith(ctx.store.finishAttempt(a.id, { result: 'busy' }, { retryContactAt: 1 }), 'CE_STORE_INVALID_INPUT');
      await rejectsWith(ctx.store.finishAttempt('nope', { result: 'busy' }), 'CE_STORE_NOT_FOUND');
      await rejectsWith(ctx.store.getResult('nope'), 'CE_STORE_NOT_FOUND');
      assert.equal(await ctx.store.getResult(a.id), null);
    });

    it('lists results by campaign, word and time, in either order, and counts them', async () => {
      const { campaign: c, contacts: xs } = await claimed(ctx, 4);
      const words: CallResult[] = ['busy', 'missed', 'busy', 'not_interested'];
      const ends: number[] = [];
      for (const [i, x] of xs.entries()) {
        const a = await ctx.store.createAttempt({ direction: 'outbound', phone: x.phone, contactId: x.id, instanceId: 'e' });
        ends.push(ctx.clock.advance(60_000));
        await ctx.store.finishAttempt(a.id, { result: words[i] as CallResult });
      }
      const inbound = await ctx.store.createAttempt({ direction: 'inbound', phone: '0912', instanceId: 'e' });
      await ctx.store.finishAttempt(inbound.id, { result: 'inbound_call' });
      const mine = await all((cursor) => ctx.store.listResults({ campaignId: c.id, limit: 3, cursor }));
      assert.deepEqual(mine.map((r) => r.result), words);
      const newest = await ctx.store.listResults({ campaignId: c.id, order: 'desc', limit: 1 });
      assert.equal(newest.items[0]?.result, 'not_interested');
      assert.deepEqual((await ctx.store.listResults({ result: 'busy' })).items.map((r) => r.endedAt), [ends[0], ends[2]]);
      assert.deepEqual((await ctx.store.listResults({ since: ends[1], until: ends[3] })).items.map((r) => r.result), ['missed', 'busy']);
      assert.deepEqual(await ctx.store.countResults(c.id), { busy: 2, missed: 1, not_interested: 1 });
      assert.deepEqual(await ctx.store.countResults(), { busy: 2, inbound_call: 1, missed: 1, not_interested: 1 });
      await rejectsWith(ctx.store.listResults({ result: 'nonsense' as never }), 'CE_STORE_INVALID_INPUT');
    });
  });
}
