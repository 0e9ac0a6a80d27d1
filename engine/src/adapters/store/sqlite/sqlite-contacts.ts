import type { Clock } from '../../../ports/clock.port';
import {
  CONTACT_STATUSES, type Contact, type ContactCounts, type ContactInsertReport, type ContactQuery, type NewContact,
  type Page,
} from '../../../ports/call-store.port';
import { EngineError } from '../../../errors';
import {
  MAX_PAGE, checkId, checkObject, checkOneOf, checkPositive, checkText, checkTime, invalidInput, invalidTransition, notFound,
  optionalText, optionalTime, phoneProblem, toJsonObject,
} from '../store-input';
import type { SqliteCampaignRepo } from './sqlite-campaigns';
import { pageOf, type StatementCache } from './sqlite-query';
import { toContact, type ContactRow } from './sqlite-rows';

type Duplicate = ContactInsertReport['duplicates'][number];
type Invalid = ContactInsertReport['invalid'][number];

const INSERT = `INSERT INTO contacts (campaign_id, phone, external_id, name, time_zone, data, status, next_eligible_at, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?) ON CONFLICT (campaign_id, phone) DO NOTHING`;
const HAS_LIVE_ATTEMPT = "SELECT 1 FROM attempts WHERE contact_id = ? AND state <> 'finished'";

/** Contacts and their queue life cycle (pending → claimed → done/skipped, or back to pending). */
export class SqliteContactRepo {
  constructor(
    private readonly sql: StatementCache,
    private readonly clock: Clock,
    private readonly campaigns: SqliteCampaignRepo,
  ) {}

  insertMany(campaignId: string, contacts: readonly NewContact[]): ContactInsertReport {
    if (!Array.isArray(contacts)) throw invalidInput('contacts', 'must be a list');
    if (this.campaigns.stateOf(campaignId) === 'stopped') throw invalidTransition(`campaign ${campaignId} is stopped`, { campaignId });
    const insert = this.sql.get(INSERT);
    const existing = this.sql.get('SELECT id FROM contacts WHERE campaign_id = ? AND phone = ?').pluck();
    const now = this.clock.now();
    const duplicates: Duplicate[] = [];
    const invalid: Invalid[] = [];
    let inserted = 0;
    contacts.forEach((c, index) => {
      const row = contactValues(c, now);
      if (typeof row === 'string') {
        invalid.push({ index, phone: String((c as Partial<NewContact> | null)?.phone ?? ''), reason: row });
        return;
      }
      if (insert.run(campaignId, ...row, now, now).changes === 1) inserted += 1;
      else duplicates.push({ index, phone: row[0], existingId: existing.get(campaignId, row[0]) as number });
    });
    return { inserted, duplicates, invalid };
  }

  get(id: number): Contact {
    return toContact(this.row(id));
  }

  findByPhone(campaignId: string, phone: string): Contact | null {
    this.campaigns.stateOf(campaignId);
    const row = this.sql.get('SELECT * FROM contacts WHERE campaign_id = ? AND phone = ?').get(campaignId, phone) as ContactRow | undefined;
    return row === undefined ? null : toContact(row);
  }

  list(campaignId: string, query: ContactQuery = {}): Page<Contact> {
    checkObject(query, 'query');
    this.campaigns.stateOf(campaignId);
    const status = query.status === undefined ? undefined : checkOneOf(query.status, CONTACT_STATUSES, 'status');
    return pageOf<ContactRow, Contact>(this.sql, {
      select: 'SELECT * FROM contacts', key: 'id', filters: [['campaign_id = ?', campaignId], ['status = ?', status]],
      defaultOrder: 'asc', cursor: query.cursor, limit: query.limit,
    }, toContact);
  }

  count(campaignId: string): ContactCounts {
    this.campaigns.stateOf(campaignId);
    const rows = this.sql.get('SELECT status, COUNT(*) AS n FROM contacts WHERE campaign_id = ? GROUP BY status').all(campaignId) as {
      status: string; n: number;
    }[];
    const counts: Record<string, number> = Object.fromEntries(CONTACT_STATUSES.map((s) => [s, 0]));
    for (const r of rows) counts[r.status] = r.n;
    return counts as ContactCounts;
  }

  claim(campaignId: string, limit: number, now: number, instanceId: string): Contact[] {
    checkPositive(limit, 'limit', MAX_PAGE);
    checkTime(now, 'now');
    checkId(instanceId, 'instanceId');
    if (this.campaigns.stateOf(campaignId) !== 'running') return [];
    const rows = this.sql.get(`UPDATE contacts SET status = 'claimed', claimed_by = ?, claimed_at = ?, updated_at = ?
      WHERE id IN (SELECT id FROM contacts WHERE campaign_id = ? AND status = 'pending' AND next_eligible_at <= ?
                   ORDER BY next_eligible_at, id LIMIT ?)
      RETURNING *`).all(instanceId, now, now, campaignId, now, limit) as ContactRow[];
    // RETURNING gives no order guarantee; hand contacts out in queue order.
    rows.sort((a, b) => a.next_eligible_at - b.next_eligible_at || a.id - b.id);
    return rows.map(toContact);
  }

  release(id: number, nextEligibleAt: number): Contact {
    const at = checkTime(nextEligibleAt, 'nextEligibleAt');
    const row = this.row(id);
    if (row.status !== 'claimed') throw invalidTransition(`contact ${id} is ${row.status}, not claimed`, { id, status: row.status });
    this.checkNoLiveAttempt(id);
    this.toPending(id, at);
    return this.get(id);
  }

  releaseClaims(instanceId?: string): number {
    const owner = instanceId === undefined ? null : checkId(instanceId, 'instanceId');
    return this.sql.get(`UPDATE contacts SET status = 'pending', claimed_by = NULL, claimed_at = NULL, updated_at = @now
      WHERE status = 'claimed' AND (@owner IS NULL OR claimed_by = @owner)
        AND NOT EXISTS (SELECT 1 FROM attempts a WHERE a.contact_id = contacts.id AND a.state <> 'finished')`)
      .run({ now: this.clock.now(), owner }).changes;
  }

  close(id: number, status: 'done' | 'skipped', reason: string): Contact {
    checkOneOf(status, ['done', 'skipped'], 'status');
    const why = checkText(reason, 'reason', 500);
    const row = this.row(id);
    if (row.status !== 'pending' && row.status !== 'claimed') {
      throw invalidTransition(`contact ${id} is already ${row.status}`, { id, status: row.status });
    }
    this.checkNoLiveAttempt(id);
    this.sql.get(`UPDATE contacts SET status = ?, close_reason = ?, claimed_by = NULL, claimed_at = NULL, updated_at = ? WHERE id = ?`)
      .run(status, why, this.clock.now(), id);
    return this.get(id);
  }

  reopen(id: number, nextEligibleAt: number): Contact {
    const at = checkTime(nextEligibleAt, 'nextEligibleAt');
    const row = this.row(id);
    if (row.status !== 'done' && row.status !== 'skipped') {
      throw invalidTransition(`contact ${id} is ${row.status}; only done or skipped contacts can be reopened`, { id, status: row.status });
    }
    this.toPending(id, at);
    return this.get(id);
  }

  /** The contact row, or `CE_STORE_NOT_FOUND`. */
  row(id: unknown): ContactRow {
    const row = Number.isSafeInteger(id) ? (this.sql.get('SELECT * FROM contacts WHERE id = ?').get(id) as ContactRow | undefined) : undefined;
    if (row === undefined) throw notFound('contact', String(id));
    return row;
  }

  hasLiveAttempt(id: number): boolean {
    return this.sql.get(HAS_LIVE_ATTEMPT).get(id) !== undefined;
  }

  private checkNoLiveAttempt(id: number): void {
    if (this.hasLiveAttempt(id)) throw invalidTransition(`contact ${id} has a call in progress`, { id });
  }

  private toPending(id: number, at: number): void {
    this.sql.get(`UPDATE contacts SET status = 'pending', next_eligible_at = ?, close_reason = NULL, claimed_by = NULL,
      claimed_at = NULL, updated_at = ? WHERE id = ?`).run(at, this.clock.now(), id);
  }
}

/** The row values after `campaign_id`, or why the contact is rejected. */
function contactValues(c: NewContact, now: number): [string, ...unknown[]] | string {
  if (c === null || typeof c !== 'object') return 'not an object';
  const problem = phoneProblem(c.phone);
  if (problem !== null) return problem;
  try {
    return [
      c.phone,
      optionalText(c.externalId, 'externalId', 200),
      optionalText(c.name, 'name', 200),
      optionalText(c.timeZone, 'timeZone', 64),
      c.data === undefined ? null : toJsonObject(c.data, 'data'),
      optionalTime(c.notBefore, 'notBefore') ?? now,
    ];
  } catch (err) {
    if (err instanceof EngineError) return err.message;
    throw err;
  }
}
