import assert from 'node:assert/strict';
import { createPostgresCallStore } from '../../../engine/src/adapters/store';
import { PG_MIGRATIONS, type PgMigration } from '../../../engine/src/adapters/store/postgres/migrations';
import { runPgMigrations } from '../../../engine/src/adapters/store/postgres/pg-migrator';
import { isEngineError } from '../../../engine/src/errors';
import { CaptureLogger } from '../../fakes/capture-logger';
import { ManualClock, SETTINGS } from '../../contract/store/contract-kit';
import { PG_TEST_URL, dropSchema, openTestStore, requirePostgres, testSchemaName, withAdmin } from './postgres-test-db';
import type pg from 'pg';

const isMigrationFailure = (e: unknown): boolean => isEngineError(e, 'CE_STORE_MIGRATION_FAILED');

async function tables(schema: string): Promise<string[]> {
  return withAdmin(async (c) => (await c.query<{ t: string }>(
    'SELECT table_name AS t FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1', [schema])).rows.map((r) => r.t));
}

/** Runs migrations on an admin connection whose search_path is `schema` (what the pool does at connect). */
async function migrateWith(schema: string, migrations: readonly PgMigration[], logger = new CaptureLogger()): Promise<unknown> {
  return withAdmin(async (c) => {
    await c.query(`SET search_path TO ${schema}`);
    return runPgMigrations(c as unknown as pg.PoolClient, schema, migrations, logger, 1000);
  });
}

describe('PostgreSQL store: migrations and opening', function () {
  this.timeout(30_000);
  const clock = new ManualClock();
  let schema: string;

  before(() => requirePostgres());
  beforeEach(() => {
    schema = testSchemaName();
  });
  afterEach(() => dropSchema(schema));

  it('creates the schema, records every step, and a second open does nothing', async () => {
    const logger = new CaptureLogger();
    const { store } = await openTestStore({ clock, schema, logger });
    const info = await store.info();
    assert.equal(info.schemaVersion, PG_MIGRATIONS.length);
    assert.equal(info.schema, schema);
    await store.close();
    const rows = await withAdmin(async (c) => (await c.query(`SELECT version, name, applied_at FROM ${schema}.schema_migrations ORDER BY version`)).rows);
    assert.deepEqual(rows, [
      { version: 1, name: 'ledger', applied_at: String(clock.now()) },
      { version: 2, name: 'outbox-dnc-audit', applied_at: String(clock.now()) },
      { version: 3, name: 'line-slots', applied_at: String(clock.now()) },
    ]);
    const again = new CaptureLogger();
    const second = await openTestStore({ clock, schema, logger: again });
    await second.store.close();
    assert.equal(again.records.filter((r) => r.msg === 'store migration applied').length, 0);
    assert.equal(logger.records.filter((r) => r.msg === 'store migration applied').length, 3);
  });

  it('lets exactly one of several engines starting together migrate; the others wait and find it done', async () => {
    const logger = new CaptureLogger();
    const stores = await Promise.all([1, 2, 3, 4].map(() => openTestStore({ clock, schema, logger, poolSize: 1 })));
    for (const { store } of stores) assert.equal((await store.info()).schemaVersion, 3);
    await Promise.all(stores.map(({ store }) => store.close()));
    assert.equal(logger.records.filter((r) => r.msg === 'store migration applied').length, 3, 'each step ran once');
    assert.deepEqual(await withAdmin(async (c) => (await c.query(`SELECT count(*)::int AS n FROM ${schema}.schema_migrations`)).rows[0]), { n: 3 });
  });

  it('migrates a schema written by an older version forward, keeping its rows', async () => {
    await withAdmin((c) => c.query(`CREATE SCHEMA ${schema}`));
    await migrateWith(schema, PG_MIGRATIONS.slice(0, 1));
    await withAdmin((c) => c.query(`INSERT INTO ${schema}.campaigns (id, name, state, settings, created_at, updated_at)
      VALUES ('legacy', 'Old', 'paused', $1, 1, 1)`, [JSON.stringify(SETTINGS)]));
    const { store } = await openTestStore({ clock, schema });
    try {
      assert.equal((await store.info()).schemaVersion, 3);
      const c = await store.getCampaign('legacy');
      assert.equal(c.state, 'paused');
      assert.deepEqual(c.settings, SETTINGS);
      assert.equal((await store.enqueueOutbox({ key: 'k', topic: 't', payload: 1 })).created, true);
    } finally {
      await store.close();
    }
  });

  it('rolls a failing run back completely, earlier steps of the same run included', async () => {
    await withAdmin((c) => c.query(`CREATE SCHEMA ${schema}`));
    await migrateWith(schema, PG_MIGRATIONS.slice(0, 1));
    const broken = [...PG_MIGRATIONS, { version: 4, name: 'broken', sql: 'CREATE TABLE half_done (x int); CREATE TABLE oops (' }];
    await assert.rejects(migrateWith(schema, broken), (e: unknown) => {
      assert.ok(isMigrationFailure(e));
      assert.match((e as Error).message, /migration 4 \(broken\)/);
      return true;
    });
    const t = await tables(schema);
    assert.ok(!t.includes('half_done'));
    assert.ok(!t.includes('outbox'), 'version 2 of the same run is rolled back too');
    assert.deepEqual(await withAdmin(async (c) => (await c.query(`SELECT max(version) AS v FROM ${schema}.schema_migrations`)).rows[0]), { v: 1 });
  });

  it('refuses a schema from a newer engine or with steps that are not ours', async () => {
    await withAdmin((c) => c.query(`CREATE SCHEMA ${schema}`));
    await migrateWith(schema, [...PG_MIGRATIONS, { version: 4, name: 'future', sql: 'CREATE TABLE future (x int)' }]);
    await assert.rejects(openTestStore({ clock, schema }), (e: unknown) => isMigrationFailure(e) && /newer than this engine/.test((e as Error).message));
    await withAdmin((c) => c.query(`UPDATE ${schema}.schema_migrations SET name = 'someone-else' WHERE version = 1`));
    await withAdmin((c) => c.query(`DELETE FROM ${schema}.schema_migrations WHERE version = 4`));
    await assert.rejects(openTestStore({ clock, schema }), isMigrationFailure);
    await assert.rejects(migrateWith(schema, [PG_MIGRATIONS[0]!, { version: 3, name: 'gap', sql: '' }]), isMigrationFailure);
  });

  it('keeps two schemas of one database apart', async () => {
    const other = testSchemaName();
    const a = await openTestStore({ clock, schema });
    const b = await openTestStore({ clock, schema: other });
    try {
      await a.store.createCampaign({ id: 'only-in-a', name: 'A', settings: SETTINGS });
      await assert.rejects(b.store.getCampaign('only-in-a'), (e: unknown) => isEngineError(e, 'CE_STORE_NOT_FOUND'));
      assert.equal((await b.store.listCampaigns()).items.length, 0);
    } finally {
      await a.store.close();
      await b.store.close();
      await dropSchema(other);
    }
  });

  it('makes the tests fail, not skip, with a hint when no server answers', async () => {
    await assert.rejects(requirePostgres('postgres://postgres@127.0.0.1:1/test'), /PostgreSQL is not reachable at .*127\.0\.0\.1:1.*pg_ctlcluster/s);
  });

  it('fails to open with CE_STORE_OPEN_FAILED, never printing the password', async () => {
    const common = { poolSize: 1, logger: new CaptureLogger(), clock, schema, connectTimeoutMs: 2000 };
    await assert.rejects(createPostgresCallStore({ ...common, url: 'postgres://salehi:s3cret@127.0.0.1:1/test' }), (e: unknown) => {
      assert.ok(isEngineError(e, 'CE_STORE_OPEN_FAILED'));
      assert.doesNotMatch((e as Error).message, /s3cret/);
      assert.match((e as Error).message, /127\.0\.0\.1:1/);
      return true;
    });
    const bad = [
      { ...common, url: PG_TEST_URL, schema: 'Bad-Name' }, { ...common, url: PG_TEST_URL, schema: 'x; DROP TABLE y' },
      { ...common, url: PG_TEST_URL, poolSize: 0 }, { ...common, url: PG_TEST_URL, lockTimeoutMs: '5 -c x=y' as never },
      { ...common, url: '' },
    ];
    for (const opts of bad) await assert.rejects(createPostgresCallStore(opts), (e: unknown) => isEngineError(e, 'CE_STORE_OPEN_FAILED'));
    assert.deepEqual(await tables(schema), [], 'nothing was created');
  });
});
