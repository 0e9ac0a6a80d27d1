/**
 * Named cron jobs read in an IANA time zone (node-cron in production, `adapters/scheduler/`). The
 * port promises what callers rely on whatever the library does:
 * - a job never overlaps itself: a fire that comes while the previous run of the same job is still
 *   going is skipped and logged with the job's name;
 * - an error (thrown or rejected) in a job is logged with the job's name and never escapes: the job
 *   stays scheduled and other jobs are not disturbed;
 * - `stop()` cancels every job; nothing fires afterwards.
 *
 * Wall-clock caveat (node-cron, and cron in general): a job fires when the zone's wall clock shows its
 * time, so a time skipped by a DST spring-forward does not fire that day, and a time repeated by a
 * fall-back fires once. Callers that need "the state at any instant" compute it from pure functions
 * and use jobs only to learn when an edge passes.
 */

/** What a job is told when it fires. */
export interface ScheduledRun {
  /** The job's name. */
  readonly job: string;
  /** The instant the fire was scheduled for (epoch ms; the run may start a few ms later). */
  readonly scheduledAt: number;
}

export type ScheduledJob = (run: ScheduledRun) => void | Promise<void>;

/** A job as diagnostics (`/status`, logs) show it. */
export interface ScheduledJobInfo {
  readonly name: string;
  /** The cron expression: 5 fields, or 6 with seconds first (`0 30 9 * * 6` = Saturdays 09:30:00). */
  readonly cron: string;
  readonly timeZone: string;
  /** The next fire (epoch ms); null when none is due (cancelled, or the expression never matches again). */
  readonly nextRunAt: number | null;
  /** True while a run is in progress. */
  readonly running: boolean;
  /** Runs started (skipped fires not counted). */
  readonly runs: number;
  /** Fires skipped because the previous run was still going. */
  readonly skipped: number;
  /** Runs that threw or rejected. */
  readonly failures: number;
  /** When the last run started (epoch ms), null before the first. */
  readonly lastRunAt: number | null;
  /** The last failure's message, when the last run failed. */
  readonly lastError?: string;
}

export interface SchedulerPort {
  /**
   * Null when `cron` and `timeZone` can be scheduled, else a sentence saying why not (for error
   * messages that name the field). Does not schedule anything.
   */
  check(cron: string, timeZone: string): string | null;
  /**
   * Starts a named job: `run` is called each time the zone's wall clock matches `cron`. Throws
   * `CE_SCHEDULE_INVALID` (bad expression, unknown zone, empty name), `CE_SCHEDULE_CONFLICT` (a job of
   * that name exists: cancel it first) or `CE_ENGINE_SHUTTING_DOWN` (after `stop()`).
   */
  schedule(name: string, cron: string, timeZone: string, run: ScheduledJob): void;
  /** Cancels one job: no further fires; a run in progress finishes. False when no job has that name. */
  cancel(name: string): boolean;
  /** Every scheduled job with its next fire, for diagnostics. */
  jobs(): readonly ScheduledJobInfo[];
  /** Cancels every job; resolves when runs in progress have finished. Safe to call twice. */
  stop(): Promise<void>;
}
