import type { JsonObject, JsonValue, PageQuery } from './call-store.types';

/**
 * Domain types of the call ledger (attempts and their results) and of what hangs off it: the report
 * outbox, the do-not-call list and the pause/resume audit. Times are epoch milliseconds.
 */

// ---------------------------------------------------------------------------------------------- attempts

/**
 * The ledger's states, in order. `pending` = written, originate not yet accepted; `dialing` = Asterisk
 * accepted the originate; `ringing`; `answered`; `transferring` = an operator leg is being bridged;
 * `finished` = the one final result is recorded. States only move forward.
 */
export const ATTEMPT_STATES = ['pending', 'dialing', 'ringing', 'answered', 'transferring', 'finished'] as const;
export type AttemptState = (typeof ATTEMPT_STATES)[number];
export type LiveAttemptState = Exclude<AttemptState, 'finished'>;
export type CallDirection = 'outbound' | 'inbound';

/** PRODUCT.md §5: the one result of each call. `failed:<reason>` reasons are snake_case. */
export const CALL_RESULT_WORDS = [
  'connected_to_operator', 'not_interested', 'unknown', 'disconnected', 'hangup', 'missed', 'busy',
  'power_off', 'banned', 'inbound_call',
] as const;
export type CallResult = (typeof CALL_RESULT_WORDS)[number] | `failed:${string}`;

/**
 * The result of an attempt whose originate was never sent (the engine stopped between writing the
 * attempt and dialling). Nothing reached the trunk, so it does not use up an attempt of the contact:
 * `finishAttempt` with this word, on an attempt still `pending`, gives back the `attemptCount` that
 * `createAttempt` took.
 */
export const NOT_DIALLED_RESULT = 'failed:not_dialled' satisfies CallResult;

export interface NewAttempt {
  /** Pre-assigned UUID (also the panel's Idempotency-Key); generated when absent. */
  readonly id?: string;
  readonly direction: CallDirection;
  /** Outbound: the normalised number dialled (validated). Inbound: the caller id as received (≤ 64 chars). */
  readonly phone: string;
  /** Required for outbound calls of a campaign; the contact must be `claimed`. */
  readonly campaignId?: string;
  readonly contactId?: number;
  readonly lineId?: string;
  readonly channelId?: string;
  readonly scenario?: string;
  /** The engine instance that owns the call (for reconciliation after a restart). */
  readonly instanceId: string;
}

export interface Attempt {
  readonly id: string;
  readonly direction: CallDirection;
  readonly phone: string;
  readonly campaignId: string | null;
  readonly contactId: number | null;
  readonly lineId: string | null;
  readonly channelId: string | null;
  readonly scenario: string | null;
  readonly instanceId: string;
  readonly state: AttemptState;
  readonly result: CallResult | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly answeredAt: number | null;
  readonly finishedAt: number | null;
}

/** Fields an adapter may learn while the call runs (the channel id once Asterisk names it). */
export interface AttemptPatch {
  readonly channelId?: string;
  readonly lineId?: string;
}

export interface AttemptQuery extends PageQuery {
  readonly campaignId?: string;
  readonly contactId?: number;
  readonly state?: AttemptState;
  /** Default `asc` (oldest first). */
  readonly order?: 'asc' | 'desc';
}

// ---------------------------------------------------------------------------------------------- results

export interface AttemptResultInput {
  readonly result: CallResult;
  /** Human reason (`User said yes`); reported to the panel. */
  readonly reason?: string;
  /** Q.850 hangup cause (PROTOCOLS.md §5). */
  readonly hangupCause?: number;
  readonly hangupCauseText?: string;
  /** The last thing the caller said (STT text). */
  readonly transcript?: string;
  readonly intent?: string;
  readonly ringMs?: number;
  /** Defaults to `endedAt - answeredAt` when the attempt was answered. */
  readonly talkMs?: number;
  /** Defaults to the store clock's now. */
  readonly endedAt?: number;
  readonly details?: JsonObject;
}

export interface AttemptResultRecord {
  readonly attemptId: string;
  readonly campaignId: string | null;
  readonly contactId: number | null;
  readonly direction: CallDirection;
  readonly phone: string;
  readonly result: CallResult;
  readonly reason: string | null;
  readonly hangupCause: number | null;
  readonly hangupCauseText: string | null;
  readonly transcript: string | null;
  readonly intent: string | null;
  readonly ringMs: number | null;
  readonly talkMs: number | null;
  /** `endedAt - startedAt`. */
  readonly totalMs: number;
  /** The attempt's creation time. */
  readonly startedAt: number;
  readonly endedAt: number;
  readonly details: JsonObject | null;
}

export interface FinishAttemptOptions {
  /**
   * Put the contact back in the queue, claimable from this time (a retry). When absent the contact is
   * closed as `done`: a finished attempt never leaves its contact claimable by accident.
   */
  readonly retryContactAt?: number;
  /** Reports to queue in the same transaction (e.g. the panel report keyed by the attempt id). */
  readonly outbox?: readonly NewOutboxItem[];
}

export interface FinishAttemptOutcome {
  readonly attempt: Attempt;
  readonly result: AttemptResultRecord;
  /** True when the attempt already had this same result: nothing was changed or queued. */
  readonly alreadyFinished: boolean;
}

export interface ResultQuery extends PageQuery {
  readonly campaignId?: string;
  readonly result?: CallResult;
  /** Inclusive lower bound on `endedAt`. */
  readonly since?: number;
  /** Exclusive upper bound on `endedAt`. */
  readonly until?: number;
  /** Default `asc` (in finishing order). */
  readonly order?: 'asc' | 'desc';
}

// ---------------------------------------------------------------------------------------------- outbox

/** pending = to send (now or at `nextAttemptAt`); sent = delivered; dead = given up (not retryable). */
export const OUTBOX_STATUSES = ['pending', 'sent', 'dead'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export interface NewOutboxItem {
  /** Idempotency key, unique in the whole outbox (the panel's `Idempotency-Key` = the attempt id). */
  readonly key: string;
  /** Which sender handles it, e.g. `panel.report-result`. */
  readonly topic: string;
  readonly payload: JsonValue;
  readonly attemptId?: string;
  /** Not before this time; defaults to now. */
  readonly availableAt?: number;
}

export interface OutboxItem {
  readonly id: number;
  readonly key: string;
  readonly topic: string;
  readonly payload: JsonValue;
  readonly attemptId: string | null;
  readonly status: OutboxStatus;
  /** Failed deliveries so far. */
  readonly failures: number;
  readonly nextAttemptAt: number;
  readonly leasedBy: string | null;
  readonly leasedUntil: number | null;
  readonly lastError: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly sentAt: number | null;
}

export interface OutboxLeaseRequest {
  readonly topic: string;
  readonly now: number;
  /** 1..1000. */
  readonly limit: number;
  /** How long the items stay reserved for `owner`; after that another sender may lease them. */
  readonly leaseMs: number;
  readonly owner: string;
}

export interface OutboxFailure {
  /** Short error text (an HTTP status and code); never a token. */
  readonly error: string;
  /** When to try again; `null` = do not retry (the item becomes `dead`). */
  readonly retryAt: number | null;
}

export interface OutboxQuery extends PageQuery {
  readonly topic?: string;
  readonly status?: OutboxStatus;
}

export type OutboxCounts = Readonly<Record<OutboxStatus, number>>;

// ---------------------------------------------------------------------------------------------- DNC + audit

export interface NewDncEntry {
  readonly phone: string;
  readonly reason?: string;
  /** Who added it: `api`, `scenario:add_to_dnc`, `panel`, `import`. */
  readonly source: string;
  readonly campaignId?: string;
}

export interface DncEntry {
  readonly phone: string;
  readonly reason: string | null;
  readonly source: string;
  readonly campaignId: string | null;
  readonly createdAt: number;
}

export const AUDIT_ACTIONS = ['started', 'paused', 'resumed', 'stopped', 'completed', 'reopened'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who/why of a state change: `actor` is e.g. `api`, `panel`, `fail-streak`, `quota:vira`, `trunk`. */
export interface AuditInput {
  readonly actor: string;
  readonly reason?: string;
  readonly details?: JsonObject;
}

export interface NewAuditEvent extends AuditInput {
  /** Absent = engine-wide (e.g. every campaign paused on an STT quota error). */
  readonly campaignId?: string;
  readonly action: AuditAction;
  /** Defaults to now. */
  readonly at?: number;
}

export interface AuditEvent {
  readonly id: number;
  readonly campaignId: string | null;
  readonly action: AuditAction;
  readonly actor: string;
  readonly reason: string | null;
  readonly details: JsonObject | null;
  readonly at: number;
}

export interface AuditQuery extends PageQuery {
  readonly campaignId?: string;
  /** Default `desc` (newest first). */
  readonly order?: 'asc' | 'desc';
}
