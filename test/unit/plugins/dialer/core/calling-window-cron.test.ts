import assert from 'node:assert/strict';
import { parse } from 'node-cron';
import { isOpen, requireCallingWindow, type CallingWindowSpec } from '../../../../../plugins/dialer/core/calling-window';
import { HOURLY_CRON, MIDNIGHT_CRON, weeklyIntervals, windowJobs, type WindowJobSpec } from '../../../../../plugins/dialer/core/calling-window.cron';
import { propertySeed, seededRandom, type Random } from './seeded-random';

const DAY = 1440;
const WEEK = 7 * DAY;

function jobsOf(spec: CallingWindowSpec): WindowJobSpec[] {
  return windowJobs(requireCallingWindow(spec));
}

function edges(spec: CallingWindowSpec): string[] {
  return jobsOf(spec).filter((j) => j.kind === 'open' || j.kind === 'close').map((j) => `${j.id} ${j.cron}`);
}

/** Week minute (0 = Sunday 00:00) → 'open' | 'close', read back from the cron expressions with node-cron's own parser. */
function edgeTable(jobs: readonly WindowJobSpec[]): Map<number, 'open' | 'close'> {
  const table = new Map<number, 'open' | 'close'>();
  for (const j of jobs) {
    if (j.kind !== 'open' && j.kind !== 'close') continue;
    const f = parse(j.cron);
    for (const d of f.dayOfWeek) for (const h of f.hour) for (const m of f.minute) {
      const at = (Number(d) % 7) * DAY + h * 60 + m;
      assert.ok(!table.has(at), `two edges at week minute ${at}`);
      table.set(at, j.kind);
    }
  }
  return table;
}

function randomSpec(rnd: Random): CallingWindowSpec {
  const clock = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  const range = (): string => {
    const start = rnd.int(0, 95) * 15;
    let end = rnd.int(0, 96) * 15;
    if (end === start) end = (start + 15) % DAY;
    return `${clock(start)}-${end === DAY ? '24:00' : clock(end)}`;
  };
  const ranges = (): string[] => Array.from({ length: rnd.int(0, 3) }, range);
  const days: Record<string, string[]> = {};
  for (const d of ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']) if (rnd.chance(0.5)) days[d] = ranges();
  return { timeZone: 'UTC', ranges: ranges(), days };
}

describe('dialer core: calling-window.cron (window → node-cron jobs)', () => {
  it('one open and one close job per range edge, weekdays in the expression, and an hourly resync', () => {
    assert.deepEqual(edges({ ranges: '09:00-13:00, 16:00-20:00' }), [
      'open@09:00 0 0 9 * * *', 'open@16:00 0 0 16 * * *', 'close@13:00 0 0 13 * * *', 'close@20:00 0 0 20 * * *',
    ]);
    const jobs = jobsOf({ ranges: '09:00-13:00' });
    assert.deepEqual(jobs.filter((j) => j.kind === 'resync'), [{ kind: 'resync', id: 'resync', cron: HOURLY_CRON }]);
    assert.equal(jobs.some((j) => j.kind === 'holidays'), false);
  });

  it('per-weekday hours list their weekdays (0 = Sunday); closed days have no job', () => {
    assert.deepEqual(edges({ ranges: '09:00-13:00', days: { fri: '', thu: '09:00-12:00' } }), [
      'open@09:00 0 0 9 * * 0,1,2,3,4,6', 'close@12:00 0 0 12 * * 4', 'close@13:00 0 0 13 * * 0,1,2,3,6',
    ]);
  });

  it('merges overlapping and touching ranges: no close while another range still runs', () => {
    assert.deepEqual(edges({ ranges: '09:00-12:00, 11:00-14:00, 14:00-15:30' }), ['open@09:00 0 0 9 * * *', 'close@15:30 0 30 15 * * *']);
  });

  it('a range crossing midnight closes on the next weekday, and joins that day\'s early range', () => {
    assert.deepEqual(edges({ days: { mon: '22:00-02:00' } }), ['open@22:00 0 0 22 * * 1', 'close@02:00 0 0 2 * * 2']);
    assert.deepEqual(edges({ days: { mon: '20:00-24:00', tue: '00:00-03:00' } }), ['open@20:00 0 0 20 * * 1', 'close@03:00 0 0 3 * * 2']);
    assert.deepEqual(edges({ days: { mon: '09:00-24:00' } }), ['open@09:00 0 0 9 * * 1', 'close@24:00 0 0 0 * * 2']);
  });

  it('Saturday night runs into Sunday across the end of the week', () => {
    assert.deepEqual(edges({ days: { sat: '22:00-02:00', sun: '00:00-05:00' } }), ['open@22:00 0 0 22 * * 6', 'close@05:00 0 0 5 * * 0']);
    assert.deepEqual(weeklyIntervals(requireCallingWindow({ days: { sat: '22:00-24:00', sun: '00:00-05:00', wed: '10:00-11:00' } })), [
      [3 * DAY + 600, 3 * DAY + 660], [6 * DAY + 1320, WEEK + 300],
    ]);
  });

  it('a window open around the clock has no edge; holidays add a midnight job', () => {
    assert.deepEqual(edges({ ranges: '00:00-24:00' }), []);
    assert.deepEqual(edges({ ranges: '00:00-12:00, 12:00-24:00' }), []);
    assert.deepEqual(edges({ ranges: '18:00-06:00, 06:00-18:00' }), []);
    const jobs = jobsOf({ ranges: '00:00-24:00', holidays: ['2025-03-21'] });
    assert.deepEqual(jobs.map((j) => `${j.kind} ${j.cron}`), [`holidays ${MIDNIGHT_CRON}`, `resync ${HOURLY_CRON}`]);
  });

  it('a window with no hours has no edge (it never opens)', () => {
    assert.deepEqual(edges({ days: { mon: [] } }), []);
  });

  it('every expression is valid for node-cron', () => {
    for (const j of jobsOf({ ranges: '09:00-13:00', days: { sat: '22:00-02:00', mon: '00:00-24:00' }, holidays: ['2025-01-01'] })) {
      assert.doesNotThrow(() => parse(j.cron), j.cron);
    }
  });

  it('property: edges fired minute by minute keep the state the pure isOpen computes (random weekly windows)', function () {
    this.timeout(60_000);
    const seed = propertySeed();
    const rnd = seededRandom(seed);
    const t0 = Date.parse('2025-03-16T00:00:00Z'); // a Sunday
    for (let n = 0; n < 150; n++) {
      const spec = randomSpec(rnd);
      const window = requireCallingWindow(spec);
      const table = edgeTable(windowJobs(window));
      const start = t0 + rnd.int(0, WEEK - 1) * 60_000;
      let state = isOpen(start, window); // start-up: computed, not fired
      for (let k = 1; k <= WEEK + DAY; k++) {
        const t = start + k * 60_000;
        const kind = table.get(Math.floor((t - t0) / 60_000) % WEEK);
        if (kind !== undefined) state = kind === 'open';
        if (state !== isOpen(t, window)) {
          assert.fail(`seed ${seed}, window ${JSON.stringify(spec)}: at ${new Date(t).toISOString()} edges say ${state}, isOpen says ${!state}`);
        }
      }
    }
  });
});
