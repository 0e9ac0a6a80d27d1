import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteCallStore } from '../../../../../engine/src/adapters/store';
import { SQLITE_MIGRATIONS, type SqliteMigration } from '../../../../../engine/src/adapters/store/sqlite/migrations';
import { openSqliteDatabase, type SqliteDb } from '../../../../../engine/src/adapters/store/sqlite/sqlite-database';
import { runMigrations } from '../../../../../engine/src/adapters/store/sqlite/sqlite-migrator';
import { isEngineError } from '../../../../../engine/src/errors';
import { CaptureLogger } from '../../../../fakes/capture-logger';
import { ManualClock, SETTINGS } from '../../../../contract/store/contract-kit';

const isMigrationFailure = (e: unknown): boolean => isEngineError(e, 'CE_STORE_MIGRATION_FAILED');

function tables(db: SqliteDb): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[]);
}

describe('SQLite migrations', () => {
  let dir: string;
  let path: string;
  const logger = new CaptureLogger();
  const clock = new ManualClock();

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'salehi-migrate-'));
    path = join(dir, 'calls.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('builds a new database from version 0 and records every step', () => {
    const db = openSqliteDatabase({ path });
    const report = runMigrations(db, SQLITE_MIGRATIONS, logger, 1000);
    assert.deepEqual(report, { from: 0, to: 3, applied: [1, 2, 3] });
    assert.deepEqual(db.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version').all(), [
      { version: 1, name: 'ledger', applied_at: 1000 },
      { version: 2, name: 'outbox-dnc-audit', applied_at: 1000 },
      { version: 3, name: 'line-slots', applied_at: 1000 },
    ]);
    assert.deepEqual(runMigrations(db, SQLITE_MIGRATIONS, logger, 2000), { from: 3, to: 3, applied: [] }, 'a second run does nothing');
    db.close();
  });

  it('migrates a database written by an older version forward, keeping its rows', async () => {
    const old = openSqliteDatabase({ path });
    runMigrations(old, SQLITE_MIGRATIONS.slice(0, 1), logger, 1000);
    assert.ok(!tables(old).includes('outbox'));
    old.prepare(`INSERT INTO campaigns (id, name, state, settings, created_at, updated_at) VALUES ('legacy', 'Old', 'paused', ?, 1, 1)`)
      .run(JSON.stringify(SETTINGS));
    old.prepare(`INSERT INTO contacts (campaign_id, phone, status, next_eligible_at, created_at, updated_at)
      VALUES ('legacy', '09121234567', 'pending', 1, 1, 1)`).run();
    old.close();

    const store = createSqliteCallStore({ path, logger, clock });
    assert.equal(store.info().schemaVersion, 3);
    const c = await store.getCampaign('legacy');
    assert.equal(c.state, 'paused');
    assert.deepEqual(c.settings, SETTINGS);
    assert.equal((await store.countContacts('legacy')).pending, 1);
    assert.equal((await store.enqueueOutbox({ key: 'k', topic: 't', payload: 1 })).created, true);
    assert.ok(logger.find('info', /store migration applied/));
    await store.close();
  });

  it('rolls a failing migration back completely', () => {
    const broken: SqliteMigration[] = [
      ...SQLITE_MIGRATIONS,
      { version: 4, name: 'broken', sql: 'CREATE TABLE half_done (x INTEGER); CREATE TABLE oops (' },
    ];
    const db = openSqliteDatabase({ path });
    runMigrations(db, SQLITE_MIGRATIONS.slice(0, 1), logger, 1);
    assert.throws(() => runMigrations(db, broken, logger, 2), (e: unknown) => {
      assert.ok(isMigrationFailure(e));
      assert.match((e as Error).message, /migration 4 \(broken\)/);
      return true;
    });
    assert.ok(!tables(db).includes('half_done'));
    assert.ok(!tables(db).includes('outbox'), 'version 2 of the same run is rolled back too');
    assert.equal(db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get(), 1);
    db.close();
  });

  it('refuses a database from a newer engine', () => {
    const db = openSqliteDatabase({ path });
    runMigrations(db, [...SQLITE_MIGRATIONS, { version: 4, name: 'future', sql: 'CREATE TABLE future (x)' }], logger, 1);
    db.close();
    assert.throws(() => createSqliteCallStore({ path, logger, clock }), (e: unknown) => {
      assert.ok(isMigrationFailure(e));
      assert.match((e as Error).message, /newer than this engine/);
      return true;
    });
  });

  it('refuses a database whose recorded steps are not ours', () => {
    const db = openSqliteDatabase({ path });
    runMigrations(db, [{ version: 1, name: 'someone-else', sql: 'CREATE TABLE t (x)' }], logger, 1);
    assert.throws(() => runMigrations(db, SQLITE_MIGRATIONS, logger, 2), isMigrationFailure);
    db.close();
  });

  it('refuses a migration list with gaps', () => {
    const db = openSqliteDatabase({ path: ':memory:' });
    const gap = [SQLITE_MIGRATIONS[0], { version: 3, name: 'x', sql: '' }] as SqliteMigration[];
    assert.throws(() => runMigrations(db, gap, logger, 1), isMigrationFailure);
    db.close();
  });
});
