import { compileCallingWindow, type CallingWindow, type TimeRange, type WindowIssue } from './calling-window.schema';
import { addDays, isKnownTimeZone, localDayMinute, localTime, wallInstants, weekdayOfDay } from './zoned-time';

/**
 * Is a campaign allowed to dial now, and when may it next? Pure functions of `now` and a validated
 * window; the wall clock comes from the zone database (DST-safe). A range belongs to the weekday it
 * starts on; a range crossing midnight continues into the next calendar day. Holidays are calendar
 * dates: nothing is dialled while the local date is a holiday, whichever day's range is running.
 */

export * from './calling-window.schema';

/** How far ahead `nextOpen` looks (a year of holidays plus slack). */
export const NEXT_OPEN_HORIZON_DAYS = 400;

/**
 * The zone to read the window in: the contact's own zone when the window says so and the contact has
 * one, else the window's. An unknown contact zone gives null: fail closed, no call.
 */
export function windowZone(window: CallingWindow, contactTimeZone?: string | null): string | null {
  if (!window.useContactTimeZone || contactTimeZone === undefined || contactTimeZone === null || contactTimeZone === '') {
    return window.timeZone;
  }
  return isKnownTimeZone(contactTimeZone) ? contactTimeZone : null;
}

function inRangeToday(r: TimeRange, minute: number): boolean {
  return r.start < r.end ? minute >= r.start && minute < r.end : minute >= r.start;
}

function openAt(t: number, window: CallingWindow, zone: string): boolean {
  const { day, minute } = localDayMinute(t, zone);
  if (window.holidayDays.has(day)) return false;
  const weekday = weekdayOfDay(day);
  for (const r of window.week[weekday]!) if (inRangeToday(r, minute)) return true;
  for (const r of window.week[(weekday + 6) % 7]!) if (r.end < r.start && minute < r.end) return true;
  return false;
}

/** True when the window allows an originate at `now` (epoch ms). */
export function isOpen(now: number, window: CallingWindow, contactTimeZone?: string | null): boolean {
  const zone = windowZone(window, contactTimeZone);
  return zone !== null && openAt(now, window, zone);
}

/** Minutes of the day at which the window may open on a day with this weekday (midnight included). */
function openingMinutes(window: CallingWindow, weekday: number): number[] {
  const starts = window.week[weekday]!.map((r) => r.start);
  return [...new Set([0, ...starts])].sort((a, b) => a - b);
}

/**
 * The first instant at or after `now` at which the window is open: `now` itself when open, else the
 * next range start or midnight (end of a holiday) that is open. Null when nothing opens within
 * `NEXT_OPEN_HORIZON_DAYS` (no ranges at all, every day a holiday) or the contact's zone is unknown.
 */
export function nextOpen(now: number, window: CallingWindow, contactTimeZone?: string | null): number | null {
  const zone = windowZone(window, contactTimeZone);
  if (zone === null) return null;
  if (openAt(now, window, zone)) return now;
  if (window.week.every((day) => day.length === 0)) return null;
  const today = localTime(now, zone);
  for (let delta = 0; delta <= NEXT_OPEN_HORIZON_DAYS; delta++) {
    const d = addDays(today.year, today.month, today.day, delta);
    if (window.holidays.has(dateKey(d))) continue;
    const weekday = new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
    for (const minute of openingMinutes(window, weekday)) {
      for (const t of wallInstants(d.year, d.month, d.day, minute, zone)) {
        if (t > now && openAt(t, window, zone)) return t;
      }
    }
  }
  return null;
}

function dateKey(d: { year: number; month: number; day: number }): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

/** The verdict on a window that may not have been validated: invalid → closed, with the issues. */
export type WindowVerdict =
  | { readonly open: boolean; readonly nextOpenAt: number | null }
  | { readonly open: false; readonly nextOpenAt: null; readonly issues: readonly WindowIssue[] };

/**
 * For callers holding raw settings (a campaign row): compiles and answers, failing closed. Prefer
 * compiling once at load time and calling `isOpen`; this exists so no code path can dial on a window
 * that was never validated.
 */
export function windowVerdict(now: number, spec: unknown, contactTimeZone?: string | null): WindowVerdict {
  const compiled = compileCallingWindow(spec);
  if (!compiled.ok) return { open: false, nextOpenAt: null, issues: compiled.issues };
  const open = isOpen(now, compiled.window, contactTimeZone);
  return { open, nextOpenAt: open ? now : nextOpen(now, compiled.window, contactTimeZone) };
}
