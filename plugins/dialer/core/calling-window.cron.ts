import type { CallingWindow } from './calling-window.schema';

/**
 * A validated calling window as cron jobs (node-cron, read in the window's zone): an `open` job at
 * each moment the week's hours begin and a `close` job at each moment they end, plus a `holidays`
 * job at local midnight when the window lists holidays, and an hourly `resync`. Pure: the dialer
 * schedules what this returns (campaign-windows.ts).
 *
 * Ranges are merged over the whole week first (overlapping or touching ranges, a range crossing
 * midnight into the next day's range, Saturday night into Sunday), so a `close` never fires while
 * another range is still running, and a window open around the clock has no edge at all.
 */

const DAY = 1440;
const WEEK = 7 * DAY;

/** Local midnight, every day (6-field node-cron: second minute hour day-of-month month weekday). */
export const MIDNIGHT_CRON = '0 0 0 * * *';
/** Every hour on the hour, local time. */
export const HOURLY_CRON = '0 0 * * * *';

export type WindowJobKind = 'open' | 'close' | 'holidays' | 'resync';

export interface WindowJobSpec {
  /**
   * `open`: the window opens (unless the local date is a holiday). `close`: it closes. `holidays`:
   * local midnight; closed all day on a holiday, else the state is recomputed (a range may run on
   * after a holiday ends). `resync`: the state is recomputed from the pure functions, for the edges
   * cron does not fire (a time skipped by DST, a fire missed while the process was stalled).
   */
  readonly kind: WindowJobKind;
  /** Unique within one window: `open@09:00`, `close@24:00`... */
  readonly id: string;
  readonly cron: string;
}

/**
 * The window's open time over one week as disjoint intervals of minutes since Sunday 00:00, `[start,
 * end)`, sorted by start. The last interval may end past `WEEK` (it wraps into Sunday). A window open
 * all week gives `[[0, WEEK]]`; a window with no hours gives `[]`.
 */
export function weeklyIntervals(window: CallingWindow): [number, number][] {
  const raw: [number, number][] = [];
  window.week.forEach((ranges, weekday) => {
    for (const r of ranges) {
      const start = weekday * DAY + r.start;
      const end = r.start < r.end ? weekday * DAY + r.end : (weekday + 1) * DAY + r.end;
      if (end <= WEEK) raw.push([start, end]);
      else raw.push([start, WEEK], [0, end - WEEK]);
    }
  });
  raw.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [s, e] of raw) {
    const last = merged[merged.length - 1];
    if (last !== undefined && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  // Around the week's end: Saturday's hours running into Sunday 00:00 are one interval.
  const first = merged[0];
  const last = merged[merged.length - 1];
  if (merged.length > 1 && first !== undefined && last !== undefined && first[0] === 0 && last[1] === WEEK) {
    merged.shift();
    last[1] = WEEK + first[1];
  }
  return merged;
}

function clock(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** Edges grouped by minute of the day: one job per time, its weekdays listed in the cron expression. */
function edgeJobs(kind: 'open' | 'close', weekMinutes: readonly number[]): WindowJobSpec[] {
  const byMinute = new Map<number, Set<number>>();
  for (const t of weekMinutes) {
    const at = ((t % WEEK) + WEEK) % WEEK;
    const minute = at % DAY;
    const days = byMinute.get(minute) ?? new Set<number>();
    days.add(Math.floor(at / DAY));
    byMinute.set(minute, days);
  }
  return [...byMinute]
    .sort(([a], [b]) => a - b)
    .map(([minute, days]) => {
      const weekdays = days.size === 7 ? '*' : [...days].sort((a, b) => a - b).join(',');
      // A close at midnight reads best as the end of the day before (`close@24:00`).
      const label = kind === 'close' && minute === 0 ? '24:00' : clock(minute);
      return { kind, id: `${kind}@${label}`, cron: `0 ${minute % 60} ${Math.floor(minute / 60)} * * ${weekdays}` };
    });
}

/** Every job that keeps this window's open/closed state (see `WindowJobSpec`). */
export function windowJobs(window: CallingWindow): WindowJobSpec[] {
  const intervals = weeklyIntervals(window);
  const allWeek = intervals.length === 1 && intervals[0]![0] === 0 && intervals[0]![1] >= WEEK;
  const jobs = allWeek ? [] : [...edgeJobs('open', intervals.map((i) => i[0])), ...edgeJobs('close', intervals.map((i) => i[1]))];
  if (window.holidays.size > 0) jobs.push({ kind: 'holidays', id: 'holidays', cron: MIDNIGHT_CRON });
  jobs.push({ kind: 'resync', id: 'resync', cron: HOURLY_CRON });
  return jobs;
}
