import assert from 'node:assert/strict';
import type { LineLease } from '../../../../../engine/src/index';
import { requireCallingWindow, type CallingWindowSpec } from '../../../../../plugins/dialer/core/calling-window';
import type { WindowGate } from '../../../../../plugins/dialer/core/dial-decision';
import { LinePacer } from '../../../../../plugins/dialer/core/line-pacer';
import type { LegKind, LineLimits } from '../../../../../plugins/dialer/core/line-state';
import { propertySeed, seededRandom, type Random } from './seeded-random';

/**
 * Property: over 100,000 random schedules (outbound demand, inbound callers, operator legs, waiting
 * priority legs, calls ending, time jumps across midnights, windows, holidays and a DST change), the
 * pacer never lets a line exceed a limit and never originates outside the window. The ORACLE below
 * is independent of the code under test: it keeps its own ledger of legs and originates and reads
 * local time from fixed 2025 offset tables, not from Intl.
 */

const HOUR = 3_600_000;

/** Like assert.ok, but builds the (costly) message only on failure: this runs millions of times. */
function check(condition: boolean, message: () => string): void {
  if (!condition) assert.fail(message());
}
const BERLIN_DST_2025 = Date.parse('2025-03-30T01:00:00Z');

/** 2025 offsets, by hand: Tehran has had no DST since 2022; Berlin switches on 30 March 01:00 UTC. */
function oracleLocal(t: number, zone: 'Asia/Tehran' | 'Europe/Berlin'): { date: string; day: number; weekday: number; minute: number } {
  const offset = zone === 'Asia/Tehran' ? 3.5 * HOUR : t >= BERLIN_DST_2025 ? 2 * HOUR : HOUR;
  const local = t + offset;
  const day = Math.floor(local / 86_400_000);
  const minute = Math.floor((local - day * 86_400_000) / 60_000);
  // 1970-01-01 was a Thursday (4).
  return { get date() { return new Date(day * 86_400_000).toISOString().slice(0, 10); }, day, weekday: (day + 4) % 7, minute };
}

interface OracleWindow {
  readonly zone: 'Asia/Tehran' | 'Europe/Berlin';
  /** Ranges per weekday in minutes [start, end) with end < start crossing midnight. */
  readonly week: readonly (readonly [number, number][])[];
  readonly holidays: readonly string[];
  readonly spec: CallingWindowSpec;
}

const H = (h: number, m = 0): number => h * 60 + m;
const every = (ranges: [number, number][]): [number, number][][] => Array.from({ length: 7 }, () => ranges);

const WINDOWS: readonly OracleWindow[] = [
  { zone: 'Asia/Tehran', week: every([[H(9), H(13)], [H(16), H(20)]]), holidays: ['2025-03-28', '2025-03-31'], spec: { ranges: '09:00-13:00, 16:00-20:00', holidays: ['2025-03-28', '2025-03-31'] } },
  { zone: 'Asia/Tehran', week: every([[H(22), H(2)]]).map((r, i) => (i === 5 ? [] : r)), holidays: [], spec: { ranges: '22:00-02:00', days: { fri: '' } } },
  { zone: 'Europe/Berlin', week: every([[0, H(24)]]), holidays: ['2025-03-30'], spec: { timeZone: 'Europe/Berlin', ranges: '00:00-24:00', holidays: ['2025-03-30'] } },
  { zone: 'Europe/Berlin', week: [[[H(1, 30), H(3, 30)]], [[H(8), H(18)]], [], [], [], [], []], holidays: [], spec: { timeZone: 'Europe/Berlin', days: { sun: '01:30-03:30', mon: '08:00-18:00' } } },
  { zone: 'Asia/Tehran', week: every([[0, H(24)]]), holidays: [], spec: { ranges: '00:00-24:00' } },
];

function oracleOpen(t: number, w: OracleWindow): boolean {
  const lt = oracleLocal(t, w.zone);
  if (w.holidays.includes(lt.date)) return false;
  const today = w.week[lt.weekday]!.some(([s, e]) => (s < e ? lt.minute >= s && lt.minute < e : lt.minute >= s));
  const spill = w.week[(lt.weekday + 6) % 7]!.some(([s, e]) => e < s && lt.minute < e);
  return today || spill;
}

interface Leg {
  readonly line: string;
  readonly kind: LegKind;
  readonly lease: LineLease;
}

interface ShadowLine {
  readonly limits: LineLimits;
  originates: number[];
  /** Oracle local day number of each originate (same index). */
  days: number[];
  /** Live legs per kind on this line, by the oracle's ledger. */
  live: Record<LegKind, number>;
  waiting: number;
}

class Schedule {
  readonly pacer: LinePacer;
  readonly legs: Leg[] = [];
  readonly shadow = new Map<string, ShadowLine>();
  readonly holds: { line: string | undefined; release: () => void }[] = [];
  readonly gate: WindowGate;
  now: number;

  constructor(readonly rnd: Random, readonly window: OracleWindow, compiled: WindowGate['window']) {
    this.now = Date.parse('2025-03-27T00:00:00Z') + rnd.int(0, 6 * 24 * 60) * 60_000 + rnd.int(0, 59_999);
    const lines = Array.from({ length: rnd.int(1, 4) }, (_v, i) => `0219130295${i}`);
    const limits = {
      concurrent: rnd.int(1, 4), concurrentOutbound: rnd.int(0, 3), concurrentInbound: rnd.int(0, 3),
      perMinute: rnd.int(1, 6), perDay: rnd.int(1, 12), perSecond: rnd.pick([0.5, 1, 2, 3]),
    };
    this.pacer = new LinePacer({ lines, limits, timeZone: window.zone, clock: { now: () => this.now } });
    for (const s of this.pacer.states()) this.shadow.set(s.id, { limits: s.limits, originates: [], days: [], live: { outbound: 0, inbound: 0, operator: 0 }, waiting: 0 });
    this.gate = { window: compiled };
  }

  /** Free slots on `line` by the oracle's own ledger. */
  free(line: string): number {
    const s = this.shadow.get(line)!;
    return s.limits.concurrent - s.live.outbound - s.live.inbound - s.live.operator;
  }

  private addLeg(leg: Leg): void {
    this.legs.push(leg);
    this.shadow.get(leg.line)!.live[leg.kind] += 1;
  }

  step(): void {
    this.now = this.rnd.chance(0.35) ? this.boundary() : this.now + this.rnd.pick([0, this.rnd.int(1, 999), this.rnd.int(1_000, 60_000), this.rnd.int(60_000, 1_800_000), this.rnd.int(1_800_000, 10 * HOUR)]);
    const roll = this.rnd.next();
    if (roll < 0.4) this.dial();
    else if (roll < 0.62) this.endLeg();
    else if (roll < 0.75) this.priority('inbound');
    else if (roll < 0.85) this.priority('operator');
    else this.toggleHold();
    this.checkConcurrency();
  }

  /**
   * A time within a few ms of an edge where off-by-one bugs live: the oldest originate leaving the
   * 60 s window, the per-second spacing ending, local midnight, or a full/half hour (window edges).
   */
  private boundary(): number {
    const s = this.shadow.get(this.rnd.pick([...this.shadow.keys()]))!;
    const delta = this.rnd.pick([-1, 0, 0, 1, this.rnd.int(-3, 3) * 500]);
    const recent = s.originates.filter((t) => this.now - t < 60_000);
    const last = s.originates[s.originates.length - 1];
    const lt = oracleLocal(this.now, this.window.zone);
    const toHalfHour = (30 - (lt.minute % 30)) * 60_000 - (this.now % 60_000);
    const targets = [
      recent.length > 0 ? recent[0]! + 60_000 : undefined,
      last === undefined ? undefined : last + 1000 / s.limits.perSecond,
      this.now + (1440 - lt.minute) * 60_000 - (this.now % 60_000),
      this.now + toHalfHour,
    ].filter((t): t is number => t !== undefined);
    return Math.max(this.now, Math.round(this.rnd.pick(targets) + delta));
  }

  private dial(): void {
    const lines = [...this.shadow.keys()];
    const eligible = oracleOpen(this.now, this.window) ? lines.filter((id) => this.oracleMayOriginate(id, this.now)) : [];
    const got = this.pacer.acquireFor({ kind: 'outbound' }, this.gate);
    if ('lease' in got) {
      const id = got.lease.line;
      check(eligible.includes(id), () => `originate on ${id} at ${new Date(this.now).toISOString()} breaks a limit, the window or a reservation`);
      const best = Math.min(...eligible.map((l) => this.loadRank(l)));
      check(this.loadRank(id) === best, () => `${id} is not the least-loaded eligible line`);
      this.addLeg({ line: id, kind: 'outbound', lease: got.lease });
      this.shadow.get(id)!.originates.push(this.now);
      this.shadow.get(id)!.days.push(oracleLocal(this.now, this.window.zone).day);
      return;
    }
    check(eligible.length === 0, () => `refused (${JSON.stringify(got)}) although the oracle finds ${eligible.join(', ')} free`);
    if (typeof got.wait === 'number') {
      // A rate wait must be long enough: after it, a line may originate (window aside).
      const later = this.now + got.wait;
      check(lines.some((id) => this.oracleMayOriginate(id, later)), () => `wait ${got.wait} ms is too short`);
    }
  }

  /** Active legs, then originates in the last minute, then today (each < 100 in these schedules). */
  private loadRank(id: string): number {
    const s = this.shadow.get(id)!;
    const today = oracleLocal(this.now, this.window.zone).day;
    const active = s.live.outbound + s.live.inbound + s.live.operator;
    const minute = s.originates.filter((t) => this.now - t < 60_000).length;
    const day = s.days.filter((d) => d === today).length;
    return active * 10_000 + minute * 100 + day;
  }

  /** Everything the line limits and reservations allow at `t`, by the oracle's own ledger and clock tables. */
  private oracleMayOriginate(id: string, t: number): boolean {
    const s = this.shadow.get(id)!;
    if (this.free(id) <= 0 || s.live.outbound >= s.limits.concurrentOutbound) return false;
    if (this.free(id) <= s.waiting) return false;
    const anyWaiting = this.holds.filter((h) => h.line === undefined).length;
    const spare = [...this.shadow.entries()].reduce((n, [lid, sl]) => n + Math.max(0, this.free(lid) - sl.waiting), 0);
    if (anyWaiting > 0 && spare <= anyWaiting) return false;
    const last = s.originates[s.originates.length - 1];
    if (last !== undefined && t - last < 1000 / s.limits.perSecond) return false;
    if (s.originates.filter((o) => t - o < 60_000).length >= s.limits.perMinute) return false;
    const today = oracleLocal(t, this.window.zone).day;
    return s.days.filter((d) => d === today).length < s.limits.perDay;
  }

  private endLeg(): void {
    if (this.legs.length === 0) return;
    const i = this.rnd.int(0, this.legs.length - 1);
    const [leg] = this.legs.splice(i, 1);
    this.shadow.get(leg!.line)!.live[leg!.kind] -= 1;
    leg!.lease.release();
    if (this.rnd.chance(0.1)) leg!.lease.release(); // duplicate hangup events
  }

  private priority(kind: 'inbound' | 'operator'): void {
    const lines = [...this.shadow.keys()];
    const preferred = this.rnd.chance(0.7) ? this.rnd.pick(lines) : undefined;
    const lease = this.pacer.acquire(kind, preferred);
    const possible = lines.some((id) => this.free(id) > 0 && (kind === 'operator' || this.shadow.get(id)!.live.inbound < this.shadow.get(id)!.limits.concurrentInbound));
    check((lease !== undefined) === possible, () => `${kind} leg: pacer ${lease ? 'granted' : 'refused'}, oracle says ${possible ? 'possible' : 'impossible'}`);
    if (lease !== undefined) this.addLeg({ line: lease.line, kind, lease });
  }

  private toggleHold(): void {
    if (this.holds.length > 0 && this.rnd.chance(0.5)) {
      const [h] = this.holds.splice(this.rnd.int(0, this.holds.length - 1), 1);
      h!.release();
      if (h!.line !== undefined) this.shadow.get(h!.line)!.waiting -= 1;
      return;
    }
    const line = this.rnd.chance(0.6) ? this.rnd.pick([...this.shadow.keys()]) : undefined;
    this.holds.push({ line, release: this.pacer.hold(line) });
    if (line !== undefined) this.shadow.get(line)!.waiting += 1;
  }

  private checkConcurrency(): void {
    const states = this.pacer.states();
    for (const [id, s] of this.shadow) {
      const { outbound, inbound, operator } = s.live;
      check(outbound + inbound + operator <= s.limits.concurrent, () => `${id}: ${outbound + inbound + operator} legs > concurrent ${s.limits.concurrent}`);
      check(outbound <= s.limits.concurrentOutbound, () => `${id}: outbound over its cap`);
      check(inbound <= s.limits.concurrentInbound, () => `${id}: inbound over its cap`);
      const state = states.find((l) => l.id === id)!;
      const agree = state.active.outbound === outbound && state.active.inbound === inbound && state.active.operator === operator;
      check(agree, () => `${id}: pacer ${JSON.stringify(state.active)} and ledger ${JSON.stringify(s.live)} disagree`);
    }
  }
}

describe('dialer core: pacing property (100,000 random schedules)', function () {
  this.timeout(120_000);

  it('never exceeds a per-line limit and never originates outside the window or on a holiday', () => {
    const seed = propertySeed();
    const rnd = seededRandom(seed);
    const compiled = WINDOWS.map((w) => requireCallingWindow(w.spec));
    let originates = 0;
    let steps = 0;
    for (let n = 0; n < 100_000; n++) {
      const wi = rnd.int(0, WINDOWS.length - 1);
      const schedule = new Schedule(rnd, WINDOWS[wi]!, compiled[wi]!);
      const count = rnd.chance(0.1) ? rnd.int(20, 50) : rnd.int(3, 8);
      try {
        for (let i = 0; i < count; i++) schedule.step();
      } catch (err) {
        throw new Error(`seed ${seed}, schedule #${n} (rerun with DIALER_PROPERTY_SEED=${seed}): ${(err as Error).message}`, { cause: err });
      }
      for (const s of schedule.shadow.values()) originates += s.originates.length;
      steps += count;
    }
    // The schedules must actually exercise dialling, not refuse everything.
    assert.ok(originates > 50_000, `seed ${seed}: only ${originates} originates in ${steps} steps`);
  });
});
