import { EngineError, describeError } from '../../../errors';
import type { Logger } from '../../../ports/logger.port';
import type { SqliteMigration } from './migrations';
import type { SqliteDb } from './sqlite-database';

export interface MigrationReport {
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
 * Brings the schema up to the last of `migrations`, all in ONE immediate transaction: a failure leaves
 * the file exactly as it was (DDL is transactional in SQLite). Each step is recorded in
 * `schema_migrations`. A file from a newer engine (unknown version) or whose recorded names differ from
 * ours is refused rather than guessed at. Every failure is `CE_STORE_MIGRATION_FAILED`.
 */
export function runMigrations(db: SqliteDb, migrations: readonly SqliteMigration[], logger: Logger, now: number): MigrationReport {
  checkSequence(migrations);
  try {
    return db.transaction(() => migrateInTransaction(db, migrations, logger, now)).immediate();
  } catch (err) {
    if (err instanceof EngineError && err.code === 'CE_STORE_MIGRATION_FAILED') throw err;
    throw new EngineError('CE_STORE_MIGRATION_FAILED', `store migration failed: ${describeError(err)}`, { cause: err });
  }
}

function migrateInTransaction(db: SqliteDb, migrations: readonly SqliteMigration[], logger: Logger, now: number): MigrationReport {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const done = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as AppliedRow[];
  checkApplied(done, migrations);
  const from = done.length === 0 ? 0 : (done[done.length - 1] as AppliedRow).version;
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const applied: number[] = [];
  for (const m of migrations) {
    if (m.version <= from) continue;
    try {
      db.exec(m.sql);
    } catch (err) {
      throw new EngineError('CE_STORE_MIGRATION_FAILED', `migration ${m.version} (${m.name}) failed: ${describeError(err)}`, {
        cause: err,
        details: { version: m.version, name: m.name },
      });
    }
    record.run(m.version, m.name, now);
    applied.push(m.version);
    logger.info({ version: m.version, name: m.name }, 'store migration applied');
  }
  return { from, to: applied.length > 0 ? (applied[applied.length - 1] as number) : from, applied };
}

function checkSequence(migrations: readonly SqliteMigration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new EngineError('CE_STORE_MIGRATION_FAILED', `migration list is broken: expected version ${i + 1}, found ${m.version}`);
    }
  });
}

function checkApplied(done: readonly AppliedRow[], migrations: readonly SqliteMigration[]): void {
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
      throw new EngineError('CE_STORE_MIGRATION_FAILED', `schema version ${row.version} is '${row.name}' in the file but '${ours.name}' here`, {
        details: { version: row.version },
      });
    }
  }
}
