import pg from 'pg';
import { EngineError, describeError } from '../../../errors';

/** One connection with an open transaction (or a plain one for reads): what the repos run queries on. */
export type PgDb = pg.PoolClient;

/** A schema name we create and put on `search_path`: lower-case, no quoting needed. */
const SCHEMA_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

const INT8_OID = 20;
const JSON_OID = 114;

/**
 * Type parsers of this store's pools only (never the process-wide `pg.types`, which other code may
 * rely on): `bigint` columns (times in epoch ms, identity ids, `count(*)`) come back as numbers, as the
 * domain types say — every value we store is below 2^53. `json` columns come back as their text, so the
 * rows map exactly like SQLite's (one `JSON.parse` in the row mappers).
 */
const STORE_TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): unknown {
    if (format !== 'binary' && oid === INT8_OID) return (text: string) => Number(text);
    if (format !== 'binary' && oid === JSON_OID) return (text: string) => text;
    return pg.types.getTypeParser(oid, format ?? 'text');
  },
};

export interface PgPoolOptions {
  /** `postgres://user:password@host:port/database`; a password in it is never logged. */
  readonly url: string;
  readonly poolSize: number;
  readonly schema: string;
  /** How long a statement waits for a row lock before failing (`CE_STORE_FAILED`); default 5 s. */
  readonly lockTimeoutMs: number;
  readonly connectTimeoutMs: number;
  /** Shown in `pg_stat_activity`; name each engine instance to tell their connections apart. */
  readonly applicationName: string;
}

export function checkSchemaName(schema: string): string {
  if (typeof schema !== 'string' || !SCHEMA_PATTERN.test(schema)) {
    throw new EngineError('CE_STORE_OPEN_FAILED', `schema '${String(schema)}' must be 1 to 63 characters of a-z, 0-9 and _ (not starting with a digit)`, {
      details: { schema: String(schema) },
    });
  }
  return schema;
}

/** The URL without its password, for logs and error messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable url)';
  }
}

/**
 * A pool whose every connection works in `schema` (search_path set at connect, so statements never
 * name it) with a lock timeout. Connecting is lazy; `verifyConnection` proves the server is there.
 */
export function createPgPool(opts: PgPoolOptions): pg.Pool {
  return new pg.Pool({
    connectionString: opts.url,
    max: opts.poolSize,
    connectionTimeoutMillis: opts.connectTimeoutMs,
    idleTimeoutMillis: 30_000,
    application_name: opts.applicationName,
    options: `-c search_path=${opts.schema} -c lock_timeout=${opts.lockTimeoutMs}`,
    types: STORE_TYPES,
  });
}

/** SQLSTATE classes and codes we map (https://www.postgresql.org/docs/current/errcodes-appendix.html). */
const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';
const INVALID_INPUT_CODES = new Set(['23502', '23514', '22P02', '22003', '22P05', '22021', '22007', '22008']);
/** Deadlock and serialization failures: the transaction was rolled back and may simply be run again. */
export const RETRYABLE_CODES = new Set(['40P01', '40001']);
/** The one-live-attempt-per-contact index: a second concurrent dial, not a duplicate id. */
export const ONE_LIVE_ATTEMPT_INDEX = 'attempts_one_live_per_contact';

interface PgErrorLike {
  readonly code?: unknown;
  readonly constraint?: unknown;
}

export function sqlState(err: unknown): string {
  const code = (err as PgErrorLike | null)?.code;
  return typeof code === 'string' ? code : '';
}

/** Maps a driver error to the store's codes (the same as SQLite's); EngineErrors pass through untouched. */
export function toPgStoreError(err: unknown): EngineError {
  if (err instanceof EngineError) return err;
  const code = sqlState(err);
  if (code === UNIQUE_VIOLATION) {
    if ((err as PgErrorLike).constraint === ONE_LIVE_ATTEMPT_INDEX) {
      return new EngineError('CE_STORE_INVALID_TRANSITION', 'the contact already has a call in progress', { cause: err });
    }
    return new EngineError('CE_STORE_CONFLICT', describeError(err), { cause: err });
  }
  if (code === FOREIGN_KEY_VIOLATION) return new EngineError('CE_STORE_NOT_FOUND', 'a referenced record does not exist', { cause: err });
  if (INVALID_INPUT_CODES.has(code)) return new EngineError('CE_STORE_INVALID_INPUT', describeError(err), { cause: err });
  if (RETRYABLE_CODES.has(code)) {
    return new EngineError('CE_STORE_CONFLICT', `concurrent changes kept colliding: ${describeError(err)}`, { cause: err, details: { code } });
  }
  return new EngineError('CE_STORE_FAILED', `store operation failed: ${describeError(err)}`, { cause: err, details: { code } });
}
