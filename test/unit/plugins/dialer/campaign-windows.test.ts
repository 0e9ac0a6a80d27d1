import assert from 'node:assert/strict';
import sinon from 'sinon';
import { NodeCronScheduler } from '../../../../engine/src/adapters/scheduler/node-cron.scheduler';
import type { Campaign } from '../../../../engine/src/index';
import { CampaignWindows } from '../../../../plugins/dialer/campaign-windows';
import { isOpen, requireCallingWindow } from '../../../../plugins/dialer/core/calling-window';
import { zonedInstant } from '../../../../plugins/dialer/core/zoned-time';
import { CaptureLogger } from '../../../fakes/capture-logger';
import { FakeScheduler } from '../../../fakes/fake-scheduler';

/** `2025-03-22 09:00` read in `zone` → epoch ms. */
function at(local: string, zone = 'Asia/Tehran'): number {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec(local)!;
  return zonedInstant(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]) * 60 + Number(m[5]), zone);
}

function campaign(id: string, settings: Record<string, unknown>): Campaign {
  return { id, name: id, state: 'running', settings: { scenario: 'academy', timeZone: 'Asia/Tehran', ...settings }, createdAt: 0, updatedAt: 0 } as unknown as Campaign;
}

const DEFAULTS = { timeZone: 'Asia/Tehran', callWindow: { start: '00:00', end: '23:59' }, holidays: [] as string[] };

// 2025-03-20 is a Thursday, 2025-03-21 a Friday, 2025-03-22 a Saturday (Tehran dates).
describe('CampaignWindows: calling windows kept by cron jobs', () => {
  let now: number;
  let scheduler: FakeScheduler;
  let logger: CaptureLogger;
  let windows: CampaignWindows;

  function setup(start: number, defaults = DEFAULTS): void {
    now = start;
    scheduler = new FakeScheduler();
    logger = new CaptureLogger();
    windows = new CampaignWindows({ scheduler, clock: { now: () => now }, logger, defaults });
  }

  function open(id = 'c1'): boolean {
    const g = windows.gate(id);
    assert.ok(g?.ok, 'the window is usable');
    return g.open;
  }

  it("computes the state at start-up from the pure functions and schedules the jobs in the campaign's zone", () => {
    setup(at('2025-03-22 10:00'));
    windows.sync([campaign('c1', { windows: { ranges: '09:00-13:00, 16:00-20:00' } })]);
    assert.equal(open(), true, 'inside a range at start-up: open without any fire');
    assert.deepEqual(scheduler.names(), ['dialer:c1:open@09:00', 'dialer:c1:open@16:00', 'dialer:c1:close@13:00', 'dialer:c1:close@20:00', 'dialer:c1:resync']);
    assert.ok(scheduler.names().every((n) => scheduler.get(n)!.timeZone === 'Asia/Tehran'));
    assert.equal(scheduler.get('dialer:c1:open@09:00')!.cron, '0 0 9 * * *');
  });

  it('opens at the open job and closes at the close job; the pure check closes at the edge even before the job runs', async () => {
    setup(at('2025-03-22 08:00'));
    windows.sync([campaign('c1', { windows: { ranges: '09:00-13:00' } })]);
    assert.equal(open(), false);
    now = at('2025-03-22 09:00');
    assert.equal(open(), false, 'the kept state is still closed until the open job fires');
    assert.deepEqual(await scheduler.fireDue(now), ['dialer:c1:open@09:00', 'dialer:c1:resync']);
    assert.equal(open(), true);
    now = at('2025-03-22 12:59');
    assert.equal(open(), true);
    now = at('2025-03-22 13:00');
    assert.equal(open(), false, 'fail closed: the pure check says closed before the close job has run');
    assert.deepEqual(await scheduler.fireDue(now), ['dialer:c1:close@13:00', 'dialer:c1:resync']);
    now = at('2025-03-22 14:30');
    assert.equal(open(), false);
    assert.ok(logger.find('info', /calling window opened/) && logger.find('info', /calling window closed/));
  });

  it('the tick reads the kept state: a missed open edge keeps the campaign closed until the hourly resync corrects it', async () => {
    setup(at('2025-03-22 08:30'));
    windows.sync([campaign('c1', { windows: { ranges: '09:00-13:00' } })]);
    now = at('2025-03-22 09:30'); // the 09:00 fire never came (stalled process, DST gap)
    assert.equal(open(), false);
    await scheduler.fire('dialer:c1:resync', at('2025-03-22 10:00'));
    now = at('2025-03-22 10:00');
    assert.equal(open(), true);
    assert.ok(logger.find('warn', /corrected by the hourly resync/));
  });

  it('holidays: closed all day, an open job on a holiday does not open, the day after recomputes (a range running past midnight)', async () => {
    setup(at('2025-03-20 21:00'));
    windows.sync([campaign('c1', { windows: { ranges: '22:00-02:00', holidays: ['2025-03-21'] } })]);
    assert.ok(scheduler.names().includes('dialer:c1:holidays'));
    now = at('2025-03-20 22:00');
    await scheduler.fire('dialer:c1:open@22:00', now);
    assert.equal(open(), true, 'the evening before the holiday');
    now = at('2025-03-21 00:00');
    await scheduler.fire('dialer:c1:holidays', now);
    assert.equal(open(), false, 'the holiday closes at its midnight, inside a running range');
    now = at('2025-03-21 22:00');
    await scheduler.fire('dialer:c1:open@22:00', now);
    assert.equal(open(), false, 'no opening on the holiday');
    now = at('2025-03-22 00:00');
    await scheduler.fire('dialer:c1:holidays', now);
    assert.equal(open(), true, "the holiday's range spills into a normal date: open");
    now = at('2025-03-22 02:00');
    await scheduler.fire('dialer:c1:close@02:00', now);
    assert.equal(open(), false);
  });

  describe('fails closed, naming the campaign and the field', () => {
    const cases: readonly [string, Record<string, unknown>, RegExp][] = [
      ['unknown campaign zone', { timeZone: 'Mars/Olympus' }, /campaign c1: settings\.timeZone: "Mars\/Olympus" is not an IANA time zone/],
      ['unknown zone in the windows', { windows: { timeZone: 'Asia/Nowhere', ranges: '09:00-13:00' } }, /campaign c1: settings\.windows\.timeZone/],
      ['bad weekday', { windows: { days: { funday: '09:00-13:00' } } }, /campaign c1: settings\.windows\.days\.funday/],
      ['bad range', { windows: { ranges: ['09:00-13:00', '25:00-26:00'] } }, /campaign c1: settings\.windows\.ranges\[1\]/],
    ];
    for (const [name, settings, message] of cases) {
      it(name, () => {
        setup(at('2025-03-22 10:00'));
        windows.sync([campaign('c1', settings)]);
        windows.sync([campaign('c1', settings)]);
        const g = windows.gate('c1');
        assert.ok(g && !g.ok);
        assert.equal(g.error.code, 'CE_CALLING_WINDOW_INVALID');
        assert.match(g.error.message, message);
        assert.deepEqual(scheduler.names(), [], 'no job for an unusable window');
        const logged = logger.records.filter((r) => r.level === 'error' && /calling window unusable/.test(r.msg));
        assert.equal(logged.length, 1, 'logged once, not on every tick');
        assert.equal((logged[0]!.obj as { campaignId: string }).campaignId, 'c1');
        assert.deepEqual(windows.status(), [{ campaignId: 'c1', open: false, error: { code: 'CE_CALLING_WINDOW_INVALID', message: g.error.message } }]);
      });
    }

    it('a bad holiday in the legacy config names plugins.dialer.holidays', () => {
      setup(at('2025-03-22 10:00'), { ...DEFAULTS, holidays: ['2025-02-30'] });
      windows.sync([campaign('c1', {})]);
      const g = windows.gate('c1');
      assert.ok(g && !g.ok);
      assert.match(g.error.message, /plugins\.dialer\.holidays\[0\]/);
    });
  });

  it("windows without their own zone are read in the campaign's settings.timeZone", () => {
    setup(at('2025-03-22 10:00', 'Europe/Berlin'));
    windows.sync([campaign('c1', { timeZone: 'Europe/Berlin', windows: { ranges: '09:00-11:00' } })]);
    assert.equal(open(), true);
    assert.ok(scheduler.names().every((n) => scheduler.get(n)!.timeZone === 'Europe/Berlin'));
  });

  it('the legacy daily window (no campaign windows) with the config holidays', () => {
    setup(at('2025-03-22 10:00'), { timeZone: 'Asia/Tehran', callWindow: { start: '09:00', end: '20:00' }, holidays: ['2025-03-22'] });
    windows.sync([campaign('c1', {})]);
    assert.equal(open(), false, 'a config holiday');
    assert.deepEqual(scheduler.names(), ['dialer:c1:open@09:00', 'dialer:c1:close@20:01', 'dialer:c1:holidays', 'dialer:c1:resync']);
  });

  it('a settings change re-schedules and recomputes; a campaign no longer running loses its jobs; stop cancels all', () => {
    setup(at('2025-03-22 10:00'));
    windows.sync([campaign('c1', { windows: { ranges: '09:00-13:00' } }), campaign('c2', { windows: { ranges: '16:00-20:00' } })]);
    assert.equal(open('c1'), true);
    assert.equal(open('c2'), false);
    windows.sync([campaign('c1', { windows: { ranges: '09:00-13:00' } }), campaign('c2', { windows: { ranges: '08:00-20:00' } })]);
    assert.equal(open('c2'), true, 'recomputed from the pure functions at the change');
    assert.deepEqual(scheduler.cancelled, ['dialer:c2:open@16:00', 'dialer:c2:close@20:00', 'dialer:c2:resync']);
    assert.deepEqual(scheduler.names('dialer:c2:'), ['dialer:c2:open@08:00', 'dialer:c2:close@20:00', 'dialer:c2:resync']);
    windows.sync([campaign('c2', { windows: { ranges: '08:00-20:00' } })]);
    assert.deepEqual(scheduler.names('dialer:c1:'), []);
    assert.equal(windows.gate('c1'), undefined);
    windows.stop();
    assert.deepEqual(scheduler.names(), []);
  });

  describe('with the real node-cron adapter on fake timers', () => {
    let clock: sinon.SinonFakeTimers;
    let cron: NodeCronScheduler;
    afterEach(async () => {
      try {
        await cron?.stop();
      } finally {
        clock?.restore();
      }
    });

    /** Minute by minute from `from` to `to`: the gate must equal the pure isOpen at every minute. */
    async function walk(from: number, to: number, id: string, spec: Record<string, unknown>): Promise<number> {
      clock = sinon.useFakeTimers({ now: from, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      logger = new CaptureLogger();
      cron = new NodeCronScheduler({ logger });
      windows = new CampaignWindows({ scheduler: cron, clock: { now: () => Date.now() }, logger, defaults: DEFAULTS });
      const c = campaign(id, spec);
      windows.sync([c]);
      const window = requireCallingWindow({ timeZone: c.settings.timeZone, ...(spec.windows as object) });
      let openMinutes = 0;
      for (let t = from; t <= to; t += 60_000) {
        if (t > from) await clock.tickAsync(60_000);
        const g = windows.gate(id);
        assert.ok(g?.ok);
        assert.equal(g.open, isOpen(t, window), `at ${new Date(t).toISOString()}`);
        if (g.open) openMinutes += 1;
      }
      return openMinutes;
    }

    it('Asia/Tehran (no DST): two days with a range past midnight and a holiday follow the pure functions minute by minute', async () => {
      const minutes = await walk(at('2025-03-20 06:00'), at('2025-03-22 06:00'), 'teh', { windows: { ranges: '09:00-13:00, 16:00-20:00, 22:00-02:00', holidays: ['2025-03-21'] } });
      // 20 March: 4 h + 4 h + 2 h before midnight; 21 March is a holiday; 22 March: 00:00-02:00.
      assert.equal(minutes, (4 + 4 + 2 + 2) * 60);
      // Diagnostics: the next edge comes from node-cron's own next run of the open/close jobs.
      assert.deepEqual(windows.status(), [{ campaignId: 'teh', open: false, timeZone: 'Asia/Tehran', nextEdgeAt: at('2025-03-22 09:00') }]);
      assert.ok(cron.jobs().every((j) => j.name.startsWith('dialer:teh:') && j.timeZone === 'Asia/Tehran' && j.failures === 0));
      assert.deepEqual(logger.records.filter((r) => r.level === 'warn' || r.level === 'error'), [], 'every edge fired: the resync had nothing to correct');
    });

    it('Europe/Berlin spring-forward: the open edge in the skipped hour is caught by the resync when the gap ends; 09:00 is 07:00Z', async () => {
      const from = Date.parse('2025-03-29T23:00:00Z'); // 00:00 CET on the change day
      const minutes = await walk(from, Date.parse('2025-03-30T08:30:00Z'), 'ber', { timeZone: 'Europe/Berlin', windows: { ranges: '02:30-05:00, 09:00-10:00' } });
      // 03:00-05:00 CEST (the 02:30 start falls in the gap) and 09:00-10:00 CEST = 07:00Z-08:00Z.
      assert.equal(minutes, 2 * 60 + 60);
      assert.ok(logger.find('warn', /corrected by the hourly resync/), 'node-cron skipped 02:30; the 03:00 resync opened');
    });
  });
});
