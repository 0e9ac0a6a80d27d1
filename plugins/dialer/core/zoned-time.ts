import { isValidTimeZone } from '../../../engine/src/index';

/**
 * Wall-clock arithmetic in an IANA time zone, DST-safe: offsets come from `Intl` (the zone database
 * shipped with Node), never from fixed numbers. Pure functions of their arguments; the offset cache
 * is a memo of a pure function.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/**
 * Offsets are cached per 15-minute slice of UTC time. Every zone transition in the tz database falls
 * on a quarter hour (Tehran's old DST changed at 20:30 UTC), so an offset is constant within a slice.
 */
const SLICE_MS = 15 * MINUTE_MS;
const CACHE_LIMIT = 50_000;

export const DEFAULT_TIME_ZONE = 'Asia/Tehran';

/** A calendar day and time of day as a clock on the wall of the zone shows it. */
export interface LocalTime {
  readonly year: number;
  /** 1..12 */
  readonly month: number;
  /** 1..31 */
  readonly day: number;
  /** 0 = Sunday ... 6 = Saturday (as `Date#getUTCDay`). */
  readonly weekday: number;
  /** Minutes since local midnight, 0..1439. */
  readonly minuteOfDay: number;
  /** `YYYY-MM-DD` of the local calendar day. */
  readonly dateKey: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Per zone: UTC slice number → offset. Numeric keys: this sits on the dialer's hot path. */
const offsetCaches = new Map<string, Map<number, number>>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function computeOffset(t: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(t))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return wall - (t - (((t % 1000) + 1000) % 1000));
}

/** Milliseconds to add to a UTC instant to get the zone's wall clock at that instant. */
export function zoneOffsetMs(t: number, timeZone: string): number {
  let cache = offsetCaches.get(timeZone);
  if (cache === undefined) {
    cache = new Map();
    offsetCaches.set(timeZone, cache);
  }
  const slice = Math.floor(t / SLICE_MS);
  let off = cache.get(slice);
  if (off === undefined) {
    off = computeOffset(t, timeZone);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(slice, off);
  }
  return off;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** The zone's wall clock at instant `t`. */
export function localTime(t: number, timeZone: string): LocalTime {
  const d = new Date(t + zoneOffsetMs(t, timeZone));
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  return {
    year, month, day, weekday: d.getUTCDay(), minuteOfDay: d.getUTCHours() * 60 + d.getUTCMinutes(),
    dateKey: `${pad(year, 4)}-${pad(month)}-${pad(day)}`,
  };
}

/** The local calendar day (days since 1970-01-01) and minute of the day at `t`: cheap, no allocation. */
export function localDayMinute(t: number, timeZone: string): { readonly day: number; readonly minute: number } {
  const wall = t + zoneOffsetMs(t, timeZone);
  const day = Math.floor(wall / DAY_MS);
  return { day, minute: Math.floor((wall - day * DAY_MS) / MINUTE_MS) };
}

/** Weekday (0 = Sunday) of a day number from `localDayMinute` (1970-01-01 was a Thursday). */
export function weekdayOfDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** The wall clock of `t` expressed as if it were UTC (milliseconds). */
function wallOf(t: number, timeZone: string): number {
  return t + zoneOffsetMs(t, timeZone);
}

/**
 * Every instant at which the zone's wall clock shows `minuteOfDay` on the given calendar day, earliest
 * first: one normally, two when a DST fall-back repeats that time. A time skipped by a spring-forward
 * gives the instant the gap ends (the first moment the wall clock is at or past the asked time).
 * `minuteOfDay` may be 1440 (= midnight at the end of that day).
 */
export function wallInstants(year: number, month: number, day: number, minuteOfDay: number, timeZone: string): number[] {
  const wall = Date.UTC(year, month - 1, day) + minuteOfDay * MINUTE_MS;
  const offsets = [zoneOffsetMs(wall - DAY_MS, timeZone), zoneOffsetMs(wall, timeZone), zoneOffsetMs(wall + DAY_MS, timeZone)];
  const found = new Set<number>();
  for (const off of offsets) {
    const t = wall - off;
    if (wallOf(t, timeZone) === wall) found.add(t);
  }
  if (found.size > 0) return [...found].sort((a, b) => a - b);
  // In a gap: binary search (to the second) for the first instant whose wall clock is at or past `wall`.
  let lo = wall - Math.max(...offsets);
  let hi = wall - Math.min(...offsets);
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (mid === lo) break;
    if (wallOf(mid, timeZone) >= wall) hi = mid;
    else lo = mid;
  }
  return [hi];
}

/** The first instant at which the wall clock shows that day and time (see `wallInstants`). */
export function zonedInstant(year: number, month: number, day: number, minuteOfDay: number, timeZone: string): number {
  return wallInstants(year, month, day, minuteOfDay, timeZone)[0]!;
}

/** The calendar day after (or before, with a negative `delta`) the given one. */
export function addDays(year: number, month: number, day: number, delta: number): { year: number; month: number; day: number } {
  const d = new Date(Date.UTC(year, month - 1, day + delta));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The instant of the next local midnight strictly after `t` (when daily counters reset). */
export function nextLocalMidnight(t: number, timeZone: string): number {
  const now = localTime(t, timeZone);
  const next = addDays(now.year, now.month, now.day, 1);
  return zonedInstant(next.year, next.month, next.day, 0, timeZone);
}

/** True for a name `Intl` knows as an IANA zone (e.g. `Asia/Tehran`, `UTC`). */
export function isKnownTimeZone(timeZone: unknown): timeZone is string {
  return typeof timeZone === 'string' && timeZone.length > 0 && timeZone.length <= 64 && isValidTimeZone(timeZone);
}

/** True when `key` is a real calendar date written `YYYY-MM-DD`. */
export function isDateKey(key: unknown): key is string {
  if (typeof key !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(key)) return false;
  const [y, m, d] = key.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
