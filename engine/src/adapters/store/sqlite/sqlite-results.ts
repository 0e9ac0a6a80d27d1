import type { Clock } from '../../../ports/clock.port';
import {
  NOT_DIALLED_RESULT, type AttemptResultInput, type AttemptResultRecord, type CallResult, type FinishAttemptOptions,
  type FinishAttemptOutcome, type Page, type ResultQuery,
} from '../../../ports/call-store.port';
import {
  checkId, checkObject, checkResult, checkTime, invalidInput, invalidTransition, optionalCount, optionalText, optionalTime,
  toJsonObject,
} from '../store-input';
import type { SqliteAttemptRepo } from './sqlite-attempts';
import type { SqliteOutboxRepo } from './sqlite-outbox';
import { pageOf, type StatementCache } from './sqlite-query';
import { toResult, type AttemptRow, type ResultRow } from './sqlite-rows';

const INSERT_RESULT = `INSERT INTO attempt_results (attempt_id, campaign_id, contact_id, direction, phone, result, reason,
  hangup_cause, hangup_cause_text, transcript, intent, ring_ms, talk_ms, total_ms, started_at, ended_at, details)
  VALUES (@attemptId, @campaignId, @contactId, @direction, @phone, @result, @reason, @hangupCause, @hangupCauseText,
  @transcript, @intent, @ringMs, @talkMs, @totalMs, @startedAt, @endedAt, @details)`;

/** Final results: the one-result-per-attempt rule, the contact's disposition and the outbox, in one go. */
export class SqliteResultRepo {
  constructor(
    private readonly sql: StatementCache,
    private readonly clock: Clock,
    private readonly attempts: SqliteAttemptRepo,
    private readonly outbox: SqliteOutboxRepo,
  ) {}

  finish(id: string, input: AttemptResultInput, options: FinishAttemptOptions = {}): FinishAttemptOutcome {
    checkObject(input, 'result');
    checkObject(options, 'options');
    const attempt = this.attempts.row(id);
    const result = checkResult(input.result);
    if (attempt.state === 'finished') return this.repeated(attempt, result);
    const retryAt = optionalTime(options.retryContactAt, 'retryContactAt');
    if (retryAt !== null && attempt.contact_id === null) throw invalidInput('retryContactAt', 'the attempt has no contact to retry');
    const now = this.clock.now();
    const values = resultValues(attempt, input, result, now);
    this.sql.get("UPDATE attempts SET state = 'finished', result = ?, finished_at = ?, updated_at = ? WHERE id = ?")
      .run(result, values.endedAt, now, id);
    this.sql.get(INSERT_RESULT).run(values);
    if (attempt.contact_id !== null) {
      this.disposeContact(attempt.contact_id, result, retryAt, now);
      // Its originate was never sent: the attempt `create` counted is given back (PostgreSQL does the same).
      if (result === NOT_DIALLED_RESULT && attempt.state === 'pending') {
        this.sql.get('UPDATE contacts SET attempt_count = MAX(attempt_count - 1, 0) WHERE id = ?').run(attempt.contact_id);
      }
    }
    for (const item of options.outbox ?? []) this.outbox.enqueue(item);
    return { attempt: this.attempts.get(id), result: this.get(id) as AttemptResultRecord, alreadyFinished: false };
  }

  /** The stored result, null while the attempt is live; unknown attempt → `CE_STORE_NOT_FOUND`. */
  get(attemptId: string): AttemptResultRecord | null {
    this.attempts.row(attemptId);
    const row = this.sql.get('SELECT * FROM attempt_results WHERE attempt_id = ?').get(attemptId) as ResultRow | undefined;
    return row === undefined ? null : toResult(row);
  }

  list(query: ResultQuery = {}): Page<AttemptResultRecord> {
    checkObject(query, 'query');
    const campaignId = query.campaignId === undefined ? undefined : checkId(query.campaignId, 'campaignId');
    const result = query.result === undefined ? undefined : checkResult(query.result);
    const since = query.since === undefined ? undefined : checkTime(query.since, 'since');
    const until = query.until === undefined ? undefined : checkTime(query.until, 'until');
    return pageOf<ResultRow, AttemptResultRecord>(this.sql, {
      select: 'SELECT * FROM attempt_results', key: 'seq',
      filters: [['campaign_id = ?', campaignId], ['result = ?', result], ['ended_at >= ?', since], ['ended_at < ?', until]],
      order: query.order, defaultOrder: 'asc', cursor: query.cursor, limit: query.limit,
    }, toResult);
  }

  count(campaignId?: string): Partial<Record<CallResult, number>> {
    // Two statements rather than `(? IS NULL OR ...)`, which would keep SQLite off the campaign index.
    const rows = (campaignId === undefined
      ? this.sql.get('SELECT result, COUNT(*) AS n FROM attempt_results GROUP BY result ORDER BY result').all()
      : this.sql.get('SELECT result, COUNT(*) AS n FROM attempt_results WHERE campaign_id = ? GROUP BY result ORDER BY result')
        .all(checkId(campaignId, 'campaignId'))) as { result: CallResult; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.result, r.n]));
  }

  /** A second finish: the same word is a harmless repeat, a different word is refused; nothing is overwritten. */
  private repeated(attempt: AttemptRow, result: CallResult): FinishAttemptOutcome {
    if (attempt.result !== result) {
      throw invalidTransition(`attempt ${attempt.id} already finished with ${String(attempt.result)}, not ${result}`, {
        id: attempt.id, result: attempt.result, refused: result,
      });
    }
    return { attempt: this.attempts.get(attempt.id), result: this.get(attempt.id) as AttemptResultRecord, alreadyFinished: true };
  }

  private disposeContact(contactId: number, result: CallResult, retryAt: number | null, now: number): void {
    if (retryAt === null) {
      this.sql.get(`UPDATE contacts SET status = 'done', last_result = ?, close_reason = NULL, claimed_by = NULL,
        claimed_at = NULL, updated_at = ? WHERE id = ?`).run(result, now, contactId);
      return;
    }
    this.sql.get(`UPDATE contacts SET status = 'pending', last_result = ?, next_eligible_at = ?, claimed_by = NULL,
      claimed_at = NULL, updated_at = ? WHERE id = ?`).run(result, retryAt, now, contactId);
  }
}

function resultValues(attempt: AttemptRow, input: AttemptResultInput, result: CallResult, now: number): Record<string, unknown> & { endedAt: number } {
  const endedAt = optionalTime(input.endedAt, 'endedAt') ?? now;
  const talkMs = optionalCount(input.talkMs, 'talkMs') ?? (attempt.answered_at === null ? null : Math.max(0, endedAt - attempt.answered_at));
  return {
    attemptId: attempt.id, campaignId: attempt.campaign_id, contactId: attempt.contact_id, direction: attempt.direction,
    phone: attempt.phone, result, reason: optionalText(input.reason, 'reason', 1000),
    hangupCause: optionalCount(input.hangupCause, 'hangupCause'),
    hangupCauseText: optionalText(input.hangupCauseText, 'hangupCauseText', 200),
    transcript: optionalText(input.transcript, 'transcript', 10_000), intent: optionalText(input.intent, 'intent', 100),
    ringMs: optionalCount(input.ringMs, 'ringMs'), talkMs, totalMs: Math.max(0, endedAt - attempt.created_at),
    startedAt: attempt.created_at, endedAt,
    details: input.details === undefined ? null : toJsonObject(input.details, 'details'),
  };
}
