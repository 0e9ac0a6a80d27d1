import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../ports/clock.port';
import {
  ATTEMPT_STATES, type Attempt, type AttemptPatch, type AttemptQuery, type LiveAttemptState, type NewAttempt,
  type Page,
} from '../../../ports/call-store.port';
import {
  checkId, checkObject, checkOneOf, checkPhone, conflict, invalidInput, invalidTransition, notFound, optionalText,
} from '../store-input';
import { checkAttemptMove } from '../store-rules';
import { toAttempt, type AttemptRow } from '../sqlite/sqlite-rows';
import type { PgCampaignRepo } from './pg-campaigns';
import type { PgContactRepo } from './pg-contacts';
import type { PgDb } from './pg-database';
import { first, pageOf, rows } from './pg-query';

const LIVE_STATES = ATTEMPT_STATES.filter((s) => s !== 'finished') as LiveAttemptState[];

/** The attempt ledger (without finishing, see `PgResultRepo`). */
export class PgAttemptRepo {
  constructor(
    private readonly clock: Clock,
    private readonly campaigns: PgCampaignRepo,
    private readonly contacts: PgContactRepo,
  ) {}

  /**
   * Locks the contact first (FOR UPDATE), so two engines dialling one contact run one after the other
   * and the second sees the first's live attempt; the partial unique index `attempts_one_live_per_contact`
   * is the database's own backstop for the same rule.
   */
  async create(db: PgDb, input: NewAttempt): Promise<Attempt> {
    checkObject(input, 'attempt');
    const id = input.id === undefined ? randomUUID() : checkId(input.id, 'id');
    const direction = checkOneOf(input.direction, ['outbound', 'inbound'], 'direction');
    const phone = direction === 'outbound' ? checkPhone(input.phone) : inboundCaller(input.phone);
    const instanceId = checkId(input.instanceId, 'instanceId');
    const lineId = optionalText(input.lineId, 'lineId', 128);
    const channelId = optionalText(input.channelId, 'channelId', 128);
    const scenario = optionalText(input.scenario, 'scenario', 200);
    const campaignId = await this.campaignFor(db, input);
    const now = this.clock.now();
    const row = await first<AttemptRow>(db, `INSERT INTO attempts (id, direction, phone, campaign_id, contact_id, line_id, channel_id,
        scenario, instance_id, state, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending', $10, $10)
      ON CONFLICT (id) DO NOTHING RETURNING *`,
    [id, direction, phone, campaignId, input.contactId ?? null, lineId, channelId, scenario, instanceId, now]);
    if (row === undefined) throw conflict('attempt', id);
    if (input.contactId !== undefined) {
      await db.query('UPDATE contacts SET attempt_count = attempt_count + 1, last_attempt_at = $1, updated_at = $1 WHERE id = $2',
        [now, input.contactId]);
    }
    return toAttempt(row);
  }

  async get(db: PgDb, id: string): Promise<Attempt> {
    return toAttempt(await this.row(db, id));
  }

  async advance(db: PgDb, id: string, state: LiveAttemptState, patch: AttemptPatch = {}): Promise<Attempt> {
    checkObject(patch, 'patch');
    const to = checkOneOf(state, LIVE_STATES, 'state');
    const row = await this.row(db, id, true);
    checkAttemptMove(id, row.state as LiveAttemptState, to);
    const channelId = patch.channelId === undefined ? row.channel_id : optionalText(patch.channelId, 'channelId', 128);
    const lineId = patch.lineId === undefined ? row.line_id : optionalText(patch.lineId, 'lineId', 128);
    const now = this.clock.now();
    const answeredAt = row.answered_at ?? (to === 'answered' || to === 'transferring' ? now : null);
    const updated = await first<AttemptRow>(db, `UPDATE attempts SET state = $1, channel_id = $2, line_id = $3, answered_at = $4,
      updated_at = $5 WHERE id = $6 RETURNING *`, [to, channelId, lineId, answeredAt, now, id]);
    return toAttempt(updated as AttemptRow);
  }

  async listInFlight(db: PgDb, instanceId?: string): Promise<Attempt[]> {
    const owner = instanceId === undefined ? null : checkId(instanceId, 'instanceId');
    const got = await rows<AttemptRow>(db, `SELECT * FROM attempts WHERE state <> 'finished' AND ($1::text IS NULL OR instance_id = $1)
      ORDER BY seq`, [owner]);
    return got.map(toAttempt);
  }

  async list(db: PgDb, query: AttemptQuery = {}): Promise<Page<Attempt>> {
    checkObject(query, 'query');
    const campaignId = query.campaignId === undefined ? undefined : checkId(query.campaignId, 'campaignId');
    const state = query.state === undefined ? undefined : checkOneOf(query.state, ATTEMPT_STATES, 'state');
    const contactId = query.contactId === undefined ? undefined : checkContactId(query.contactId);
    return pageOf<AttemptRow, Attempt>(db, {
      select: 'SELECT * FROM attempts', key: 'seq',
      filters: [['campaign_id = ?', campaignId], ['contact_id = ?', contactId], ['state = ?', state]],
      order: query.order, defaultOrder: 'asc', cursor: query.cursor, limit: query.limit,
    }, toAttempt);
  }

  /** The attempt row (locked FOR UPDATE when `lock`), or `CE_STORE_NOT_FOUND`. */
  async row(db: PgDb, id: unknown, lock = false): Promise<AttemptRow> {
    const row = typeof id === 'string'
      ? await first<AttemptRow>(db, `SELECT * FROM attempts WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])
      : undefined;
    if (row === undefined) throw notFound('attempt', String(id));
    return row;
  }

  /** Checks the campaign/contact pair and returns the campaign id to store. */
  private async campaignFor(db: PgDb, input: NewAttempt): Promise<string | null> {
    if (input.contactId === undefined) {
      if (input.campaignId === undefined) return null;
      await this.campaigns.stateOf(db, checkId(input.campaignId, 'campaignId'));
      return input.campaignId;
    }
    const contact = await this.contacts.row(db, input.contactId, true);
    if (input.campaignId !== undefined && input.campaignId !== contact.campaign_id) {
      throw invalidInput('campaignId', `contact ${contact.id} belongs to campaign ${contact.campaign_id}`);
    }
    if (contact.status !== 'claimed') {
      throw invalidTransition(`contact ${contact.id} is ${contact.status}; claim it before dialling`, { contactId: contact.id });
    }
    if (await this.contacts.hasLiveAttempt(db, contact.id)) {
      throw invalidTransition(`contact ${contact.id} already has a call in progress`, { contactId: contact.id });
    }
    return contact.campaign_id;
  }
}

/** A contact id filter: PostgreSQL would refuse a non-integer parameter for a bigint column. */
function checkContactId(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw invalidInput('contactId', 'must be an integer');
  return value;
}

/** Inbound caller ids are stored as received ('anonymous', '') but bounded and free of control characters. */
function inboundCaller(phone: unknown): string {
  if (typeof phone !== 'string' || phone.length > 64 || /[\u0000-\u001f]/.test(phone)) {
    throw invalidInput('phone', 'an inbound caller id is a string of at most 64 printable characters');
  }
  return phone;
}
