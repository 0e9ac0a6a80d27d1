import { EngineError, type Campaign, type Clock, type Logger, type SchedulerPort } from '../../engine/src/index';
import { formatWindowIssues, isOpen, type CallingWindow } from './core/calling-window';
import { campaignWindowKey, resolveCampaignWindow, type CampaignWindowDefaults } from './core/calling-window.campaign';
import { windowJobs, type WindowJobSpec } from './core/calling-window.cron';
import { localTime } from './core/zoned-time';

export interface CampaignWindowsDeps {
  /** Absent only in unit tests of other parts: the state is then recomputed on every `gate()`. */
  readonly scheduler?: SchedulerPort;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly defaults: CampaignWindowDefaults;
}

/** What the dial loop may do for a campaign now. */
export type CampaignGate =
  | {
      readonly ok: true;
      readonly window: CallingWindow;
      /** The state kept by the campaign's cron jobs AND the pure check at this instant (fail closed). */
      readonly open: boolean;
    }
  | { readonly ok: false; readonly error: EngineError };

/** One campaign's window for `/api/dialer/status`. */
export interface CampaignWindowStatus {
  readonly campaignId: string;
  readonly open: boolean;
  readonly timeZone?: string;
  /** The next `open`/`close` job fire (epoch ms); null when the window has no edge. */
  readonly nextEdgeAt?: number | null;
  readonly error?: { readonly code: string; readonly message: string };
}

interface Entry {
  readonly key: string;
  readonly window?: CallingWindow;
  readonly error?: EngineError;
  /** The state the jobs keep: set from the pure functions when compiled, then by each fire. */
  open: boolean;
  /** Names of the scheduled jobs, by kind. */
  readonly jobs: { readonly name: string; readonly kind: WindowJobSpec['kind'] }[];
}

/**
 * The calling-window state of every running campaign, kept by cron jobs in the campaign's zone
 * (PRODUCT.md §2): `open`/`close` jobs at the edges of the week's hours, a midnight job for holidays
 * and an hourly resync (see calling-window.cron.ts). Cron only fires at edges, so when a campaign is
 * first seen or its window settings change, the state is computed from the pure functions and the
 * jobs are (re)scheduled. An invalid window or zone fails closed with an error naming the campaign
 * and the field. `gate()` also asks the pure `isOpen` at that instant: both must say open.
 */
export class CampaignWindows {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly d: CampaignWindowsDeps) {}

  /** Brings the jobs in line with `running`: new or changed windows are compiled and scheduled, the rest cancelled. */
  sync(running: readonly Campaign[]): void {
    const seen = new Set<string>();
    for (const c of running) {
      seen.add(c.id);
      const key = campaignWindowKey(c.settings);
      if (this.entries.get(c.id)?.key !== key) this.install(c, key);
    }
    for (const id of [...this.entries.keys()]) if (!seen.has(id)) this.drop(id);
  }

  gate(campaignId: string): CampaignGate | undefined {
    const e = this.entries.get(campaignId);
    if (e === undefined) return undefined;
    if (e.window === undefined) return { ok: false, error: e.error ?? new EngineError('CE_CALLING_WINDOW_INVALID') };
    const pure = isOpen(this.d.clock.now(), e.window);
    const kept = this.d.scheduler === undefined ? pure : e.open;
    return { ok: true, window: e.window, open: kept && pure };
  }

  status(): CampaignWindowStatus[] {
    const next = new Map((this.d.scheduler?.jobs() ?? []).map((j) => [j.name, j.nextRunAt]));
    return [...this.entries].map(([campaignId, e]) => {
      if (e.window === undefined) return { campaignId, open: false, error: { code: e.error?.code ?? 'CE_CALLING_WINDOW_INVALID', message: e.error?.message ?? '' } };
      const edges = e.jobs.filter((j) => j.kind === 'open' || j.kind === 'close').map((j) => next.get(j.name)).filter((t): t is number => typeof t === 'number');
      const gate = this.gate(campaignId);
      return { campaignId, open: gate?.ok === true && gate.open, timeZone: e.window.timeZone, nextEdgeAt: edges.length ? Math.min(...edges) : null };
    });
  }

  /** Cancels every job (the dialer is stopping). */
  stop(): void {
    for (const id of [...this.entries.keys()]) this.drop(id);
  }

  private install(campaign: Campaign, key: string): void {
    this.drop(campaign.id);
    const compiled = resolveCampaignWindow(campaign.settings, this.d.defaults);
    if (!compiled.ok) {
      const error = new EngineError('CE_CALLING_WINDOW_INVALID', `campaign ${campaign.id}: ${formatWindowIssues(compiled.issues)}`, {
        details: { campaignId: campaign.id, issues: compiled.issues },
      });
      this.fail(campaign.id, key, error);
      return;
    }
    const window = compiled.window;
    const entry: Entry = { key, window, open: isOpen(this.d.clock.now(), window), jobs: [] };
    this.entries.set(campaign.id, entry);
    try {
      for (const job of windowJobs(window)) this.scheduleJob(campaign.id, entry, job);
    } catch (err) {
      this.drop(campaign.id);
      this.fail(campaign.id, key, err instanceof EngineError ? err : new EngineError('CE_ENGINE_INTERNAL', String(err), { cause: err }));
      return;
    }
    this.d.logger.info({ campaignId: campaign.id, timeZone: window.timeZone, open: entry.open, jobs: entry.jobs.length }, 'calling window scheduled');
  }

  private fail(campaignId: string, key: string, error: EngineError): void {
    this.entries.set(campaignId, { key, error, open: false, jobs: [] });
    // Logged once per change of the settings, not on every tick.
    this.d.logger.error({ campaignId, err: error }, 'calling window unusable: not dialling this campaign');
  }

  private scheduleJob(campaignId: string, entry: Entry, job: WindowJobSpec): void {
    const scheduler = this.d.scheduler;
    if (scheduler === undefined) return;
    const name = `dialer:${campaignId}:${job.id}`;
    scheduler.schedule(name, job.cron, entry.window!.timeZone, () => this.onFire(campaignId, entry, job));
    entry.jobs.push({ name, kind: job.kind });
  }

  private onFire(campaignId: string, entry: Entry, job: WindowJobSpec): void {
    // A fire of a job cancelled meanwhile (settings changed) must not touch the new entry.
    if (this.entries.get(campaignId) !== entry || entry.window === undefined) return;
    const window = entry.window;
    const now = this.d.clock.now();
    const was = entry.open;
    if (job.kind === 'open') entry.open = !window.holidays.has(localTime(now, window.timeZone).dateKey);
    else if (job.kind === 'close') entry.open = false;
    else entry.open = isOpen(now, window);
    if (job.kind === 'resync' && was !== entry.open) {
      // An edge cron did not fire (a time skipped by DST, a stalled process, a failed run).
      this.d.logger.warn({ campaignId, open: entry.open }, 'calling window state corrected by the hourly resync');
    } else if (was !== entry.open) {
      this.d.logger.info({ campaignId, open: entry.open, job: job.id }, entry.open ? 'calling window opened' : 'calling window closed');
    }
  }

  private drop(campaignId: string): void {
    const e = this.entries.get(campaignId);
    if (e === undefined) return;
    for (const job of e.jobs) this.d.scheduler?.cancel(job.name);
    this.entries.delete(campaignId);
  }
}
