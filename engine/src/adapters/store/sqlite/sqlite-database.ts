import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { EngineError, describeError } from '../../../errors';

export type SqliteDb = Database.Database;
/** A prepared statement taking positional (`?`) or named (`@name` as one object) parameters. */
export type SqliteStatement = Database.Statement<unknown[]>;

/**
 * `full`: every commit is fsynced (WAL + synchronous=FULL): a committed row survives a process kill
 * AND a power loss. `normal`: WAL + synchronous=NORMAL: a committed row survives any process crash
 * (SIGKILL included, the WAL write reached the OS), only a power loss or kernel crash can drop the last
 * commits. See engine/docs/store.md.
 */
export type SqliteDurability = 'full' | 'normal';

export interface SqliteOpenOptions {
  /** File path, or `:memory:` for a private in-memory database (tests, dry runs). */
  readonly path: string;
  readonly durability?: SqliteDurability;
  /** How long a write waits for another connection's lock before failing (`CE_STORE_FAILED`). */
  readonly busyTimeoutMs?: number;
}

export const IN_MEMORY = ':memory:';

/**
 * Opens (creating the file and its folder if needed) and configures a SQLite database. Any failure —
 * folder not creatable, not a database, read-only, WAL refused — is `CE_STORE_OPEN_FAILED`.
 */
export function openSqliteDatabase(opts: SqliteOpenOptions): SqliteDb {
  const memory = opts.path === IN_MEMORY;
  let db: SqliteDb | undefined;
  try {
    if (!memory) mkdirSync(dirname(resolve(opts.path)), { recursive: true });
    db = new Database(opts.path, { timeout: opts.busyTimeoutMs ?? 5000 });
    configure(db, memory, opts.durability ?? 'full');
    return db;
  } catch (err) {
    db?.close();
    throw new EngineError('CE_STORE_OPEN_FAILED', `cannot open the SQLite store at ${opts.path}: ${describeError(err)}`, {
      cause: err,
      details: { path: opts.path },
    });
  }
}

function configure(db: SqliteDb, memory: boolean, durability: SqliteDurability): void {
  // Reading the schema first makes a non-database file fail here, at open, not at the first query.
  db.pragma('schema_version', { simple: true });
  if (!memory) {
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new Error(`journal_mode is ${String(mode)}, WAL was refused`);
  }
  db.pragma(`synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('foreign_keys = ON');
  // Keeps the WAL from growing without bound between checkpoints on a busy dialer.
  db.pragma('journal_size_limit = 67108864');
}

/** The settings actually in force (for `/health`, logs and tests). */
export interface SqlitePragmas {
  readonly journalMode: string;
  readonly synchronous: 'off' | 'normal' | 'full' | 'extra';
  readonly foreignKeys: boolean;
  readonly busyTimeoutMs: number;
}

const SYNC_NAMES = ['off', 'normal', 'full', 'extra'] as const;

export function readPragmas(db: SqliteDb): SqlitePragmas {
  return {
    journalMode: String(db.pragma('journal_mode', { simple: true })),
    synchronous: SYNC_NAMES[Number(db.pragma('synchronous', { simple: true }))] ?? 'off',
    foreignKeys: Number(db.pragma('foreign_keys', { simple: true })) === 1,
    busyTimeoutMs: Number(db.pragma('busy_timeout', { simple: true })),
  };
}

/** `PRAGMA integrity_check`: [] when the file is sound, else SQLite's list of problems. */
export function integrityProblems(db: SqliteDb): string[] {
  const rows = db.pragma('integrity_check') as { integrity_check: string }[];
  const lines = rows.map((r) => r.integrity_check);
  return lines.length === 1 && lines[0] === 'ok' ? [] : lines;
}

/** Maps a driver error to the store's codes; EngineErrors pass through untouched. */
export function toStoreError(err: unknown): EngineError {
  if (err instanceof EngineError) return err;
  const code = err instanceof Database.SqliteError ? err.code : '';
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new EngineError('CE_STORE_CONFLICT', describeError(err), { cause: err });
  }
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return new EngineError('CE_STORE_NOT_FOUND', 'a referenced record does not exist', { cause: err });
  }
  if (code === 'SQLITE_CONSTRAINT_CHECK' || code === 'SQLITE_CONSTRAINT_NOTNULL') {
    return new EngineError('CE_STORE_INVALID_INPUT', describeError(err), { cause: err });
  }
  return new EngineError('CE_STORE_FAILED', `store operation failed: ${describeError(err)}`, { cause: err, details: { code } });
}
