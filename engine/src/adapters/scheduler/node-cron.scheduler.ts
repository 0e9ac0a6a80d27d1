import { createTask, validate, validateDetailed, type Logger as CronLogger, type ScheduledTask, type TaskContext } from 'node-cron';
import { isValidTimeZone } from '../../config/config.schema';
import { EngineError } from '../../errors';
import { systemClock, type Clock } from '../../ports/clock.port';
import type { Logger } from '../../ports/logger.port';
import type { ScheduledJob, ScheduledJobInfo, SchedulerPort } from '../../ports/scheduler.port';

export interface NodeCronSchedulerOptions {
  readonly logger: Logger;
  /** Stamps `lastRunAt`; node-cron itself reads the global `Date` (sinon fake timers drive both). */
  readonly clock?: Clock;
  /**
   * How late a fire may still run when the event loop was blocked at its time (node-cron's
   * `missedExecutionTolerance`, default there 1 s). Our jobs mark edges and read the clock when they
   * run, so late is better than never; a fire later than this is logged as missed.
   */
  readonly missedToleranceMs?: number;
}

interface Job {
  readonly name: string;
  readonly cron: string;
  readonly timeZone: string;
  readonly run: ScheduledJob;
  readonly log: Logger;
  task?: ScheduledTask;
  /** The run in progress: while set, fires are skipped (no overlap). */
  current?: Promise<void>;
  runs: number;
  skipped: number;
  failures: number;
  lastRunAt: number | null;
  lastError?: string;
}

/**
 * `SchedulerPort` on node-cron (4.x): one node-cron task per job, read in the job's IANA zone
 * (`timezone` option). The no-overlap and error rules are enforced here rather than by node-cron's
 * `noOverlap`, so skips and failures are logged with the job's name and counted for `jobs()`, and a
 * job can never throw into node-cron. node-cron's own log lines go to our logger, never to the console.
 */
export class NodeCronScheduler implements SchedulerPort {
  private readonly jobsByName = new Map<string, Job>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly log: Logger;
  private readonly clock: Clock;
  private stopped = false;

  constructor(private readonly o: NodeCronSchedulerOptions) {
    this.log = o.logger.child({ component: 'scheduler' });
    this.clock = o.clock ?? systemClock;
  }

  check(cron: string, timeZone: string): string | null {
    if (typeof cron !== 'string' || !validate(cron)) {
      const reasons = validateDetailed(cron).errors.map((e) => e.message);
      return `cron expression ${JSON.stringify(cron)} is invalid${reasons.length ? `: ${reasons.join('; ')}` : ''}`;
    }
    if (typeof timeZone !== 'string' || timeZone === '' || !isValidTimeZone(timeZone)) return `${JSON.stringify(timeZone)} is not an IANA time zone`;
    return null;
  }

  schedule(name: string, cron: string, timeZone: string, run: ScheduledJob): void {
    if (this.stopped) throw new EngineError('CE_ENGINE_SHUTTING_DOWN', `the scheduler has stopped; job '${name}' not scheduled`);
    if (typeof name !== 'string' || name.trim() === '') throw new EngineError('CE_SCHEDULE_INVALID', 'a scheduled job needs a name');
    const problem = this.check(cron, timeZone);
    if (problem !== null) throw new EngineError('CE_SCHEDULE_INVALID', `job '${name}': ${problem}`);
    if (this.jobsByName.has(name)) throw new EngineError('CE_SCHEDULE_CONFLICT', `a job named '${name}' is already scheduled`);
    const job: Job = { name, cron, timeZone, run, log: this.log.child({ job: name }), runs: 0, skipped: 0, failures: 0, lastRunAt: null };
    const task = createTask(cron, (ctx) => this.fire(job, ctx), {
      timezone: timeZone,
      name,
      missedExecutionTolerance: this.o.missedToleranceMs ?? 60_000,
      logger: cronLogger(job.log),
      // A schedule alone never keeps the process alive (like the other adapters' timers).
      unref: true,
    });
    task.on('execution:missed', (ctx) => job.log.warn({ scheduledAt: ctx.date.getTime() }, 'scheduled job missed a fire (the event loop was blocked)'));
    job.task = task;
    this.jobsByName.set(name, job);
    void task.start();
    job.log.debug({ cron, timeZone }, 'job scheduled');
  }

  cancel(name: string): boolean {
    const job = this.jobsByName.get(name);
    if (job === undefined) return false;
    this.jobsByName.delete(name);
    // destroy (not stop): also drops the task from node-cron's process-wide registry.
    void job.task?.destroy();
    return true;
  }

  jobs(): readonly ScheduledJobInfo[] {
    return [...this.jobsByName.values()].map((j) => ({
      name: j.name,
      cron: j.cron,
      timeZone: j.timeZone,
      nextRunAt: j.task?.getNextRun()?.getTime() ?? null,
      running: j.current !== undefined,
      runs: j.runs,
      skipped: j.skipped,
      failures: j.failures,
      lastRunAt: j.lastRunAt,
      ...(j.lastError !== undefined ? { lastError: j.lastError } : {}),
    }));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const name of [...this.jobsByName.keys()]) this.cancel(name);
    await Promise.allSettled([...this.inFlight]);
  }

  /** Called by node-cron at each match; returns at once (the run is tracked here, not by node-cron). */
  private fire(job: Job, ctx: TaskContext): void {
    const scheduledAt = ctx.date.getTime();
    if (job.current !== undefined) {
      job.skipped += 1;
      job.log.warn({ scheduledAt, skipped: job.skipped }, 'scheduled job still running: this fire is skipped');
      return;
    }
    job.runs += 1;
    job.lastRunAt = this.clock.now();
    const current = (async () => job.run({ job: job.name, scheduledAt }))()
      .then(
        () => void (job.lastError = undefined),
        (err: unknown) => {
          job.failures += 1;
          job.lastError = err instanceof Error ? err.message : String(err);
          job.log.error({ err, scheduledAt }, 'scheduled job failed');
        },
      )
      .finally(() => {
        job.current = undefined;
        this.inFlight.delete(current);
      });
    job.current = current;
    this.inFlight.add(current);
  }
}

/** node-cron's logger interface onto ours: its lines carry the job's name and never reach the console. */
function cronLogger(log: Logger): CronLogger {
  const text = (m: string | Error): string => `node-cron: ${m instanceof Error ? m.message : m}`;
  return {
    info: (m) => log.debug(text(m)),
    warn: (m) => log.warn(text(m)),
    error: (m, err) => log.error({ err: m instanceof Error ? m : err }, text(m)),
    debug: (m) => log.debug(text(m)),
  };
}
