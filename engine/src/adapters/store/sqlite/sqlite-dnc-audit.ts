import type { Clock } from '../../../ports/clock.port';
import {
  AUDIT_ACTIONS, type AuditEvent, type AuditQuery, type DncEntry, type NewAuditEvent, type NewDncEntry, type Page,
  type PageQuery,
} from '../../../ports/call-store.port';
import {
  checkId, checkObject, checkOneOf, checkPhone, checkText, notFound, optionalText, optionalTime, phoneProblem, toJsonObject,
} from '../store-input';
import { pageOf, type StatementCache } from './sqlite-query';
import { toAuditEvent, toDncEntry, type AuditRow, type DncRow } from './sqlite-rows';

/** The do-not-call list, keyed by normalised number. */
export class SqliteDncRepo {
  constructor(
    private readonly sql: StatementCache,
    private readonly clock: Clock,
  ) {}

  add(entry: NewDncEntry): { entry: DncEntry; created: boolean } {
    checkObject(entry, 'entry');
    const phone = checkPhone(entry.phone);
    const reason = optionalText(entry.reason, 'reason', 500);
    const source = checkText(entry.source, 'source', 100);
    const campaignId = entry.campaignId === undefined ? null : checkId(entry.campaignId, 'campaignId');
    const info = this.sql
      .get('INSERT INTO dnc (phone, reason, source, campaign_id, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (phone) DO NOTHING')
      .run(phone, reason, source, campaignId, this.clock.now());
    const row = this.sql.get('SELECT * FROM dnc WHERE phone = ?').get(phone) as DncRow;
    return { entry: toDncEntry(row), created: info.changes === 1 };
  }

  remove(phone: string): boolean {
    if (phoneProblem(phone) !== null) return false;
    return this.sql.get('DELETE FROM dnc WHERE phone = ?').run(phone).changes === 1;
  }

  check(phone: string): DncEntry | null {
    if (phoneProblem(phone) !== null) return null;
    const row = this.sql.get('SELECT * FROM dnc WHERE phone = ?').get(phone) as DncRow | undefined;
    return row === undefined ? null : toDncEntry(row);
  }

  list(query: PageQuery = {}): Page<DncEntry> {
    checkObject(query, 'query');
    return pageOf<DncRow, DncEntry>(this.sql, {
      select: 'SELECT * FROM dnc', key: 'id', filters: [], defaultOrder: 'asc', cursor: query.cursor, limit: query.limit,
    }, toDncEntry);
  }
}

/** The append-only pause/resume audit trail. */
export class SqliteAuditRepo {
  constructor(
    private readonly sql: StatementCache,
    private readonly clock: Clock,
  ) {}

  append(event: NewAuditEvent): AuditEvent {
    checkObject(event, 'event');
    const campaignId = event.campaignId === undefined ? null : checkId(event.campaignId, 'campaignId');
    if (campaignId !== null && this.sql.get('SELECT 1 FROM campaigns WHERE id = ?').get(campaignId) === undefined) {
      throw notFound('campaign', campaignId);
    }
    const action = checkOneOf(event.action, AUDIT_ACTIONS, 'action');
    const actor = checkText(event.actor, 'actor', 100);
    const reason = optionalText(event.reason, 'reason', 1000);
    const details = event.details === undefined ? null : toJsonObject(event.details, 'details');
    const at = optionalTime(event.at, 'at') ?? this.clock.now();
    const info = this.sql
      .get('INSERT INTO audit_events (campaign_id, action, actor, reason, details, at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(campaignId, action, actor, reason, details, at);
    return toAuditEvent(this.sql.get('SELECT * FROM audit_events WHERE id = ?').get(Number(info.lastInsertRowid)) as AuditRow);
  }

  list(query: AuditQuery = {}): Page<AuditEvent> {
    checkObject(query, 'query');
    const campaignId = query.campaignId === undefined ? undefined : checkId(query.campaignId, 'campaignId');
    return pageOf<AuditRow, AuditEvent>(this.sql, {
      select: 'SELECT * FROM audit_events', key: 'id', filters: [['campaign_id = ?', campaignId]],
      order: query.order, defaultOrder: 'desc', cursor: query.cursor, limit: query.limit,
    }, toAuditEvent);
  }
}
