import assert from 'node:assert/strict';
import {
  lineBlock, newLineState, pickLine, resolveLineLimits, withLegEnded, withLegStarted, withWaiting,
  type LegKind, type LineLimitsInput, type LineState, type PickDecision,
} from '../../../../../plugins/dialer/core/line-pacing';

const T0 = Date.parse('2025-03-22T06:00:00Z'); // 09:30 in Tehran
const LIMITS: LineLimitsInput = { concurrent: 2, concurrentOutbound: 0, concurrentInbound: 0, perMinute: 3, perDay: 5, perSecond: 1 };

/** A line after some legs: `o`/`i`/`p` start an outbound/inbound/operator leg at T0 + offset ms. */
function line(id: string, legs: readonly [LegKind, number][] = [], limits: Partial<LineLimitsInput> = {}): LineState {
  let l = newLineState(id, { ...LIMITS, ...limits }, 'Asia/Tehran');
  for (const [kind, offset] of legs) l = withLegStarted(l, kind, T0 + offset);
  return l;
}

/** Same, with every leg already ended again (only the rate counters remain). */
function idle(l: LineState): LineState {
  let out = l;
  for (const kind of ['outbound', 'inbound', 'operator'] as const) while (out.active[kind] > 0) out = withLegEnded(out, kind);
  return out;
}

describe('dialer core: line-pacing', () => {
  describe('resolveLineLimits', () => {
    const cases: readonly [Partial<LineLimitsInput>, number, number][] = [
      [{ concurrent: 4, concurrentOutbound: 0, concurrentInbound: 0 }, 4, 4],
      [{ concurrent: 4, concurrentOutbound: 2, concurrentInbound: 1 }, 2, 1],
      [{ concurrent: 2, concurrentOutbound: 5, concurrentInbound: 9 }, 2, 2],
      [{ concurrent: 3 }, 3, 3],
    ];
    for (const [input, out, inb] of cases) {
      it(`${JSON.stringify(input)} → outbound ${out}, inbound ${inb}`, () => {
        const r = resolveLineLimits({ ...LIMITS, concurrentOutbound: undefined, concurrentInbound: undefined, ...input } as LineLimitsInput);
        assert.equal(r.concurrentOutbound, out);
        assert.equal(r.concurrentInbound, inb);
      });
    }
  });

  describe('lineBlock', () => {
    const cases: readonly [string, LineState, LegKind, number, string | null, number?][] = [
      ['a fresh line takes outbound', line('L'), 'outbound', 0, null],
      ['concurrent counts every kind', line('L', [['inbound', 0], ['operator', 0]]), 'outbound', 5000, 'concurrent'],
      ['operator legs are blocked only by concurrency', line('L', [['outbound', 0]]), 'operator', 10, null],
      ['a full line refuses an operator leg too', line('L', [['outbound', 0], ['inbound', 0]]), 'operator', 10, 'concurrent'],
      ['legacy outbound cap', line('L', [['outbound', 0]], { concurrent: 3, concurrentOutbound: 1 }), 'outbound', 5000, 'concurrent-outbound'],
      ['legacy inbound cap', line('L', [['inbound', 0]], { concurrent: 3, concurrentInbound: 1 }), 'inbound', 0, 'concurrent-inbound'],
      ['inbound is not rate limited', line('L', [['outbound', 0]]), 'inbound', 1, null],
      ['per second: 1/s → 1000 ms spacing', idle(line('L', [['outbound', 0]])), 'outbound', 400, 'per-second', 600],
      ['per second lifts after the spacing', idle(line('L', [['outbound', 0]])), 'outbound', 1000, null],
      ['fractional per second (0.5/s → 2 s)', idle(line('L', [['outbound', 0]], { perSecond: 0.5 })), 'outbound', 1500, 'per-second', 500],
      ['per minute is a sliding 60 s window', idle(line('L', [['outbound', 0], ['outbound', 10_000], ['outbound', 20_000]])), 'outbound', 30_000, 'per-minute', 30_000],
      ['per minute lifts when the oldest leaves the window', idle(line('L', [['outbound', 0], ['outbound', 10_000], ['outbound', 20_000]])), 'outbound', 60_000, null],
      ['per day', idle(line('L', [['outbound', 0], ['outbound', 61_000], ['outbound', 122_000], ['outbound', 183_000], ['outbound', 244_000]])), 'outbound', 400_000, 'per-day'],
      ['per day resets at Tehran midnight', idle(line('L', [['outbound', 0], ['outbound', 61_000], ['outbound', 122_000], ['outbound', 183_000], ['outbound', 244_000]])), 'outbound', Date.parse('2025-03-22T20:30:00Z') - T0, null],
      ['reserve: outbound may not take the last slot a waiting leg needs', withWaiting(line('L', [['inbound', 0]]), 1), 'outbound', 5000, 'reserved'],
      ['reserve does not block the waiting kinds', withWaiting(line('L', [['inbound', 0]]), 1), 'operator', 5000, null],
    ];
    for (const [name, state, kind, offset, reason, retry] of cases) {
      it(`${name} → ${reason ?? 'free'}`, () => {
        const block = lineBlock(T0 + offset, state, kind);
        assert.equal(block?.reason ?? null, reason);
        if (retry !== undefined) assert.equal(block?.retryInMs, retry);
      });
    }

    it('per-day block says until when (the next local midnight)', () => {
      const l = idle(line('L', [['outbound', 0]], { perDay: 1 }));
      assert.deepEqual(lineBlock(T0 + 5000, l, 'outbound'), { reason: 'per-day', until: Date.parse('2025-03-22T20:30:00Z') });
    });
    it('a double release never frees a slot twice', () => {
      const l = withLegEnded(withLegEnded(line('L', [['outbound', 0]]), 'outbound'), 'outbound');
      assert.equal(l.active.outbound, 0);
    });
  });

  describe('pickLine', () => {
    const busyA = line('A', [['outbound', 0]]);
    const cases: readonly [string, readonly LineState[], Parameters<typeof pickLine>[2], number, PickDecision][] = [
      ['least active legs first', [busyA, line('B')], { kind: 'outbound' }, 5000, { line: 'B' }],
      ['then fewer attempts in the last minute', [idle(line('A', [['outbound', 0], ['outbound', 1000]])), idle(line('B', [['outbound', 0]]))], { kind: 'outbound' }, 5000, { line: 'B' }],
      ['then fewer attempts today', [idle(line('A', [['outbound', 0], ['outbound', 1000]])), idle(line('B', [['outbound', 0]]))], { kind: 'outbound' }, 70_000, { line: 'B' }],
      ['ties keep the configured order', [line('A'), line('B')], { kind: 'outbound' }, 0, { line: 'A' }],
      ['preferred line first when it can take the leg', [line('A'), line('B', [['outbound', 0]])], { kind: 'operator', preferredLine: 'B' }, 10, { line: 'B' }],
      ['preferred line skipped when full', [line('A'), line('B', [['outbound', 0], ['inbound', 0]])], { kind: 'operator', preferredLine: 'B' }, 10, { line: 'A' }],
      ['allowed lines only', [line('A'), line('B', [['outbound', 0]])], { kind: 'outbound', allowedLines: ['B'] }, 5000, { line: 'B' }],
      ['no allowed line exists', [line('A')], { kind: 'outbound', allowedLines: ['Z'] }, 0, { wait: 'no-lines' }],
      ['no lines at all', [], { kind: 'outbound' }, 0, { wait: 'no-lines' }],
      ['every line full → lines-busy', [line('A', [['outbound', 0], ['inbound', 0]]), line('B', [['operator', 0], ['inbound', 0]])], { kind: 'outbound' }, 5000, { wait: 'lines-busy' }],
      ['a rate wait beats lines-busy', [line('A', [['outbound', 0], ['inbound', 0]]), idle(line('B', [['outbound', 4500]]))], { kind: 'outbound' }, 5000, { wait: 500 }],
      ['the shortest rate wait', [idle(line('A', [['outbound', 4200]])), idle(line('B', [['outbound', 4500]]))], { kind: 'outbound' }, 5000, { wait: 200 }],
      ['every line exhausted for the day', [idle(line('A', [['outbound', 0]], { perDay: 1 })), idle(line('B', [['outbound', 0]], { perDay: 1 }))], { kind: 'outbound' }, 5000, { wait: 'day-exhausted', until: Date.parse('2025-03-22T20:30:00Z') }],
      ['day-exhausted and busy lines → lines-busy', [idle(line('A', [['outbound', 0]], { perDay: 1 })), line('B', [['outbound', 0], ['inbound', 0]])], { kind: 'outbound' }, 5000, { wait: 'lines-busy' }],
      ['waitingAny keeps the last free slot for a priority leg', [line('A', [['outbound', 0]]), line('B', [['outbound', 0], ['inbound', 0]])], { kind: 'outbound', waitingAny: 1 }, 5000, { wait: 'lines-busy' }],
      ['waitingAny leaves other free slots usable', [line('A'), line('B', [['outbound', 0]])], { kind: 'outbound', waitingAny: 1 }, 5000, { line: 'A' }],
      ['waitingAny does not block the priority leg itself', [line('A', [['outbound', 0]])], { kind: 'operator', waitingAny: 1 }, 5000, { line: 'A' }],
    ];
    for (const [name, lines, demand, offset, expected] of cases) {
      it(name, () => assert.deepEqual(pickLine(T0 + offset, lines, demand), expected));
    }
  });
});
