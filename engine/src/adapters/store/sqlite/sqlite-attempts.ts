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
import type { SqliteCampaignRepo } from './sqlite-campaigns';
import type { SqliteContactRepo } from './sqlite-contacts';
import { pageOf, type StatementCache } from './sqlite-query';
import { toAttempt, type AttemptRow } from './sqlite-rows';

const LIVE_STATES = ATTEMPT_STATES.filter((s) => s !== 'finished') as LiveAttemptState[];

/** The attempt ledger (without finishing, see `SqliteResultRepo`). */
export class SqliteAttemptRepo {
  constructor(
    private readonly sql: StatementCache,
    private readonly clock: Clock,
    private readonly campaigns: SqliteCampaignRepo,
    private readonly contacts: SqliteContactRepo,
  ) {}

  create(input: NewAttempt): Attempt {
    checkObject(input, 'attempt');
    const id = input.id === undefined ? randomUUID() : checkId(input.id, 'id');
    const direction = checkOneOf(input.direction, ['outbound', 'inbound'], 'direction');
    const phone = direction === 'outbound' ? checkPhone(input.phone) : inboundCaller(input.phone);
    const instanceId = checkId(input.instanceId, 'instanceId');
    const campaignId = this.campaignFor(input);
    const now = this.clock.now();
    if (this.sql.get('SELECT 1 FROM attempts WHERE id = ?').get(id) !== undefined) {
      throw conflict('attempt', id);
    }
    this.sql.get(`INSERT INTO attempts (id, direction, phone, campaign_id, contact_id, line_id, channel_id, scenario,
        instance_id, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`)
      .run(id, direction, phone, campaignId, input.contactId ?? null, optionalText(input.lineId, 'lineId', 128),
        optionalText(input.channelId, 'channelId', 128), optionalText(input.scenario, 'scenario', 200), instanceId, now, now);
    if (input.contactId !== undefined) {
      this.sql.get('UPDATE contacts SET attempt_count = attempt_count + 1, last_attempt_at = ?, updated_at = ? WHERE id = ?')
        .run(now, now, input.contactId);
    }
    return this.get(id);
  }

  get(id: string): Attempt {
    return toAttempt(this.row(id));
  }

  advance(id: string, state: LiveAttemptState, patch: AttemptPatch = {}): Attempt {
    checkObject(patch, 'patch');
    const to = checkOneOf(state, LIVE_STATES, 'state');
    const row = this.row(id);
    checkAttemptMove(id, row.state as LiveAttemptState, to);
    const channelId = patch.channelId === undefined ? row.channel_id : optionalText(patch.channelId, 'channelId', 128);
    const lineId = patch.lineId === undefined ? row.line_id : optionalText(patch.lineId, 'lineId', 128);
    const now = this.clock.now();
    const answeredAt = row.answered_at ?? (to === 'answered' || to === 'transferring' ? now : null);
    this.sql.get('UPDATE attempts SET state = ?, channel_id = ?, line_id = ?, answered_at = ?, updated_at = ? WHERE id = ?')
      .run(to, channelId, lineId, answeredAt, now, id);
    return this.get(id);
  }

  listInFlight(instanceId?: string): Attempt[] {
    const owner = instanceId === undefined ? null : checkId(instanceId, 'instanceId');
    const rows = this.sql.get(`SELECT * FROM attempts WHERE state <> 'finished' AND (@owner IS NULL OR instance_id = @owner)
      ORDER BY seq`).all({ owner }) as AttemptRow[];
    return rows.map(toAttempt);
  }

  list(query: AttemptQuery = {}): Page<Attempt> {
    checkObject(query, 'query');
    const campaignId = query.campaignId === undefined ? undefined : checkId(query.campaignId, 'campaignId');
    const state = query.state === undefined ? undefined : checkOneOf(query.state, ATTEMPT_STATES, 'state');
    return pageOf<AttemptRow, Attempt>(this.sql, {
      select: 'SELECT * FROM attempts', key: 'seq',
      filters: [['campaign_id = ?', campaignId], ['contact_id = ?', query.contactId], ['state = ?', state]],
      order: query.order, defaultOrder: 'asc', cursor: query.cursor, limit: query.limit,
    }, toAttempt);
  }

  /** The attempt row, or `CE_STORE_NOT_FOUND`. */
  row(id: unknown): AttemptRow {
    const row = typeof id === 'string' ? (this.sql.get('SELECT * FROM attempts WHERE id = ?').get(id) as AttemptRow | undefined) : undefined;
    if (row === undefined) throw notFound('attempt', String(id));
    return row;
  }

  /** Checks the campaign/contact pair and returns the campaign id to store. */
  private campaignFor(input: NewAttempt): string | null {
    if (input.contactId === undefined) {
      if (input.campaignId === undefined) return null;
      this.campaigns.stateOf(checkId(input.campaignId, 'campaignId'));
      return input.campaignId;
    }
    const contact = this.contacts.row(input.contactId);
    if (input.campaignId !== undefined && input.campaignId !== contact.campaign_id) {
      throw invalidInput('campaignId', `contact ${contact.id} belongs to campaign ${contact.campaign_id}`);
    }
    if (contact.status !== 'claimed') {
      throw invalidTransition(`contact ${contact.id} is ${contact.status}; claim it before dialling`, { contactId: contact.id });
    }
    if (this.contacts.hasLiveAttempt(contact.id)) {
      throw invalidTransition(`contact ${contact.id} already has a call in progress`, { contactId: contact.id });
    }
    return contact.campaign_id;
  }
}

/** Inbound caller ids are stored as received ('anonymous', '') but bounded and free of control characters. */
function inboundCaller(phone: unknown): string {
  if (typeof phone !== 'string' || phone.length > 64 || /[\u0000-\u001f]/.test(phone)) {
    throw invalidInput('phone', 'an inbound caller id is a string of at most 64 printable characters');
  }
  return phone;
}
