import assert from 'node:assert/strict';
import {
  isDateKey, isKnownTimeZone, localTime, nextLocalMidnight, wallInstants, zonedInstant,
} from '../../../../../plugins/dialer/core/zoned-time';

const iso = (t: number): string => new Date(t).toISOString();

describe('dialer core: zoned-time', () => {
  describe('localTime', () => {
    const cases: readonly [string, string, string, number, number][] = [
      // instant, zone, local date, weekday, minute of day
      ['2025-03-20T17:00:00Z', 'Asia/Tehran', '2025-03-20', 4, 20 * 60 + 30],
      ['2025-03-20T20:29:00Z', 'Asia/Tehran', '2025-03-20', 4, 23 * 60 + 59],
      ['2025-03-20T20:30:00Z', 'Asia/Tehran', '2025-03-21', 5, 0],
      ['2024-07-01T12:00:00Z', 'America/New_York', '2024-07-01', 1, 8 * 60],
      ['2024-01-01T12:00:00Z', 'America/New_York', '2024-01-01', 1, 7 * 60],
      ['2024-01-01T00:00:00Z', 'UTC', '2024-01-01', 1, 0],
      ['2024-06-15T00:00:00Z', 'Asia/Kathmandu', '2024-06-15', 6, 5 * 60 + 45],
    ];
    for (const [at, zone, date, weekday, minute] of cases) {
      it(`${at} in ${zone} is ${date} minute ${minute}`, () => {
        const lt = localTime(Date.parse(at), zone);
        assert.equal(lt.dateKey, date);
        assert.equal(lt.weekday, weekday);
        assert.equal(lt.minuteOfDay, minute);
      });
    }
  });

  describe('zonedInstant / wallInstants (DST from the zone database, no fixed offsets)', () => {
    it('Tehran 2021: midnight did not exist on 22 March (00:00 → 01:00); the gap end is returned', () => {
      assert.equal(iso(zonedInstant(2021, 3, 22, 0, 'Asia/Tehran')), '2021-03-21T20:30:00.000Z');
      assert.equal(localTime(zonedInstant(2021, 3, 22, 0, 'Asia/Tehran'), 'Asia/Tehran').minuteOfDay, 60);
    });
    it('Tehran 2021: 23:30 on 21 September happened twice; both instants, earliest first', () => {
      assert.deepEqual(wallInstants(2021, 9, 21, 23 * 60 + 30, 'Asia/Tehran').map(iso), ['2021-09-21T19:00:00.000Z', '2021-09-21T20:00:00.000Z']);
    });
    it('Tehran today has no DST: 00:00 is 20:30 UTC the day before', () => {
      assert.equal(iso(zonedInstant(2025, 6, 1, 0, 'Asia/Tehran')), '2025-05-31T20:30:00.000Z');
    });
    it('Berlin spring forward: 02:30 does not exist → 03:00 CEST', () => {
      assert.deepEqual(wallInstants(2024, 3, 31, 150, 'Europe/Berlin').map(iso), ['2024-03-31T01:00:00.000Z']);
    });
    it('New York fall back: 01:30 twice', () => {
      assert.deepEqual(wallInstants(2024, 11, 3, 90, 'America/New_York').map(iso), ['2024-11-03T05:30:00.000Z', '2024-11-03T06:30:00.000Z']);
    });
    it('minute 1440 is the next midnight', () => {
      assert.equal(zonedInstant(2025, 1, 1, 1440, 'UTC'), Date.parse('2025-01-02T00:00:00Z'));
    });
  });

  describe('nextLocalMidnight', () => {
    const cases: readonly [string, string, string][] = [
      ['2025-03-20T17:00:00Z', 'Asia/Tehran', '2025-03-20T20:30:00.000Z'],
      ['2025-03-20T20:30:00Z', 'Asia/Tehran', '2025-03-21T20:30:00.000Z'],
      ['2021-03-21T19:00:00Z', 'Asia/Tehran', '2021-03-21T20:30:00.000Z'],
      ['2024-11-03T03:00:00Z', 'America/New_York', '2024-11-03T04:00:00.000Z'],
      ['2024-11-03T05:00:00Z', 'America/New_York', '2024-11-04T05:00:00.000Z'],
    ];
    for (const [at, zone, expected] of cases) {
      it(`after ${at} in ${zone}: ${expected}`, () => assert.equal(iso(nextLocalMidnight(Date.parse(at), zone)), expected));
    }
  });

  describe('validators', () => {
    it('isKnownTimeZone', () => {
      assert.equal(isKnownTimeZone('Asia/Tehran'), true);
      assert.equal(isKnownTimeZone('UTC'), true);
      assert.equal(isKnownTimeZone('Mars/Olympus'), false);
      assert.equal(isKnownTimeZone(''), false);
      assert.equal(isKnownTimeZone(42), false);
    });
    const dates: readonly [unknown, boolean][] = [['2025-03-21', true], ['2024-02-29', true], ['2025-02-29', false], ['2025-13-01', false], ['2025-3-1', false], ['20250301', false], [20250301, false]];
    for (const [d, ok] of dates) it(`isDateKey(${JSON.stringify(d)}) = ${ok}`, () => assert.equal(isDateKey(d), ok));
  });
});
