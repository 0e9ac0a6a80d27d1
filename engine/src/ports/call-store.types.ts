import type { CallResult } from './call-ledger.types';

/**
 * Domain types of the call store (campaigns, contacts, the attempt ledger, results, the report outbox,
 * the do-not-call list and the pause/resume audit). They are ours, not a database's: every adapter
 * (SQLite now, PostgreSQL later) maps its rows to exactly these shapes. Times are epoch milliseconds,
 * as given by the `Clock` port.
 * This file: shared shapes, campaigns and contacts; `call-ledger.types.ts`: attempts, results,
 * outbox, DNC and audit.
 */

/** A value that survives `JSON.stringify` → `JSON.parse` unchanged. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | JsonObject;
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

/** One page of a list; pass `nextCursor` back as `cursor` to get the next page (null = no more rows). */
export interface Page<T> {
  readonly items: readonly T[];
  /** Opaque; never parse it. */
  readonly nextCursor: string | null;
}

/** Paging options shared by every list method. `limit` is 1..1000 (default 100). */
export interface PageQuery {
  readonly limit?: number;
  readonly cursor?: string;
}

// ---------------------------------------------------------------------------------------------- campaigns

/**
 * draft → running | stopped; running → paused | stopped | completed; paused → running | stopped;
 * completed → running | stopped; stopped is final.
 */
export const CAMPAIGN_STATES = ['draft', 'running', 'paused', 'stopped', 'completed'] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];

/**
 * What the dialer needs to run a campaign. The store keeps it as JSON and does not interpret it beyond
 * `scenario` and `timeZone`; the dialer plugin validates the rest with its own schema.
 */
export interface CampaignSettings {
  /** Scenario name (file under assets/scenarios) used for this campaign's calls. */
  readonly scenario: string;
  /** IANA time zone of the calling windows, e.g. `Asia/Tehran`. */
  readonly timeZone: string;
  /** Line ids (outbound numbers) the campaign may use; empty or absent = all lines. */
  readonly lines?: readonly string[];
  readonly windows?: JsonValue;
  readonly retryPolicy?: JsonValue;
  readonly caps?: JsonValue;
  readonly [extra: string]: JsonValue | undefined;
}

export interface Campaign {
  readonly id: string;
  readonly name: string;
  readonly state: CampaignState;
  readonly settings: CampaignSettings;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface NewCampaign {
  /** Optional stable id (e.g. `panel` for the panel-fed campaign); a UUID is generated otherwise. */
  readonly id?: string;
  readonly name: string;
  /** Defaults to `draft`. Only `draft`, `running` or `paused` may be given. */
  readonly state?: CampaignState;
  readonly settings: CampaignSettings;
}

export interface CampaignQuery extends PageQuery {
  readonly state?: CampaignState;
}

// ---------------------------------------------------------------------------------------------- contacts

/**
 * pending = waiting to be dialled once `nextEligibleAt` has passed; claimed = reserved by one engine
 * instance (between the claim and its attempt's end); done = no more calls (its last result says why);
 * skipped = never to be dialled again without a call (DNC, invalid, cancelled by an operator).
 */
export const CONTACT_STATUSES = ['pending', 'claimed', 'done', 'skipped'] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

export interface NewContact {
  /** Normalised number: digits with an optional leading `+` (3..20 digits). Anything else is rejected. */
  readonly phone: string;
  /** The source's id of this number (the panel's `number_id`, a CSV row key). */
  readonly externalId?: string;
  readonly name?: string;
  /** The contact's own IANA time zone, when windows follow the contact. */
  readonly timeZone?: string;
  /** Earliest dial time; defaults to the insert time. */
  readonly notBefore?: number;
  /** Extra fields from the source (CSV columns, panel batch id). */
  readonly data?: JsonObject;
}

export interface Contact {
  readonly id: number;
  readonly campaignId: string;
  readonly phone: string;
  readonly externalId: string | null;
  readonly name: string | null;
  readonly timeZone: string | null;
  readonly data: JsonObject | null;
  readonly status: ContactStatus;
  /**
   * Attempts dialled for this contact so far: incremented by `createAttempt`, given back when a still
   * `pending` attempt finishes as `failed:not_dialled` (`NOT_DIALLED_RESULT`: its originate was never sent).
   */
  readonly attemptCount: number;
  /** The contact is not claimable before this time. */
  readonly nextEligibleAt: number;
  readonly lastAttemptAt: number | null;
  readonly lastResult: CallResult | null;
  /** Why `closeContact` closed it (`dnc`, `max_attempts`); null when a finished call closed it (see `lastResult`). */
  readonly closeReason: string | null;
  readonly claimedBy: string | null;
  readonly claimedAt: number | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** Outcome of a bulk insert: duplicates and invalid rows are reported, never fatal. */
export interface ContactInsertReport {
  readonly inserted: number;
  /** `index` is the row's position in the input; `existingId` is the contact that already has the number. */
  readonly duplicates: readonly { readonly index: number; readonly phone: string; readonly existingId: number }[];
  readonly invalid: readonly { readonly index: number; readonly phone: string; readonly reason: string }[];
}

export interface ContactQuery extends PageQuery {
  readonly status?: ContactStatus;
}

export type ContactCounts = Readonly<Record<ContactStatus, number>>;
