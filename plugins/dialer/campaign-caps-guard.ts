import type { Attempt, CallStorePort, Clock, Logger } from '../../engine/src/index';
import { CampaignOriginates } from './campaign-originates';
import { capReached, countsOriginates, type CampaignCaps, type CapName } from './core/campaign-caps';
import { localDayStart } from './core/restored-originates';

const HOUR_MS = 3_600_000;

export interface CampaignCapsGuardDeps {
  readonly store: CallStorePort;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** One attempt of a campaign, from the decision to dial until its result is written. */
export interface CampaignAttemptHandle {
  /** The attempt row exists (`AttemptDeps.onCreated`). */
  created(attempt: Attempt): void;
  /** The attempt is over (result written, or it failed before). */
  settled(): void;
}

/**
 * A campaign's own caps (`settings.caps`) in the dial loop. `concurrent` counts this instance's
 * attempts of the campaign in flight (until their result is written); `perHour` (sliding 60 minutes)
 * and `perDay` (the local day of the campaign's zone, so the count restarts at local midnight) count
 * the campaign's originates in the attempt ledger, read once per tick (`refresh`), so every engine
 * instance and a restart count the same calls; this instance's own originates count at once. Two
 * instances may each start originates within one tick before seeing the other's, so across
 * instances a count cap can be passed by at most what they start in one tick.
 */
export class CampaignCapsGuard {
  private readonly inFlight = new Map<string, number>();
  private readonly originates: CampaignOriginates;

  constructor(private readonly d: CampaignCapsGuardDeps) {
    this.originates = new CampaignOriginates(d.store);
  }

  /** Attempts of the campaign in flight on this instance. */
  inFlightOf(campaignId: string): number {
    return this.inFlight.get(campaignId) ?? 0;
  }

  /** Keeps the ledger counts of these campaigns only (the running ones with a per-hour or per-day cap). */
  retain(counted: ReadonlySet<string>): void {
    this.originates.retain(counted);
  }

  /**
   * Reads the campaign's new originates from the ledger (once per tick). False when the store failed:
   * the campaign is not dialled this tick, rather than dialled past its cap.
   */
  async refresh(campaignId: string, caps: CampaignCaps, zone: string): Promise<boolean> {
    if (!countsOriginates(caps)) return true;
    const now = this.d.clock.now();
    const since = Math.min(caps.perDay === undefined ? now : localDayStart(now, zone), caps.perHour === undefined ? now : now - HOUR_MS + 1);
    try {
      await this.originates.refresh(campaignId, since, now);
      return true;
    } catch (err) {
      this.d.logger.error({ err, campaignId }, 'campaign originate count failed: not dialling it this tick');
      return false;
    }
  }

  /** The cap one more originate of the campaign would exceed now, or null (ask before claiming a contact). */
  reached(campaignId: string, caps: CampaignCaps, zone: string): CapName | null {
    const now = this.d.clock.now();
    return capReached(caps, {
      inFlight: this.inFlightOf(campaignId),
      lastHour: caps.perHour === undefined ? 0 : this.originates.count(campaignId, now - HOUR_MS + 1),
      today: caps.perDay === undefined ? 0 : this.originates.count(campaignId, localDayStart(now, zone)),
    });
  }

  /** An attempt of the campaign starts now: it counts against the caps at once. */
  start(campaignId: string, caps: CampaignCaps): CampaignAttemptHandle {
    this.inFlight.set(campaignId, this.inFlightOf(campaignId) + 1);
    const ticket = countsOriginates(caps) ? this.originates.begin(campaignId) : undefined;
    let open = true;
    return {
      created: (attempt) => ticket?.created(attempt),
      settled: () => {
        if (!open) return;
        open = false;
        ticket?.settled();
        const left = this.inFlightOf(campaignId) - 1;
        if (left > 0) this.inFlight.set(campaignId, left);
        else this.inFlight.delete(campaignId);
      },
    };
  }
}
