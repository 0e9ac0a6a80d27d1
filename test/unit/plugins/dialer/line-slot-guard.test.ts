import assert from 'node:assert/strict';
import sinon from 'sinon';
import { createSilentLogger } from '../../../../engine/src/adapters/logging/pino-logger';
import type { LineSlotOutcome, LineSlotStore, LineSlotUsage } from '../../../../engine/src/ports/line-slot.types';
import { nextLocalMidnight } from '../../../../plugins/dialer/core/zoned-time';
import { LineSlotGuard } from '../../../../plugins/dialer/line-slot-guard';

const NOW = Date.UTC(2026, 4, 20, 9, 30);
const LIMITS = { concurrent: 2, concurrentOutbound: 1, perMinute: 10, perDay: 200, perSecond: 3 };
const USAGE: LineSlotUsage = { line: '02191302950', active: { outbound: 1, inbound: 0, operator: 0 }, lastMinute: 1, today: 1, lastOriginateAt: NOW };

function fakeSlots(outcome: LineSlotOutcome): { slots: LineSlotStore; reserve: sinon.SinonStub; release: sinon.SinonStub } {
  const reserve = sinon.stub().resolves(outcome);
  const release = sinon.stub().resolves(true);
  const slots: LineSlotStore = { reserveLineSlot: reserve, releaseLineSlot: release, releaseLineSlots: sinon.stub().resolves(3), lineUsage: sinon.stub().resolves([]) };
  return { slots, reserve, release };
}

function guardOn(slots: LineSlotStore): LineSlotGuard {
  return new LineSlotGuard({ slots, limits: LIMITS, timeZone: 'Asia/Tehran', instanceId: 'engine-a', holdMs: 60_000, logger: createSilentLogger() });
}

const granted: LineSlotOutcome = {
  ok: true,
  slot: { id: 42, line: '02191302950', kind: 'outbound', instanceId: 'engine-a', attemptId: null, acquiredAt: NOW, expiresAt: NOW + 60_000 },
  usage: USAGE,
};

describe('LineSlotGuard (cross-instance line cap before an originate)', () => {
  it('asks the store for an outbound slot on the lease\'s line with the config limits, the local midnight and the hold time', async () => {
    const { slots, reserve } = fakeSlots(granted);
    const got = await guardOn(slots).reserveOutbound({ line: '02191302950', release: sinon.spy() }, NOW);
    assert.equal(got.ok, true);
    sinon.assert.calledOnceWithExactly(reserve, {
      line: '02191302950', kind: 'outbound', limits: LIMITS, now: NOW, dayEndsAt: nextLocalMidnight(NOW, 'Asia/Tehran'), holdMs: 60_000, instanceId: 'engine-a',
    });
  });

  it('one release of the granted lease frees both the local lease and the store slot, once', async () => {
    const { slots, release } = fakeSlots(granted);
    const local = { line: '02191302950', release: sinon.spy() };
    const got = await guardOn(slots).reserveOutbound(local, NOW);
    assert.ok(got.ok);
    assert.equal(got.lease.line, '02191302950');
    got.lease.release();
    got.lease.release();
    sinon.assert.calledOnce(local.release);
    sinon.assert.calledOnceWithExactly(release, 42);
  });

  it('a refusal passes the reason and retry time on and leaves the local lease to the caller', async () => {
    const { slots } = fakeSlots({ ok: false, reason: 'per-minute', retryAt: NOW + 5000, usage: USAGE });
    const local = { line: '02191302950', release: sinon.spy() };
    assert.deepEqual(await guardOn(slots).reserveOutbound(local, NOW), { ok: false, reason: 'per-minute', retryAt: NOW + 5000 });
    sinon.assert.notCalled(local.release);
  });

  it('a failed slot release is logged, never thrown (the slot expires by itself)', async () => {
    const { slots, release } = fakeSlots(granted);
    release.rejects(new Error('connection lost'));
    const logger = createSilentLogger();
    const error = sinon.spy(logger, 'error');
    const guard = new LineSlotGuard({ slots, limits: LIMITS, timeZone: 'UTC', instanceId: 'engine-a', holdMs: 1000, logger });
    const got = await guard.reserveOutbound({ line: 'L1', release: () => undefined }, NOW);
    assert.ok(got.ok);
    assert.doesNotThrow(() => got.lease.release());
    await new Promise((r) => setImmediate(r));
    sinon.assert.calledOnce(error);
  });

  it('frees the slots this instance held before a restart', async () => {
    const { slots } = fakeSlots(granted);
    assert.equal(await guardOn(slots).releaseOwn(), 3);
    sinon.assert.calledOnceWithExactly(slots.releaseLineSlots as sinon.SinonStub, 'engine-a');
  });
});
