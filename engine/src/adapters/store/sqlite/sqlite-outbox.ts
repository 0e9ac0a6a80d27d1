import type { Clock } from '../../../ports/clock.port';
import {
  OUTBOX_STATUSES, type NewOutboxItem, type OutboxCounts, type OutboxFailure, type OutboxItem, type OutboxLeaseRequest,
  type OutboxQuery, type Page,
} from '../../../ports/call-store.port';
import {
  MAX_PAGE, checkId, checkObject, checkOneOf, checkPositive, checkText, checkTime, invalidTransition, notFound,
  optionalTime, toJson,
} from '../store-input';
import { pageOf, type StatementCache } from './sqlite-query';
import { toOutboxItem, type OutboxRow } from './sqlite-rows';

/** A lease longer than a day is a bug (a sender would hold reports hostage after a crash). */
const MAX_LEASE_MS = 86_400_000;
const MAX_ERROR_CHARS = 1000;

/** The durable report outbox (PRODUCT.md §5, EXTERNAL-APIS.md §7): at-least-once, keyed, in order. */
export class SqliteOutboxRepo {
  constructor(
    private readonly sql: StatementCache,
    private readonly clock: Clock,
  ) {}

  enqueue(item: NewOutboxItem): { item: OutboxItem; created: boolean } {
    checkObject(item, 'item');
    const key = checkText(item.key, 'key', 200);
    const topic = checkText(item.topic, 'topic', 100);
    const payload = toJson(item.payload, 'payload');
    const attemptId = item.attemptId === undefined ? null : checkId(item.attemptId, 'attemptId');
    const now = this.clock.now();
    const availableAt = optionalTime(item.availableAt, 'availableAt') ?? now;
    const info = this.sql.get(`INSERT INTO outbox (key, topic, payload, attempt_id, status, next_attempt_at, created_at, updated_at)
      VALUES (?, ?, ?, ?, 'pending', ?, ?, ?) ON CONFLICT (key) DO NOTHING`)
      .run(key, topic, payload, attemptId, availableAt, now, now);
    const row = this.sql.get('SELECT * FROM outbox WHERE key = ?').get(key) as OutboxRow;
    return { item: toOutboxItem(row), created: info.changes === 1 };
  }

  lease(req: OutboxLeaseRequest): OutboxItem[] {
    checkObject(req, 'request');
    const topic = checkText(req.topic, 'topic', 100);
    const now = checkTime(req.now, 'now');
    const limit = checkPositive(req.limit, 'limit', MAX_PAGE);
    const leaseMs = checkPositive(req.leaseMs, 'leaseMs', MAX_LEASE_MS);
    const owner = checkId(req.owner, 'owner');
    const rows = this.sql.get(`UPDATE outbox SET leased_by = @owner, leased_until = @until, updated_at = @now
      WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND topic = @topic AND next_attempt_at <= @now
                   AND (leased_until IS NULL OR leased_until <= @now) ORDER BY id LIMIT @limit)
      RETURNING *`).all({ owner, until: now + leaseMs, now, topic, limit }) as OutboxRow[];
    rows.sort((a, b) => a.id - b.id);
    return rows.map(toOutboxItem);
  }

  markSent(id: number, at?: number): OutboxItem {
    const sentAt = optionalTime(at, 'at') ?? this.clock.now();
    const row = this.row(id);
    if (row.status === 'sent') return toOutboxItem(row);
    if (row.status === 'dead') throw invalidTransition(`outbox item ${id} was given up`, { id });
    this.sql.get(`UPDATE outbox SET status = 'sent', sent_at = ?, leased_by = NULL, leased_until = NULL, updated_at = ?
      WHERE id = ?`).run(sentAt, this.clock.now(), id);
    return this.get(id);
  }

  markFailed(id: number, failure: OutboxFailure): OutboxItem {
    checkObject(failure, 'failure');
    const error = checkText(failure.error, 'error', 100_000).slice(0, MAX_ERROR_CHARS);
    const retryAt = failure.retryAt === null ? null : checkTime(failure.retryAt, 'retryAt');
    const row = this.row(id);
    if (row.status !== 'pending') throw invalidTransition(`outbox item ${id} is ${row.status}`, { id, status: row.status });
    this.sql.get(`UPDATE outbox SET status = ?, failures = failures + 1, last_error = ?, next_attempt_at = ?,
      leased_by = NULL, leased_until = NULL, updated_at = ? WHERE id = ?`)
      .run(retryAt === null ? 'dead' : 'pending', error, retryAt ?? row.next_attempt_at, this.clock.now(), id);
    return this.get(id);
  }

  get(id: number): OutboxItem {
    return toOutboxItem(this.row(id));
  }

  list(query: OutboxQuery = {}): Page<OutboxItem> {
    checkObject(query, 'query');
    const topic = query.topic === undefined ? undefined : checkText(query.topic, 'topic', 100);
    const status = query.status === undefined ? undefined : checkOneOf(query.status, OUTBOX_STATUSES, 'status');
    return pageOf<OutboxRow, OutboxItem>(this.sql, {
      select: 'SELECT * FROM outbox', key: 'id', filters: [['topic = ?', topic], ['status = ?', status]],
      defaultOrder: 'asc', cursor: query.cursor, limit: query.limit,
    }, toOutboxItem);
  }

  count(topic?: string): OutboxCounts {
    const t = topic === undefined ? null : checkText(topic, 'topic', 100);
    const rows = this.sql.get('SELECT status, COUNT(*) AS n FROM outbox WHERE (@t IS NULL OR topic = @t) GROUP BY status')
      .all({ t }) as { status: string; n: number }[];
    const counts: Record<string, number> = Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, 0]));
    for (const r of rows) counts[r.status] = r.n;
    return counts as OutboxCounts;
  }

  prune(before: number): number {
    const t = checkTime(before, 'before');
    return this.sql.get("DELETE FROM outbox WHERE status = 'sent' AND sent_at < ?").run(t).changes;
  }

  private row(id: unknown): OutboxRow {
    const row = Number.isSafeInteger(id) ? (this.sql.get('SELECT * FROM outbox WHERE id = ?').get(id) as OutboxRow | undefined) : undefined;
    if (row === undefined) throw notFound('outbox item', String(id));
    return row;
  }
}
