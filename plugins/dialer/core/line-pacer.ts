import type { Clock, LineCapacityPort, LineLease } from '../../../engine/src/index';
import { dialDecision, type DialDecision, type WindowGate } from './dial-decision';
import { pickLine, type PacingDemand } from './line-pacing';
import {
  activeTotal, attemptsLastMinute, attemptsToday, newLineState, withLegEnded, withLegStarted, withLimits, withPastOriginates, withWaiting,
  type LegKind, type LineLimitsInput, type LineState,
} from './line-state';
import { DEFAULT_TIME_ZONE } from './zoned-time';

/**
 * The engine's `LineCapacityPort` on top of the pure pacing functions: it holds the line states,
 * asks `pickLine` with the injected clock's `now`, and records the result. No timers: a caller that
 * gets a wait decides itself when to ask again.
 */

export interface LineConfig {
  readonly id: string;
  /** Overrides the shared limits for this line. */
  readonly limits?: LineLimitsInput;
}

export interface LinePacerOptions {
  readonly lines: readonly (string | LineConfig)[];
  /** `lines.limits` of the engine config. */
  readonly limits: LineLimitsInput;
  /** Whose midnight resets the daily counts (engine `timezone`); default Asia/Tehran. */
  readonly timeZone?: string;
  readonly clock: Clock;
}

/** What the dashboard and metrics show per line. */
export interface LineSnapshot {
  readonly id: string;
  readonly active: Readonly<Record<LegKind, number>>;
  readonly waiting: number;
  readonly lastMinute: number;
  readonly today: number;
  readonly limits: LineState['limits'];
}

/** The result of `acquireFor`: a held slot, or the reason there is none. */
export type Acquisition = { readonly lease: LineLease } | Exclude<DialDecision, { readonly line: string }>;

export class LinePacer implements LineCapacityPort {
  private lines: LineState[] = [];
  /** Lines removed by `setLines`, kept so their live legs still count if the line comes back. */
  private retired = new Map<string, LineState>();
  private waitingAny = 0;
  private readonly timeZone: string;
  private readonly clock: Clock;

  constructor(options: LinePacerOptions) {
    this.timeZone = options.timeZone ?? DEFAULT_TIME_ZONE;
    this.clock = options.clock;
    this.setLines(options.lines, options.limits);
  }

  /**
   * Replaces the set of lines (config reload, the panel's `outbound_lines`). Known lines keep their
   * counters and live legs; removed lines stop taking legs, and their leases still release cleanly.
   */
  setLines(lines: readonly (string | LineConfig)[], limits: LineLimitsInput): void {
    const known = new Map([...this.retired, ...this.lines.map((l): [string, LineState] => [l.id, l])]);
    this.lines = lines.map((entry) => {
      const cfg: LineConfig = typeof entry === 'string' ? { id: entry } : entry;
      const own = cfg.limits ?? limits;
      const existing = known.get(cfg.id);
      return existing === undefined ? newLineState(cfg.id, own, this.timeZone) : withLimits(existing, own);
    });
    const kept = new Set(this.lines.map((l) => l.id));
    this.retired = new Map([...known].filter(([id]) => !kept.has(id)));
  }

  /** What `acquireFor` would answer now, without taking anything (the dialer tick asks this first). */
  decide(demand: PacingDemand, gate?: WindowGate): DialDecision {
    const now = this.clock.now();
    const full = { ...demand, waitingAny: this.waitingAny };
    return gate === undefined ? pickLine(now, this.lines, full) : dialDecision(now, gate, this.lines, full);
  }

  /**
   * Takes a slot for a new leg, or says why not. An outbound slot is also an originate: it is counted
   * against the per-second, per-minute and per-day limits at once, so call this right before the
   * originate is sent (a failed originate still used the trunk's attempt). With `gate`, nothing is
   * taken outside the calling window (`window-closed`).
   */
  acquireFor(demand: PacingDemand, gate?: WindowGate): Acquisition {
    const now = this.clock.now();
    const full = { ...demand, waitingAny: this.waitingAny };
    const decision = gate === undefined ? pickLine(now, this.lines, full) : dialDecision(now, gate, this.lines, full);
    if (!('line' in decision)) return decision;
    this.update(decision.line, (l) => withLegStarted(l, demand.kind, now));
    return { lease: this.lease(decision.line, demand.kind) };
  }

  /** `LineCapacityPort.acquire`: a slot on the preferred line if it can take the leg, else the least loaded. */
  acquire(kind: LegKind, preferredLine?: string): LineLease | undefined {
    const got = this.acquireFor(preferredLine === undefined ? { kind } : { kind, preferredLine });
    return 'lease' in got ? got.lease : undefined;
  }

  /**
   * Announces a priority leg (an inbound caller, an operator leg) waiting for a slot on `line`, or on
   * any line when `line` is absent. Until the returned function is called, new outbound attempts
   * leave that slot free. Calling the function again is a no-op.
   */
  hold(line?: string): () => void {
    if (line === undefined) this.waitingAny += 1;
    else this.update(line, (l) => withWaiting(l, 1));
    let done = false;
    return () => {
      if (done) return;
      done = true;
      if (line === undefined) this.waitingAny = Math.max(0, this.waitingAny - 1);
      else this.update(line, (l) => withWaiting(l, -1));
    };
  }

  /**
   * After a restart: feeds the outbound originates the ledger recorded on `line` since local midnight
   * (e.g. `createdAt` of today's outbound attempts with that `lineId`), so the day and minute counts
   * continue instead of starting at zero. Unknown lines are ignored.
   */
  restoreOriginates(line: string, times: readonly number[]): void {
    const now = this.clock.now();
    this.update(line, (l) => withPastOriginates(l, times, now));
  }

  snapshot(): LineSnapshot[] {
    const now = this.clock.now();
    return this.lines.map((l) => ({
      id: l.id, active: { ...l.active }, waiting: l.waiting, limits: l.limits,
      lastMinute: attemptsLastMinute(l, now), today: attemptsToday(l, now),
    }));
  }

  /** Legs on all lines together (for the drain at shutdown and the dashboard). */
  activeLegs(): number {
    return this.lines.reduce((n, l) => n + activeTotal(l), 0);
  }

  /** The raw states (tests and the property checker read them). */
  states(): readonly LineState[] {
    return this.lines;
  }

  private lease(line: string, kind: LegKind): LineLease {
    let released = false;
    return {
      line,
      release: () => {
        if (released) return;
        released = true;
        this.update(line, (l) => withLegEnded(l, kind));
      },
    };
  }

  private update(id: string, fn: (line: LineState) => LineState): void {
    const i = this.lines.findIndex((l) => l.id === id);
    if (i !== -1) this.lines[i] = fn(this.lines[i]!);
    else {
      const old = this.retired.get(id);
      if (old !== undefined) this.retired.set(id, fn(old));
    }
  }
}
