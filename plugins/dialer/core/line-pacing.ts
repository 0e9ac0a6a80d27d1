import {
  activeTotal, attemptsLastMinute, attemptsToday, MINUTE_WINDOW_MS, originateSpacingMs, type LegKind, type LineState,
} from './line-state';

/**
 * The pacing decision: which line may take a new leg now, or how long to wait. Pure: `now` and the
 * line states in, a decision out. `LinePacer` (line-pacer.ts) keeps the states and applies decisions.
 */

export * from './line-state';

export interface PacingDemand {
  readonly kind: LegKind;
  /** Tried first when it can take the leg (an operator leg on its customer's line). */
  readonly preferredLine?: string;
  /** Lines this demand may use (a campaign's `settings.lines`); absent or empty = all. */
  readonly allowedLines?: readonly string[];
  /** Priority legs waiting for a slot on ANY line: outbound attempts leave that many slots free overall. */
  readonly waitingAny?: number;
}

export type LineBlockReason =
  | 'per-day' | 'concurrent' | 'concurrent-outbound' | 'concurrent-inbound' | 'reserved' | 'per-second' | 'per-minute';

/** Why a line cannot take a leg now; rate blocks say when they lift, the day block until when. */
export interface LineBlock {
  readonly reason: LineBlockReason;
  /** For `per-second` / `per-minute`: ms until the line may originate again (if nothing else blocks). */
  readonly retryInMs?: number;
  /** For `per-day`: the local midnight that resets the count. */
  readonly until?: number;
}

export type PickDecision =
  | { readonly line: string }
  /** ms until a rate limit (per second / per minute) lets a line originate. */
  | { readonly wait: number }
  /** Every usable line is full (or its last slots are reserved): try again when a leg ends. */
  | { readonly wait: 'lines-busy' }
  /** Every usable line reached its daily cap; `until` is the earliest reset. */
  | { readonly wait: 'day-exhausted'; readonly until: number }
  /** No line is configured or allowed for this demand. */
  | { readonly wait: 'no-lines' };

function rateBlock(now: number, line: LineState): LineBlock | null {
  let secondWait = 0;
  if (line.lastOriginateAt !== null) secondWait = Math.ceil(line.lastOriginateAt + originateSpacingMs(line.limits) - now);
  let minuteWait = 0;
  if (attemptsLastMinute(line, now) >= line.limits.perMinute) {
    minuteWait = line.recent[line.recent.length - line.limits.perMinute]! + MINUTE_WINDOW_MS - now;
  }
  if (secondWait <= 0 && minuteWait <= 0) return null;
  return minuteWait >= secondWait ? { reason: 'per-minute', retryInMs: minuteWait } : { reason: 'per-second', retryInMs: secondWait };
}

/** Why `line` cannot take a leg of `kind` at `now`, or null when it can (ignoring `waitingAny`). */
export function lineBlock(now: number, line: LineState, kind: LegKind): LineBlock | null {
  const total = activeTotal(line);
  const { limits } = line;
  if (kind === 'outbound' && attemptsToday(line, now) >= limits.perDay) return { reason: 'per-day', until: line.dayEndsAt };
  if (total >= limits.concurrent) return { reason: 'concurrent' };
  if (kind === 'inbound') return line.active.inbound >= limits.concurrentInbound ? { reason: 'concurrent-inbound' } : null;
  if (kind === 'operator') return null;
  if (line.active.outbound >= limits.concurrentOutbound) return { reason: 'concurrent-outbound' };
  // Priority: a new outbound attempt may not take a slot a waiting inbound caller or operator leg needs.
  if (limits.concurrent - total <= line.waiting) return { reason: 'reserved' };
  return rateBlock(now, line);
}

/** Free slots over all lines once each line's own waiting legs are served. */
function spareSlots(lines: readonly LineState[]): number {
  let spare = 0;
  for (const l of lines) spare += Math.max(0, l.limits.concurrent - activeTotal(l) - l.waiting);
  return spare;
}

/**
 * The least-loaded line: fewest active legs, then fewest attempts in the last minute, then fewest
 * today; ties go to the first in `lines` order. One pass, each line's load computed once.
 */
function leastLoaded(now: number, open: readonly LineState[]): LineState {
  let best = open[0]!;
  let bestLoad = [activeTotal(best), attemptsLastMinute(best, now), attemptsToday(best, now)] as const;
  for (let i = 1; i < open.length; i++) {
    const line = open[i]!;
    const active = activeTotal(line);
    if (active > bestLoad[0]) continue;
    const load = [active, attemptsLastMinute(line, now), attemptsToday(line, now)] as const;
    if (load[0] < bestLoad[0] || (load[0] === bestLoad[0] && (load[1] < bestLoad[1] || (load[1] === bestLoad[1] && load[2] < bestLoad[2])))) {
      best = line;
      bestLoad = load;
    }
  }
  return best;
}

function waitDecision(blocks: readonly LineBlock[]): PickDecision {
  const rates = blocks.filter((b) => b.retryInMs !== undefined).map((b) => b.retryInMs!);
  if (rates.length > 0) return { wait: Math.max(1, Math.min(...rates)) };
  const days = blocks.filter((b) => b.reason === 'per-day');
  if (days.length === blocks.length) return { wait: 'day-exhausted', until: Math.min(...days.map((b) => b.until!)) };
  return { wait: 'lines-busy' };
}

/**
 * Picks the line for a new leg. Order of preference: `preferredLine` when it can take the leg, else
 * the least-loaded line that can (ties: the order of `lines`). When none can: the shortest rate wait
 * in ms, else `lines-busy` (a leg must end first), else `day-exhausted` (every line hit its daily cap).
 */
export function pickLine(now: number, lines: readonly LineState[], demand: PacingDemand): PickDecision {
  const allowed = demand.allowedLines !== undefined && demand.allowedLines.length > 0 ? new Set(demand.allowedLines) : null;
  const usable = allowed === null ? lines : lines.filter((l) => allowed.has(l.id));
  if (usable.length === 0) return { wait: 'no-lines' };
  if (demand.kind === 'outbound' && (demand.waitingAny ?? 0) > 0 && spareSlots(lines) <= demand.waitingAny!) {
    return { wait: 'lines-busy' };
  }
  const open: LineState[] = [];
  const blocks: LineBlock[] = [];
  for (const line of usable) {
    const block = lineBlock(now, line, demand.kind);
    if (block === null) open.push(line);
    else blocks.push(block);
  }
  if (open.length === 0) return waitDecision(blocks);
  const preferred = open.find((l) => l.id === demand.preferredLine);
  if (preferred !== undefined) return { line: preferred.id };
  return { line: leastLoaded(now, open).id };
}
