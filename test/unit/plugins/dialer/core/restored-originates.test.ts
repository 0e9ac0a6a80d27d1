import assert from 'node:assert/strict';
import type { LineSlotUsage } from '../../../../../engine/src/ports/line-slot.types';
import { LinePacer } from '../../../../../plugins/dialer/core/line-pacer';
import { localDayStart, originatesFromUsage, restoreSince } from '../../../../../plugins/dialer/core/restored-originates';

const TZ = 'Asia/Tehran';
const LIMITS = { concurrent: 5, perMinute: 10, perDay: 200, perSecond: 3 };
/** 2026-05-20 00:00 in Tehran (UTC+03:30). */
const MIDNIGHT = Date.UTC(2026, 4, 19, 20, 30);

function usage(over: Partial<LineSlotUsage>): LineSlotUsage {
  return { line: 'L1', active: { outbound: 0, inbound: 0, operator: 0 }, lastMinute: 0, today: 0, lastOriginateAt: null, ...over };
}

/** What a fresh pacer reports after being fed the times. */
function restored(u: LineSlotUsage, now: number): { today: number; lastMinute: number } {
  const pacer = new LinePacer({ lines: ['L1'], limits: LIMITS, timeZone: TZ, clock: { now: () => now } });
  pacer.restoreOriginates('L1', originatesFromUsage(u, now, TZ));
  const [line] = pacer.snapshot();
  return { today: line!.today, lastMinute: line!.lastMinute };
}

describe('restored originates (the store\'s line counts back into the pacer after a restart)', () => {
  it('finds the local midnight that started the day', () => {
    assert.equal(localDayStart(MIDNIGHT + 15 * 3_600_000, TZ), MIDNIGHT);
    assert.equal(localDayStart(MIDNIGHT - 1, TZ), MIDNIGHT - 86_400_000);
    assert.equal(restoreSince(MIDNIGHT + 30_000, TZ), MIDNIGHT - 29_999, 'the minute window reaches back before midnight');
    assert.equal(restoreSince(MIDNIGHT + 3_600_000, TZ), MIDNIGHT);
  });

  it('gives the pacer the same day and minute counts as the store', () => {
    const now = MIDNIGHT + 15 * 3_600_000;
    assert.deepEqual(restored(usage({ today: 7, lastMinute: 2, lastOriginateAt: now - 10_000 }), now), { today: 7, lastMinute: 2 });
    assert.deepEqual(restored(usage({ today: 7, lastMinute: 0, lastOriginateAt: now - 3_600_000 }), now), { today: 7, lastMinute: 0 });
    assert.deepEqual(restored(usage({}), now), { today: 0, lastMinute: 0 });
    assert.deepEqual(originatesFromUsage(usage({}), now, TZ), []);
  });

  it('keeps originates of the minute before midnight out of the new day', () => {
    const now = MIDNIGHT + 30_000;
    assert.deepEqual(restored(usage({ today: 1, lastMinute: 3, lastOriginateAt: now - 5000 }), now), { today: 1, lastMinute: 3 });
    assert.deepEqual(restored(usage({ today: 0, lastMinute: 2, lastOriginateAt: MIDNIGHT - 10_000 }), now), { today: 0, lastMinute: 2 });
  });

  it('the last originate stays the newest time, so per-second spacing continues from it', () => {
    const now = MIDNIGHT + 15 * 3_600_000;
    const times = originatesFromUsage(usage({ today: 4, lastMinute: 1, lastOriginateAt: now - 100 }), now, TZ);
    assert.equal(Math.max(...times), now - 100);
    assert.equal(times.length, 4);
  });
});
