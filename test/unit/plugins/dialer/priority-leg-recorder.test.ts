import assert from 'node:assert/strict';
import sinon from 'sinon';
import type { LineLease } from '../../../../engine/src/index';
import type { LineSlotOutcome, LineSlotStore, LineSlotUsage } from '../../../../engine/src/ports/line-slot.types';
import { LinePacer } from '../../../../plugins/dialer/core/line-pacer';
import { PriorityLegRecorder } from '../../../../plugins/dialer/priority-leg-recorder';
import { CaptureLogger } from '../../../fakes/capture-logger';

const NOW = Date.UTC(2026, 4, 20, 9, 30);
const LINE = '02191302950';
const LIMITS = { concurrent: 2, perMinute: 10, perDay: 200, perSecond: 3 };
const USAGE: LineSlotUsage = { line: LINE, active: { outbound: 2, inbound: 0, operator: 0 }, lastMinute: 2, today: 2, lastOriginateAt: NOW };

function granted(id: number, kind: 'inbound' | 'operator'): LineSlotOutcome {
  return { ok: true, slot: { id, line: LINE, kind, instanceId: 'engine-a', attemptId: null, acquiredAt: NOW, expiresAt: NOW + 60_000 }, usage: USAGE };
}

/** A store whose reservations land when the test says so. */
function deferredSlots(): { slots: LineSlotStore; reserve: sinon.SinonStub; release: sinon.SinonStub; land: Array<(o: LineSlotOutcome) => void> } {
  const land: Array<(o: LineSlotOutcome) => void> = [];
  const reserve = sinon.stub().callsFake(() => new Promise<LineSlotOutcome>((resolve) => land.push(resolve)));
  const release = sinon.stub().resolves(true);
  const slots: LineSlotStore = { reserveLineSlot: reserve, releaseLineSlot: release, releaseLineSlots: sinon.stub().resolves(0), lineUsage: sinon.stub().resolves([]) };
  return { slots, reserve, release, land };
}

function setup(slots: LineSlotStore, opts: { started?: boolean } = {}): { recorder: PriorityLegRecorder; pacer: LinePacer; logger: CaptureLogger; clock: { now: () => number } } {
  const clock = { now: () => NOW };
  const pacer = new LinePacer({ lines: [LINE], limits: LIMITS, timeZone: 'Asia/Tehran', clock });
  const logger = new CaptureLogger();
  const recorder = new PriorityLegRecorder({ local: pacer, slots, limits: LIMITS, instanceId: 'engine-a', holdMs: 60_000, clock, logger });
  if (opts.started !== false) recorder.startRecording();
  return { recorder, pacer, logger, clock };
}

function active(pacer: LinePacer): Record<string, number> {
  return { ...pacer.snapshot()[0]!.active };
}

describe('PriorityLegRecorder (inbound and operator legs in the cross-instance line ledger)', () => {
  it('takes the local slot at once and records the same leg in the store; one release frees both, once', async () => {
    const { slots, reserve, release, land } = deferredSlots();
    const { recorder, pacer } = setup(slots);
    const lease = recorder.acquire('operator', LINE);
    assert.ok(lease);
    assert.equal(lease.line, LINE);
    assert.deepEqual(active(pacer), { outbound: 0, inbound: 0, operator: 1 }, 'the local slot is taken synchronously');
    sinon.assert.calledOnceWithExactly(reserve, { line: LINE, kind: 'operator', limits: LIMITS, now: NOW, holdMs: 60_000, instanceId: 'engine-a' });
    land[0]!(granted(7, 'operator'));
    await recorder.settled();
    lease.release();
    lease.release();
    await recorder.settled();
    assert.deepEqual(active(pacer), { outbound: 0, inbound: 0, operator: 0 });
    sinon.assert.calledOnceWithExactly(release, 7);
  });

  it('a leg that ends before its reservation landed frees the slot when it lands', async () => {
    const { slots, release, land } = deferredSlots();
    const { recorder, pacer } = setup(slots);
    const lease = recorder.acquire('inbound', LINE) as LineLease;
    lease.release();
    assert.deepEqual(active(pacer), { outbound: 0, inbound: 0, operator: 0 }, 'the local slot is free at once');
    sinon.assert.notCalled(release);
    land[0]!(granted(9, 'inbound'));
    await recorder.settled();
    sinon.assert.calledOnceWithExactly(release, 9);
  });

  it('a line full across instances: the leg still goes ahead, and the refusal is logged', async () => {
    const { slots, release, land } = deferredSlots();
    const { recorder, pacer, logger } = setup(slots);
    const lease = recorder.acquire('operator', LINE) as LineLease;
    land[0]!({ ok: false, reason: 'concurrent', retryAt: null, usage: USAGE });
    await recorder.settled();
    assert.deepEqual(active(pacer), { outbound: 0, inbound: 0, operator: 1 });
    const warned = logger.find('warn', /full across instances/);
    assert.ok(warned);
    assert.deepEqual(warned.obj, { line: LINE, kind: 'operator', reason: 'concurrent', active: USAGE.active });
    lease.release();
    await recorder.settled();
    sinon.assert.notCalled(release);
    assert.deepEqual(active(pacer), { outbound: 0, inbound: 0, operator: 0 });
  });

  it('store errors are logged, never thrown, and never block the leg', async () => {
    const { slots, reserve, release } = deferredSlots();
    reserve.rejects(new Error('connection lost'));
    const { recorder, logger } = setup(slots);
    const lease = recorder.acquire('inbound', LINE);
    assert.ok(lease);
    await recorder.settled();
    assert.ok(logger.find('error', /recording a priority leg/));
    reserve.resolves(granted(3, 'inbound'));
    release.rejects(new Error('connection lost'));
    const second = recorder.acquire('inbound', LINE) as LineLease;
    await recorder.settled();
    assert.doesNotThrow(() => second.release());
    await recorder.settled();
    assert.ok(logger.find('error', /line slot release failed/));
  });

  it('outbound legs and refusals of the local pacer pass straight through, without the store', () => {
    const { slots, reserve } = deferredSlots();
    const { recorder } = setup(slots);
    assert.ok(recorder.acquire('outbound', LINE), 'the dialer reserves outbound slots itself, right before the originate');
    assert.ok(recorder.acquire('operator', LINE));
    assert.equal(recorder.acquire('inbound', LINE), undefined, 'the line is full locally (concurrent 2)');
    sinon.assert.calledOnce(reserve);
  });

  it('legs that start before startRecording are recorded once it is called, unless they already ended', async () => {
    const { slots, reserve, land } = deferredSlots();
    const { recorder } = setup(slots, { started: false });
    const ended = recorder.acquire('inbound', LINE) as LineLease;
    const live = recorder.acquire('operator', LINE) as LineLease;
    ended.release();
    sinon.assert.notCalled(reserve);
    recorder.startRecording();
    sinon.assert.calledOnce(reserve);
    assert.equal(reserve.firstCall.args[0].kind, 'operator');
    land[0]!(granted(4, 'operator'));
    await recorder.settled();
    live.release();
  });

  it('announces waiting priority legs to the local pacer', () => {
    const { slots } = deferredSlots();
    const { recorder, pacer } = setup(slots);
    const unhold = recorder.hold(LINE);
    assert.equal(pacer.snapshot()[0]!.waiting, 1);
    unhold();
    assert.equal(pacer.snapshot()[0]!.waiting, 0);
  });
});
