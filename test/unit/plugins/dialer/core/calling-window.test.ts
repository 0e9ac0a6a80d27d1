import assert from 'node:assert/strict';
import { isEngineError } from '../../../../../engine/src/index';
import {
  callingWindowSpecSchema, compileCallingWindow, formatWindowIssues, isOpen, legacyCallingWindowSpec, nextOpen,
  requireCallingWindow, windowVerdict, type CallingWindow, type CallingWindowSpec,
} from '../../../../../plugins/dialer/core/calling-window';
import { localTime, zonedInstant } from '../../../../../plugins/dialer/core/zoned-time';
import { propertySeed, seededRandom } from './seeded-random';

/** `2025-03-22 09:00` read in `zone` → epoch ms. */
function at(local: string, zone = 'Asia/Tehran'): number {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec(local)!;
  return zonedInstant(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]) * 60 + Number(m[5]), zone);
}

function show(t: number | null, zone = 'Asia/Tehran'): string | null {
  if (t === null) return null;
  const lt = localTime(t, zone);
  return `${lt.dateKey} ${String(Math.floor(lt.minuteOfDay / 60)).padStart(2, '0')}:${String(lt.minuteOfDay % 60).padStart(2, '0')}`;
}

function win(spec: CallingWindowSpec): CallingWindow {
  return requireCallingWindow(spec);
}

// 2025-03-20 is a Thursday, 2025-03-21 a Friday, 2025-03-22 a Saturday (Tehran dates).
describe('dialer core: calling-window', () => {
  describe('isOpen', () => {
    const daily = win({ ranges: '09:00-13:00, 16:00-20:00' });
    const weekly = win({ ranges: ['09:00-13:00'], days: { fri: '', thursday: '09:00-12:00' } });
    const night = win({ days: { mon: '22:00-02:00' } });
    const holiday = win({ ranges: '22:00-02:00', holidays: ['2025-03-21'] });
    const cases: readonly [string, CallingWindow, string, boolean][] = [
      ['before the first range', daily, '2025-03-22 08:59', false],
      ['at a range start', daily, '2025-03-22 09:00', true],
      ['inside', daily, '2025-03-22 12:59', true],
      ['at a range end (exclusive)', daily, '2025-03-22 13:00', false],
      ['between ranges', daily, '2025-03-22 15:00', false],
      ['second range', daily, '2025-03-22 19:30', true],
      ['after the last range', daily, '2025-03-22 20:00', false],
      ['weekday override: Thursday shorter', weekly, '2025-03-20 12:30', false],
      ['weekday override: Thursday open', weekly, '2025-03-20 11:00', true],
      ['weekday override: Friday closed', weekly, '2025-03-21 10:00', false],
      ['default ranges on Saturday', weekly, '2025-03-22 10:00', true],
      ['crossing midnight: Monday 23:00', night, '2025-03-24 23:00', true],
      ['crossing midnight: spill into Tuesday 01:59', night, '2025-03-25 01:59', true],
      ['crossing midnight: Tuesday 02:00 closed', night, '2025-03-25 02:00', false],
      ['crossing midnight: Tuesday 22:30 (no Tuesday range)', night, '2025-03-25 22:30', false],
      ['crossing midnight: Monday 01:00 (Sunday has no range)', night, '2025-03-24 01:00', false],
      ['holiday: the whole date is closed, even a spill', holiday, '2025-03-21 01:00', false],
      ['holiday: evening of the holiday closed', holiday, '2025-03-21 23:00', false],
      ['holiday: the spill after a holiday is a normal date', holiday, '2025-03-22 01:00', true],
      ['holiday: the evening before', holiday, '2025-03-20 23:30', true],
    ];
    for (const [name, window, local, expected] of cases) {
      it(`${name} (${local}) → ${expected ? 'open' : 'closed'}`, () => assert.equal(isOpen(at(local), window), expected));
    }

    it('reads the window in the campaign zone, not UTC', () => {
      const w = win({ timeZone: 'Asia/Tehran', ranges: '09:00-10:00' });
      assert.equal(isOpen(Date.parse('2025-03-22T05:45:00Z'), w), true); // 09:15 Tehran
      assert.equal(isOpen(Date.parse('2025-03-22T09:15:00Z'), w), false); // 12:45 Tehran
    });

    it('DST: a range inside the spring-forward gap opens when the gap ends (Berlin)', () => {
      const w = win({ timeZone: 'Europe/Berlin', ranges: '02:00-04:00' });
      assert.equal(isOpen(Date.parse('2024-03-31T00:59:00Z'), w), false); // 01:59 CET
      assert.equal(isOpen(Date.parse('2024-03-31T01:00:00Z'), w), true); // 03:00 CEST
      assert.equal(show(nextOpen(Date.parse('2024-03-31T00:00:00Z'), w), 'Europe/Berlin'), '2024-03-31 03:00');
    });

    it('DST: the repeated hour is open both times (New York fall back)', () => {
      const w = win({ timeZone: 'America/New_York', ranges: '01:00-02:00' });
      assert.equal(isOpen(Date.parse('2024-11-03T05:30:00Z'), w), true); // 01:30 EDT
      assert.equal(isOpen(Date.parse('2024-11-03T06:30:00Z'), w), true); // 01:30 EST
      assert.equal(nextOpen(Date.parse('2024-11-03T06:00:00Z'), w), Date.parse('2024-11-03T06:00:00Z')); // 01:00 EST, open again
    });

    describe("the contact's own zone", () => {
      const w = win({ timeZone: 'Asia/Tehran', ranges: '09:00-17:00', useContactTimeZone: true });
      const t = Date.parse('2025-03-22T06:00:00Z'); // 09:30 Tehran, 06:00 London, 02:00 New York
      const cases: readonly [string | null | undefined, boolean][] = [
        [undefined, true], [null, true], ['', true], ['Europe/London', false], ['Asia/Dubai', true], ['America/New_York', false], ['Not/AZone', false],
      ];
      for (const [zone, expected] of cases) it(`contact zone ${JSON.stringify(zone)} → ${expected}`, () => assert.equal(isOpen(t, w, zone), expected));
      it('an unknown contact zone fails closed for nextOpen too', () => assert.equal(nextOpen(t, w, 'Not/AZone'), null));
      it('ignores the contact zone unless the window asks for it', () => {
        assert.equal(isOpen(t, win({ ranges: '09:00-17:00' }), 'America/New_York'), true);
      });
    });
  });

  describe('nextOpen', () => {
    const w = win({ ranges: '09:00-13:00, 16:00-20:00', days: { fri: [] }, holidays: ['2025-03-22'] });
    const cases: readonly [string, string | null][] = [
      ['2025-03-20 07:00', '2025-03-20 09:00'],
      ['2025-03-20 10:00', '2025-03-20 10:00'],
      ['2025-03-20 13:00', '2025-03-20 16:00'],
      ['2025-03-20 20:00', '2025-03-23 09:00'], // Friday closed, Saturday a holiday
      ['2025-03-23 19:59', '2025-03-23 19:59'],
    ];
    for (const [from, expected] of cases) it(`from ${from} → ${expected}`, () => assert.equal(show(nextOpen(at(from), w)), expected));

    it('a spill after a holiday opens at midnight', () => {
      const h = win({ ranges: '22:00-02:00', holidays: ['2025-03-21'] });
      assert.equal(show(nextOpen(at('2025-03-21 10:00'), h)), '2025-03-22 00:00');
    });
    it('a window with no hours on any day never opens', () => {
      assert.equal(nextOpen(at('2025-03-21 10:00'), win({ days: { sat: '' } })), null);
    });

    it('property: nextOpen is open and nothing before it (minute by minute) is', () => {
      const seed = propertySeed();
      const rnd = seededRandom(seed);
      const windows = [w, win({ ranges: '22:00-02:00', holidays: ['2025-03-21'] }), win({ timeZone: 'Europe/Berlin', days: { sun: '01:30-03:30', mon: '23:00-24:00' } })];
      for (let i = 0; i < 150; i++) {
        const window = rnd.pick(windows);
        const from = Date.parse('2024-03-28T00:00:00Z') + rnd.int(0, 10 * 86_400) * 1000;
        const next = nextOpen(from, window);
        assert.notEqual(next, null, `seed ${seed}`);
        assert.equal(isOpen(next!, window), true, `seed ${seed}: nextOpen(${from}) = ${next} is not open`);
        for (let t = Math.ceil(from / 60_000) * 60_000; t < next!; t += 60_000) {
          assert.equal(isOpen(t, window), false, `seed ${seed}: open at ${new Date(t).toISOString()} before nextOpen ${new Date(next!).toISOString()}`);
        }
      }
    });
  });

  describe('validation fails closed and names the field', () => {
    const cases: readonly [string, unknown, string, RegExp][] = [
      ['not an object', 'always', '', /object/],
      ['no hours', { timeZone: 'Asia/Tehran' }, 'ranges', /no calling hours/],
      ['bad zone', { ranges: '09:00-10:00', timeZone: 'Asia/Tehrn' }, 'timeZone', /IANA/],
      ['bad clock', { ranges: '9-17' }, 'ranges', /HH:MM-HH:MM/],
      ['hour 24 as a start', { ranges: '24:00-02:00' }, 'ranges', /HH:MM-HH:MM/],
      ['minute 60', { ranges: '09:60-10:00' }, 'ranges', /HH:MM-HH:MM/],
      ['empty range', { ranges: '09:00-09:00' }, 'ranges', /empty/],
      ['bad list item', { ranges: ['09:00-10:00', 5] }, 'ranges[1]', /string/],
      ['bad weekday', { days: { funday: '09:00-10:00' } }, 'days.funday', /weekday/],
      ['bad day range', { days: { sat: '09:00-25:00' } }, 'days.sat', /HH:MM/],
      ['bad holiday', { ranges: '09:00-10:00', holidays: ['2025-02-30'] }, 'holidays[0]', /calendar date/],
      ['holidays not a list', { ranges: '09:00-10:00', holidays: '2025-01-01' }, 'holidays', /list/],
      ['unknown field', { ranges: '09:00-10:00', tz: 'UTC' }, 'tz', /unknown field/],
      ['bad flag', { ranges: '09:00-10:00', useContactTimeZone: 'yes' }, 'useContactTimeZone', /true or false/],
    ];
    for (const [name, spec, path, message] of cases) {
      it(`${name} → ${path || '(window)'}`, () => {
        const compiled = compileCallingWindow(spec, ['plugins', 'dialer', 'window']);
        assert.equal(compiled.ok, false);
        if (compiled.ok) return;
        const text = formatWindowIssues(compiled.issues);
        const expectedPath = path === '' ? 'plugins.dialer.window' : `plugins.dialer.window${path.startsWith('[') ? '' : '.'}${path}`;
        assert.ok(text.includes(`${expectedPath}:`), `${text} should name ${expectedPath}`);
        assert.match(text, message);
        const verdict = windowVerdict(Date.now(), spec);
        assert.equal(verdict.open, false);
        assert.equal(verdict.nextOpenAt, null);
      });
    }

    it('requireCallingWindow throws CE_CALLING_WINDOW_INVALID with the issues', () => {
      assert.throws(() => requireCallingWindow({ ranges: 'x' }, ['windows']), (e: unknown) => isEngineError(e, 'CE_CALLING_WINDOW_INVALID') && /windows\.ranges/.test(e.message));
    });

    it('the zod schema reports the same issues with their paths', () => {
      const r = callingWindowSpecSchema.safeParse({ ranges: '09:00-10:00', holidays: ['nope'] });
      assert.equal(r.success, false);
      assert.deepEqual(r.error!.issues.map((i) => i.path), [['holidays', 0]]);
      assert.equal(callingWindowSpecSchema.safeParse({ ranges: '09:00-10:00' }).success, true);
    });

    it('windowVerdict answers a valid raw spec', () => {
      const v = windowVerdict(at('2025-03-22 08:00'), { ranges: '09:00-10:00' });
      assert.deepEqual(v, { open: false, nextOpenAt: at('2025-03-22 09:00') });
    });
  });

  describe('legacy CALL_WINDOW_START / CALL_WINDOW_END', () => {
    const cases: readonly [string, string, string][] = [
      ['00:00', '23:59', '00:00-24:00'],
      ['09:00', '20:00', '09:00-20:01'],
      ['9:5', '18:30', '09:05-18:31'],
      ['22:00', '06:00', '22:00-06:01'],
      ['10:00', '09:59', '00:00-24:00'],
    ];
    for (const [start, end, ranges] of cases) {
      it(`${start}..${end} → ${ranges}`, () => {
        const spec = legacyCallingWindowSpec(start, end);
        assert.deepEqual(spec, { timeZone: 'Asia/Tehran', ranges });
        assert.equal(compileCallingWindow(spec).ok, true);
      });
    }
    it('the legacy end minute is still open (legacy compared HH:MM inclusively)', () => {
      const w = win(legacyCallingWindowSpec('09:00', '20:00'));
      assert.equal(isOpen(at('2025-03-22 20:00') + 59_000, w), true);
      assert.equal(isOpen(at('2025-03-22 20:01'), w), false);
    });
    it('a bad legacy value fails closed with an issue', () => {
      assert.equal(compileCallingWindow(legacyCallingWindowSpec('25:00', '23:59')).ok, false);
    });
  });
});
