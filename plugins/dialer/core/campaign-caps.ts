import { z } from 'zod';

/**
 * A campaign's own caps (`settings.caps`), on top of the per-line limits every call obeys: how hard
 * one campaign may use the lines. A call-centre admin sets them to share the trunk between campaigns
 * ("this survey may use 2 lines at once") or to respect a contract ("at most 500 calls a day").
 * Every cap is optional; an absent cap does not limit.
 */
export const campaignCapsSchema = z
  .object({
    /** This campaign's calls at once, on this engine instance (an attempt counts until its result is written). */
    concurrent: z.number().int().min(1).max(10_000).optional(),
    /** Originates of this campaign in any 60 minutes (sliding, as the lines' per-minute limit). */
    perHour: z.number().int().min(1).max(1_000_000).optional(),
    /** Originates of this campaign per local day of the campaign's zone (reset at local midnight). */
    perDay: z.number().int().min(1).max(1_000_000).optional(),
  })
  .strict();

export type CampaignCaps = z.output<typeof campaignCapsSchema>;

/** What a campaign uses now; `lastHour`/`today` count originates, whoever's instance made them. */
export interface CampaignUsage {
  readonly inFlight: number;
  readonly lastHour: number;
  readonly today: number;
}

export type CapName = 'concurrent' | 'perHour' | 'perDay';

/** True when the caps need the ledger's originate counts (not only the calls in flight). */
export function countsOriginates(caps: CampaignCaps): boolean {
  return caps.perHour !== undefined || caps.perDay !== undefined;
}

/** The first cap one more originate would exceed, or null when the campaign may dial now. */
export function capReached(caps: CampaignCaps, usage: CampaignUsage): CapName | null {
  if (caps.concurrent !== undefined && usage.inFlight >= caps.concurrent) return 'concurrent';
  if (caps.perHour !== undefined && usage.lastHour >= caps.perHour) return 'perHour';
  if (caps.perDay !== undefined && usage.today >= caps.perDay) return 'perDay';
  return null;
}
