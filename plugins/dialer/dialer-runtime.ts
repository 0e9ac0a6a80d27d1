import type { CallResult, CallService, CallStorePort, Campaign, Clock, EngineConfig, EngineEventsPort, LineLease, Logger } from '../../engine/src/index';
import { compileCallingWindow, legacyCallingWindowSpec, type CallingWindowSpec } from './core/calling-window.schema';
import type { CallingWindow } from './core/calling-window';
import type { LinePacer } from './core/line-pacer';
import { defaultRetryPolicy, type RetryPolicy } from './core/retry-policy';
import { INITIAL_STREAK, recordResult, resetOnResume, type FailureStreakState } from './core/failure-streak';
import { normalisePhone } from './core/phone-number';
import type { DialerConfig } from './dialer.config';
import { runAttempt, type AttemptDeps } from './call-attempt';
import type { LineSlotGuard } from './line-slot-guard';

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
}

export interface DialerStatus {
  readonly paused: boolean;
  readonly pauseReason?: string;
  readonly inFlight: number;
  readonly failStreak: number;
}

/**
 * The dial loop: on every tick, for each running campaign inside its calling window, takes the
 * least-loaded line with room (LinePacer), claims a contact, checks the DNC list right before the
 * originate, reserves the line across instances (LineSlotGuard, when the store offers it), and runs the attempt. Pauses on a failure streak, at once on quota errors, on trunk loss;
 * resumes by API, or when the trunk registers again.
 */
export class DialerRuntime {
  private timer?: NodeJS.Timeout;
  private busy = false;
  private paused = false;
  private pauseReason?: string;
  private pausedByTrunk = false;
  private streak: FailureStreakState = INITIAL_STREAK;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly policy: RetryPolicy;
  private readonly unsubscribe: Array<() => void> = [];

  constructor(private readonly d: DialerRuntimeDeps) {
    this.policy = d.config.retryPolicy ?? defaultRetryPolicy(d.config.defaultRetrySec, d.config.maxAttempts);
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
    await Promise.allSettled([...this.inFlight]);
  }

  status(): DialerStatus {
    return { paused: this.paused, ...(this.pauseReason ? { pauseReason: this.pauseReason } : {}), inFlight: this.inFlight.size, failStreak: this.streak.count };
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
    if (this.busy || this.paused || !this.d.calls.isReady()) return;
    this.busy = true;
    try {
      const { items } = await this.d.store.listCampaigns({ state: 'running', limit: 100 });
      for (const campaign of items) await this.dialCampaign(campaign);
    } catch (err) {
      this.d.logger.error({ err }, 'dial loop pass failed');
    } finally {
      this.busy = false;
    }
  }

  private async dialCampaign(campaign: Campaign): Promise<void> {
    const window = this.windowOf(campaign);
    if (!window) return;
    const testMode = this.d.config.testMode.enabled;
    for (let i = 0; i < this.d.config.batchSize && !this.paused; i++) {
      if (testMode && this.inFlight.size > 0) return; // test mode: concurrency 1
      const lines = campaign.settings.lines?.length ? { allowedLines: campaign.settings.lines } : {};
      const got = this.d.pacer.acquireFor({ kind: 'outbound', ...lines }, { window });
      if (!('lease' in got)) return;
      const [contact] = await this.d.store.claimContacts(campaign.id, 1, this.d.clock.now(), this.d.config.instanceId);
      if (!contact) {
        got.lease.release();
        return this.completeIfDone(campaign);
      }
      // Checked right before the originate: a number added to the DNC list a second ago is not dialled.
      const blocked = (await this.d.store.checkDnc(contact.phone)) !== null;
      const valid = normalisePhone(contact.phone);
      if (blocked || !valid.ok) {
        got.lease.release();
        await this.d.store.closeContact(contact.id, 'skipped', blocked ? 'dnc' : 'invalid_number');
        continue;
      }
      const lease = await this.crossInstanceLease(got.lease, contact.id);
      if (!lease) return; // another instance holds the line's room: the contact waits for a later tick
      const run = runAttempt(this.attemptDeps(), campaign, contact, lease).then((r) => this.onResult((r?.result ?? 'failed:dialer_error') as CallResult));
      const tracked = run.catch((err: unknown) => this.d.logger.error({ err, contactId: contact.id }, 'attempt bookkeeping failed')).finally(() => this.inFlight.delete(tracked));
      this.inFlight.add(tracked);
    }
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

  private attemptDeps(): AttemptDeps {
    const { engine, config } = this.d;
    return {
      store: this.d.store,
      calls: this.d.calls,
      logger: this.d.logger,
      instanceId: config.instanceId,
      dialTemplate: engine.lines.dialTemplate,
      trunk: engine.lines.trunk,
      policy: this.policy,
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

  /** The campaign's window, or the legacy daily window; an invalid one fails closed (no calls). */
  private windowOf(campaign: Campaign): CallingWindow | undefined {
    const tz = campaign.settings.timeZone || this.d.engine.timezone;
    const legacy = legacyCallingWindowSpec(this.d.config.callWindow.start, this.d.config.callWindow.end, tz);
    const spec = (campaign.settings.windows as CallingWindowSpec | undefined) ?? { ...legacy, holidays: this.d.config.holidays };
    const compiled = compileCallingWindow(spec);
    if (compiled.ok) return compiled.window;
    this.d.logger.error({ campaignId: campaign.id, issues: compiled.issues.map((i) => i.message).join('; ') }, 'invalid calling window: not dialling');
    return undefined;
  }

  private async completeIfDone(campaign: Campaign): Promise<void> {
    const counts = await this.d.store.countContacts(campaign.id);
    if (counts.pending === 0 && counts.claimed === 0 && !this.hasAttemptsOf()) {
      await this.d.store.setCampaignState(campaign.id, 'completed').catch(() => undefined);
      this.d.logger.info({ campaignId: campaign.id }, 'campaign completed');
    }
  }

  private hasAttemptsOf(): boolean {
    return this.inFlight.size > 0;
  }
}
