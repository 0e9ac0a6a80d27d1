import assert from 'node:assert/strict';
import { all, rejectsWith, type ContractContext } from './contract-kit';

const T = 'panel.report-result';

export function outboxContract(ctx: ContractContext): void {
  const lease = (owner = 'engine-a', leaseMs = 30_000, limit = 10, now = ctx.clock.now()) =>
    ctx.store.leaseOutbox({ topic: T, now, limit, leaseMs, owner });

  describe('report outbox', () => {
    it('queues an item once per idempotency key', async () => {
      const payload = { status: 'CONNECTED', user_message: 'بله', nested: [1, { a: null }] };
      const first = await ctx.store.enqueueOutbox({ key: 'a-1', topic: T, payload, attemptId: 'a-1' });
      assert.equal(first.created, true);
      assert.equal(first.item.status, 'pending');
      assert.equal(first.item.failures, 0);
      assert.equal(first.item.nextAttemptAt, ctx.clock.now());
      assert.deepEqual(first.item.payload, payload);
      const again = await ctx.store.enqueueOutbox({ key: 'a-1', topic: T, payload: { status: 'OTHER' } });
      assert.equal(again.created, false);
      assert.deepEqual(again.item, first.item, 'the first payload is kept');
      assert.deepEqual(await ctx.store.getOutboxItem(first.item.id), first.item);
    });

    it('leases due items in queue order and hides them until the lease ends', async () => {
      for (const k of ['k1', 'k2', 'k3']) await ctx.store.enqueueOutbox({ key: k, topic: T, payload: k });
      await ctx.store.enqueueOutbox({ key: 'later', topic: T, payload: 0, availableAt: ctx.clock.now() + 10_000 });
      await ctx.store.enqueueOutbox({ key: 'sms', topic: 'sms.alert', payload: 0 });
      const got = await lease('engine-a', 30_000, 2);
      assert.deepEqual(got.map((i) => i.key), ['k1', 'k2']);
      assert.equal(got[0]?.leasedBy, 'engine-a');
      assert.equal(got[0]?.leasedUntil, ctx.clock.now() + 30_000);
      assert.deepEqual((await lease('engine-b')).map((i) => i.key), ['k3']);
      assert.deepEqual(await lease('engine-b'), []);
      ctx.clock.advance(30_000);
      assert.deepEqual((await lease('engine-b')).map((i) => i.key), ['k1', 'k2', 'k3', 'later'], 'expired leases come back (the owner crashed)');
    });

    it('marks an item sent once; it is never leased again', async () => {
      const { item } = await ctx.store.enqueueOutbox({ key: 'k', topic: T, payload: 1 });
      await lease();
      const at = ctx.clock.advance(200);
      const sent = await ctx.store.markOutboxSent(item.id);
      assert.equal(sent.status, 'sent');
      assert.equal(sent.sentAt, at);
      assert.equal(sent.leasedBy, null);
      ctx.clock.advance(100);
      assert.deepEqual(await ctx.store.markOutboxSent(item.id), sent, 'marking twice is a no-op');
      ctx.clock.advance(60_000);
      assert.deepEqual(await lease(), []);
      await rejectsWith(ctx.store.markOutboxFailed(item.id, { error: 'x', retryAt: 0 }), 'CE_STORE_INVALID_TRANSITION');
    });

    it('records a failure and retries at the time the caller chose', async () => {
      const { item } = await ctx.store.enqueueOutbox({ key: 'k', topic: T, payload: 1 });
      await lease();
      const retryAt = ctx.clock.now() + 4000;
      const failed = await ctx.store.markOutboxFailed(item.id, { error: 'HTTP 503 Retry-After 4', retryAt });
      assert.equal(failed.status, 'pending');
      assert.equal(failed.failures, 1);
      assert.equal(failed.lastError, 'HTTP 503 Retry-After 4');
      assert.equal(failed.nextAttemptAt, retryAt);
      assert.equal(failed.leasedBy, null);
      assert.deepEqual(await lease('engine-a', 1000, 10, retryAt - 1), []);
      const [again] = await lease('engine-a', 1000, 10, retryAt);
      assert.equal(again?.id, item.id);
      assert.equal((await ctx.store.markOutboxFailed(item.id, { error: 'e'.repeat(5000), retryAt })).lastError?.length, 1000);
    });

    it('gives up on an item when told not to retry', async () => {
      const { item } = await ctx.store.enqueueOutbox({ key: 'k', topic: T, payload: 1 });
      const dead = await ctx.store.markOutboxFailed(item.id, { error: '422 validation_failed', retryAt: null });
      assert.equal(dead.status, 'dead');
      assert.equal(dead.failures, 1);
      assert.deepEqual(await lease('engine-a', 1000, 10, ctx.clock.now() + 1e9), []);
      await rejectsWith(ctx.store.markOutboxSent(item.id), 'CE_STORE_INVALID_TRANSITION');
      await rejectsWith(ctx.store.markOutboxFailed(item.id, { error: 'x', retryAt: null }), 'CE_STORE_INVALID_TRANSITION');
    });

    it('lists, counts and prunes', async () => {
      for (let i = 0; i < 5; i++) await ctx.store.enqueueOutbox({ key: `k${i}`, topic: i < 4 ? T : 'sms.alert', payload: i });
      const items = await all((cursor) => ctx.store.listOutbox({ limit: 2, cursor }));
      assert.deepEqual(items.map((i) => i.key), ['k0', 'k1', 'k2', 'k3', 'k4']);
      const [a, b, c] = items;
      assert.ok(a && b && c);
      await ctx.store.markOutboxSent(a.id, ctx.clock.now() - 10_000);
      await ctx.store.markOutboxSent(b.id);
      await ctx.store.markOutboxFailed(c.id, { error: 'gone', retryAt: null });
      assert.deepEqual(await ctx.store.countOutbox(), { pending: 2, sent: 2, dead: 1 });
      assert.deepEqual(await ctx.store.countOutbox('sms.alert'), { pending: 1, sent: 0, dead: 0 });
      assert.deepEqual((await ctx.store.listOutbox({ status: 'sent' })).items.map((i) => i.key), ['k0', 'k1']);
      assert.deepEqual((await ctx.store.listOutbox({ topic: 'sms.alert' })).items.map((i) => i.key), ['k4']);
      assert.equal(await ctx.store.pruneOutbox(ctx.clock.now() - 5000), 1);
      assert.deepEqual(await ctx.store.countOutbox(), { pending: 2, sent: 1, dead: 1 });
    });

    it('refuses malformed items and requests, and unknown ids', async () => {
      await rejectsWith(ctx.store.enqueueOutbox({ key: '', topic: T, payload: 1 }), 'CE_STORE_INVALID_INPUT');
      await rejectsWith(ctx.store.enqueueOutbox({ key: 'k', topic: '', payload: 1 }), 'CE_STORE_INVALID_INPUT');
      await rejectsWith(ctx.store.enqueueOutbox({ key: 'k', topic: T, payload: undefined as never }), 'CE_STORE_INVALID_INPUT');
      await rejectsWith(lease('engine-a', 0), 'CE_STORE_INVALID_INPUT');
      await rejectsWith(lease('engine-a', 1000, 0), 'CE_STORE_INVALID_INPUT');
      await rejectsWith(lease(''), 'CE_STORE_INVALID_INPUT');
      await rejectsWith(ctx.store.markOutboxSent(4242), 'CE_STORE_NOT_FOUND');
      await rejectsWith(ctx.store.markOutboxFailed(4242, { error: 'x', retryAt: null }), 'CE_STORE_NOT_FOUND');
      await rejectsWith(ctx.store.getOutboxItem(4242), 'CE_STORE_NOT_FOUND');
      assert.deepEqual(await ctx.store.countOutbox(), { pending: 0, sent: 0, dead: 0 });
    });
  });
}
