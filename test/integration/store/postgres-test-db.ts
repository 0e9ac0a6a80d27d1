import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createSilentLogger } from '../../../engine/src/adapters/logging/pino-logger';
import { createPostgresCallStore, type PostgresCallStore } from '../../../engine/src/adapters/store';
import type { Clock } from '../../../engine/src/ports/clock.port';
import type { Logger } from '../../../engine/src/ports/logger.port';

/**
 * The PostgreSQL server the store tests use: `SALEHI_TEST_PG_URL`, default the local server with trust
 * auth. Every store gets its own throw-away schema (`salehi_test_<random>`), dropped by `cleanup`, so
 * parallel runs and other users of the database never see each other's rows.
 */
export const PG_TEST_URL = process.env.SALEHI_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const START_HINT = 'start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start';

/** Fails (never skips) with a message that says what is missing and how to fix it. */
export async function requirePostgres(url: string = PG_TEST_URL): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (err) {
    throw new Error(`PostgreSQL is not reachable at ${url} (${String(err)}). The PostgreSQL store tests need a server: ` +
      `${START_HINT}, or set SALEHI_TEST_PG_URL.`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function testSchemaName(): string {
  return `salehi_test_${randomBytes(6).toString('hex')}`;
}

/** Runs `fn` on a short-lived connection outside any store (DDL, inspection). */
export async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_TEST_URL, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function dropSchema(schema: string): Promise<void> {
  if (!/^salehi_test_[0-9a-f]+$/.test(schema)) throw new Error(`refusing to drop ${schema}: not a test schema`);
  await withAdmin((c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
}

export interface TestStoreOptions {
  readonly clock: Clock;
  readonly schema?: string;
  readonly poolSize?: number;
  readonly logger?: Logger;
}

/** A store on a fresh schema (or on `schema`, to open a second instance on the same data). */
export async function openTestStore(opts: TestStoreOptions): Promise<{ store: PostgresCallStore; schema: string }> {
  const schema = opts.schema ?? testSchemaName();
  const store = await createPostgresCallStore({
    url: PG_TEST_URL, poolSize: opts.poolSize ?? 4, logger: opts.logger ?? createSilentLogger(), clock: opts.clock, schema,
  });
  return { store, schema };
}
