import { parse, validate } from 'node-cron';
import { isValidTimeZone } from '../../engine/src/config/config.schema';
import { EngineError } from '../../engine/src/errors';
import type { ScheduledJob, ScheduledJobInfo, SchedulerPort } from '../../engine/src/ports/scheduler.port';

interface FakeJob {
  readonly name: string;
  readonly cron: string;
  readonly timeZone: string;
  readonly run: ScheduledJob;
  current?: Promise<void>;
  runs: number;
  skipped: number;
  failures: number;
  lastRunAt: number | null;
  lastError?: string;
}

const WEEKDAY: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** The zone's wall clock at `t` as cron fields (Intl, independent of the code under test). */
function wallFields(t: number, timeZone: string): { second: number; minute: number; hour: number; day: number; month: number; weekday: number } {
  const parts: Record<string, string> = {};
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', weekday: 'short', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  });
  for (const p of fmt.formatToParts(new Date(t))) parts[p.type] = p.value;
  return {
    second: Number(parts.second), minute: Number(parts.minute), hour: Number(parts.hour), day: Number(parts.day),
    month: Number(parts.month), weekday: WEEKDAY[parts.weekday!]!,
  };
}

/**
 * A `SchedulerPort` that never fires by itself: a test fires jobs by name (`fire`) or fires every job
 * whose expression matches an instant's wall clock in the job's zone (`fireDue`). It keeps the port's
 * rules: no overlap (a fire during a run is skipped), errors caught and counted, nothing after `stop`,
 * the same validation (node-cron's `validate`) and error codes as the node-cron adapter.
 */
export class FakeScheduler implements SchedulerPort {
  private readonly byName = new Map<string, FakeJob>();
  private stopped = false;
  /** Every job name ever cancelled, in order (tests assert re-scheduling). */
  readonly cancelled: string[] = [];

  check(cron: string, timeZone: string): string | null {
    if (!validate(cron)) return `cron expression ${JSON.stringify(cron)} is invalid`;
    if (!isValidTimeZone(timeZone)) return `${JSON.stringify(timeZone)} is not an IANA time zone`;
    return null;
  }

  schedule(name: string, cron: string, timeZone: string, run: ScheduledJob): void {
    if (this.stopped) throw new EngineError('CE_ENGINE_SHUTTING_DOWN');
    if (name.trim() === '') throw new EngineError('CE_SCHEDULE_INVALID', 'a scheduled job needs a name');
    const problem = this.check(cron, timeZone);
    if (problem !== null) throw new EngineError('CE_SCHEDULE_INVALID', `job '${name}': ${problem}`);
    if (this.byName.has(name)) throw new EngineError('CE_SCHEDULE_CONFLICT', name);
    this.byName.set(name, { name, cron, timeZone, run, runs: 0, skipped: 0, failures: 0, lastRunAt: null });
  }

  cancel(name: string): boolean {
    const had = this.byName.delete(name);
    if (had) this.cancelled.push(name);
    return had;
  }

  jobs(): readonly ScheduledJobInfo[] {
    return [...this.byName.values()].map((j) => ({
      name: j.name, cron: j.cron, timeZone: j.timeZone, nextRunAt: null, running: j.current !== undefined,
      runs: j.runs, skipped: j.skipped, failures: j.failures, lastRunAt: j.lastRunAt, ...(j.lastError ? { lastError: j.lastError } : {}),
    }));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const running = [...this.byName.values()].map((j) => j.current);
    for (const name of [...this.byName.keys()]) this.cancel(name);
    await Promise.allSettled(running);
  }

  /** Names of the scheduled jobs (optionally only those starting with `prefix`), in scheduling order. */
  names(prefix = ''): string[] {
    return [...this.byName.keys()].filter((n) => n.startsWith(prefix));
  }

  get(name: string): { readonly cron: string; readonly timeZone: string } | undefined {
    return this.byName.get(name);
  }

  /** Fires one job as if its time had come at `at`; resolves when that run ends (at once when skipped). */
  async fire(name: string, at: number): Promise<void> {
    const job = this.byName.get(name);
    if (job === undefined) throw new Error(`no job named ${name}`);
    if (job.current !== undefined) {
      job.skipped += 1;
      return;
    }
    job.runs += 1;
    job.lastRunAt = at;
    job.current = (async () => job.run({ job: name, scheduledAt: at }))()
      .then(
        () => undefined,
        (err: unknown) => {
          job.failures += 1;
          job.lastError = err instanceof Error ? err.message : String(err);
        },
      )
      .finally(() => (job.current = undefined));
    await job.current;
  }

  /** Fires, in scheduling order, every job whose expression matches the wall clock at `t` in its zone; returns their names. */
  async fireDue(t: number): Promise<string[]> {
    const due = [...this.byName.values()].filter((j) => this.matches(j, t)).map((j) => j.name);
    for (const name of due) if (this.byName.has(name)) await this.fire(name, t);
    return due;
  }

  private matches(job: FakeJob, t: number): boolean {
    const f = parse(job.cron);
    const w = wallFields(t, job.timeZone);
    const dow = f.dayOfWeek.map((d) => (d === 7 ? 0 : d));
    return f.second.includes(w.second) && f.minute.includes(w.minute) && f.hour.includes(w.hour)
      && f.dayOfMonth.includes(w.day) && f.month.includes(w.month) && dow.includes(w.weekday);
  }
}
