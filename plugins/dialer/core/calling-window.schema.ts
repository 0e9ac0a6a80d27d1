import { z } from 'zod';
import { EngineError } from '../../../engine/src/index';
import { DEFAULT_TIME_ZONE, isDateKey, isKnownTimeZone } from './zoned-time';

/**
 * Calling windows as written in config and campaign settings, and their validation. A window that
 * does not validate never becomes a `CallingWindow`, so it cannot be used to dial: invalid windows fail
 * closed (PRODUCT.md §2). Every problem names its field.
 */

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type WeekdayName = (typeof WEEKDAYS)[number];

/** The JSON shape (campaign `settings.windows`, `plugins.dialer` config). */
export interface CallingWindowSpec {
  /** IANA zone the ranges and holidays are read in; default `Asia/Tehran`. */
  readonly timeZone?: string;
  /** Ranges for every day: `"09:00-13:00, 16:00-20:00"` or `["09:00-13:00", "16:00-20:00"]`. */
  readonly ranges?: string | readonly string[];
  /**
   * Per-weekday ranges (`sat`, `sun`, ..., or full names); a listed day replaces `ranges` for that day,
   * and `""` or `[]` closes it. With `days` but no `ranges`, unlisted days are closed.
   */
  readonly days?: Readonly<Record<string, string | readonly string[]>>;
  /** Local dates (`YYYY-MM-DD`, in the zone used) on which nothing is dialled. */
  readonly holidays?: readonly string[];
  /** Read the window in the contact's own zone when the contact has one. */
  readonly useContactTimeZone?: boolean;
}

/**
 * One daily range in minutes since local midnight. `end` is exclusive and may be 1440; `end < start`
 * means the range crosses midnight into the next day (`22:00-02:00`).
 */
export interface TimeRange {
  readonly start: number;
  readonly end: number;
}

/** A validated window: the only form `isOpen` / `nextOpen` accept. */
export interface CallingWindow {
  readonly timeZone: string;
  /** Seven lists of ranges, Sunday first (index = `Date#getUTCDay`). */
  readonly week: readonly (readonly TimeRange[])[];
  readonly holidays: ReadonlySet<string>;
  /** The same dates as local day numbers (days since 1970-01-01), for the hot path. */
  readonly holidayDays: ReadonlySet<number>;
  readonly useContactTimeZone: boolean;
}

export interface WindowIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

export type CompiledWindow =
  | { readonly ok: true; readonly window: CallingWindow }
  | { readonly ok: false; readonly issues: readonly WindowIssue[] };

const FULL_NAMES: Readonly<Record<string, WeekdayName>> = {
  sunday: 'sun', monday: 'mon', tuesday: 'tue', wednesday: 'wed', thursday: 'thu', friday: 'fri', saturday: 'sat',
};
const KNOWN_KEYS = new Set(['timeZone', 'ranges', 'days', 'holidays', 'useContactTimeZone']);

/** `H:MM`/`HH:MM` (legacy also wrote `9:5` for 09:05) → minutes; `24:00` only where `allow24` (a range end). Null when malformed. */
export function parseClock(text: string, allow24 = false): number | null {
  const m = /^(\d{1,2}):(\d{1,2})$/.exec(text.trim());
  if (m === null) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59) return null;
  if (h === 24 && min === 0 && allow24) return 1440;
  return h <= 23 ? h * 60 + min : null;
}

function parseRange(text: string): TimeRange | string {
  const parts = text.split('-');
  if (parts.length !== 2) return `"${text}" is not HH:MM-HH:MM`;
  const start = parseClock(parts[0]!);
  const endRaw = parseClock(parts[1]!, true);
  if (start === null || endRaw === null) return `"${text}" is not HH:MM-HH:MM (00:00..23:59, end may be 24:00)`;
  const end = endRaw === 0 ? 1440 : endRaw;
  if (start === end) return `"${text}" is empty (start equals end; use 00:00-24:00 for the whole day)`;
  return { start, end };
}

function parseRanges(value: unknown, path: (string | number)[], issues: WindowIssue[]): TimeRange[] {
  let items: unknown[];
  if (typeof value === 'string') items = value.trim() === '' ? [] : value.split(',');
  else if (Array.isArray(value)) items = value;
  else {
    issues.push({ path, message: 'expected a string like "09:00-13:00, 16:00-20:00" or a list of ranges' });
    return [];
  }
  const out: TimeRange[] = [];
  items.forEach((item, i) => {
    const at = typeof value === 'string' ? path : [...path, i];
    if (typeof item !== 'string') return void issues.push({ path: at, message: 'a range must be a string HH:MM-HH:MM' });
    const r = parseRange(item.trim());
    if (typeof r === 'string') issues.push({ path: at, message: r });
    else out.push(r);
  });
  return out;
}

function parseDays(value: unknown, path: (string | number)[], issues: WindowIssue[]): Map<number, TimeRange[]> {
  const out = new Map<number, TimeRange[]>();
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    issues.push({ path, message: 'expected an object keyed by weekday (sat, sun, mon, ...)' });
    return out;
  }
  for (const [key, ranges] of Object.entries(value)) {
    const lower = key.toLowerCase();
    const name = (WEEKDAYS as readonly string[]).includes(lower) ? (lower as WeekdayName) : FULL_NAMES[lower];
    if (name === undefined) {
      issues.push({ path: [...path, key], message: `unknown weekday "${key}" (use sat, sun, mon, tue, wed, thu, fri)` });
      continue;
    }
    out.set(WEEKDAYS.indexOf(name), parseRanges(ranges, [...path, key], issues));
  }
  return out;
}

function parseHolidays(value: unknown, path: (string | number)[], issues: WindowIssue[]): Set<string> {
  const out = new Set<string>();
  if (!Array.isArray(value)) {
    issues.push({ path, message: 'expected a list of dates YYYY-MM-DD' });
    return out;
  }
  value.forEach((d, i) => {
    if (isDateKey(d)) out.add(d);
    else issues.push({ path: [...path, i], message: `${JSON.stringify(d)} is not a calendar date YYYY-MM-DD` });
  });
  return out;
}

function buildWeek(spec: Record<string, unknown>, path: (string | number)[], issues: WindowIssue[]): TimeRange[][] {
  if (spec.ranges === undefined && spec.days === undefined) {
    issues.push({ path: [...path, 'ranges'], message: 'no calling hours: give ranges and/or days' });
    return WEEKDAYS.map(() => []);
  }
  const daily = spec.ranges === undefined ? [] : parseRanges(spec.ranges, [...path, 'ranges'], issues);
  const days = spec.days === undefined ? new Map<number, TimeRange[]>() : parseDays(spec.days, [...path, 'days'], issues);
  return WEEKDAYS.map((_n, i) => days.get(i) ?? daily);
}

/**
 * Validates a window spec and compiles it. `path` prefixes every issue's path (e.g.
 * `['plugins', 'dialer', 'window']`) so the message names the field in the config or the API body.
 */
export function compileCallingWindow(spec: unknown, path: readonly (string | number)[] = []): CompiledWindow {
  const issues: WindowIssue[] = [];
  const at = [...path];
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    return { ok: false, issues: [{ path: at, message: 'expected a calling window object' }] };
  }
  const s = spec as Record<string, unknown>;
  for (const key of Object.keys(s)) if (!KNOWN_KEYS.has(key)) issues.push({ path: [...at, key], message: `unknown field "${key}"` });
  const timeZone = s.timeZone ?? DEFAULT_TIME_ZONE;
  if (!isKnownTimeZone(timeZone)) issues.push({ path: [...at, 'timeZone'], message: `${JSON.stringify(timeZone)} is not an IANA time zone` });
  const week = buildWeek(s, at, issues);
  const holidays = s.holidays === undefined ? new Set<string>() : parseHolidays(s.holidays, [...at, 'holidays'], issues);
  if (s.useContactTimeZone !== undefined && typeof s.useContactTimeZone !== 'boolean') {
    issues.push({ path: [...at, 'useContactTimeZone'], message: 'expected true or false' });
  }
  if (issues.length > 0) return { ok: false, issues };
  const holidayDays = new Set([...holidays].map((d) => Date.parse(`${d}T00:00:00Z`) / 86_400_000));
  return { ok: true, window: { timeZone: timeZone as string, week, holidays, holidayDays, useContactTimeZone: s.useContactTimeZone === true } };
}

/** `a.b[2]: message` lines, for logs and error messages. */
export function formatWindowIssues(issues: readonly WindowIssue[]): string {
  return issues
    .map((i) => `${i.path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '') || '(window)'}: ${i.message}`)
    .join('; ');
}

/** Compiles or throws `CE_CALLING_WINDOW_INVALID` naming every bad field (campaign create/update). */
export function requireCallingWindow(spec: unknown, path: readonly (string | number)[] = []): CallingWindow {
  const compiled = compileCallingWindow(spec, path);
  if (compiled.ok) return compiled.window;
  throw new EngineError('CE_CALLING_WINDOW_INVALID', formatWindowIssues(compiled.issues), { details: { issues: compiled.issues } });
}

/** The same validation as a zod schema, for the plugin's `configSchema` and the API's body schemas. */
export const callingWindowSpecSchema = z.custom<CallingWindowSpec>().superRefine((value, ctx) => {
  const compiled = compileCallingWindow(value);
  if (!compiled.ok) for (const issue of compiled.issues) ctx.addIssue({ code: 'custom', path: [...issue.path], message: issue.message });
});

/**
 * Legacy `CALL_WINDOW_START` / `CALL_WINDOW_END` (`HH:MM`): one daily window. Legacy compared the
 * clock's `HH:MM` with both ends inclusive, so the end minute is still open: `00:00`/`23:59` (the
 * legacy default) is the whole day, `09:00`/`20:00` dials until 20:00:59. `start > end` crosses midnight.
 */
export function legacyCallingWindowSpec(start: string, end: string, timeZone: string = DEFAULT_TIME_ZONE): CallingWindowSpec {
  const s = parseClock(start);
  const e = parseClock(end);
  if (s === null || e === null) return { timeZone, ranges: `${start}-${end}` }; // compiles to an issue naming the values
  const endExclusive = (e + 1) % 1440;
  if (endExclusive === s) return { timeZone, ranges: '00:00-24:00' };
  return { timeZone, ranges: `${clockText(s)}-${clockText(endExclusive === 0 ? 1440 : endExclusive)}` };
}

function clockText(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
