import { randomUUID } from 'node:crypto';
import type { Clock } from '../../../ports/clock.port';
import {
  CAMPAIGN_STATES, type AuditInput, type Campaign, type CampaignQuery, type CampaignSettings, type CampaignState,
  type NewCampaign, type Page,
} from '../../../ports/call-store.port';
import { checkId, checkObject, checkOneOf, checkText, invalidInput, invalidTransition, notFound, toJsonObject } from '../store-input';
import { INITIAL_CAMPAIGN_STATES, auditActionFor, checkCampaignMove } from '../store-rules';
// Same columns in both databases, and the pool returns bigint as number and json as text: one mapping.
import { toCampaign, type CampaignRow } from '../sqlite/sqlite-rows';
import type { PgDb } from './pg-database';
import type { PgAuditRepo } from './pg-dnc-audit';
import { first, pageOf } from './pg-query';

/** How a statement locks the campaign row it reads (see `row`). */
export type CampaignLock = 'none' | 'share' | 'update';

const LOCKS: Record<CampaignLock, string> = { none: '', share: ' FOR SHARE', update: ' FOR UPDATE' };

/** Campaign rows. Every method runs inside the facade's transaction on `db`. */
export class PgCampaignRepo {
  constructor(
    private readonly clock: Clock,
    private readonly audit: PgAuditRepo,
  ) {}

  async create(db: PgDb, input: NewCampaign): Promise<Campaign> {
    checkObject(input, 'campaign');
    const id = input.id === undefined ? randomUUID() : checkId(input.id, 'id');
    const name = checkText(input.name, 'name', 200);
    const state = input.state === undefined ? 'draft' : checkOneOf(input.state, INITIAL_CAMPAIGN_STATES, 'state');
    const settings = settingsJson(input.settings);
    const now = this.clock.now();
    const row = await first<CampaignRow>(db, `INSERT INTO campaigns (id, name, state, settings, created_at, updated_at)
      VALUES ($1, $2, $3, $4, $5, $5) RETURNING *`, [id, name, state, settings, now]);
    return toCampaign(row as CampaignRow);
  }

  async get(db: PgDb, id: string): Promise<Campaign> {
    return toCampaign(await this.row(db, id));
  }

  async list(db: PgDb, query: CampaignQuery = {}): Promise<Page<Campaign>> {
    checkObject(query, 'query');
    const state = query.state === undefined ? undefined : checkOneOf(query.state, CAMPAIGN_STATES, 'state');
    return pageOf<CampaignRow, Campaign>(db, {
      select: 'SELECT * FROM campaigns', key: 'seq', filters: [['state = ?', state]],
      defaultOrder: 'asc', cursor: query.cursor, limit: query.limit,
    }, toCampaign);
  }

  async update(db: PgDb, id: string, patch: { readonly name?: string; readonly settings?: CampaignSettings }): Promise<Campaign> {
    checkObject(patch, 'patch');
    const current = await this.row(db, id, 'update');
    if (current.state === 'stopped') throw invalidTransition(`campaign ${id} is stopped`, { id });
    const name = patch.name === undefined ? current.name : checkText(patch.name, 'name', 200);
    const settings = patch.settings === undefined ? current.settings : settingsJson(patch.settings);
    const row = await first<CampaignRow>(db, 'UPDATE campaigns SET name = $1, settings = $2, updated_at = $3 WHERE id = $4 RETURNING *',
      [name, settings, this.clock.now(), id]);
    return toCampaign(row as CampaignRow);
  }

  async setState(db: PgDb, id: string, state: CampaignState, audit?: AuditInput): Promise<{ campaign: Campaign; changed: boolean }> {
    const to = checkOneOf(state, CAMPAIGN_STATES, 'state');
    if (audit !== undefined) checkObject(audit, 'audit');
    // FOR UPDATE: waits for a claim that holds the row FOR SHARE, so a pause never interleaves with one.
    const current = await this.row(db, id, 'update');
    const from = current.state as CampaignState;
    if (from === to) return { campaign: toCampaign(current), changed: false };
    checkCampaignMove(id, from, to);
    const now = this.clock.now();
    const row = await first<CampaignRow>(db, 'UPDATE campaigns SET state = $1, updated_at = $2 WHERE id = $3 RETURNING *', [to, now, id]);
    if (audit !== undefined) await this.audit.append(db, { ...audit, campaignId: id, action: auditActionFor(from, to), at: now });
    return { campaign: toCampaign(row as CampaignRow), changed: true };
  }

  /** The campaign's state, or `CE_STORE_NOT_FOUND`; `lock` makes concurrent state changes wait for us. */
  async stateOf(db: PgDb, id: string, lock: CampaignLock = 'none'): Promise<CampaignState> {
    return (await this.row(db, id, lock)).state as CampaignState;
  }

  private async row(db: PgDb, id: unknown, lock: CampaignLock = 'none'): Promise<CampaignRow> {
    const row = typeof id === 'string' ? await first<CampaignRow>(db, `SELECT * FROM campaigns WHERE id = $1${LOCKS[lock]}`, [id]) : undefined;
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
