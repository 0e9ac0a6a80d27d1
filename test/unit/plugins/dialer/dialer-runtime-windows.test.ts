import assert from 'node:assert/strict';
import sinon from 'sinon';
import { loadConfig } from '../../../../engine/src/config/load-config';
import type { CallService, CallStorePort, Campaign, Contact, EngineEventsPort } from '../../../../engine/src/index';
import { LinePacer } from '../../../../plugins/dialer/core/line-pacer';
import { zonedInstant } from '../../../../plugins/dialer/core/zoned-time';
import { dialerConfigSchema } from '../../../../plugins/dialer/dialer.config';
import { DialerRuntime } from '../../../../plugins/dialer/dialer-runtime';
import { CaptureLogger } from '../../../fakes/capture-logger';
import { FakeScheduler } from '../../../fakes/fake-scheduler';

/** `2025-03-22 09:00` read in `zone` → epoch ms. */
function at(local: string, zone = 'Asia/Tehran'): number {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec(local)!;
  return zonedInstant(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]) * 60 + Number(m[5]), zone);
}

const LINE = '02191302950';

function contact(id: number, timeZone: string | null = null): Contact {
  return { id, campaignId: 'c1', phone: `0912123${String(id).padStart(4, '0')}`, status: 'claimed', attemptCount: 0, timeZone } as unknown as Contact;
}

/** A dialer over stub store and calls, a manual clock and the fake scheduler; `dialled()` lists the contacts originated. */
function harness(start: number, settings: Record<string, unknown>, opts: { contacts?: Contact[]; batchSize?: number } = {}) {
  let now = start;
  const clock = { now: () => now };
  const camp = { id: 'c1', name: 'c1', state: 'running', settings: { scenario: 'academy', timeZone: 'Asia/Tehran', ...settings }, createdAt: 0, updatedAt: 0 } as unknown as Campaign;
  const queue = opts.contacts ?? Array.from({ length: 50 }, (_v, i) => contact(i + 1));
  let attemptId = 0;
  const store = {
    listCampaigns: sinon.stub().resolves({ items: [camp], nextCursor: null }),
    claimContacts: sinon.stub().callsFake(async () => (queue.length ? [queue.shift()] : [])),
    checkDnc: sinon.stub().resolves(null),
    closeContact: sinon.stub().resolves(undefined),
    releaseContact: sinon.stub().resolves(undefined),
    createAttempt: sinon.stub().callsFake(async () => ({ id: ++attemptId })),
    advanceAttempt: sinon.stub().resolves(undefined),
    finishAttempt: sinon.stub().resolves(undefined),
    countContacts: sinon.stub().resolves({ pending: 1, claimed: 0, done: 0, skipped: 0 }),
    appendAuditEvent: sinon.stub().resolves(undefined),
  };
  const calls = { isReady: () => true, placeOutbound: sinon.stub().callsFake(async () => ({ result: 'not_interested', endedAt: now })) };
  const engine = loadConfig({ env: { OUTBOUND_NUMBERS: LINE }, envFile: null });
  const scheduler = new FakeScheduler();
  const logger = new CaptureLogger();
  const runtime = new DialerRuntime({
    store: store as unknown as CallStorePort, calls: calls as unknown as CallService, config: dialerConfigSchema.parse({ batchSize: opts.batchSize ?? 1 }), engine,
    pacer: new LinePacer({ lines: [LINE], limits: engine.lines.limits, timeZone: engine.timezone, clock }),
    events: { on: () => () => undefined, emit: () => undefined } as unknown as EngineEventsPort, logger, clock, scheduler,
  });
  return {
    runtime, store, scheduler, logger,
    /** Moves the clock and fires the jobs due at that instant, as node-cron would. */
    async moveTo(t: number): Promise<void> {
      now = t;
      await scheduler.fireDue(t);
    },
    /** One tick, then the attempts it started settle. */
    async tick(): Promise<void> {
      await runtime.tick();
      await new Promise((r) => setImmediate(r));
    },
    dialled: (): number[] => store.createAttempt.getCalls().map((c) => (c.args[0] as { contactId: number }).contactId),
  };
}

describe('DialerRuntime: calling windows kept by cron jobs', () => {
  it('opens and closes a campaign at its window edges (Asia/Tehran)', async () => {
    const h = harness(at('2025-03-22 08:59'), { windows: { ranges: '09:00-13:00' } });
    await h.tick();
    sinon.assert.notCalled(h.store.claimContacts);
    assert.deepEqual(h.scheduler.names(), ['dialer:c1:open@09:00', 'dialer:c1:close@13:00', 'dialer:c1:resync']);
    await h.moveTo(at('2025-03-22 09:00'));
    await h.tick();
    assert.deepEqual(h.dialled(), [1]);
    await h.moveTo(at('2025-03-22 12:59'));
    await h.tick();
    assert.deepEqual(h.dialled(), [1, 2]);
    await h.moveTo(at('2025-03-22 13:00'));
    await h.tick();
    await h.moveTo(at('2025-03-22 15:00'));
    await h.tick();
    assert.deepEqual(h.dialled(), [1, 2], 'nothing after the close edge');
    assert.equal(h.store.claimContacts.callCount, 2, 'a closed campaign claims nothing');
    assert.deepEqual(h.runtime.status().windows.map((w) => [w.campaignId, w.open, w.timeZone]), [['c1', false, 'Asia/Tehran']]);
  });

  it('stop waits for a pass in progress, then cancels the window jobs (none left behind)', async () => {
    const h = harness(at('2025-03-22 10:00'), { windows: { ranges: '09:00-13:00' } });
    const answer: unknown = await h.store.listCampaigns();
    let release!: () => void;
    h.store.listCampaigns.callsFake(() => new Promise((r) => (release = () => r(answer))));
    const ticking = h.runtime.tick();
    const stopping = h.runtime.stop();
    release();
    await Promise.all([ticking, stopping]);
    assert.deepEqual(h.scheduler.names(), [], 'the jobs the late pass scheduled were cancelled by stop');
    assert.ok(h.scheduler.cancelled.length > 0);
  });

  it('at start-up inside the window it dials at once: the state is computed, not waited for', async () => {
    const h = harness(at('2025-03-22 10:17'), { windows: { ranges: '09:00-13:00' } });
    await h.tick();
    assert.deepEqual(h.dialled(), [1]);
  });

  it('a holiday is closed all day even when the open job fires; the next day dials', async () => {
    const h = harness(at('2025-03-22 08:00'), { windows: { ranges: '09:00-13:00', holidays: ['2025-03-22'] } });
    await h.tick();
    await h.moveTo(at('2025-03-22 09:00'));
    await h.tick();
    await h.moveTo(at('2025-03-22 11:00'));
    await h.tick();
    assert.deepEqual(h.dialled(), []);
    await h.moveTo(at('2025-03-23 00:00'));
    await h.moveTo(at('2025-03-23 09:00'));
    await h.tick();
    assert.deepEqual(h.dialled(), [1]);
  });

  it('an invalid campaign zone fails closed with an error naming the campaign and the field', async () => {
    const h = harness(at('2025-03-22 10:00'), { timeZone: 'Asia/Atlantis', windows: { ranges: '00:00-24:00' } });
    await h.tick();
    await h.tick();
    sinon.assert.notCalled(h.store.claimContacts);
    const [status] = h.runtime.status().windows;
    assert.equal(status!.open, false);
    assert.equal(status!.error!.code, 'CE_CALLING_WINDOW_INVALID');
    assert.match(status!.error!.message, /campaign c1: settings\.timeZone: "Asia\/Atlantis" is not an IANA time zone/);
    const errors = h.logger.records.filter((r) => r.level === 'error' && /calling window unusable/.test(r.msg));
    assert.equal(errors.length, 1);
    assert.deepEqual(h.scheduler.names(), []);
  });

  it('Europe/Berlin after the spring change: 09:00 is 07:00Z (the job is read in the campaign zone)', async () => {
    const h = harness(Date.parse('2025-03-31T06:59:00Z'), { timeZone: 'Europe/Berlin', windows: { ranges: '09:00-17:00' } });
    await h.tick();
    assert.deepEqual(h.dialled(), []);
    await h.moveTo(Date.parse('2025-03-31T07:00:00Z'));
    await h.tick();
    assert.deepEqual(h.dialled(), [1]);
  });

  it("contacts' own zones: checked purely at dial time; the rest wait for the campaign window; an unknown zone is never dialled", async () => {
    // 18:00 in Tehran (closed there) is 15:30 in Berlin (open) and 23:30 in Tokyo (closed).
    const contacts = [contact(1), contact(2, 'Asia/Tokyo'), contact(3, 'Mars/Olympus'), contact(4, 'Europe/Berlin')];
    const h = harness(at('2025-03-22 18:00'), { windows: { ranges: '09:00-17:00', useContactTimeZone: true } }, { contacts, batchSize: 4 });
    await h.tick();
    assert.deepEqual(h.dialled(), [4]);
    assert.deepEqual(h.store.releaseContact.args, [[1, at('2025-03-23 09:00')], [2, at('2025-03-23 09:00', 'Asia/Tokyo')]]);
    assert.deepEqual(h.store.closeContact.args, [[3, 'skipped', 'invalid_time_zone']]);
  });

  it('a contact without its own zone is dialled while the campaign window is open', async () => {
    const h = harness(at('2025-03-22 10:00'), { windows: { ranges: '09:00-17:00', useContactTimeZone: true } }, { contacts: [contact(1), contact(2, 'Asia/Tokyo')] });
    await h.tick();
    await h.moveTo(at('2025-03-22 10:01'));
    await h.tick();
    // 10:00 Tehran = 15:30 Tokyo: both open.
    assert.deepEqual(h.dialled(), [1, 2]);
    sinon.assert.notCalled(h.store.releaseContact);
  });
});
