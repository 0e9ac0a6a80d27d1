import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../ports/clock.port';
import {
  CAMPAIGN_STATES, type AuditInput, type Campaign, type CampaignQuery, type CampaignSettings, type CampaignState,
  type NewCampaign, type Page,
} from '../../../ports/call-store.port';
import { checkId, checkObject, checkOneOf, checkText, invalidInput, invalidTransition, notFound, toJsonObject } from '../store-input';
import { INITIAL_CAMPAIGN_STATES, auditActionFor, checkCampaignMove } from '../store-rules';
import type { SqliteAuditRepo } from './sqlite-dnc-audit';
import { pageOf, type StatementCache } from './sqlite-query';
import { toCampaign, type CampaignRow } from './sqlite-rows';

/** Campaign rows. Methods are synchronous and run inside the facade's transaction. */
export class SqliteCampaignRepo {
  constructor(
    private readonly sql: StatementCache,
    private readonly clock: Clock,
    private readonly audit: SqliteAuditRepo,
  ) {}

  create(input: NewCampaign): Campaign {
    checkObject(input, 'campaign');
    const id = input.id === undefined ? randomUUID() : checkId(input.id, 'id');
    const name = checkText(input.name, 'name', 200);
    const state = input.state === undefined ? 'draft' : checkOneOf(input.state, INITIAL_CAMPAIGN_STATES, 'state');
    const settings = settingsJson(input.settings);
    const now = this.clock.now();
    this.sql
      .get('INSERT INTO campaigns (id, name, state, settings, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, name, state, settings, now, now);
    return this.get(id);
  }

  /** The row, or `CE_STORE_NOT_FOUND`. */
  get(id: string): Campaign {
    return toCampaign(this.row(id));
  }

  list(query: CampaignQuery = {}): Page<Campaign> {
    checkObject(query, 'query');
    const state = query.state === undefined ? undefined : checkOneOf(query.state, CAMPAIGN_STATES, 'state');
    return pageOf<CampaignRow, Campaign>(this.sql, {
      select: 'SELECT * FROM campaigns', key: 'seq', filters: [['state = ?', state]],
      defaultOrder: 'asc', cursor: query.cursor, limit: query.limit,
    }, toCampaign);
  }

  update(id: string, patch: { readonly name?: string; readonly settings?: CampaignSettings }): Campaign {
    checkObject(patch, 'patch');
    const current = this.row(id);
    if (current.state === 'stopped') throw invalidTransition(`campaign ${id} is stopped`, { id });
    const name = patch.name === undefined ? current.name : checkText(patch.name, 'name', 200);
    const settings = patch.settings === undefined ? current.settings : settingsJson(patch.settings);
    this.sql.get('UPDATE campaigns SET name = ?, settings = ?, updated_at = ? WHERE id = ?').run(name, settings, this.clock.now(), id);
    return this.get(id);
  }

  setState(id: string, state: CampaignState, audit?: AuditInput): { campaign: Campaign; changed: boolean } {
    const to = checkOneOf(state, CAMPAIGN_STATES, 'state');
    if (audit !== undefined) checkObject(audit, 'audit');
    const current = this.row(id);
    const from = current.state as CampaignState;
    if (from === to) return { campaign: toCampaign(current), changed: false };
    checkCampaignMove(id, from, to);
    const now = this.clock.now();
    this.sql.get('UPDATE campaigns SET state = ?, updated_at = ? WHERE id = ?').run(to, now, id);
    if (audit !== undefined) this.audit.append({ ...audit, campaignId: id, action: auditActionFor(from, to), at: now });
    return { campaign: this.get(id), changed: true };
  }

  /** The campaign's state, or `CE_STORE_NOT_FOUND`. */
  stateOf(id: string): CampaignState {
    return this.row(id).state as CampaignState;
  }

  private row(id: unknown): CampaignRow {
    const row = typeof id === 'string' ? (this.sql.get('SELECT * FROM campaigns WHERE id = ?').get(id) as CampaignRow | undefined) : undefined;
    if (row === undefined) throw notFound('campaign', String(id));
    return row;
  }
}

function settingsJson(settings: unknown): string {
  const text = toJsonObject(settings, 'settings');
  const s = settings as Record<string, unknown>;
  checkText(s['scenario'], 'settings.scenario', 200);
  checkText(s['timeZone'], 'settings.timeZone', 64);
  const lines = s['lines'];
  if (lines !== undefined && !(Array.isArray(lines) && lines.every((l) => typeof l === 'string'))) {
    throw invalidInput('settings.lines', 'must be a list of line ids');
  }
  return text;
}
