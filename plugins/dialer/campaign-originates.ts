import { NOT_DIALLED_RESULT, type Attempt, type CallStorePort } from '../../engine/src/index';

/** Attempts of the last seconds are read again at each refresh (a row another writer committed late). */
const OVERLAP_MS = 10_000;
const PAGE = 200;

interface Tally {
  /** Attempt id → creation time, for the attempts that still count (deduplicated by id). */
  readonly at: Map<string, number>;
  /** When the ledger was last read for this campaign (the next refresh reads only what is newer). */
  scannedAt?: number;
  /** `at` holds every counted attempt created since this time. */
  coveredFrom: number;
  /** Originates this instance started whose attempt row is not written yet. */
  starting: number;
}

/** The two ends of one originate of this instance, for the count to see it at once. */
export interface OriginateTicket {
  /** The attempt row exists: it counts from now on, by its id. */
  created(attempt: Attempt): void;
  /** The attempt ended; if its row was never written, it stops counting. */
  settled(): void;
}

/**
 * How many originates a capped campaign made since a time (its per-hour and per-day caps), from the
 * attempt ledger, so every instance and a restart count the same calls. The ledger is read once per
 * tick and per campaign, and only its newest rows (`listAttempts` newest first, on the campaign's
 * index, down to the last read); between reads this instance's own originates count at once through
 * `begin()`. Attempts finished as `failed:not_dialled` never reached the trunk and do not count.
 */
export class CampaignOriginates {
  private readonly tallies = new Map<string, Tally>();

  constructor(private readonly store: CallStorePort) {}

  /** Reads the campaign's attempts created since `since` that were not read yet. */
  async refresh(campaignId: string, since: number, now: number): Promise<void> {
    const t = this.tally(campaignId);
    for (const [id, at] of t.at) if (at < since) t.at.delete(id);
    // In full the first time, or when the caps now look further back than the tally holds.
    const last = t.scannedAt;
    const from = last === undefined || since < t.coveredFrom ? since : Math.max(since, last - OVERLAP_MS);
    let cursor: string | null = null;
    do {
      const page: { items: readonly Attempt[]; nextCursor: string | null } = await this.store.listAttempts({
        campaignId, order: 'desc', limit: PAGE, ...(cursor ? { cursor } : {}),
      });
      let reachedOlder = false;
      for (const a of page.items) {
        if (a.createdAt < from) {
          reachedOlder = true;
          break;
        }
        if (a.result === NOT_DIALLED_RESULT) t.at.delete(a.id);
        else t.at.set(a.id, a.createdAt);
      }
      cursor = reachedOlder ? null : page.nextCursor;
    } while (cursor);
    t.scannedAt = now;
    t.coveredFrom = since;
  }

  /** Originates of the campaign since `since`, this instance's not yet written ones included. */
  count(campaignId: string, since: number): number {
    const t = this.tallies.get(campaignId);
    if (t === undefined) return 0;
    let n = t.starting;
    for (const at of t.at.values()) if (at >= since) n++;
    return n;
  }

  /** This instance starts an originate of the campaign now. */
  begin(campaignId: string): OriginateTicket {
    const t = this.tally(campaignId);
    t.starting++;
    let open = true;
    const close = (): boolean => {
      if (!open) return false;
      open = false;
      t.starting--;
      return true;
    };
    return {
      created: (attempt) => {
        if (close()) t.at.set(attempt.id, attempt.createdAt);
      },
      settled: () => void close(),
    };
  }

  /** Forgets the campaigns not in `ids` (no longer running, or no longer capped). */
  retain(ids: ReadonlySet<string>): void {
    for (const [id, t] of [...this.tallies]) {
      if (ids.has(id)) continue;
      // An originate still starting keeps counting; the rest is read again in full if the campaign returns.
      if (t.starting > 0) {
        t.at.clear();
        t.scannedAt = undefined;
      } else this.tallies.delete(id);
    }
  }

  private tally(campaignId: string): Tally {
    let t = this.tallies.get(campaignId);
    if (t === undefined) {
      t = { at: new Map(), starting: 0, coveredFrom: Number.POSITIVE_INFINITY };
      this.tallies.set(campaignId, t);
    }
    return t;
  }
}
