import { EngineError, describeError } from '../../../errors';
import type { Logger } from '../../../ports/logger.port';
import type { PgMigration } from './migrations';
import type { PgDb } from './pg-database';

export interface PgMigrationReport {
  /** Schema version before and after. */
  readonly from: number;
  readonly to: number;
  readonly applied: readonly number[];
}

interface AppliedRow {
  readonly version: number;
  readonly name: string;
}

/**
 * First key of the migration advisory lock ("salehi" in a 32-bit int); the second is the schema's hash,
 * so engines on different schemas of one database do not wait for each other.
 */
const LOCK_CLASS = 0x5a1e_4901;

/**
 * Brings `schema` up to the last of `migrations` in ONE transaction that first takes a transaction-scoped
 * advisory lock: when two engines start together, the second waits, then finds everything applied.
 * A failure rolls back every step of the run (DDL is transactional in PostgreSQL). A schema from a newer
 * engine, or whose recorded names differ from ours, is refused. Every failure is `CE_STORE_MIGRATION_FAILED`.
 */
export async function runPgMigrations(
  db: PgDb, schema: string, migrations: readonly PgMigration[], logger: Logger, now: number,
): Promise<PgMigrationReport> {
  checkSequence(migrations);
  try {
    await db.query('BEGIN');
    const report = await migrateInTransaction(db, schema, migrations, logger, now);
    await db.query('COMMIT');
    return report;
  } catch (err) {
    await db.query('ROLLBACK').catch(() => undefined);
    if (err instanceof EngineError && err.code === 'CE_STORE_MIGRATION_FAILED') throw err;
    throw new EngineError('CE_STORE_MIGRATION_FAILED', `store migration failed: ${describeError(err)}`, { cause: err, details: { schema } });
  }
}

async function migrateInTransaction(
  db: PgDb, schema: string, migrations: readonly PgMigration[], logger: Logger, now: number,
): Promise<PgMigrationReport> {
  await db.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_CLASS, schema]);
  // Checked first: CREATE SCHEMA IF NOT EXISTS still needs the CREATE right on an existing schema.
  const exists = await db.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  if (exists.rowCount === 0) await db.query(`CREATE SCHEMA ${schema}`);
  // The pool already sets search_path at connect; set it here too so a step can never land elsewhere.
  await db.query(`SET LOCAL search_path TO ${schema}`);
  await db.query(`CREATE TABLE IF NOT EXISTS ${schema}.schema_migrations (
    version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)`);
  const done = (await db.query<AppliedRow>(`SELECT version, name FROM ${schema}.schema_migrations ORDER BY version`)).rows;
  checkApplied(done, migrations);
  const from = done.length === 0 ? 0 : (done[done.length - 1] as AppliedRow).version;
  const applied: number[] = [];
  for (const m of migrations) {
    if (m.version <= from) continue;
    try {
      await db.query(m.sql);
    } catch (err) {
      throw new EngineError('CE_STORE_MIGRATION_FAILED', `migration ${m.version} (${m.name}) failed: ${describeError(err)}`, {
        cause: err,
        details: { version: m.version, name: m.name, schema },
      });
    }
    await db.query(`INSERT INTO ${schema}.schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`, [m.version, m.name, now]);
    applied.push(m.version);
    logger.info({ version: m.version, name: m.name, schema }, 'store migration applied');
  }
  return { from, to: applied.length > 0 ? (applied[applied.length - 1] as number) : from, applied };
}

function checkSequence(migrations: readonly PgMigration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new EngineError('CE_STORE_MIGRATION_FAILED', `migration list is broken: expected version ${i + 1}, found ${m.version}`);
    }
  });
}

function checkApplied(done: readonly AppliedRow[], migrations: readonly PgMigration[]): void {
  const last = migrations.length;
  for (const row of done) {
    const ours = migrations[row.version - 1];
    if (ours === undefined) {
      throw new EngineError(
        'CE_STORE_MIGRATION_FAILED',
        `the store is at schema version ${row.version}, newer than this engine knows (${last}): upgrade the engine or restore a backup`,
        { details: { version: row.version, known: last } },
      );
    }
    if (ours.name !== row.name) {
      throw new EngineError('CE_STORE_MIGRATION_FAILED', `schema version ${row.version} is '${row.name}' in the database but '${ours.name}' here`, {
        details: { version: row.version },
      });
    }
  }
}
