import type { Clock } from '../../../ports/clock.port';
import {
  OUTBOX_STATUSES, type NewOutboxItem, type OutboxCounts, type OutboxFailure, type OutboxItem, type OutboxLeaseRequest,
  type OutboxQuery, type Page,
} from '../../../ports/call-store.port';
import {
  MAX_PAGE, checkId, checkObject, checkOneOf, checkPositive, checkText, checkTime, invalidTransition, notFound,
  optionalTime, toJson,
} from '../store-input';
import { toOutboxItem, type OutboxRow } from '../sqlite/sqlite-rows';
import type { PgDb } from './pg-database';
import { changes, first, pageOf, rows } from './pg-query';

/** A lease longer than a day is a bug (a sender would hold reports hostage after a crash). */
const MAX_LEASE_MS = 86_400_000;
const MAX_ERROR_CHARS = 1000;

/** The durable report outbox (PRODUCT.md §5, EXTERNAL-APIS.md §7): at-least-once, keyed, in order. */
export class PgOutboxRepo {
  constructor(private readonly clock: Clock) {}

  async enqueue(db: PgDb, item: NewOutboxItem): Promise<{ item: OutboxItem; created: boolean }> {
    checkObject(item, 'item');
    const key = checkText(item.key, 'key', 200);
    const topic = checkText(item.topic, 'topic', 100);
    const payload = toJson(item.payload, 'payload');
    const attemptId = item.attemptId === undefined ? null : checkId(item.attemptId, 'attemptId');
    const now = this.clock.now();
    const availableAt = optionalTime(item.availableAt, 'availableAt') ?? now;
    const created = await changes(db, `INSERT INTO outbox (key, topic, payload, attempt_id, status, next_attempt_at, created_at, updated_at)
      VALUES ($1, $2, $3, $4, 'pending', $5, $6, $6) ON CONFLICT (key) DO NOTHING`, [key, topic, payload, attemptId, availableAt, now]);
    const row = await first<OutboxRow>(db, 'SELECT * FROM outbox WHERE key = $1', [key]);
    return { item: toOutboxItem(row as OutboxRow), created: created === 1 };
  }

  /**
   * `FOR UPDATE SKIP LOCKED`: senders on several engines lease disjoint items at the same moment, none
   * waits for another's batch, and an item is never handed to two of them.
   */
  async lease(db: PgDb, req: OutboxLeaseRequest): Promise<OutboxItem[]> {
    checkObject(req, 'request');
    const topic = checkText(req.topic, 'topic', 100);
    const now = checkTime(req.now, 'now');
    const limit = checkPositive(req.limit, 'limit', MAX_PAGE);
    const leaseMs = checkPositive(req.leaseMs, 'leaseMs', MAX_LEASE_MS);
    const owner = checkId(req.owner, 'owner');
    const got = await rows<OutboxRow>(db, `WITH picked AS (
        SELECT id FROM outbox WHERE status = 'pending' AND topic = $1 AND next_attempt_at <= $2
          AND (leased_until IS NULL OR leased_until <= $2) ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)
      UPDATE outbox o SET leased_by = $4, leased_until = $5, updated_at = $2 FROM picked WHERE o.id = picked.id RETURNING o.*`,
    [topic, now, limit, owner, now + leaseMs]);
    got.sort((a, b) => a.id - b.id);
    return got.map(toOutboxItem);
  }

  async markSent(db: PgDb, id: number, at?: number): Promise<OutboxItem> {
    const sentAt = optionalTime(at, 'at') ?? this.clock.now();
    const row = await this.row(db, id, true);
    if (row.status === 'sent') return toOutboxItem(row);
    if (row.status === 'dead') throw invalidTransition(`outbox item ${id} was given up`, { id });
    const sent = await first<OutboxRow>(db, `UPDATE outbox SET status = 'sent', sent_at = $1, leased_by = NULL, leased_until = NULL,
      updated_at = $2 WHERE id = $3 RETURNING *`, [sentAt, this.clock.now(), id]);
    return toOutboxItem(sent as OutboxRow);
  }

  async markFailed(db: PgDb, id: number, failure: OutboxFailure): Promise<OutboxItem> {
    checkObject(failure, 'failure');
    const error = checkText(failure.error, 'error', 100_000).slice(0, MAX_ERROR_CHARS);
    const retryAt = failure.retryAt === null ? null : checkTime(failure.retryAt, 'retryAt');
    const row = await this.row(db, id, true);
    if (row.status !== 'pending') throw invalidTransition(`outbox item ${id} is ${row.status}`, { id, status: row.status });
    const failed = await first<OutboxRow>(db, `UPDATE outbox SET status = $1, failures = failures + 1, last_error = $2,
      next_attempt_at = $3, leased_by = NULL, leased_until = NULL, updated_at = $4 WHERE id = $5 RETURNING *`,
    [retryAt === null ? 'dead' : 'pending', error, retryAt ?? row.next_attempt_at, this.clock.now(), id]);
    return toOutboxItem(failed as OutboxRow);
  }

  async get(db: PgDb, id: number): Promise<OutboxItem> {
    return toOutboxItem(await this.row(db, id));
  }

  async list(db: PgDb, query: OutboxQuery = {}): Promise<Page<OutboxItem>> {
    checkObject(query, 'query');
    const topic = query.topic === undefined ? undefined : checkText(query.topic, 'topic', 100);
    const status = query.status === undefined ? undefined : checkOneOf(query.status, OUTBOX_STATUSES, 'status');
    return pageOf<OutboxRow, OutboxItem>(db, {
      select: 'SELECT * FROM outbox', key: 'id', filters: [['topic = ?', topic], ['status = ?', status]],
      defaultOrder: 'asc', cursor: query.cursor, limit: query.limit,
    }, toOutboxItem);
  }

  async count(db: PgDb, topic?: string): Promise<OutboxCounts> {
    const t = topic === undefined ? null : checkText(topic, 'topic', 100);
    const got = await rows<{ status: string; n: number }>(db, `SELECT status, COUNT(*) AS n FROM outbox
      WHERE ($1::text IS NULL OR topic = $1) GROUP BY status`, [t]);
    const counts: Record<string, number> = Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, 0]));
    for (const r of got) counts[r.status] = r.n;
    return counts as OutboxCounts;
  }

  async prune(db: PgDb, before: number): Promise<number> {
    const t = checkTime(before, 'before');
    return changes(db, "DELETE FROM outbox WHERE status = 'sent' AND sent_at < $1", [t]);
  }

  private async row(db: PgDb, id: unknown, lock = false): Promise<OutboxRow> {
    const row = Number.isSafeInteger(id)
      ? await first<OutboxRow>(db, `SELECT * FROM outbox WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])
      : undefined;
    if (row === undefined) throw notFound('outbox item', String(id));
    return row;
  }
}
