import type {
  Attempt, CallResult, CallService, CallStorePort, Campaign, Clock, Contact, EngineConfig, EngineEventsPort, LineLease, Logger, SchedulerPort,
} from '../../engine/src/index';
import type { LinePacer } from './core/line-pacer';
import type { PacingDemand } from './core/line-pacing';
import { defaultRetryPolicy, type RetryPolicy } from './core/retry-policy';
import { INITIAL_STREAK, recordResult, resetOnResume, type FailureStreakState } from './core/failure-streak';
import { normalisePhone } from './core/phone-number';
import type { DialerConfig } from './dialer.config';
import { runAttempt, type AttemptDeps } from './call-attempt';
import type { LineSlotGuard } from './line-slot-guard';
import { CampaignWindows, type CampaignGate, type CampaignWindowStatus } from './campaign-windows';
import { contactWindow } from './core/calling-window.contact';
import { CampaignRules, type CampaignRule, type CampaignRuleStatus } from './campaign-rules';
import { CampaignCapsGuard } from './campaign-caps-guard';
import { countsOriginates } from './core/campaign-caps';

export interface DialerRuntimeDeps {
  readonly store: CallStorePort;
  readonly calls: CallService;
  readonly pacer: LinePacer;
  readonly config: DialerConfig;
  readonly engine: EngineConfig;
  readonly events: EngineEventsPort;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Present when the store shares line slots across instances: asked right before every originate. */
  readonly guard?: LineSlotGuard;
  /** Keeps each campaign's calling window with cron jobs (absent in unit tests of other parts: recomputed per tick). */
  readonly scheduler?: SchedulerPort;
}

export interface DialerStatus {
  readonly paused: boolean;
  readonly pauseReason?: string;
  readonly inFlight: number;
  readonly failStreak: number;
  /** Each running campaign's calling window: open now, next edge, or why it is unusable. */
  readonly windows: readonly CampaignWindowStatus[];
  /** Each running campaign's calls in flight on this instance, caps, own retry policy or why its settings are unusable. */
  readonly campaigns: readonly (CampaignRuleStatus & { readonly inFlight: number })[];
}

type OpenGate = Extract<CampaignGate, { ok: true }>;
type UsableRule = Extract<CampaignRule, { ok: true }>;

/**
 * The dial loop: on every tick, for each running campaign inside its calling window (kept by cron
 * jobs, CampaignWindows, and checked again by the pure functions), makes sure a line has room,
 * claims a contact, checks the contact's own zone when the window follows it, checks the DNC list,
 * takes the least-loaded line (LinePacer) right before the originate, reserves the line across
 * instances (LineSlotGuard, when the store offers it), and runs the attempt. Pauses on a failure
 * streak, at once on quota errors, on trunk loss; resumes by API, or when the trunk registers again.
 */
export class DialerRuntime {
  private timer?: NodeJS.Timeout;
  /** The pass in progress (a tick never overlaps itself). */
  private pass?: Promise<void>;
  private paused = false;
  private pauseReason?: string;
  private pausedByTrunk = false;
  private streak: FailureStreakState = INITIAL_STREAK;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly unsubscribe: Array<() => void> = [];
  private readonly windows: CampaignWindows;
  private readonly rules: CampaignRules;
  /** Each campaign's own caps, and its attempts in flight (whether it is done). */
  private readonly caps: CampaignCapsGuard;

  constructor(private readonly d: DialerRuntimeDeps) {
    const fallback: RetryPolicy = d.config.retryPolicy ?? defaultRetryPolicy(d.config.defaultRetrySec, d.config.maxAttempts);
    this.rules = new CampaignRules({ fallback, logger: d.logger });
    this.caps = new CampaignCapsGuard({ store: d.store, clock: d.clock, logger: d.logger });
    this.windows = new CampaignWindows({
      ...(d.scheduler ? { scheduler: d.scheduler } : {}),
      clock: d.clock,
      logger: d.logger,
      defaults: { timeZone: d.engine.timezone, callWindow: d.config.callWindow, holidays: d.config.holidays },
    });
  }

  start(): void {
    this.unsubscribe.push(
      this.d.events.on('quota.exhausted', (e) => void this.pause(`quota: ${e.result}`, e.provider)),
      this.d.events.on('trunk.registration.changed', (e) => this.onTrunk(e.registered, e.trunk)),
    );
    this.timer = setInterval(() => void this.tick(), this.d.config.tickMs);
  }

  /** Stops originating; resolves when the attempts in flight have written their results (bounded by the caller). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    for (const u of this.unsubscribe.splice(0)) u();
    // A pass still running could schedule window jobs again after they were cancelled.
    await this.pass;
    this.windows.stop();
    await Promise.allSettled([...this.inFlight]);
  }

  status(): DialerStatus {
    const campaigns = this.rules.status().map((c) => ({ ...c, inFlight: this.caps.inFlightOf(c.campaignId) }));
    return {
      paused: this.paused, ...(this.pauseReason ? { pauseReason: this.pauseReason } : {}), inFlight: this.inFlight.size, failStreak: this.streak.count,
      windows: this.windows.status(), campaigns,
    };
  }

  async pause(reason: string, by: string): Promise<void> {
    if (this.paused) return;
    this.paused = true;
    this.pauseReason = reason;
    this.d.logger.warn({ reason, by }, 'dialer paused');
    await this.d.store.appendAuditEvent({ action: 'paused', reason, actor: by }).catch((err: unknown) => this.d.logger.error({ err }, 'audit write failed'));
    this.d.events.emit({ type: 'dialer.paused', reason, by });
  }

  async resume(reason: string, by: string): Promise<void> {
    if (!this.paused) return;
    this.paused = false;
    this.pauseReason = undefined;
    this.pausedByTrunk = false;
    this.streak = resetOnResume();
    this.d.logger.info({ reason, by }, 'dialer resumed');
    await this.d.store.appendAuditEvent({ action: 'resumed', reason, actor: by }).catch((err: unknown) => this.d.logger.error({ err }, 'audit write failed'));
    this.d.events.emit({ type: 'dialer.resumed', reason, by });
  }

  /** One pass over the running campaigns; never overlaps itself and never throws. */
  async tick(): Promise<void> {
    // Not while the PBX link is down (e.g. just after a restart): those originates would be refused and
    // counted as failures, tripping the failure-streak pause for nothing.
    if (this.pass !== undefined || this.paused || !this.d.calls.isReady()) return;
    this.pass = this.dialRunning().finally(() => (this.pass = undefined));
    await this.pass;
  }

  private async dialRunning(): Promise<void> {
    try {
      const { items } = await this.d.store.listCampaigns({ state: 'running', limit: 100 });
      // New or changed windows get their state from the pure functions and their cron jobs here.
      this.windows.sync(items);
      // Retry policies and caps too: parsed when new or changed, not on every tick.
      this.rules.sync(items);
      this.caps.retain(new Set(items.filter((c) => this.countsOriginates(c.id)).map((c) => c.id)));
      for (const campaign of items) await this.dialCampaign(campaign);
    } catch (err) {
      this.d.logger.error({ err }, 'dial loop pass failed');
    }
  }

  private async dialCampaign(campaign: Campaign): Promise<void> {
    const gate = this.windows.gate(campaign.id);
    // Unusable window (logged once, naming the campaign and the field): fail closed.
    if (gate === undefined || !gate.ok) return;
    // Closed in the campaign's zone: nothing to do, unless contacts may be called in their own zones.
    if (!gate.open && !gate.window.useContactTimeZone) return;
    const rule = this.rules.get(campaign.id);
    // Unusable retry policy or caps (logged once, naming the campaign and the field): fail closed.
    if (rule === undefined || !rule.ok) return;
    // Caps count in the zone the campaign's window is read in (its `timeZone` unless the windows name one).
    const zone = gate.window.timeZone;
    if (!(await this.caps.refresh(campaign.id, rule.caps, zone))) return;
    const demand: PacingDemand = { kind: 'outbound', ...(campaign.settings.lines?.length ? { allowedLines: campaign.settings.lines } : {}) };
    for (let i = 0; i < this.d.config.batchSize && !this.paused; i++) {
      if (this.d.config.testMode.enabled && this.inFlight.size > 0) return; // test mode: concurrency 1
      if (this.caps.reached(campaign.id, rule.caps, zone) !== null) return; // asked before a contact is claimed
      if (!(await this.dialNext(campaign, gate, demand, rule))) return;
    }
  }

  private countsOriginates(campaignId: string): boolean {
    const rule = this.rules.get(campaignId);
    return rule?.ok === true && countsOriginates(rule.caps);
  }

  /** One contact of the campaign; false when the campaign's batch should end for this tick. */
  private async dialNext(campaign: Campaign, gate: OpenGate, demand: PacingDemand, rule: UsableRule): Promise<boolean> {
    // Ask first, take nothing: a contact is claimed only when a line has room now.
    if (!('line' in this.d.pacer.decide(demand))) return false;
    const [contact] = await this.d.store.claimContacts(campaign.id, 1, this.d.clock.now(), this.d.config.instanceId);
    if (!contact) {
      await this.completeIfDone(campaign);
      return false;
    }
    if (!(await this.contactMayBeCalled(gate, contact))) return true;
    // Checked right before the originate: a number added to the DNC list a second ago is not dialled.
    const blocked = (await this.d.store.checkDnc(contact.phone)) !== null;
    if (blocked || !normalisePhone(contact.phone).ok) {
      await this.d.store.closeContact(contact.id, 'skipped', blocked ? 'dnc' : 'invalid_number');
      return true;
    }
    // The pure window check again, in the contact's zone when the window follows it, then the line.
    const got = this.d.pacer.acquireFor(demand, { window: gate.window, contactTimeZone: contact.timeZone });
    if (!('lease' in got)) {
      const until = 'until' in got && got.until !== null ? got.until : this.d.clock.now();
      await this.d.store.releaseContact(contact.id, until);
      return false;
    }
    const lease = await this.crossInstanceLease(got.lease, contact.id);
    if (!lease) return false; // another instance holds the line's room: the contact waits for a later tick
    // Counted at once (before its row is written), so the rest of this batch sees it against the caps.
    const handle = this.caps.start(campaign.id, rule.caps);
    const deps: AttemptDeps = { ...this.attemptDeps(rule.policy), onCreated: (a: Attempt) => handle.created(a) };
    const run = runAttempt(deps, campaign, contact, lease).then((r) => this.onResult((r?.result ?? 'failed:dialer_error') as CallResult));
    const tracked: Promise<unknown> = run
      .catch((err: unknown) => this.d.logger.error({ err, contactId: contact.id }, 'attempt bookkeeping failed'))
      .finally(() => {
        handle.settled();
        this.inFlight.delete(tracked);
      });
    this.inFlight.add(tracked);
    return true;
  }

  /** The contact's window at dial time; a contact that may not be called now is given back (or skipped for an unknown zone). */
  private async contactMayBeCalled(gate: OpenGate, contact: Contact): Promise<boolean> {
    const verdict = contactWindow(this.d.clock.now(), gate.window, gate.open, contact.timeZone);
    if (verdict.dial) return true;
    if ('invalidZone' in verdict) {
      this.d.logger.error({ campaignId: contact.campaignId, contactId: contact.id, timeZone: verdict.invalidZone }, 'contact time zone unknown: not dialling it');
      await this.d.store.closeContact(contact.id, 'skipped', 'invalid_time_zone');
    } else {
      await this.d.store.releaseContact(contact.id, verdict.until);
    }
    return false;
  }

  /**
   * The local lease, widened to a cross-instance slot when the store has line slots. Undefined when the
   * line is full across instances (or the store failed): the local lease is freed and the contact given back.
   */
  private async crossInstanceLease(local: LineLease, contactId: number): Promise<LineLease | undefined> {
    const guard = this.d.guard;
    if (!guard) return local;
    const now = this.d.clock.now();
    const got = await guard.reserveOutbound(local, now).catch((err: unknown) => {
      this.d.logger.error({ err, line: local.line }, 'line slot reservation failed');
      return undefined;
    });
    if (got?.ok) return got.lease;
    local.release();
    await this.d.store.releaseContact(contactId, now);
    return undefined;
  }

  private attemptDeps(policy: RetryPolicy): AttemptDeps {
    const { engine, config } = this.d;
    return {
      store: this.d.store,
      calls: this.d.calls,
      logger: this.d.logger,
      instanceId: config.instanceId,
      dialTemplate: engine.lines.dialTemplate,
      trunk: engine.lines.trunk,
      policy,
      ...(config.testMode.enabled && config.testMode.target ? { testTarget: config.testMode.target } : {}),
      now: () => this.d.clock.now(),
    };
  }

  private onResult(result: CallResult): void {
    const update = recordResult(this.streak, result, this.d.config.failAlertThreshold);
    this.streak = update.state;
    if (update.pause) void this.pause(`${update.pause.reason}: ${update.pause.count} consecutive failures, last result=${update.pause.lastResult}`, 'dialer');
  }

  private onTrunk(registered: boolean, trunk: string): void {
    if (!registered && !this.paused) {
      this.pausedByTrunk = true;
      void this.pause(`trunk ${trunk} lost its registration`, 'line-monitor');
    } else if (registered && this.paused && this.pausedByTrunk && this.d.config.autoResumeOnTrunkRegistered) {
      void this.resume(`trunk ${trunk} registered again`, 'line-monitor');
    }
  }

  private async completeIfDone(campaign: Campaign): Promise<void> {
    const counts = await this.d.store.countContacts(campaign.id);
    if (counts.pending === 0 && counts.claimed === 0 && !this.hasAttemptsOf(campaign.id)) {
      await this.d.store.setCampaignState(campaign.id, 'completed').catch(() => undefined);
      this.d.logger.info({ campaignId: campaign.id }, 'campaign completed');
    }
  }

  /** This campaign's attempts still in flight here (another campaign's calls do not keep it open). */
  private hasAttemptsOf(campaignId: string): boolean {
    return this.caps.inFlightOf(campaignId) > 0;
  }
}
