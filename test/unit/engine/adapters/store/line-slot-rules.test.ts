import assert from 'node:assert/strict';
import {
  checkSlotRequest, countersAfterOriginate, slotRefusal, usageOf, type LineSnapshot,
} from '../../../../../engine/src/adapters/store/line-slot-rules';
import { isEngineError } from '../../../../../engine/src/errors';
import type { LineSlotRequest } from '../../../../../engine/src/ports/call-store.port';

const NOW = 1_000_000;
const MIDNIGHT = NOW + 3_600_000;

function request(over: Partial<LineSlotRequest> = {}): LineSlotRequest {
  return { line: 'L1', kind: 'outbound', limits: { concurrent: 3 }, now: NOW, dayEndsAt: MIDNIGHT, holdMs: 1000, instanceId: 'e', ...over };
}

function snapshot(over: Partial<LineSnapshot> = {}): LineSnapshot {
  return {
    counters: { dayCount: 0, dayEndsAt: MIDNIGHT, lastOriginateAt: null }, active: { outbound: 0, inbound: 0, operator: 0 }, recent: [],
    ...over,
  };
}

// The decision both store adapters share (the contract suite runs it through SQLite and PostgreSQL).
describe('line-slot rules', () => {
  it('resolves the legacy caps: 0 or absent = concurrent, never above concurrent', () => {
    const { limits } = checkSlotRequest(request({ limits: { concurrent: 3, concurrentOutbound: 0, concurrentInbound: 9 } }));
    assert.deepEqual(limits, { concurrent: 3, concurrentOutbound: 3, concurrentInbound: 3, perMinute: null, perDay: null, perSecond: null });
    assert.equal(checkSlotRequest(request()).expiresAt, NOW + 1000);
    assert.equal(checkSlotRequest(request({ kind: 'operator', dayEndsAt: undefined })).dayEndsAt, null);
  });

  it('checks the day first for an originate, then the concurrent caps, then the rates', () => {
    const limits = { concurrent: 1, perDay: 2, perSecond: 1 };
    const full = snapshot({ active: { outbound: 1, inbound: 0, operator: 0 }, counters: { dayCount: 2, dayEndsAt: MIDNIGHT, lastOriginateAt: NOW } });
    assert.deepEqual(slotRefusal(checkSlotRequest(request({ limits })), full), { reason: 'per-day', retryAt: MIDNIGHT });
    assert.deepEqual(slotRefusal(checkSlotRequest(request({ limits, kind: 'inbound' })), full), { reason: 'concurrent', retryAt: null });
    const idle = snapshot({ counters: { dayCount: 1, dayEndsAt: MIDNIGHT, lastOriginateAt: NOW - 400 } });
    assert.deepEqual(slotRefusal(checkSlotRequest(request({ limits })), idle), { reason: 'per-second', retryAt: NOW + 600 });
    assert.equal(slotRefusal(checkSlotRequest(request({ limits, kind: 'operator' })), idle), null, 'rates never hold an operator leg');
  });

  it('reports the later of two rate waits, and the minute wait from the oldest originate that must leave', () => {
    const recent = [NOW - 50_000, NOW - 30_000, NOW - 100];
    const snap = snapshot({ recent, counters: { dayCount: 3, dayEndsAt: MIDNIGHT, lastOriginateAt: NOW - 100 } });
    assert.deepEqual(slotRefusal(checkSlotRequest(request({ limits: { concurrent: 9, perMinute: 2, perSecond: 5 } })), snap),
      { reason: 'per-minute', retryAt: NOW + 30_000 });
    assert.deepEqual(slotRefusal(checkSlotRequest(request({ limits: { concurrent: 9, perMinute: 5, perSecond: 5 } })), snap),
      { reason: 'per-second', retryAt: NOW + 100 });
  });

  it('starts a new day count once the stored midnight has passed', () => {
    const counters = { dayCount: 200, dayEndsAt: NOW, lastOriginateAt: NOW - 10 };
    const next = countersAfterOriginate(counters, checkSlotRequest(request({ dayEndsAt: NOW + 86_400_000 })));
    assert.deepEqual(next, { dayCount: 1, dayEndsAt: NOW + 86_400_000, lastOriginateAt: NOW });
    assert.equal(slotRefusal(checkSlotRequest(request({ limits: { concurrent: 1, perDay: 200 } })), snapshot({ counters })), null);
    assert.equal(usageOf('L1', snapshot({ counters }), NOW).today, 0);
    const sameDay = countersAfterOriginate({ dayCount: 4, dayEndsAt: MIDNIGHT, lastOriginateAt: NOW + 50 }, checkSlotRequest(request()));
    assert.deepEqual(sameDay, { dayCount: 5, dayEndsAt: MIDNIGHT, lastOriginateAt: NOW + 50 }, 'a peer clock ahead of ours is kept');
  });

  it('refuses malformed requests with CE_STORE_INVALID_INPUT naming the field', () => {
    const cases: [Partial<LineSlotRequest>, string][] = [
      [{ limits: { concurrent: 2, concurrentOutbound: -1 } }, 'limits.concurrentOutbound'],
      [{ limits: { concurrent: 2, perSecond: 0 } }, 'limits.perSecond'],
      [{ holdMs: 86_400_001 }, 'holdMs'],
      [{ dayEndsAt: NOW - 1 }, 'dayEndsAt'],
      [{ line: 'a\nb' }, 'line'],
    ];
    for (const [over, field] of cases) {
      assert.throws(() => checkSlotRequest(request(over)), (e: unknown) => isEngineError(e, 'CE_STORE_INVALID_INPUT') && (e.details as { field?: string }).field === field);
    }
  });
});
