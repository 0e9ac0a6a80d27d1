import {
  LINE_LEG_KINDS, type LineLegKind, type LineSlot, type LineSlotLimits, type LineSlotRefusal, type LineSlotRequest,
  type LineSlotUsage,
} from '../../ports/call-store.port';
import { checkId, checkObject, checkOneOf, checkPositive, checkTime, invalidInput } from './store-input';

/**
 * The line-slot decision shared by every store adapter (SQLite, PostgreSQL): input checks and the pure
 * "may this leg start" rule, so both adapters refuse with the same reasons. The adapters only read the
 * line's state under their lock and write the outcome. Mirrors `lineBlock` of the dialer's pacer.
 */

export const MINUTE_MS = 60_000;
/** A slot held longer than a day is a bug: it would keep a line blocked after its engine died. */
export const MAX_HOLD_MS = 86_400_000;
const MAX_CONCURRENT = 100_000;

/** Limits with `0 = same as concurrent` resolved; separate caps never exceed `concurrent`; null = no limit. */
export interface ResolvedLineLimits {
  readonly concurrent: number;
  readonly concurrentOutbound: number;
  readonly concurrentInbound: number;
  readonly perMinute: number | null;
  readonly perDay: number | null;
  readonly perSecond: number | null;
}

export interface CheckedSlotRequest {
  readonly line: string;
  readonly kind: LineLegKind;
  readonly limits: ResolvedLineLimits;
  readonly now: number;
  /** Set for outbound requests only. */
  readonly dayEndsAt: number | null;
  readonly expiresAt: number;
  readonly instanceId: string;
  readonly attemptId: string | null;
}

/** The line's counters row as both adapters store it. */
export interface LineCounters {
  readonly dayCount: number;
  readonly dayEndsAt: number;
  readonly lastOriginateAt: number | null;
}

/** What the rule needs to know about a line at `now`, read under the line's lock. */
export interface LineSnapshot {
  readonly counters: LineCounters;
  /** Unexpired slots by kind. */
  readonly active: Readonly<Record<LineLegKind, number>>;
  /** Originate times inside the last minute (`t > now - 60 s`), oldest first. */
  readonly recent: readonly number[];
}

export const NO_COUNTERS: LineCounters = { dayCount: 0, dayEndsAt: 0, lastOriginateAt: null };

function optionalLimit(value: unknown, field: string): number | null {
  return value === undefined ? null : checkPositive(value, field, Number.MAX_SAFE_INTEGER);
}

function checkLimits(value: unknown): ResolvedLineLimits {
  checkObject(value, 'limits');
  const l = value as LineSlotLimits;
  const concurrent = checkPositive(l.concurrent, 'limits.concurrent', MAX_CONCURRENT);
  const cap = (v: unknown, field: string): number => {
    if (v === undefined || v === 0) return concurrent;
    return Math.min(checkPositive(v, field, MAX_CONCURRENT), concurrent);
  };
  const perSecond = l.perSecond;
  if (perSecond !== undefined && (typeof perSecond !== 'number' || !Number.isFinite(perSecond) || perSecond <= 0)) {
    throw invalidInput('limits.perSecond', 'must be a positive number');
  }
  return {
    concurrent,
    concurrentOutbound: cap(l.concurrentOutbound, 'limits.concurrentOutbound'),
    concurrentInbound: cap(l.concurrentInbound, 'limits.concurrentInbound'),
    perMinute: optionalLimit(l.perMinute, 'limits.perMinute'),
    perDay: optionalLimit(l.perDay, 'limits.perDay'),
    perSecond: perSecond ?? null,
  };
}

/** Validates a reservation; every problem is `CE_STORE_INVALID_INPUT` naming the field. */
export function checkSlotRequest(request: LineSlotRequest): CheckedSlotRequest {
  checkObject(request, 'request');
  const line = checkId(request.line, 'line');
  const kind = checkOneOf(request.kind, LINE_LEG_KINDS, 'kind');
  const limits = checkLimits(request.limits);
  const now = checkTime(request.now, 'now');
  const holdMs = checkPositive(request.holdMs, 'holdMs', MAX_HOLD_MS);
  const instanceId = checkId(request.instanceId, 'instanceId');
  const attemptId = request.attemptId === undefined ? null : checkId(request.attemptId, 'attemptId');
  let dayEndsAt: number | null = null;
  if (kind === 'outbound') {
    dayEndsAt = checkTime(request.dayEndsAt, 'dayEndsAt');
    if (dayEndsAt <= now) throw invalidInput('dayEndsAt', 'must be the next local midnight, after now');
  }
  return { line, kind, limits, now, dayEndsAt, expiresAt: now + holdMs, instanceId, attemptId };
}

/** Validates the arguments of `lineUsage`. */
export function checkUsageQuery(lines: unknown, now: unknown): { lines: string[]; now: number } {
  if (!Array.isArray(lines) || lines.length > 1000) throw invalidInput('lines', 'must be a list of at most 1000 line ids');
  return { lines: lines.map((l) => checkId(l, 'lines')), now: checkTime(now, 'now') };
}

function todayCount(counters: LineCounters, now: number): number {
  return now >= counters.dayEndsAt ? 0 : counters.dayCount;
}

function rateRefusal(req: CheckedSlotRequest, snap: LineSnapshot): { reason: LineSlotRefusal; retryAt: number } | null {
  const { perSecond, perMinute } = req.limits;
  const last = snap.counters.lastOriginateAt;
  const secondAt = perSecond === null || last === null ? 0 : Math.ceil(last + 1000 / perSecond);
  const minuteAt = perMinute !== null && snap.recent.length >= perMinute
    ? (snap.recent[snap.recent.length - perMinute] as number) + MINUTE_MS
    : 0;
  if (secondAt <= req.now && minuteAt <= req.now) return null;
  return minuteAt >= secondAt ? { reason: 'per-minute', retryAt: minuteAt } : { reason: 'per-second', retryAt: secondAt };
}

/** Why the line cannot take the leg now, or null when it can. Same order of checks as the dialer's pacer. */
export function slotRefusal(req: CheckedSlotRequest, snap: LineSnapshot): { reason: LineSlotRefusal; retryAt: number | null } | null {
  const { limits } = req;
  const total = snap.active.outbound + snap.active.inbound + snap.active.operator;
  if (req.kind === 'outbound' && limits.perDay !== null && todayCount(snap.counters, req.now) >= limits.perDay) {
    return { reason: 'per-day', retryAt: snap.counters.dayEndsAt };
  }
  if (total >= limits.concurrent) return { reason: 'concurrent', retryAt: null };
  if (req.kind === 'inbound') return snap.active.inbound >= limits.concurrentInbound ? { reason: 'concurrent-inbound', retryAt: null } : null;
  if (req.kind === 'operator') return null;
  if (snap.active.outbound >= limits.concurrentOutbound) return { reason: 'concurrent-outbound', retryAt: null };
  return rateRefusal(req, snap);
}

/** The counters after an outbound originate at `req.now` (a new day starts the count again). */
export function countersAfterOriginate(counters: LineCounters, req: CheckedSlotRequest): LineCounters {
  const dayEndsAt = req.dayEndsAt as number;
  const newDay = req.now >= counters.dayEndsAt;
  return {
    dayCount: newDay ? 1 : counters.dayCount + 1,
    dayEndsAt: newDay ? dayEndsAt : counters.dayEndsAt,
    lastOriginateAt: Math.max(req.now, counters.lastOriginateAt ?? 0),
  };
}

/** The snapshot once the slot in `req` is taken (what the caller sees in `usage`). */
export function snapshotAfter(snap: LineSnapshot, req: CheckedSlotRequest): LineSnapshot {
  const active = { ...snap.active, [req.kind]: snap.active[req.kind] + 1 };
  if (req.kind !== 'outbound') return { ...snap, active };
  return { active, counters: countersAfterOriginate(snap.counters, req), recent: [...snap.recent, req.now] };
}

export function usageOf(line: string, snap: LineSnapshot, now: number): LineSlotUsage {
  return {
    line, active: { ...snap.active }, lastMinute: snap.recent.filter((t) => t > now - MINUTE_MS).length,
    today: todayCount(snap.counters, now), lastOriginateAt: snap.counters.lastOriginateAt,
  };
}

export function emptyActive(): Record<LineLegKind, number> {
  return { outbound: 0, inbound: 0, operator: 0 };
}

/** Sums `kind, n` rows into a full record (kinds with no slot are 0). */
export function activeFrom(rows: readonly { kind: string; n: number }[]): Record<LineLegKind, number> {
  const active = emptyActive();
  for (const r of rows) if ((LINE_LEG_KINDS as readonly string[]).includes(r.kind)) active[r.kind as LineLegKind] += Number(r.n);
  return active;
}

/** The slot as returned to the caller. */
export function slotOf(id: number, req: CheckedSlotRequest): LineSlot {
  return {
    id, line: req.line, kind: req.kind, instanceId: req.instanceId, attemptId: req.attemptId, acquiredAt: req.now,
    expiresAt: req.expiresAt,
  };
}
