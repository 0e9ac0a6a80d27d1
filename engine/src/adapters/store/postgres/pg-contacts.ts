import type { Clock } from '../../../ports/clock.port';
import {
  CONTACT_STATUSES, type Contact, type ContactCounts, type ContactInsertReport, type ContactQuery, type NewContact,
  type Page,
} from '../../../ports/call-store.port';
import {
  MAX_PAGE, checkId, checkObject, checkOneOf, checkPositive, checkText, checkTime, invalidInput, invalidTransition, notFound,
} from '../store-input';
import { toContact, type ContactRow } from '../sqlite/sqlite-rows';
import type { PgCampaignRepo } from './pg-campaigns';
import { insertContactRows } from './pg-contact-import';
import type { PgDb } from './pg-database';
import { changes, first, pageOf, rows } from './pg-query';

/** First key of the per-campaign claim lock; the second is the campaign id's hash. */
const CLAIM_LOCK_CLASS = 0x5a1e_4902;
const LIVE_ATTEMPT = "SELECT 1 FROM attempts WHERE contact_id = $1 AND state <> 'finished' LIMIT 1";

/**
 * Contacts and their queue life cycle (pending → claimed → done/skipped, or back to pending). Every
 * change to one contact first locks its row (`FOR UPDATE`), and the live-attempt check runs in a later
 * statement: in READ COMMITTED each statement sees what was committed before it started, so once we hold
 * the row no attempt for it can appear unseen (`createAttempt` locks the contact before inserting).
 */
export class PgContactRepo {
  constructor(
    private readonly clock: Clock,
    private readonly campaigns: PgCampaignRepo,
  ) {}

  async insertMany(db: PgDb, campaignId: string, contacts: readonly NewContact[]): Promise<ContactInsertReport> {
    if (!Array.isArray(contacts)) throw invalidInput('contacts', 'must be a list');
    // FOR SHARE: a concurrent stop waits until this import is committed.
    if ((await this.campaigns.stateOf(db, campaignId, 'share')) === 'stopped') {
      throw invalidTransition(`campaign ${campaignId} is stopped`, { campaignId });
    }
    return insertContactRows(db, campaignId, contacts, this.clock.now());
  }

  async get(db: PgDb, id: number): Promise<Contact> {
    return toContact(await this.row(db, id));
  }

  async findByPhone(db: PgDb, campaignId: string, phone: string): Promise<Contact | null> {
    await this.campaigns.stateOf(db, campaignId);
    const row = await first<ContactRow>(db, 'SELECT * FROM contacts WHERE campaign_id = $1 AND phone = $2', [campaignId, phone]);
    return row === undefined ? null : toContact(row);
  }

  async list(db: PgDb, campaignId: string, query: ContactQuery = {}): Promise<Page<Contact>> {
    checkObject(query, 'query');
    await this.campaigns.stateOf(db, campaignId);
    const status = query.status === undefined ? undefined : checkOneOf(query.status, CONTACT_STATUSES, 'status');
    return pageOf<ContactRow, Contact>(db, {
      select: 'SELECT * FROM contacts', key: 'id', filters: [['campaign_id = ?', campaignId], ['status = ?', status]],
      defaultOrder: 'asc', cursor: query.cursor, limit: query.limit,
    }, toContact);
  }

  async count(db: PgDb, campaignId: string): Promise<ContactCounts> {
    await this.campaigns.stateOf(db, campaignId);
    const got = await rows<{ status: string; n: number }>(db, 'SELECT status, COUNT(*) AS n FROM contacts WHERE campaign_id = $1 GROUP BY status', [campaignId]);
    const counts: Record<string, number> = Object.fromEntries(CONTACT_STATUSES.map((s) => [s, 0]));
    for (const r of got) counts[r.status] = r.n;
    return counts as ContactCounts;
  }

  /**
   * The scale-out claim. Claims of ONE campaign queue behind a transaction-scoped advisory lock (a
   * claim takes about a millisecond): without it, two engines scanning the same rows at the same
   * instant interleave their row locks and each gets a short batch with gaps (measured: 2% of 4-way
   * races), where SQLite hands out exact batches in queue order. The campaign row is read FOR SHARE,
   * so a pause either waits for this claim or is seen by it. Contacts are taken FOR UPDATE SKIP LOCKED:
   * a row another transaction holds (a call finishing with a retry, a release) is skipped, never waited
   * for, and a row claimed and committed meanwhile fails the `status` recheck: no contact is ever handed
   * to two instances.
   */
  async claim(db: PgDb, campaignId: string, limit: number, now: number, instanceId: string): Promise<Contact[]> {
    checkPositive(limit, 'limit', MAX_PAGE);
    checkTime(now, 'now');
    checkId(instanceId, 'instanceId');
    await db.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [CLAIM_LOCK_CLASS, campaignId]);
    if ((await this.campaigns.stateOf(db, campaignId, 'share')) !== 'running') return [];
    const got = await rows<ContactRow>(db, `WITH picked AS (
        SELECT id FROM contacts WHERE campaign_id = $1 AND status = 'pending' AND next_eligible_at <= $2
        ORDER BY next_eligible_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
      UPDATE contacts c SET status = 'claimed', claimed_by = $4, claimed_at = $2, updated_at = $2
      FROM picked WHERE c.id = picked.id RETURNING c.*`, [campaignId, now, limit, instanceId]);
    // RETURNING gives no order guarantee; hand contacts out in queue order.
    got.sort((a, b) => a.next_eligible_at - b.next_eligible_at || a.id - b.id);
    return got.map(toContact);
  }

  async release(db: PgDb, id: number, nextEligibleAt: number): Promise<Contact> {
    const at = checkTime(nextEligibleAt, 'nextEligibleAt');
    const row = await this.row(db, id, true);
    if (row.status !== 'claimed') throw invalidTransition(`contact ${id} is ${row.status}, not claimed`, { id, status: row.status });
    await this.checkNoLiveAttempt(db, id);
    return this.toPending(db, id, at);
  }

  /**
   * Locks the candidates first, then releases them in a second statement: its fresh snapshot sees every
   * attempt committed before the locks were granted, so a contact whose call started meanwhile stays.
   */
  async releaseClaims(db: PgDb, instanceId?: string): Promise<number> {
    const owner = instanceId === undefined ? null : checkId(instanceId, 'instanceId');
    const locked = await rows<{ id: number }>(db, `SELECT id FROM contacts WHERE status = 'claimed'
      AND ($1::text IS NULL OR claimed_by = $1) ORDER BY id FOR UPDATE`, [owner]);
    if (locked.length === 0) return 0;
    return changes(db, `UPDATE contacts SET status = 'pending', claimed_by = NULL, claimed_at = NULL, updated_at = $1
      WHERE id = ANY($2::bigint[]) AND status = 'claimed'
        AND NOT EXISTS (SELECT 1 FROM attempts a WHERE a.contact_id = contacts.id AND a.state <> 'finished')`,
    [this.clock.now(), locked.map((r) => r.id)]);
  }

  async close(db: PgDb, id: number, status: 'done' | 'skipped', reason: string): Promise<Contact> {
    checkOneOf(status, ['done', 'skipped'], 'status');
    const why = checkText(reason, 'reason', 500);
    const row = await this.row(db, id, true);
    if (row.status !== 'pending' && row.status !== 'claimed') {
      throw invalidTransition(`contact ${id} is already ${row.status}`, { id, status: row.status });
    }
    await this.checkNoLiveAttempt(db, id);
    const closed = await first<ContactRow>(db, `UPDATE contacts SET status = $1, close_reason = $2, claimed_by = NULL, claimed_at = NULL,
      updated_at = $3 WHERE id = $4 RETURNING *`, [status, why, this.clock.now(), id]);
    return toContact(closed as ContactRow);
  }

  async reopen(db: PgDb, id: number, nextEligibleAt: number): Promise<Contact> {
    const at = checkTime(nextEligibleAt, 'nextEligibleAt');
    const row = await this.row(db, id, true);
    if (row.status !== 'done' && row.status !== 'skipped') {
      throw invalidTransition(`contact ${id} is ${row.status}; only done or skipped contacts can be reopened`, { id, status: row.status });
    }
    return this.toPending(db, id, at);
  }

  /** The contact row (locked FOR UPDATE when `lock`), or `CE_STORE_NOT_FOUND`. */
  async row(db: PgDb, id: unknown, lock = false): Promise<ContactRow> {
    const row = Number.isSafeInteger(id)
      ? await first<ContactRow>(db, `SELECT * FROM contacts WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])
      : undefined;
    if (row === undefined) throw notFound('contact', String(id));
    return row;
  }

  async hasLiveAttempt(db: PgDb, id: number): Promise<boolean> {
    return (await first(db, LIVE_ATTEMPT, [id])) !== undefined;
  }

  private async checkNoLiveAttempt(db: PgDb, id: number): Promise<void> {
    if (await this.hasLiveAttempt(db, id)) throw invalidTransition(`contact ${id} has a call in progress`, { id });
  }

  private async toPending(db: PgDb, id: number, at: number): Promise<Contact> {
    const row = await first<ContactRow>(db, `UPDATE contacts SET status = 'pending', next_eligible_at = $1, close_reason = NULL,
      claimed_by = NULL, claimed_at = NULL, updated_at = $2 WHERE id = $3 RETURNING *`, [at, this.clock.now(), id]);
    return toContact(row as ContactRow);
  }
}
