import assert from 'node:assert/strict';
import type { LineSlotOutcome, LineSlotRequest, LineSlotStore } from '../../../engine/src/ports/call-store.port';
import { rejectsWith, type ContractContext } from './contract-kit';

const LINE = '02191302954';
const DAY_MS = 86_400_000;

/** Both adapters of this repository provide the capability; the contract holds them to it. */
function slots(ctx: ContractContext): LineSlotStore {
  const s = ctx.store.lineSlots;
  assert.ok(s, 'the store provides lineSlots');
  return s;
}

export function lineSlotsContract(ctx: ContractContext): void {
  const req = (over: Partial<LineSlotRequest> = {}): LineSlotRequest => ({
    line: LINE, kind: 'outbound', limits: { concurrent: 2 }, now: ctx.clock.now(), dayEndsAt: ctx.clock.now() + DAY_MS,
    holdMs: 3_600_000, instanceId: 'engine-a', ...over,
  });
  const reserve = (over: Partial<LineSlotRequest> = {}): Promise<LineSlotOutcome> => slots(ctx).reserveLineSlot(req(over));
  const slotId = (o: LineSlotOutcome): number => {
    assert.ok(o.ok, `expected a slot, got ${o.ok ? '' : o.reason}`);
    return o.slot.id;
  };

  describe('line slots: per-line limits across instances', () => {
    it('holds at most `concurrent` legs on a line and frees a slot once', async () => {
      const first = await reserve({ attemptId: 'a-1' });
      assert.ok(first.ok);
      assert.deepEqual({ ...first.slot, id: 0 }, {
        id: 0, line: LINE, kind: 'outbound', instanceId: 'engine-a', attemptId: 'a-1', acquiredAt: ctx.clock.now(), expiresAt: ctx.clock.now() + 3_600_000,
      });
      assert.deepEqual(first.usage.active, { outbound: 1, inbound: 0, operator: 0 });
      const second = await reserve({ kind: 'inbound', instanceId: 'engine-b' });
      assert.ok(second.ok);
      const third = await reserve({ kind: 'operator' });
      assert.deepEqual({ ok: third.ok, reason: third.ok ? null : third.reason, retryAt: third.ok ? null : third.retryAt }, { ok: false, reason: 'concurrent', retryAt: null });
      assert.deepEqual(third.usage.active, { outbound: 1, inbound: 1, operator: 0 });
      assert.equal(await slots(ctx).releaseLineSlot(slotId(first)), true);
      assert.equal(await slots(ctx).releaseLineSlot(slotId(first)), false, 'a second release frees nothing');
      assert.ok((await reserve({ kind: 'operator' })).ok);
      assert.ok((await reserve({ line: '02191302955' })).ok, 'lines are independent');
    });

    it('applies the separate outbound and inbound caps; operator legs only need a free slot', async () => {
      const limits = { concurrent: 3, concurrentOutbound: 1, concurrentInbound: 1 };
      assert.ok((await reserve({ limits })).ok);
      const outbound = await reserve({ limits, now: ctx.clock.advance(5000), dayEndsAt: ctx.clock.now() + DAY_MS });
      assert.equal(outbound.ok ? 'ok' : outbound.reason, 'concurrent-outbound');
      assert.ok((await reserve({ limits, kind: 'inbound' })).ok);
      const inbound = await reserve({ limits, kind: 'inbound' });
      assert.equal(inbound.ok ? 'ok' : inbound.reason, 'concurrent-inbound');
      assert.ok((await reserve({ limits, kind: 'operator' })).ok);
      const full = await reserve({ limits, kind: 'operator' });
      assert.equal(full.ok ? 'ok' : full.reason, 'concurrent');
    });

    it('spaces outbound originates by 1000/perSecond ms, across releases', async () => {
      const limits = { concurrent: 10, perSecond: 2 };
      const t0 = ctx.clock.now();
      await slots(ctx).releaseLineSlot(slotId(await reserve({ limits })));
      const early = await reserve({ limits, now: t0 + 499 });
      assert.deepEqual(early.ok ? null : [early.reason, early.retryAt], ['per-second', t0 + 500]);
      assert.ok((await reserve({ limits, kind: 'inbound', now: t0 + 1 })).ok, 'an inbound leg is not an originate');
      assert.ok((await reserve({ limits, now: t0 + 500 })).ok);
    });

    it('counts originates in a sliding minute and says when the oldest leaves it', async () => {
      const limits = { concurrent: 10, perMinute: 3 };
      const t0 = ctx.clock.now();
      for (const dt of [0, 10_000, 20_000]) await slots(ctx).releaseLineSlot(slotId(await reserve({ limits, now: t0 + dt })));
      const full = await reserve({ limits, now: t0 + 30_000 });
      assert.deepEqual(full.ok ? null : [full.reason, full.retryAt], ['per-minute', t0 + 60_000]);
      assert.equal(full.usage.lastMinute, 3);
      assert.ok((await reserve({ limits, now: t0 + 60_000 })).ok);
      const usage = await slots(ctx).lineUsage([LINE], t0 + 60_000);
      assert.equal(usage[0]?.lastMinute, 3, 'the originate at t0 left the window, the new one entered it');
    });

    it('caps originates per local day and starts counting again after midnight', async () => {
      const limits = { concurrent: 10, perDay: 2 };
      const t0 = ctx.clock.now();
      const midnight = t0 + 3_600_000;
      for (let i = 0; i < 2; i++) await slots(ctx).releaseLineSlot(slotId(await reserve({ limits, now: t0 + i, dayEndsAt: midnight })));
      const third = await reserve({ limits, now: t0 + 2, dayEndsAt: midnight });
      assert.deepEqual(third.ok ? null : [third.reason, third.retryAt], ['per-day', midnight]);
      assert.equal(third.usage.today, 2);
      assert.ok((await reserve({ limits, kind: 'operator', now: t0 + 3 })).ok, 'operator legs are never refused by a rate');
      const next = await reserve({ limits, now: midnight, dayEndsAt: midnight + DAY_MS });
      assert.ok(next.ok);
      assert.equal(next.usage.today, 1);
      assert.equal((await slots(ctx).lineUsage([LINE], midnight + DAY_MS))[0]?.today, 0);
    });

    it('stops counting a slot after its hold time (its engine died) and frees slots per instance', async () => {
      const t0 = ctx.clock.now();
      const lost = slotId(await reserve({ holdMs: 60_000 }));
      await reserve({ instanceId: 'engine-b', holdMs: 120_000 });
      assert.equal((await reserve({ now: t0 + 59_999 })).ok, false);
      const after = await reserve({ now: t0 + 60_000, instanceId: 'engine-c' });
      assert.ok(after.ok, 'the expired slot no longer counts');
      assert.equal(await slots(ctx).releaseLineSlot(lost), false);
      assert.equal(await slots(ctx).releaseLineSlots('engine-b'), 1);
      assert.equal(await slots(ctx).releaseLineSlots('engine-b'), 0);
      assert.deepEqual((await slots(ctx).lineUsage([LINE], t0 + 60_000))[0]?.active, { outbound: 1, inbound: 0, operator: 0 });
    });

    it('reports usage per line in the order asked, zeros for a line never used', async () => {
      const t0 = ctx.clock.now();
      await reserve({ limits: { concurrent: 5 } });
      await reserve({ limits: { concurrent: 5 }, kind: 'inbound', now: t0 + 1000 });
      const usage = await slots(ctx).lineUsage(['0999', LINE], t0 + 1000);
      assert.deepEqual(usage, [
        { line: '0999', active: { outbound: 0, inbound: 0, operator: 0 }, lastMinute: 0, today: 0, lastOriginateAt: null },
        { line: LINE, active: { outbound: 1, inbound: 1, operator: 0 }, lastMinute: 1, today: 1, lastOriginateAt: t0 },
      ]);
      assert.deepEqual(await slots(ctx).lineUsage([], t0), []);
    });

    it('never passes a limit under concurrent reservations', async () => {
      const outcomes = await Promise.all(Array.from({ length: 30 }, (_, i) =>
        reserve({ limits: { concurrent: 4 }, instanceId: `engine-${i % 3}` })));
      assert.equal(outcomes.filter((o) => o.ok).length, 4);
      const daily = await Promise.all(Array.from({ length: 30 }, () =>
        reserve({ line: 'L2', limits: { concurrent: 100, perDay: 7 } })));
      assert.equal(daily.filter((o) => o.ok).length, 7);
    });

    it('refuses malformed requests with CE_STORE_INVALID_INPUT', async () => {
      const now = ctx.clock.now();
      const bad: Partial<LineSlotRequest>[] = [
        { line: '' }, { line: 'a b' }, { kind: 'fax' as never }, { limits: { concurrent: 0 } }, { limits: null as never },
        { limits: { concurrent: 2, perSecond: Number.NaN } }, { limits: { concurrent: 2, perMinute: 1.5 } }, { now: -1 },
        { holdMs: 0 }, { holdMs: 86_400_001 }, { dayEndsAt: undefined }, { dayEndsAt: now }, { instanceId: '' }, { attemptId: 'x y' },
      ];
      for (const over of bad) await rejectsWith(reserve(over), 'CE_STORE_INVALID_INPUT');
      await rejectsWith(slots(ctx).reserveLineSlot(null as never), 'CE_STORE_INVALID_INPUT');
      await rejectsWith(slots(ctx).lineUsage('x' as never, now), 'CE_STORE_INVALID_INPUT');
      await rejectsWith(slots(ctx).lineUsage([LINE], -5), 'CE_STORE_INVALID_INPUT');
      await rejectsWith(slots(ctx).releaseLineSlots(''), 'CE_STORE_INVALID_INPUT');
      assert.ok((await reserve({ kind: 'inbound', dayEndsAt: undefined })).ok, 'only an originate needs the day boundary');
      assert.deepEqual((await slots(ctx).lineUsage([LINE], now))[0]?.active, { outbound: 0, inbound: 1, operator: 0 });
    });

    it('rejects with CE_STORE_CLOSED after close()', async () => {
      const s = slots(ctx);
      await ctx.store.close();
      await rejectsWith(s.reserveLineSlot(req()), 'CE_STORE_CLOSED');
      await rejectsWith(s.releaseLineSlot(1), 'CE_STORE_CLOSED');
      await rejectsWith(s.releaseLineSlots('engine-a'), 'CE_STORE_CLOSED');
      await rejectsWith(s.lineUsage([LINE], 0), 'CE_STORE_CLOSED');
    });
  });
}
