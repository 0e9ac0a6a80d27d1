import type {
  Campaign, CampaignQuery, CampaignSettings, CampaignState, Contact, ContactCounts, ContactInsertReport, ContactQuery,
  NewCampaign, NewContact, Page, PageQuery,
} from './call-store.types';
import type {
  Attempt, AttemptPatch, AttemptQuery, AttemptResultInput, AttemptResultRecord, AuditEvent, AuditInput, AuditQuery,
  CallResult, DncEntry, FinishAttemptOptions, FinishAttemptOutcome, LiveAttemptState, NewAttempt, NewAuditEvent,
  NewDncEntry, NewOutboxItem, OutboxCounts, OutboxFailure, OutboxItem, OutboxLeaseRequest, OutboxQuery, ResultQuery,
} from './call-ledger.types';
import type { LineSlotStore } from './line-slot.types';

export * from './call-store.types';
export * from './call-ledger.types';
export * from './line-slot.types';

/**
 * The durable store of the dialer and of every call: the crash-safety ledger of PRODUCT.md §2 and the
 * results outbox of §5. Every method is atomic (one transaction); a rejected call changed nothing.
 * Errors are `EngineError`s: `CE_STORE_NOT_FOUND`, `CE_STORE_CONFLICT`, `CE_STORE_INVALID_TRANSITION`,
 * `CE_STORE_INVALID_INPUT`, `CE_PHONE_INVALID`, `CE_STORE_CLOSED` (after `close()`), `CE_STORE_FAILED`
 * (the database itself failed). Adapters: SQLite and PostgreSQL (`adapters/store/`); both pass
 * `test/contract/store-contract.ts`.
 */
export interface CallStorePort extends CampaignStore, ContactStore, AttemptStore, OutboxStore, DncStore, AuditStore {
  /**
   * Per-line limits across engine instances (see `LineSlotStore`). Optional capability: a store that
   * cannot coordinate instances leaves it out and the dialer relies on its in-process pacer alone.
   * The SQLite and PostgreSQL adapters both provide it (`test/contract/store/line-slots.contract.ts`).
   */
  readonly lineSlots?: LineSlotStore;
  /** Flushes and releases the database. Idempotent; every later call rejects with `CE_STORE_CLOSED`. */
  close(): Promise<void>;
}

export interface CampaignStore {
  /** Creates a campaign (`draft` unless told). An existing id → `CE_STORE_CONFLICT`. */
  createCampaign(input: NewCampaign): Promise<Campaign>;
  /** The campaign, or `CE_STORE_NOT_FOUND`. */
  getCampaign(id: string): Promise<Campaign>;
  /** Campaigns in creation order, optionally of one state. */
  listCampaigns(query?: CampaignQuery): Promise<Page<Campaign>>;
  /** Renames and/or replaces the settings (whole object). Allowed in every state but `stopped`. */
  updateCampaign(id: string, patch: { readonly name?: string; readonly settings?: CampaignSettings }): Promise<Campaign>;
  /**
   * Moves the campaign along its life cycle (see `CAMPAIGN_STATES`). Pausing takes effect at once for
   * the dialer: `claimContacts` only hands out contacts of a `running` campaign, in the same
   * transaction. Asking for the current state is a no-op (`changed: false`, no audit). When `audit` is
   * given and the state changes, the matching audit event (`paused`, `resumed`, ...) is appended in the
   * same transaction. A move the life cycle forbids → `CE_STORE_INVALID_TRANSITION`.
   */
  setCampaignState(
    id: string,
    state: CampaignState,
    audit?: AuditInput,
  ): Promise<{ readonly campaign: Campaign; readonly changed: boolean }>;
}

export interface ContactStore {
  /**
   * Imports numbers into a campaign in ONE transaction (100,000 rows take a few seconds at most).
   * A number already in the campaign (or twice in the input) is reported in `duplicates` and skipped;
   * a number that is not `+?digits` is reported in `invalid`. Neither aborts the import. The campaign
   * must exist (`CE_STORE_NOT_FOUND`) and not be `stopped` (`CE_STORE_INVALID_TRANSITION`).
   */
  insertContacts(campaignId: string, contacts: readonly NewContact[]): Promise<ContactInsertReport>;
  /** The contact, or `CE_STORE_NOT_FOUND`. */
  getContact(id: number): Promise<Contact>;
  /** The campaign's contact with this normalised number, or null. */
  findContactByPhone(campaignId: string, phone: string): Promise<Contact | null>;
  /** A campaign's contacts in insertion order, optionally of one status. */
  listContacts(campaignId: string, query?: ContactQuery): Promise<Page<Contact>>;
  /** How many contacts of the campaign are in each status (all statuses present, zeros included). */
  countContacts(campaignId: string): Promise<ContactCounts>;
  /**
   * Atomically reserves up to `limit` (1..1000) dialable contacts for engine instance `instanceId`:
   * `pending` contacts whose `nextEligibleAt <= now`, oldest eligibility first, then insertion order.
   * They become `claimed` and no other call can claim them until they are released, finished (by
   * `finishAttempt`) or closed. Returns [] unless the campaign is `running`. (PostgreSQL implements this
   * with `FOR UPDATE SKIP LOCKED`, so two instances never get the same contact.) The DNC list is NOT
   * consulted here: the dialer checks `checkDnc` right before each originate.
   */
  claimContacts(campaignId: string, limit: number, now: number, instanceId: string): Promise<readonly Contact[]>;
  /**
   * Gives a claimed contact back without a call having been finished (no free line, window closed): it
   * becomes `pending`, claimable from `nextEligibleAt`. The contact must be `claimed` and have no live
   * attempt, otherwise `CE_STORE_INVALID_TRANSITION`.
   */
  releaseContact(id: number, nextEligibleAt: number): Promise<Contact>;
  /**
   * Crash recovery: returns to `pending` every claimed contact (of `instanceId`, or of every instance)
   * that has no live attempt. Contacts with a live attempt stay claimed until the attempt is reconciled
   * and finished, so a call still up in Asterisk is never dialled twice. Returns how many were released.
   */
  releaseClaims(instanceId?: string): Promise<number>;
  /**
   * Takes a `pending` or `claimed` contact out of the queue for good: `done` (nothing more to do) or
   * `skipped` (DNC, cancelled); `reason` is kept as `closeReason`. A contact with a live attempt, or
   * already closed → `CE_STORE_INVALID_TRANSITION`.
   */
  closeContact(id: number, status: 'done' | 'skipped', reason: string): Promise<Contact>;
  /**
   * Puts a `done` or `skipped` contact back in the queue (the panel issued the number again, an
   * operator asked for another try). Its attempt count is kept. Other statuses →
   * `CE_STORE_INVALID_TRANSITION`.
   */
  reopenContact(id: number, nextEligibleAt: number): Promise<Contact>;
}

export interface AttemptStore {
  /**
   * Writes a call attempt to the ledger in state `pending`. Call it BEFORE the originate is sent: a
   * crash after this point leaves a live attempt that `listInFlightAttempts` reports at the next start.
   * For a campaign contact it also increments the contact's `attemptCount` and sets `lastAttemptAt`;
   * the contact must be `claimed` and have no other live attempt (`CE_STORE_INVALID_TRANSITION`).
   * An existing id → `CE_STORE_CONFLICT`; an outbound number that is not `+?digits` → `CE_PHONE_INVALID`.
   */
  createAttempt(input: NewAttempt): Promise<Attempt>;
  /** The attempt, or `CE_STORE_NOT_FOUND`. */
  getAttempt(id: string): Promise<Attempt>;
  /**
   * Records progress of a live call: `dialing` once Asterisk accepted the originate, `ringing`,
   * `answered` (sets `answeredAt` once), `transferring`. States only move forward; the same state again
   * is allowed (events arrive twice) and only applies `patch`. A backward move or any move of a finished
   * attempt → `CE_STORE_INVALID_TRANSITION`.
   */
  advanceAttempt(id: string, state: LiveAttemptState, patch?: AttemptPatch): Promise<Attempt>;
  /**
   * Gives the attempt its ONE final result, in one transaction with: the result record, the contact's
   * `lastResult` and its disposition (closed as `done`, or back to `pending` at `retryContactAt`), and
   * the `outbox` items. A `failed:not_dialled` result (`NOT_DIALLED_RESULT`) of an attempt still `pending`
   * also gives the contact back the attempt `createAttempt` counted: its originate was never sent. Safe to
   * repeat: finishing again with the SAME result word changes nothing and returns the first record
   * (`alreadyFinished: true`); a DIFFERENT result word → `CE_STORE_INVALID_TRANSITION`. A stored result is
   * never overwritten.
   */
  finishAttempt(id: string, result: AttemptResultInput, options?: FinishAttemptOptions): Promise<FinishAttemptOutcome>;
  /**
   * Every attempt that is not finished (of one instance, or all), oldest first: after a restart the
   * engine checks each against the channels Asterisk still has and finishes it.
   */
  listInFlightAttempts(instanceId?: string): Promise<readonly Attempt[]>;
  /** Attempts in creation order (or newest first), filtered. */
  listAttempts(query?: AttemptQuery): Promise<Page<Attempt>>;
  /** The result of a finished attempt, or null while it is live; unknown attempt → `CE_STORE_NOT_FOUND`. */
  getResult(attemptId: string): Promise<AttemptResultRecord | null>;
  /** Results in finishing order (or newest first), filtered: the API's results list and CSV export. */
  listResults(query?: ResultQuery): Promise<Page<AttemptResultRecord>>;
  /** How many results of each word (only words that occur), optionally for one campaign. */
  countResults(campaignId?: string): Promise<Readonly<Partial<Record<CallResult, number>>>>;
}

export interface OutboxStore {
  /**
   * Queues a report durably. The key is an idempotency key: if it is already queued, nothing changes
   * and the existing item is returned with `created: false` (so a retried enqueue cannot send twice).
   */
  enqueueOutbox(item: NewOutboxItem): Promise<{ readonly item: OutboxItem; readonly created: boolean }>;
  /**
   * Reserves the due items of one topic for `owner` until `now + leaseMs`, in queue order: `pending`,
   * `nextAttemptAt <= now`, and not leased (or the lease has expired, e.g. its owner crashed). A
   * sender must then call `markOutboxSent` or `markOutboxFailed` for each.
   */
  leaseOutbox(request: OutboxLeaseRequest): Promise<readonly OutboxItem[]>;
  /** Delivered: the item becomes `sent`. Already sent → no-op; `dead` → `CE_STORE_INVALID_TRANSITION`. */
  markOutboxSent(id: number, at?: number): Promise<OutboxItem>;
  /**
   * Delivery failed: counts the failure, frees the lease and schedules the next try at `retryAt`
   * (backoff computed by the caller), or gives up (`retryAt: null` → `dead`). Only `pending` items
   * (`CE_STORE_INVALID_TRANSITION` otherwise).
   */
  markOutboxFailed(id: number, failure: OutboxFailure): Promise<OutboxItem>;
  /** The item, or `CE_STORE_NOT_FOUND`. */
  getOutboxItem(id: number): Promise<OutboxItem>;
  /** Items in queue order, filtered (for the dashboard and for tests). */
  listOutbox(query?: OutboxQuery): Promise<Page<OutboxItem>>;
  /** Items per status, optionally of one topic. */
  countOutbox(topic?: string): Promise<OutboxCounts>;
  /** Deletes `sent` items sent before `before`; returns how many. Pending and dead items are kept. */
  pruneOutbox(before: number): Promise<number>;
}

export interface DncStore {
  /** Adds a number to the do-not-call list. Already listed → unchanged, `created: false`. */
  addDnc(entry: NewDncEntry): Promise<{ readonly entry: DncEntry; readonly created: boolean }>;
  /** Removes a number; false if it was not listed. */
  removeDnc(phone: string): Promise<boolean>;
  /**
   * The entry if this normalised number may not be called, else null (a malformed number is never
   * listed, so it also gives null). The dialer calls it right before each originate.
   */
  checkDnc(phone: string): Promise<DncEntry | null>;
  /** The list in the order numbers were added. */
  listDnc(query?: PageQuery): Promise<Page<DncEntry>>;
}

export interface AuditStore {
  /** Appends a pause/resume/... event (who, why, when) to the audit trail; it is never changed. */
  appendAuditEvent(event: NewAuditEvent): Promise<AuditEvent>;
  /** The audit trail, newest first unless `order: 'asc'`; with `campaignId`, that campaign's events only. */
  listAuditEvents(query?: AuditQuery): Promise<Page<AuditEvent>>;
}
