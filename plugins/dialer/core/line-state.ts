import { localTime, nextLocalMidnight, zonedInstant } from './zoned-time';

/**
 * The state of one outbound line (one number on the trunk) as the pacer sees it, and the pure
 * functions that move it. Nothing here reads a clock: every function takes `now`.
 *
 * What counts where (PRODUCT.md §2, config `lines.limits`):
 * - `concurrent`: every leg on the line — outbound customer calls, inbound callers, operator legs.
 * - `concurrentOutbound` / `concurrentInbound`: legacy separate caps (0 in config = same as concurrent).
 * - `perMinute` (sliding 60 s), `perDay` (reset at local midnight), `perSecond` (minimum spacing of
 *   1000/perSecond ms): NEW OUTBOUND customer attempts only. Operator legs and inbound callers are
 *   never refused by a rate: a customer is already on the line waiting for them.
 */

export type LegKind = 'outbound' | 'inbound' | 'operator';
export const LEG_KINDS: readonly LegKind[] = ['outbound', 'inbound', 'operator'];

export const MINUTE_WINDOW_MS = 60_000;

/** Limits as written in config (`lines.limits`). */
export interface LineLimitsInput {
  readonly concurrent: number;
  /** 0 or absent = same as `concurrent`. */
  readonly concurrentOutbound?: number;
  /** 0 or absent = same as `concurrent`. */
  readonly concurrentInbound?: number;
  readonly perMinute: number;
  readonly perDay: number;
  readonly perSecond: number;
}

/** Limits with the legacy `0 = same as concurrent` resolved; separate caps never exceed `concurrent`. */
export interface LineLimits {
  readonly concurrent: number;
  readonly concurrentOutbound: number;
  readonly concurrentInbound: number;
  readonly perMinute: number;
  readonly perDay: number;
  readonly perSecond: number;
}

export function resolveLineLimits(input: LineLimitsInput): LineLimits {
  const cap = (v: number | undefined): number => (v === undefined || v <= 0 ? input.concurrent : Math.min(v, input.concurrent));
  return {
    concurrent: input.concurrent,
    concurrentOutbound: cap(input.concurrentOutbound),
    concurrentInbound: cap(input.concurrentInbound),
    perMinute: input.perMinute,
    perDay: input.perDay,
    perSecond: input.perSecond,
  };
}

export interface LineState {
  /** The line's number (`lines.numbers[i]`), also its id. */
  readonly id: string;
  readonly limits: LineLimits;
  /** Zone whose midnight resets the daily count (config `timezone`, default Asia/Tehran). */
  readonly timeZone: string;
  /** Legs on the line now. */
  readonly active: Readonly<Record<LegKind, number>>;
  /** Priority legs (inbound callers, operator legs) waiting for a slot on this line. */
  readonly waiting: number;
  /**
   * Newest outbound originate times (at most `perMinute`), oldest first; entries older than 60 s are
   * dropped on the next write.
   */
  readonly recent: readonly number[];
  readonly lastOriginateAt: number | null;
  /** Outbound originates since `dayEndsAt - 1 day`; counts as 0 once `now >= dayEndsAt`. */
  readonly dayCount: number;
  readonly dayEndsAt: number;
}

export function newLineState(id: string, limits: LineLimitsInput, timeZone: string): LineState {
  return {
    id, limits: resolveLineLimits(limits), timeZone, active: { outbound: 0, inbound: 0, operator: 0 },
    waiting: 0, recent: [], lastOriginateAt: null, dayCount: 0, dayEndsAt: 0,
  };
}

export function activeTotal(line: LineState): number {
  return line.active.outbound + line.active.inbound + line.active.operator;
}

/** Outbound originates in the sliding minute ending at `now`: those with `now - t < 60 s`. */
export function attemptsLastMinute(line: LineState, now: number): number {
  return line.recent.length - firstAfter(line.recent, now - MINUTE_WINDOW_MS);
}

/**
 * Index of the first time in ascending `times` that is after `from` (binary search: a line may keep
 * hundreds of originate times when its per-minute cap is high, and every pick asks for every line).
 */
function firstAfter(times: readonly number[], from: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! > from) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * `recent` (ascending) with the originate at `now` added: times up to `from` dropped, and only the
 * newest `keep` times kept (the per-minute check looks at the keep-th newest, so the list never grows
 * past the limit whatever the config). A clock that stepped back still yields an ascending list.
 */
function withOriginate(recent: readonly number[], from: number, now: number, keep: number): number[] {
  const start = firstAfter(recent, from);
  const next = recent.slice(start);
  next.splice(firstAfter(next, now), 0, now);
  return next.length > keep ? next.slice(next.length - keep) : next;
}

export function attemptsToday(line: LineState, now: number): number {
  return now >= line.dayEndsAt ? 0 : line.dayCount;
}

/** Minimum time between two outbound originates on one line. */
export function originateSpacingMs(limits: LineLimits): number {
  return 1000 / limits.perSecond;
}

/** A leg of `kind` started on the line at `now`; an outbound leg is also an originate (rates, day count). */
export function withLegStarted(line: LineState, kind: LegKind, now: number): LineState {
  const active = { ...line.active, [kind]: line.active[kind] + 1 };
  if (kind !== 'outbound') return { ...line, active };
  const from = now - MINUTE_WINDOW_MS;
  const recent = withOriginate(line.recent, from, now, line.limits.perMinute);
  const newDay = now >= line.dayEndsAt;
  return {
    ...line, active, recent, lastOriginateAt: now,
    dayCount: newDay ? 1 : line.dayCount + 1,
    dayEndsAt: newDay ? nextLocalMidnight(now, line.timeZone) : line.dayEndsAt,
  };
}

/** A leg of `kind` ended (never below zero: a double release must not free a slot twice). */
export function withLegEnded(line: LineState, kind: LegKind): LineState {
  if (line.active[kind] === 0) return line;
  return { ...line, active: { ...line.active, [kind]: line.active[kind] - 1 } };
}

/** A priority leg started (+1) or stopped (-1) waiting for this line. */
export function withWaiting(line: LineState, delta: number): LineState {
  return { ...line, waiting: Math.max(0, line.waiting + delta) };
}

/** New limits for a known line (config reload, panel `outbound_lines`); counters are kept. */
export function withLimits(line: LineState, limits: LineLimitsInput): LineState {
  return { ...line, limits: resolveLineLimits(limits) };
}

/**
 * Seeds the rate counters with originates made before this process started (after a restart: the
 * ledger's outbound attempts on this line since local midnight), so a restart cannot reset the daily
 * cap or the minute window. Times after `now` are ignored; live legs are not touched.
 */
export function withPastOriginates(line: LineState, times: readonly number[], now: number): LineState {
  const lt = localTime(now, line.timeZone);
  const dayStart = zonedInstant(lt.year, lt.month, lt.day, 0, line.timeZone);
  const past = times.filter((t) => t <= now).sort((a, b) => a - b);
  const today = past.filter((t) => t >= dayStart).length;
  if (past.length === 0) return line;
  const from = now - MINUTE_WINDOW_MS;
  const recent = [...line.recent, ...past]
    .filter((t) => t > from)
    .sort((a, b) => a - b)
    .slice(-line.limits.perMinute);
  const last = past[past.length - 1]!;
  return {
    ...line, recent,
    lastOriginateAt: line.lastOriginateAt === null ? last : Math.max(line.lastOriginateAt, last),
    dayCount: attemptsToday(line, now) + today,
    dayEndsAt: nextLocalMidnight(now, line.timeZone),
  };
}
