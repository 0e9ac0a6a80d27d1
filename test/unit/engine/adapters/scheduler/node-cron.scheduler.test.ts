import assert from 'node:assert/strict';
import { getTasks } from 'node-cron';
import sinon from 'sinon';
import { NodeCronScheduler } from '../../../../../engine/src/adapters/scheduler/node-cron.scheduler';
import { isEngineError } from '../../../../../engine/src/errors';
import type { ScheduledRun } from '../../../../../engine/src/ports/scheduler.port';
import { CaptureLogger } from '../../../../fakes/capture-logger';

/**
 * The node-cron adapter against the real node-cron: sinon's fake timers drive node-cron's setTimeout
 * and Date, so "a day later" takes no real time and nothing depends on wall-clock luck.
 */

const MINUTE = 60_000;

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('NodeCronScheduler (node-cron on fake timers)', () => {
  let clock: sinon.SinonFakeTimers;
  let logger: CaptureLogger;
  let scheduler: NodeCronScheduler;

  function start(iso: string): void {
    clock = sinon.useFakeTimers({ now: Date.parse(iso), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    logger = new CaptureLogger();
    scheduler = new NodeCronScheduler({ logger, clock: { now: () => Date.now() } });
  }

  afterEach(async () => {
    try {
      await scheduler?.stop();
    } finally {
      clock?.restore();
    }
  });

  describe('time zones', () => {
    it("fires at the wall-clock time of the job's IANA zone (Asia/Tehran, UTC+03:30)", async () => {
      start('2025-03-22T05:29:00Z'); // 08:59 in Tehran
      const runs: ScheduledRun[] = [];
      scheduler.schedule('open', '0 0 9 * * *', 'Asia/Tehran', (r) => void runs.push(r));
      assert.equal(scheduler.jobs()[0]!.nextRunAt, Date.parse('2025-03-22T05:30:00Z'));
      await clock.tickAsync(59_999);
      assert.equal(runs.length, 0);
      await clock.tickAsync(1);
      assert.deepEqual(runs, [{ job: 'open', scheduledAt: Date.parse('2025-03-22T05:30:00Z') }]);
      assert.equal(scheduler.jobs()[0]!.nextRunAt, Date.parse('2025-03-23T05:30:00Z'));
      assert.equal(scheduler.jobs()[0]!.lastRunAt, Date.parse('2025-03-22T05:30:00Z'));
    });

    it('follows DST (Europe/Berlin): 09:00 is 08:00Z before the spring change and 07:00Z after', async () => {
      start('2025-03-29T06:00:00Z');
      const fired: number[] = [];
      scheduler.schedule('nine', '0 0 9 * * *', 'Europe/Berlin', (r) => void fired.push(r.scheduledAt));
      await clock.tickAsync(2 * 24 * 60 * MINUTE);
      assert.deepEqual(fired.map((t) => new Date(t).toISOString()), ['2025-03-29T08:00:00.000Z', '2025-03-30T07:00:00.000Z']);
    });

    it('does not fire at a wall time skipped by the spring-forward gap (why the dialer also resyncs hourly)', async () => {
      start('2025-03-29T23:00:00Z'); // 00:00 CET on the change day
      const fired: number[] = [];
      scheduler.schedule('gap', '0 30 2 * * *', 'Europe/Berlin', (r) => void fired.push(r.scheduledAt));
      scheduler.schedule('hourly', '0 0 * * * *', 'Europe/Berlin', (r) => void fired.push(r.scheduledAt));
      await clock.tickAsync(3.5 * 60 * MINUTE); // to 04:30 CEST
      // 01:00 CET, then 03:00 and 04:00 CEST; no 02:00 and no 02:30 that night.
      assert.deepEqual(fired.map((t) => new Date(t).toISOString()), ['2025-03-30T00:00:00.000Z', '2025-03-30T01:00:00.000Z', '2025-03-30T02:00:00.000Z']);
    });
  });

  describe('no overlap', () => {
    it('skips and logs a fire while the previous run of the same job is still going', async () => {
      start('2025-03-22T05:00:00.500Z');
      const gate = deferred();
      let started = 0;
      scheduler.schedule('slow', '* * * * * *', 'UTC', async () => {
        started += 1;
        await gate.promise;
      });
      try {
        await clock.tickAsync(500); // first fire at :01
        assert.equal(started, 1);
        assert.equal(scheduler.jobs()[0]!.running, true);
        await clock.tickAsync(3000); // three fires while the run is still going
        assert.equal(started, 1);
        assert.equal(scheduler.jobs()[0]!.skipped, 3);
        const warns = logger.records.filter((r) => r.level === 'warn' && /still running/.test(r.msg));
        assert.equal(warns.length, 3);
        assert.equal(warns[0]!.bindings.job, 'slow');
      } finally {
        gate.resolve(); // also when an assertion failed, so stop() in afterEach does not wait forever
      }
      await clock.tickAsync(1000);
      assert.equal(started, 2);
      assert.equal(scheduler.jobs()[0]!.runs, 2);
    });

    it('another job is not held back by a slow one', async () => {
      start('2025-03-22T05:00:00.500Z');
      const gate = deferred();
      let fast = 0;
      scheduler.schedule('slow', '* * * * * *', 'UTC', () => gate.promise);
      scheduler.schedule('fast', '* * * * * *', 'UTC', () => void (fast += 1));
      try {
        await clock.tickAsync(3000); // fires at :01, :02, :03
        assert.equal(fast, 3);
        assert.equal(scheduler.jobs().find((j) => j.name === 'slow')!.skipped, 2);
      } finally {
        gate.resolve();
      }
    });
  });

  describe('errors', () => {
    it('logs a throwing or rejecting job under err with its name, counts it, and keeps it scheduled', async () => {
      start('2025-03-22T05:00:00.500Z');
      let healthy = 0;
      scheduler.schedule('throws', '* * * * * *', 'UTC', () => {
        throw new Error('sync boom');
      });
      scheduler.schedule('rejects', '* * * * * *', 'UTC', async () => Promise.reject(new Error('async boom')));
      scheduler.schedule('healthy', '* * * * * *', 'UTC', () => void (healthy += 1));
      await clock.tickAsync(2000);
      const byName = new Map(scheduler.jobs().map((j) => [j.name, j]));
      assert.equal(byName.get('throws')!.failures, 2);
      assert.equal(byName.get('throws')!.lastError, 'sync boom');
      assert.equal(byName.get('rejects')!.failures, 2);
      assert.equal(healthy, 2);
      const failed = logger.records.filter((r) => r.level === 'error' && r.msg === 'scheduled job failed');
      assert.deepEqual(new Set(failed.map((r) => r.bindings.job)), new Set(['throws', 'rejects']));
      assert.ok(failed.every((r) => (r.obj as { err?: unknown }).err instanceof Error));
    });
  });

  describe('validation', () => {
    beforeEach(() => start('2025-03-22T05:00:00Z'));

    it('check() explains a bad expression or zone and accepts good ones', () => {
      assert.equal(scheduler.check('0 30 9 * * 6', 'Asia/Tehran'), null);
      assert.equal(scheduler.check('30 9 * * *', 'UTC'), null);
      assert.match(scheduler.check('0 99 * * *', 'UTC')!, /hour/);
      assert.match(scheduler.check('every day', 'UTC')!, /invalid/);
      assert.match(scheduler.check('0 0 9 * * *', 'Mars/Olympus')!, /IANA/);
      assert.match(scheduler.check('0 0 9 * * *', '')!, /IANA/);
    });

    it('schedule() refuses a bad expression, zone or name with CE_SCHEDULE_INVALID and a taken name with CE_SCHEDULE_CONFLICT', () => {
      const noop = (): void => undefined;
      assert.throws(() => scheduler.schedule('bad-cron', '61 * * * * *', 'UTC', noop), (e) => isEngineError(e, 'CE_SCHEDULE_INVALID') && /bad-cron/.test(e.message));
      assert.throws(() => scheduler.schedule('bad-zone', '* * * * *', 'Not/AZone', noop), (e) => isEngineError(e, 'CE_SCHEDULE_INVALID'));
      assert.throws(() => scheduler.schedule(' ', '* * * * *', 'UTC', noop), (e) => isEngineError(e, 'CE_SCHEDULE_INVALID'));
      scheduler.schedule('job', '* * * * *', 'UTC', noop);
      assert.throws(() => scheduler.schedule('job', '* * * * *', 'UTC', noop), (e) => isEngineError(e, 'CE_SCHEDULE_CONFLICT'));
      assert.equal(scheduler.cancel('job'), true);
      assert.equal(scheduler.cancel('job'), false);
      scheduler.schedule('job', '* * * * *', 'UTC', noop);
      assert.deepEqual(scheduler.jobs().map((j) => j.name), ['job']);
    });
  });

  describe('cancel and stop', () => {
    it('cancel stops one job only', async () => {
      start('2025-03-22T05:00:00.500Z');
      const fired: string[] = [];
      scheduler.schedule('a', '* * * * * *', 'UTC', (r) => void fired.push(r.job));
      scheduler.schedule('b', '* * * * * *', 'UTC', (r) => void fired.push(r.job));
      await clock.tickAsync(1000);
      scheduler.cancel('a');
      await clock.tickAsync(2000);
      assert.deepEqual(fired, ['a', 'b', 'b', 'b']);
    });

    it('stop cancels every job, waits for a run in progress, leaves no node-cron task behind and refuses new jobs', async () => {
      start('2025-03-22T05:00:00.500Z');
      const tasksBefore = getTasks().size;
      const gate = deferred();
      let runs = 0;
      let finished = false;
      scheduler.schedule('long', '* * * * * *', 'UTC', async () => {
        runs += 1;
        await gate.promise;
        finished = true;
      });
      scheduler.schedule('other', '0 0 9 * * *', 'Asia/Tehran', () => undefined);
      assert.equal(getTasks().size, tasksBefore + 2);
      await clock.tickAsync(500);
      const stopped = scheduler.stop();
      let stopDone = false;
      void stopped.then(() => (stopDone = true));
      await clock.tickAsync(5000);
      assert.equal(stopDone, false, 'stop waits for the run in progress');
      gate.resolve();
      await stopped;
      assert.equal(finished, true);
      assert.equal(runs, 1, 'nothing fired after stop');
      assert.deepEqual(scheduler.jobs(), []);
      assert.equal(getTasks().size, tasksBefore);
      assert.throws(() => scheduler.schedule('late', '* * * * *', 'UTC', () => undefined), (e) => isEngineError(e, 'CE_ENGINE_SHUTTING_DOWN'));
      await scheduler.stop(); // twice is fine
    });
  });
});
