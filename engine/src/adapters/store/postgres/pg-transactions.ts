import type pg from 'pg';
import { EngineError } from '../../../errors';
import type { Logger } from '../../../ports/logger.port';
import { RETRYABLE_CODES, sqlState, toPgStoreError, type PgDb } from './pg-database';

/** How often a transaction rolled back by a deadlock or serialization failure is run again. */
const MAX_RUNS = 4;

/**
 * Runs store operations on a pool: each one on its own connection, writes inside BEGIN/COMMIT (a
 * rejection rolls everything back), errors mapped to the store's codes. Knows when the store is closed.
 */
export class PgRunner {
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly log: Logger,
  ) {}

  get isClosed(): boolean {
    return this.closed;
  }

  /** One transaction. A deadlock victim (40P01) is run again from the start: nothing of it was kept. */
  async write<T>(fn: (db: PgDb) => Promise<T>): Promise<T> {
    for (let run = 1; ; run++) {
      try {
        return await this.withClient(async (db, discard) => {
          await db.query('BEGIN');
          try {
            const value = await fn(db);
            await db.query('COMMIT');
            return value;
          } catch (err) {
            // A connection that cannot even roll back must not go back to the pool mid-transaction.
            await db.query('ROLLBACK').catch(discard);
            throw err;
          }
        });
      } catch (err) {
        if (run < MAX_RUNS && RETRYABLE_CODES.has(sqlState(err))) {
          this.log.debug({ code: sqlState(err), run }, 'store transaction collided; running it again');
          continue;
        }
        throw this.failure(err);
      }
    }
  }

  /** Reads: each statement sees what was committed before it started (no transaction needed). */
  async read<T>(fn: (db: PgDb) => Promise<T>): Promise<T> {
    try {
      return await this.withClient(fn);
    } catch (err) {
      throw this.failure(err);
    }
  }

  /** Marks the store closed (every later call: `CE_STORE_CLOSED`) and ends the pool. Idempotent. */
  async close(): Promise<boolean> {
    if (this.closed) return false;
    this.closed = true;
    await this.pool.end();
    return true;
  }

  private async withClient<T>(fn: (db: PgDb, discard: (err: Error) => void) => Promise<T>): Promise<T> {
    if (this.closed) throw new EngineError('CE_STORE_CLOSED');
    const db = await this.pool.connect();
    let broken: Error | undefined;
    const discard = (err: Error): void => {
      broken = err;
    };
    // A connection that breaks while checked out emits 'error'; without a listener it would crash the process.
    const onError = (err: Error): void => {
      discard(err);
      this.log.warn({ err }, 'store connection lost');
    };
    db.on('error', onError);
    try {
      return await fn(db, discard);
    } finally {
      db.removeListener('error', onError);
      db.release(broken ?? false);
    }
  }

  private failure(err: unknown): EngineError {
    const mapped = toPgStoreError(err);
    if (mapped.code === 'CE_STORE_FAILED') this.log.error({ err }, 'store operation failed');
    return mapped;
  }
}
