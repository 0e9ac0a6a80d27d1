import type pg from 'pg';
import { EngineError, describeError } from '../../../errors';
import type { Clock } from '../../../ports/clock.port';
import type { Logger } from '../../../ports/logger.port';
import type * as P from '../../../ports/call-store.port';
import { PG_MIGRATIONS } from './migrations';
import { checkSchemaName, createPgPool, redactUrl } from './pg-database';
import { runPgMigrations, type PgMigrationReport } from './pg-migrator';
import { PgRunner } from './pg-transactions';
import { PgCampaignRepo } from './pg-campaigns';
import { PgContactRepo } from './pg-contacts';
import { PgAttemptRepo } from './pg-attempts';
import { PgResultRepo } from './pg-results';
import { PgOutboxRepo } from './pg-outbox';
import { PgAuditRepo, PgDncRepo } from './pg-dnc-audit';
import { PgLineSlotRepo } from './pg-line-slots';

export interface PostgresCallStoreOptions {
  /** `postgres://user:password@host:5432/database` (config `store.postgres.url`). */
  readonly url: string;
  /** Connections in this engine's pool (config `store.postgres.poolSize`). */
  readonly poolSize: number;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Schema holding the tables; created if missing. Default `public`. Lower-case letters, digits, `_`. */
  readonly schema?: string;
  /** How long a statement waits for a row lock before failing with `CE_STORE_FAILED`; default 5000. */
  readonly lockTimeoutMs?: number;
  /** How long opening a connection may take; default 5000. */
  readonly connectTimeoutMs?: number;
  /** `application_name` of the connections (see `pg_stat_activity`); default `salehi-call-engine`. */
  readonly applicationName?: string;
}

export interface PostgresStoreInfo {
  readonly url: string;
  readonly schema: string;
  readonly schemaVersion: number;
  readonly poolSize: number;
  /** Connections open now, and requests waiting for one. */
  readonly connections: number;
  readonly waiting: number;
}

interface Repos {
  readonly campaigns: PgCampaignRepo;
  readonly contacts: PgContactRepo;
  readonly attempts: PgAttemptRepo;
  readonly results: PgResultRepo;
  readonly outbox: PgOutboxRepo;
  readonly dnc: PgDncRepo;
  readonly audit: PgAuditRepo;
  readonly lines: PgLineSlotRepo;
}

function buildRepos(clock: Clock): Repos {
  const audit = new PgAuditRepo(clock);
  const outbox = new PgOutboxRepo(clock);
  const campaigns = new PgCampaignRepo(clock, audit);
  const contacts = new PgContactRepo(clock, campaigns);
  const attempts = new PgAttemptRepo(clock, campaigns, contacts);
  const results = new PgResultRepo(clock, attempts, outbox);
  return { campaigns, contacts, attempts, results, outbox, dnc: new PgDncRepo(clock), audit, lines: new PgLineSlotRepo() };
}

/**
 * `CallStorePort` on PostgreSQL (node-postgres pool), for several engine instances sharing one
 * database (PRODUCT.md §2 scale-out). Same semantics and error codes as the SQLite adapter (both pass
 * `test/contract/store-contract.ts`); where SQLite relies on its single writer, this adapter takes row
 * locks (see each repo). Each method is one transaction on one pooled connection.
 */
export class PostgresCallStore implements P.CallStorePort {
  readonly lineSlots: P.LineSlotStore;
  private readonly r: Repos;

  constructor(
    private readonly run: PgRunner,
    private readonly pool: pg.Pool,
    private readonly opts: { readonly url: string; readonly schema: string; readonly poolSize: number; readonly log: Logger },
    clock: Clock,
  ) {
    this.r = buildRepos(clock);
    const lines = this.r.lines;
    this.lineSlots = {
      reserveLineSlot: (request) => run.write((db) => lines.reserve(db, request)),
      releaseLineSlot: (slotId) => run.write((db) => lines.release(db, slotId)),
      releaseLineSlots: (instanceId) => run.write((db) => lines.releaseAll(db, instanceId)),
      lineUsage: (lineIds, now) => run.read((db) => lines.usage(db, lineIds, now)),
    };
  }

  createCampaign(input: P.NewCampaign) { return this.run.write((db) => this.r.campaigns.create(db, input)); }
  getCampaign(id: string) { return this.run.read((db) => this.r.campaigns.get(db, id)); }
  listCampaigns(query?: P.CampaignQuery) { return this.run.read((db) => this.r.campaigns.list(db, query)); }
  updateCampaign(id: string, patch: { readonly name?: string; readonly settings?: P.CampaignSettings }) {
    return this.run.write((db) => this.r.campaigns.update(db, id, patch));
  }
  setCampaignState(id: string, state: P.CampaignState, audit?: P.AuditInput) {
    return this.run.write((db) => this.r.campaigns.setState(db, id, state, audit));
  }

  insertContacts(campaignId: string, contacts: readonly P.NewContact[]) {
    return this.run.write((db) => this.r.contacts.insertMany(db, campaignId, contacts));
  }
  getContact(id: number) { return this.run.read((db) => this.r.contacts.get(db, id)); }
  findContactByPhone(campaignId: string, phone: string) { return this.run.read((db) => this.r.contacts.findByPhone(db, campaignId, phone)); }
  listContacts(campaignId: string, query?: P.ContactQuery) { return this.run.read((db) => this.r.contacts.list(db, campaignId, query)); }
  countContacts(campaignId: string) { return this.run.read((db) => this.r.contacts.count(db, campaignId)); }
  claimContacts(campaignId: string, limit: number, now: number, instanceId: string) {
    return this.run.write((db) => this.r.contacts.claim(db, campaignId, limit, now, instanceId));
  }
  releaseContact(id: number, nextEligibleAt: number) { return this.run.write((db) => this.r.contacts.release(db, id, nextEligibleAt)); }
  releaseClaims(instanceId?: string) { return this.run.write((db) => this.r.contacts.releaseClaims(db, instanceId)); }
  closeContact(id: number, status: 'done' | 'skipped', reason: string) {
    return this.run.write((db) => this.r.contacts.close(db, id, status, reason));
  }
  reopenContact(id: number, nextEligibleAt: number) { return this.run.write((db) => this.r.contacts.reopen(db, id, nextEligibleAt)); }

  createAttempt(input: P.NewAttempt) { return this.run.write((db) => this.r.attempts.create(db, input)); }
  getAttempt(id: string) { return this.run.read((db) => this.r.attempts.get(db, id)); }
  advanceAttempt(id: string, state: P.LiveAttemptState, patch?: P.AttemptPatch) {
    return this.run.write((db) => this.r.attempts.advance(db, id, state, patch));
  }
  finishAttempt(id: string, result: P.AttemptResultInput, options?: P.FinishAttemptOptions) {
    return this.run.write((db) => this.r.results.finish(db, id, result, options));
  }
  listInFlightAttempts(instanceId?: string) { return this.run.read((db) => this.r.attempts.listInFlight(db, instanceId)); }
  listAttempts(query?: P.AttemptQuery) { return this.run.read((db) => this.r.attempts.list(db, query)); }
  getResult(attemptId: string) { return this.run.read((db) => this.r.results.get(db, attemptId)); }
  listResults(query?: P.ResultQuery) { return this.run.read((db) => this.r.results.list(db, query)); }
  countResults(campaignId?: string) { return this.run.read((db) => this.r.results.count(db, campaignId)); }

  enqueueOutbox(item: P.NewOutboxItem) { return this.run.write((db) => this.r.outbox.enqueue(db, item)); }
  leaseOutbox(request: P.OutboxLeaseRequest) { return this.run.write((db) => this.r.outbox.lease(db, request)); }
  markOutboxSent(id: number, at?: number) { return this.run.write((db) => this.r.outbox.markSent(db, id, at)); }
  markOutboxFailed(id: number, failure: P.OutboxFailure) { return this.run.write((db) => this.r.outbox.markFailed(db, id, failure)); }
  getOutboxItem(id: number) { return this.run.read((db) => this.r.outbox.get(db, id)); }
  listOutbox(query?: P.OutboxQuery) { return this.run.read((db) => this.r.outbox.list(db, query)); }
  countOutbox(topic?: string) { return this.run.read((db) => this.r.outbox.count(db, topic)); }
  pruneOutbox(before: number) { return this.run.write((db) => this.r.outbox.prune(db, before)); }

  addDnc(entry: P.NewDncEntry) { return this.run.write((db) => this.r.dnc.add(db, entry)); }
  removeDnc(phone: string) { return this.run.write((db) => this.r.dnc.remove(db, phone)); }
  checkDnc(phone: string) { return this.run.read((db) => this.r.dnc.check(db, phone)); }
  listDnc(query?: P.PageQuery) { return this.run.read((db) => this.r.dnc.list(db, query)); }

  appendAuditEvent(event: P.NewAuditEvent) { return this.run.write((db) => this.r.audit.append(db, event)); }
  listAuditEvents(query?: P.AuditQuery) { return this.run.read((db) => this.r.audit.list(db, query)); }

  /** Ends the pool once the operations in flight are done. Idempotent. */
  async close(): Promise<void> {
    if (await this.run.close()) this.opts.log.info({ url: redactUrl(this.opts.url), schema: this.opts.schema }, 'store closed');
  }

  /** Where the store is, its schema version and the pool's load (for `/health` and tests). */
  async info(): Promise<PostgresStoreInfo> {
    const version = await this.run.read(async (db) => (await db.query<{ v: number }>('SELECT MAX(version)::int AS v FROM schema_migrations')).rows[0]?.v ?? 0);
    return {
      url: redactUrl(this.opts.url), schema: this.opts.schema, schemaVersion: version, poolSize: this.opts.poolSize,
      connections: this.pool.totalCount, waiting: this.pool.waitingCount,
    };
  }
}

/**
 * Connects, migrates (under an advisory lock, see `runPgMigrations`) and returns the store; the
 * composition root registers it under CALL_STORE_PORT. Rejects with `CE_STORE_OPEN_FAILED` (server not
 * reachable, login refused, bad options) or `CE_STORE_MIGRATION_FAILED`; boot must stop on either.
 */
export async function createPostgresCallStore(opts: PostgresCallStoreOptions): Promise<PostgresCallStore> {
  const schema = checkSchemaName(opts.schema ?? 'public');
  // Without a URL node-postgres would silently fall back to the PG* environment variables.
  if (typeof opts.url !== 'string' || opts.url.length === 0) throw new EngineError('CE_STORE_OPEN_FAILED', 'store.postgres.url is not set');
  const poolSize = whole(opts.poolSize, 'poolSize', 1);
  // Checked because it is written into the connection's startup options.
  const lockTimeoutMs = whole(opts.lockTimeoutMs ?? 5000, 'lockTimeoutMs', 0);
  const connectTimeoutMs = whole(opts.connectTimeoutMs ?? 5000, 'connectTimeoutMs', 0);
  const log = opts.logger.child({ component: 'postgres-store' });
  const pool = createPgPool({
    url: opts.url, poolSize, schema, lockTimeoutMs, connectTimeoutMs,
    applicationName: opts.applicationName ?? 'salehi-call-engine',
  });
  // An idle connection the server drops (restart, admin kill) emits 'error' on the pool; unhandled it
  // would crash the process. The pool opens a new connection at the next call.
  pool.on('error', (err) => log.warn({ err }, 'idle store connection lost'));
  let report: PgMigrationReport;
  try {
    report = await migrate(pool, opts.url, schema, log, opts.clock.now());
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
  log.info({ url: redactUrl(opts.url), schema, schemaVersion: report.to, migrated: report.applied.length }, 'store opened');
  return new PostgresCallStore(new PgRunner(pool, log), pool, { url: opts.url, schema, poolSize, log }, opts.clock);
}

function whole(value: unknown, name: string, min: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new EngineError('CE_STORE_OPEN_FAILED', `${name} must be an integer of at least ${min}, got ${String(value)}`, { details: { option: name } });
  }
  return value;
}

async function migrate(pool: pg.Pool, url: string, schema: string, log: Logger, now: number): Promise<PgMigrationReport> {
  let db: pg.PoolClient;
  try {
    db = await pool.connect();
  } catch (err) {
    throw new EngineError('CE_STORE_OPEN_FAILED', `cannot connect to PostgreSQL at ${redactUrl(url)}: ${describeError(err)}`, {
      cause: err,
      details: { url: redactUrl(url), schema },
    });
  }
  try {
    return await runPgMigrations(db, schema, PG_MIGRATIONS, log, now);
  } finally {
    db.release();
  }
}
