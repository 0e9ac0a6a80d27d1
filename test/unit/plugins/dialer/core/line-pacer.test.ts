import assert from 'node:assert/strict';
import type { Clock, LineCapacityPort } from '../../../../../engine/src/index';
import { LinePacer } from '../../../../../plugins/dialer/core/line-pacer';
import type { LineLimitsInput } from '../../../../../plugins/dialer/core/line-state';

const LIMITS: LineLimitsInput = { concurrent: 2, concurrentOutbound: 0, concurrentInbound: 0, perMinute: 10, perDay: 200, perSecond: 2 };

class ManualClock implements Clock {
  constructor(public t: number) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

describe('dialer core: LinePacer (LineCapacityPort)', () => {
  let clock: ManualClock;
  let pacer: LinePacer;

  beforeEach(() => {
    clock = new ManualClock(Date.parse('2025-03-22T06:00:00Z'));
    pacer = new LinePacer({ lines: ['02191302954', '02191302955'], limits: LIMITS, clock });
  });

  it('is a LineCapacityPort', () => {
    const port: LineCapacityPort = pacer;
    assert.equal(typeof port.acquire, 'function');
  });

  it('spreads outbound legs over the least-loaded line and frees them on release', () => {
    const a = pacer.acquire('outbound')!;
    clock.advance(1000);
    const b = pacer.acquire('outbound')!;
    assert.deepEqual([a.line, b.line], ['02191302954', '02191302955']);
    assert.equal(pacer.activeLegs(), 2);
    a.release();
    a.release(); // a second release is a no-op
    assert.equal(pacer.activeLegs(), 1);
    assert.equal(pacer.snapshot()[0]!.active.outbound, 0);
  });

  it('records each outbound acquire as an originate (per-second spacing, minute and day counts)', () => {
    const a = pacer.acquire('outbound', '02191302954')!;
    a.release();
    clock.advance(100);
    const b = pacer.acquire('outbound', '02191302954')!;
    assert.equal(b.line, '02191302955', 'the preferred line is still inside its 500 ms spacing');
    b.release();
    clock.advance(100);
    assert.deepEqual(pacer.decide({ kind: 'outbound' }), { wait: 300 });
    assert.equal(pacer.acquire('outbound'), undefined);
    clock.advance(300);
    assert.equal(pacer.acquire('outbound')!.line, '02191302954');
    const snap = pacer.snapshot();
    assert.deepEqual(snap.map((l) => [l.lastMinute, l.today]), [[2, 2], [1, 1]]);
  });

  it('returns undefined when every line is full, for every kind', () => {
    for (let i = 0; i < 4; i++) {
      assert.ok(pacer.acquire(i % 2 === 0 ? 'inbound' : 'operator'));
    }
    assert.equal(pacer.acquire('inbound'), undefined);
    assert.equal(pacer.acquire('operator'), undefined);
    assert.deepEqual(pacer.acquireFor({ kind: 'outbound' }), { wait: 'lines-busy' });
  });

  it('puts the operator leg on its preferred line (the customer’s) when it has room', () => {
    pacer.acquire('outbound', '02191302955');
    assert.equal(pacer.acquire('operator', '02191302955')!.line, '02191302955');
  });

  it('hold(line): outbound may not take the last slot a waiting inbound caller needs', () => {
    const solo = new LinePacer({ lines: ['L1'], limits: LIMITS, clock });
    solo.acquire('inbound');
    const release = solo.hold('L1');
    assert.deepEqual(solo.decide({ kind: 'outbound' }), { wait: 'lines-busy' });
    assert.ok(solo.acquire('inbound'), 'the waiting caller itself gets the slot');
    release();
    release();
    assert.equal(solo.snapshot()[0]!.waiting, 0);
  });

  it('hold(): a priority leg waiting for any line keeps one slot free overall', () => {
    pacer.acquire('inbound', '02191302954');
    pacer.acquire('inbound', '02191302954');
    pacer.acquire('inbound', '02191302955');
    const release = pacer.hold();
    assert.deepEqual(pacer.decide({ kind: 'outbound' }), { wait: 'lines-busy' });
    release();
    assert.deepEqual(pacer.decide({ kind: 'outbound' }), { line: '02191302955' });
  });

  it('reports day exhaustion with the reset time (Tehran midnight)', () => {
    const p = new LinePacer({ lines: ['L1'], limits: { ...LIMITS, perDay: 1 }, clock });
    p.acquire('outbound')!.release();
    clock.advance(2000);
    assert.deepEqual(p.acquireFor({ kind: 'outbound' }), { wait: 'day-exhausted', until: Date.parse('2025-03-22T20:30:00Z') });
    clock.t = Date.parse('2025-03-22T20:30:00Z');
    assert.ok('lease' in p.acquireFor({ kind: 'outbound' }));
  });

  it('honours the campaign’s allowed lines', () => {
    assert.deepEqual(pacer.acquireFor({ kind: 'outbound', allowedLines: ['nope'] }), { wait: 'no-lines' });
    const got = pacer.acquireFor({ kind: 'outbound', allowedLines: ['02191302955'] });
    assert.ok('lease' in got && got.lease.line === '02191302955');
  });

  it('setLines keeps the counters of known lines and of lines that come back', () => {
    const lease = pacer.acquire('outbound', '02191302954')!;
    pacer.setLines(['02191302955'], LIMITS);
    assert.deepEqual(pacer.snapshot().map((l) => l.id), ['02191302955']);
    pacer.setLines(['02191302954', '02191302955'], { ...LIMITS, concurrent: 1 });
    assert.equal(pacer.snapshot()[0]!.active.outbound, 1, 'the live leg still counts after the line came back');
    assert.equal(pacer.acquire('inbound', '02191302954')!.line, '02191302955');
    lease.release();
    assert.equal(pacer.snapshot()[0]!.active.outbound, 0);
  });

  it('restoreOriginates: a restart continues the day and minute counts from the ledger', () => {
    const p = new LinePacer({ lines: ['L1', 'L2'], limits: { ...LIMITS, perDay: 3, perMinute: 2 }, clock });
    const now = clock.t;
    // Yesterday (Tehran) does not count; 09:00 and 09:29:30 today do; a future time is ignored.
    p.restoreOriginates('L1', [Date.parse('2025-03-21T19:00:00Z'), Date.parse('2025-03-22T05:30:00Z'), now - 30_000, now + 5000]);
    p.restoreOriginates('nope', [now]);
    assert.deepEqual(p.snapshot().map((l) => [l.id, l.today, l.lastMinute]), [['L1', 2, 1], ['L2', 0, 0]]);
    assert.ok(p.acquire('outbound', 'L1')); // third today, second in the minute
    clock.advance(1000);
    assert.deepEqual(p.decide({ kind: 'outbound', allowedLines: ['L1'] }), { wait: 'day-exhausted', until: Date.parse('2025-03-22T20:30:00Z') });
    assert.equal(p.snapshot()[0]!.active.outbound, 1, 'restoring does not invent live legs');
  });

  it('per-line limits override the shared ones', () => {
    const p = new LinePacer({ lines: [{ id: 'L1', limits: { ...LIMITS, concurrent: 1 } }, 'L2'], limits: LIMITS, clock });
    assert.deepEqual(p.snapshot().map((l) => l.limits.concurrent), [1, 2]);
  });
});
