import type { Clock } from '../../../ports/clock.port';
import {
  NOT_DIALLED_RESULT, type AttemptResultInput, type AttemptResultRecord, type CallResult, type FinishAttemptOptions,
  type FinishAttemptOutcome, type Page, type ResultQuery,
} from '../../../ports/call-store.port';
import {
  checkId, checkObject, checkResult, checkTime, invalidInput, invalidTransition, optionalCount, optionalText, optionalTime,
  toJsonObject,
} from '../store-input';
import { toAttempt, toResult, type AttemptRow, type ResultRow } from '../sqlite/sqlite-rows';
import type { PgAttemptRepo } from './pg-attempts';
import type { PgDb } from './pg-database';
import type { PgOutboxRepo } from './pg-outbox';
import { first, pageOf, rows } from './pg-query';

const INSERT_RESULT = `INSERT INTO attempt_results (attempt_id, campaign_id, contact_id, direction, phone, result, reason,
  hangup_cause, hangup_cause_text, transcript, intent, ring_ms, talk_ms, total_ms, started_at, ended_at, details)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING *`;

/** Final results: the one-result-per-attempt rule, the contact's disposition and the outbox, in one go. */
export class PgResultRepo {
  constructor(
    private readonly clock: Clock,
    private readonly attempts: PgAttemptRepo,
    private readonly outbox: PgOutboxRepo,
  ) {}

  /**
   * Locks the attempt (FOR UPDATE) before anything else: of two racing finishes (a hangup event and the
   * reconciler, on two instances) the second waits, then sees the first's result and applies the
   * same-word / different-word rule, exactly as SQLite does with its single writer.
   */
  async finish(db: PgDb, id: string, input: AttemptResultInput, options: FinishAttemptOptions = {}): Promise<FinishAttemptOutcome> {
    checkObject(input, 'result');
    checkObject(options, 'options');
    const attempt = await this.attempts.row(db, id, true);
    const result = checkResult(input.result);
    if (attempt.state === 'finished') return this.repeated(db, attempt, result);
    const retryAt = optionalTime(options.retryContactAt, 'retryContactAt');
    if (retryAt !== null && attempt.contact_id === null) throw invalidInput('retryContactAt', 'the attempt has no contact to retry');
    const now = this.clock.now();
    const values = resultValues(attempt, input, result, now);
    const finished = await first<AttemptRow>(db, `UPDATE attempts SET state = 'finished', result = $1, finished_at = $2, updated_at = $3
      WHERE id = $4 RETURNING *`, [result, values[15], now, id]);
    const record = await first<ResultRow>(db, INSERT_RESULT, values);
    if (attempt.contact_id !== null) {
      await this.disposeContact(db, attempt.contact_id, result, retryAt, now);
      // Its originate was never sent: the attempt `create` counted is given back (SQLite does the same).
      if (result === NOT_DIALLED_RESULT && attempt.state === 'pending') {
        await db.query('UPDATE contacts SET attempt_count = GREATEST(attempt_count - 1, 0) WHERE id = $1', [attempt.contact_id]);
      }
    }
    for (const item of options.outbox ?? []) await this.outbox.enqueue(db, item);
    return { attempt: toAttempt(finished as AttemptRow), result: toResult(record as ResultRow), alreadyFinished: false };
  }

  /** The stored result, null while the attempt is live; unknown attempt → `CE_STORE_NOT_FOUND`. */
  async get(db: PgDb, attemptId: string): Promise<AttemptResultRecord | null> {
    await this.attempts.row(db, attemptId);
    const row = await first<ResultRow>(db, 'SELECT * FROM attempt_results WHERE attempt_id = $1', [attemptId]);
    return row === undefined ? null : toResult(row);
  }

  async list(db: PgDb, query: ResultQuery = {}): Promise<Page<AttemptResultRecord>> {
    checkObject(query, 'query');
    const campaignId = query.campaignId === undefined ? undefined : checkId(query.campaignId, 'campaignId');
    const result = query.result === undefined ? undefined : checkResult(query.result);
    const since = query.since === undefined ? undefined : checkTime(query.since, 'since');
    const until = query.until === undefined ? undefined : checkTime(query.until, 'until');
    return pageOf<ResultRow, AttemptResultRecord>(db, {
      select: 'SELECT * FROM attempt_results', key: 'seq',
      filters: [['campaign_id = ?', campaignId], ['result = ?', result], ['ended_at >= ?', since], ['ended_at < ?', until]],
      order: query.order, defaultOrder: 'asc', cursor: query.cursor, limit: query.limit,
    }, toResult);
  }

  async count(db: PgDb, campaignId?: string): Promise<Partial<Record<CallResult, number>>> {
    const owner = campaignId === undefined ? null : checkId(campaignId, 'campaignId');
    // COLLATE "C": the byte order SQLite uses, whatever the database's locale.
    const got = await rows<{ result: CallResult; n: number }>(db, `SELECT result, COUNT(*) AS n FROM attempt_results
      WHERE ($1::text IS NULL OR campaign_id = $1) GROUP BY result ORDER BY result COLLATE "C"`, [owner]);
    return Object.fromEntries(got.map((r) => [r.result, r.n]));
  }

  /** A second finish: the same word is a harmless repeat, a different word is refused; nothing is overwritten. */
  private async repeated(db: PgDb, attempt: AttemptRow, result: CallResult): Promise<FinishAttemptOutcome> {
    if (attempt.result !== result) {
      throw invalidTransition(`attempt ${attempt.id} already finished with ${String(attempt.result)}, not ${result}`, {
        id: attempt.id, result: attempt.result, refused: result,
      });
    }
    return { attempt: toAttempt(attempt), result: (await this.get(db, attempt.id)) as AttemptResultRecord, alreadyFinished: true };
  }

  private async disposeContact(db: PgDb, contactId: number, result: CallResult, retryAt: number | null, now: number): Promise<void> {
    if (retryAt === null) {
      await db.query(`UPDATE contacts SET status = 'done', last_result = $1, close_reason = NULL, claimed_by = NULL,
        claimed_at = NULL, updated_at = $2 WHERE id = $3`, [result, now, contactId]);
      return;
    }
    await db.query(`UPDATE contacts SET status = 'pending', last_result = $1, next_eligible_at = $2, claimed_by = NULL,
      claimed_at = NULL, updated_at = $3 WHERE id = $4`, [result, retryAt, now, contactId]);
  }
}

/** The `INSERT_RESULT` parameters, in order ($16 = ended_at). */
function resultValues(attempt: AttemptRow, input: AttemptResultInput, result: CallResult, now: number): unknown[] {
  const endedAt = optionalTime(input.endedAt, 'endedAt') ?? now;
  const talkMs = optionalCount(input.talkMs, 'talkMs') ?? (attempt.answered_at === null ? null : Math.max(0, endedAt - attempt.answered_at));
  return [
    attempt.id, attempt.campaign_id, attempt.contact_id, attempt.direction, attempt.phone, result,
    optionalText(input.reason, 'reason', 1000), optionalCount(input.hangupCause, 'hangupCause'),
    optionalText(input.hangupCauseText, 'hangupCauseText', 200), optionalText(input.transcript, 'transcript', 10_000),
    optionalText(input.intent, 'intent', 100), optionalCount(input.ringMs, 'ringMs'), talkMs,
    Math.max(0, endedAt - attempt.created_at), attempt.created_at, endedAt,
    input.details === undefined ? null : toJsonObject(input.details, 'details'),
  ];
}
