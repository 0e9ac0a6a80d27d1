import { EngineError } from '../../../errors';
import type { Clock } from '../../../ports/clock.port';
import type { Logger } from '../../../ports/logger.port';
import type * as P from '../../../ports/call-store.port';
import { SQLITE_MIGRATIONS } from './migrations';
import {
  IN_MEMORY, integrityProblems, openSqliteDatabase, readPragmas, toStoreError, type SqliteDb, type SqliteDurability,
  type SqlitePragmas,
} from './sqlite-database';
import { runMigrations } from './sqlite-migrator';
import { StatementCache } from './sqlite-query';
import { SqliteCampaignRepo } from './sqlite-campaigns';
import { SqliteContactRepo } from './sqlite-contacts';
import { SqliteAttemptRepo } from './sqlite-attempts';
import { SqliteResultRepo } from './sqlite-results';
import { SqliteOutboxRepo } from './sqlite-outbox';
import { SqliteAuditRepo, SqliteDncRepo } from './sqlite-dnc-audit';
import { SqliteLineSlotRepo, sqliteLineSlots } from './sqlite-line-slots';

export interface SqliteCallStoreOptions {
  /** Database file (its folder is created if missing), or `:memory:` for a throw-away store. */
  readonly path: string;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Default `full` (survives power loss); `normal` survives process crashes only. See engine/docs/store.md. */
  readonly durability?: SqliteDurability;
  readonly busyTimeoutMs?: number;
}

export interface SqliteStoreInfo extends SqlitePragmas {
  readonly path: string;
  readonly schemaVersion: number;
}

/**
 * `CallStorePort` on SQLite (better-sqlite3, WAL). better-sqlite3 is synchronous: each method runs its
 * whole transaction before returning, so no two store calls ever interleave inside this process, and
 * the returned promise is already settled. Writes use BEGIN IMMEDIATE so a second process waits on
 * `busy_timeout` instead of failing half-way.
 */
export class SqliteCallStore implements P.CallStorePort {
  readonly lineSlots: P.LineSlotStore;
  private readonly db: SqliteDb;
  private readonly log: Logger;
  private readonly path: string;
  private closed = false;
  private readonly campaigns: SqliteCampaignRepo;
  private readonly contacts: SqliteContactRepo;
  private readonly attempts: SqliteAttemptRepo;
  private readonly results: SqliteResultRepo;
  private readonly outbox: SqliteOutboxRepo;
  private readonly dnc: SqliteDncRepo;
  private readonly audit: SqliteAuditRepo;

  /** Opens and migrates; throws `CE_STORE_OPEN_FAILED` or `CE_STORE_MIGRATION_FAILED`. */
  constructor(opts: SqliteCallStoreOptions) {
    this.log = opts.logger.child({ component: 'sqlite-store' });
    this.path = opts.path;
    this.db = openSqliteDatabase(opts);
    try {
      const report = runMigrations(this.db, SQLITE_MIGRATIONS, this.log, opts.clock.now());
      this.log.info({ path: opts.path, schemaVersion: report.to, migrated: report.applied.length }, 'store opened');
    } catch (err) {
      this.db.close();
      throw err;
    }
    const sql = new StatementCache(this.db);
    this.audit = new SqliteAuditRepo(sql, opts.clock);
    this.dnc = new SqliteDncRepo(sql, opts.clock);
    this.outbox = new SqliteOutboxRepo(sql, opts.clock);
    this.campaigns = new SqliteCampaignRepo(sql, opts.clock, this.audit);
    this.contacts = new SqliteContactRepo(sql, opts.clock, this.campaigns);
    this.attempts = new SqliteAttemptRepo(sql, opts.clock, this.campaigns, this.contacts);
    this.results = new SqliteResultRepo(sql, opts.clock, this.attempts, this.outbox);
    this.lineSlots = sqliteLineSlots(new SqliteLineSlotRepo(sql), { read: (fn) => this.read(fn), write: (fn) => this.write(fn) });
  }

  async createCampaign(input: P.NewCampaign) { return this.write(() => this.campaigns.create(input)); }
  async getCampaign(id: string) { return this.read(() => this.campaigns.get(id)); }
  async listCampaigns(query?: P.CampaignQuery) { return this.read(() => this.campaigns.list(query)); }
  async updateCampaign(id: string, patch: { readonly name?: string; readonly settings?: P.CampaignSettings }) {
    return this.write(() => this.campaigns.update(id, patch));
  }
  async setCampaignState(id: string, state: P.CampaignState, audit?: P.AuditInput) {
    return this.write(() => this.campaigns.setState(id, state, audit));
  }

  async insertContacts(campaignId: string, contacts: readonly P.NewContact[]) {
    return this.write(() => this.contacts.insertMany(campaignId, contacts));
  }
  async getContact(id: number) { return this.read(() => this.contacts.get(id)); }
  async findContactByPhone(campaignId: string, phone: string) { return this.read(() => this.contacts.findByPhone(campaignId, phone)); }
  async listContacts(campaignId: string, query?: P.ContactQuery) { return this.read(() => this.contacts.list(campaignId, query)); }
  async countContacts(campaignId: string) { return this.read(() => this.contacts.count(campaignId)); }
  async claimContacts(campaignId: string, limit: number, now: number, instanceId: string) {
    return this.write(() => this.contacts.claim(campaignId, limit, now, instanceId));
  }
  async releaseContact(id: number, nextEligibleAt: number) { return this.write(() => this.contacts.release(id, nextEligibleAt)); }
  async releaseClaims(instanceId?: string) { return this.write(() => this.contacts.releaseClaims(instanceId)); }
  async closeContact(id: number, status: 'done' | 'skipped', reason: string) {
    return this.write(() => this.contacts.close(id, status, reason));
  }
  async reopenContact(id: number, nextEligibleAt: number) { return this.write(() => this.contacts.reopen(id, nextEligibleAt)); }

  async createAttempt(input: P.NewAttempt) { return this.write(() => this.attempts.create(input)); }
  async getAttempt(id: string) { return this.read(() => this.attempts.get(id)); }
  async advanceAttempt(id: string, state: P.LiveAttemptState, patch?: P.AttemptPatch) {
    return this.write(() => this.attempts.advance(id, state, patch));
  }
  async finishAttempt(id: string, result: P.AttemptResultInput, options?: P.FinishAttemptOptions) {
    return this.write(() => this.results.finish(id, result, options));
  }
  async listInFlightAttempts(instanceId?: string) { return this.read(() => this.attempts.listInFlight(instanceId)); }
  async listAttempts(query?: P.AttemptQuery) { return this.read(() => this.attempts.list(query)); }
  async getResult(attemptId: string) { return this.read(() => this.results.get(attemptId)); }
  async listResults(query?: P.ResultQuery) { return this.read(() => this.results.list(query)); }
  async countResults(campaignId?: string) { return this.read(() => this.results.count(campaignId)); }

  async enqueueOutbox(item: P.NewOutboxItem) { return this.write(() => this.outbox.enqueue(item)); }
  async leaseOutbox(request: P.OutboxLeaseRequest) { return this.write(() => this.outbox.lease(request)); }
  async markOutboxSent(id: number, at?: number) { return this.write(() => this.outbox.markSent(id, at)); }
  async markOutboxFailed(id: number, failure: P.OutboxFailure) { return this.write(() => this.outbox.markFailed(id, failure)); }
  async getOutboxItem(id: number) { return this.read(() => this.outbox.get(id)); }
  async listOutbox(query?: P.OutboxQuery) { return this.read(() => this.outbox.list(query)); }
  async countOutbox(topic?: string) { return this.read(() => this.outbox.count(topic)); }
  async pruneOutbox(before: number) { return this.write(() => this.outbox.prune(before)); }

  async addDnc(entry: P.NewDncEntry) { return this.write(() => this.dnc.add(entry)); }
  async removeDnc(phone: string) { return this.write(() => this.dnc.remove(phone)); }
  async checkDnc(phone: string) { return this.read(() => this.dnc.check(phone)); }
  async listDnc(query?: P.PageQuery) { return this.read(() => this.dnc.list(query)); }

  async appendAuditEvent(event: P.NewAuditEvent) { return this.write(() => this.audit.append(event)); }
  async listAuditEvents(query?: P.AuditQuery) { return this.read(() => this.audit.list(query)); }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
    this.log.info({ path: this.path }, 'store closed');
  }

  /** Pragmas in force and the schema version (for `/health` and tests). */
  info(): SqliteStoreInfo {
    this.checkOpen();
    const version = this.db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get() as number;
    return { ...readPragmas(this.db), path: this.path, schemaVersion: version };
  }

  /** `PRAGMA integrity_check`: [] when the file is sound. */
  checkIntegrity(): string[] {
    this.checkOpen();
    return integrityProblems(this.db);
  }

  get inMemory(): boolean {
    return this.path === IN_MEMORY;
  }

  private read<T>(fn: () => T): T {
    this.checkOpen();
    try {
      return fn();
    } catch (err) {
      throw this.failure(err);
    }
  }

  private write<T>(fn: () => T): T {
    this.checkOpen();
    try {
      return this.db.transaction(fn).immediate();
    } catch (err) {
      throw this.failure(err);
    }
  }

  private checkOpen(): void {
    if (this.closed) throw new EngineError('CE_STORE_CLOSED');
  }

  private failure(err: unknown): EngineError {
    const mapped = toStoreError(err);
    if (mapped.code === 'CE_STORE_FAILED') this.log.error({ err }, 'store operation failed');
    return mapped;
  }
}

/** Opens (creating and migrating) a SQLite call store; the composition root registers it under CALL_STORE_PORT. */
export function createSqliteCallStore(opts: SqliteCallStoreOptions): SqliteCallStore {
  return new SqliteCallStore(opts);
}
