import type { Clock } from '../../../ports/clock.port';
import {
  AUDIT_ACTIONS, type AuditEvent, type AuditQuery, type DncEntry, type NewAuditEvent, type NewDncEntry, type Page,
  type PageQuery,
} from '../../../ports/call-store.port';
import {
  checkId, checkObject, checkOneOf, checkPhone, checkText, notFound, optionalText, optionalTime, phoneProblem, toJsonObject,
} from '../store-input';
import { toAuditEvent, toDncEntry, type AuditRow, type DncRow } from '../sqlite/sqlite-rows';
import type { PgDb } from './pg-database';
import { changes, first, pageOf } from './pg-query';

/** The do-not-call list, keyed by normalised number. */
export class PgDncRepo {
  constructor(private readonly clock: Clock) {}

  async add(db: PgDb, entry: NewDncEntry): Promise<{ entry: DncEntry; created: boolean }> {
    checkObject(entry, 'entry');
    const phone = checkPhone(entry.phone);
    const reason = optionalText(entry.reason, 'reason', 500);
    const source = checkText(entry.source, 'source', 100);
    const campaignId = entry.campaignId === undefined ? null : checkId(entry.campaignId, 'campaignId');
    // A concurrent add of the same number waits for the other transaction, then does nothing.
    const created = await changes(db, `INSERT INTO dnc (phone, reason, source, campaign_id, created_at) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (phone) DO NOTHING`, [phone, reason, source, campaignId, this.clock.now()]);
    const row = await first<DncRow>(db, 'SELECT * FROM dnc WHERE phone = $1', [phone]);
    return { entry: toDncEntry(row as DncRow), created: created === 1 };
  }

  async remove(db: PgDb, phone: string): Promise<boolean> {
    if (phoneProblem(phone) !== null) return false;
    return (await changes(db, 'DELETE FROM dnc WHERE phone = $1', [phone])) === 1;
  }

  async check(db: PgDb, phone: string): Promise<DncEntry | null> {
    if (phoneProblem(phone) !== null) return null;
    const row = await first<DncRow>(db, 'SELECT * FROM dnc WHERE phone = $1', [phone]);
    return row === undefined ? null : toDncEntry(row);
  }

  async list(db: PgDb, query: PageQuery = {}): Promise<Page<DncEntry>> {
    checkObject(query, 'query');
    return pageOf<DncRow, DncEntry>(db, {
      select: 'SELECT * FROM dnc', key: 'id', filters: [], defaultOrder: 'asc', cursor: query.cursor, limit: query.limit,
    }, toDncEntry);
  }
}

/** The append-only pause/resume audit trail. */
export class PgAuditRepo {
  constructor(private readonly clock: Clock) {}

  async append(db: PgDb, event: NewAuditEvent): Promise<AuditEvent> {
    checkObject(event, 'event');
    const campaignId = event.campaignId === undefined ? null : checkId(event.campaignId, 'campaignId');
    if (campaignId !== null && (await first(db, 'SELECT 1 FROM campaigns WHERE id = $1', [campaignId])) === undefined) {
      throw notFound('campaign', campaignId);
    }
    const action = checkOneOf(event.action, AUDIT_ACTIONS, 'action');
    const actor = checkText(event.actor, 'actor', 100);
    const reason = optionalText(event.reason, 'reason', 1000);
    const details = event.details === undefined ? null : toJsonObject(event.details, 'details');
    const at = optionalTime(event.at, 'at') ?? this.clock.now();
    const row = await first<AuditRow>(db, `INSERT INTO audit_events (campaign_id, action, actor, reason, details, at)
      VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`, [campaignId, action, actor, reason, details, at]);
    return toAuditEvent(row as AuditRow);
  }

  async list(db: PgDb, query: AuditQuery = {}): Promise<Page<AuditEvent>> {
    checkObject(query, 'query');
    const campaignId = query.campaignId === undefined ? undefined : checkId(query.campaignId, 'campaignId');
    return pageOf<AuditRow, AuditEvent>(db, {
      select: 'SELECT * FROM audit_events', key: 'id', filters: [['campaign_id = ?', campaignId]],
      order: query.order, defaultOrder: 'desc', cursor: query.cursor, limit: query.limit,
    }, toAuditEvent);
  }
}
