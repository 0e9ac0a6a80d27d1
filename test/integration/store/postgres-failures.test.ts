import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type pg from 'pg';
import { createPostgresCallStore, type PostgresCallStore } from '../../../engine/src/adapters/store';
import { toPgStoreError } from '../../../engine/src/adapters/store/postgres/pg-database';
import { isEngineError } from '../../../engine/src/errors';
import { CaptureLogger } from '../../fakes/capture-logger';
import { ManualClock, SETTINGS, contacts } from '../../contract/store/contract-kit';
import { PG_TEST_URL, dropSchema, requirePostgres, testSchemaName, withAdmin } from './postgres-test-db';

/** Polls `check` every 20 ms for up to 5 s (the server's actions reach the client asynchronously). */
async function eventually(what: string, check: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 250; i++) {
    if (await check()) return;
    await delay(20);
  }
  assert.fail(`timed out waiting for ${what}`);
}

// What the database itself can do to the store: hold locks, drop connections, refuse rows.
describe('PostgreSQL store: database failures', function () {
  this.timeout(30_000);
  const clock = new ManualClock();
  let schema: string;
  let app: string;
  let logger: CaptureLogger;
  let store: PostgresCallStore;

  before(() => requirePostgres());
  beforeEach(async () => {
    schema = testSchemaName();
    app = `salehi_test_${randomBytes(4).toString('hex')}`;
    logger = new CaptureLogger();
    store = await createPostgresCallStore({ url: PG_TEST_URL, poolSize: 2, logger, clock, schema, lockTimeoutMs: 300, applicationName: app });
  });
  afterEach(async () => {
    await store.close();
    await dropSchema(schema);
  });

  /** Runs `fn` in an admin transaction that is still open while `during` runs. */
  async function whileLocked(lockSql: string, params: unknown[], during: (admin: pg.Client) => Promise<void>): Promise<void> {
    await withAdmin(async (admin) => {
      await admin.query('BEGIN');
      await admin.query(lockSql, params);
      try {
        await during(admin);
      } finally {
        await admin.query('ROLLBACK');
      }
    });
  }

  it('gives up on a row lock held too long with CE_STORE_FAILED, and works once it is free', async () => {
    const c = await store.createCampaign({ name: 'locked', settings: SETTINGS, state: 'running' });
    await whileLocked(`SELECT 1 FROM ${schema}.campaigns WHERE id = $1 FOR UPDATE`, [c.id], async () => {
      const started = Date.now();
      await assert.rejects(store.setCampaignState(c.id, 'paused'), (e: unknown) => isEngineError(e, 'CE_STORE_FAILED'));
      assert.ok(Date.now() - started < 5000, 'the lock timeout applied');
    });
    assert.equal((await store.setCampaignState(c.id, 'paused')).changed, true);
    assert.ok(logger.find('error', /store operation failed/));
  });

  it('rolls back and keeps serving when its connection is killed mid-transaction', async () => {
    const c = await store.createCampaign({ name: 'killed', settings: SETTINGS, state: 'running' });
    const patient = `${app}_patient`;
    const slow = await createPostgresCallStore({ url: PG_TEST_URL, poolSize: 2, logger, clock, schema, lockTimeoutMs: 10_000, applicationName: patient });
    try {
      await whileLocked(`SELECT 1 FROM ${schema}.campaigns WHERE id = $1 FOR UPDATE`, [c.id], async (admin) => {
        const importing = slow.insertContacts(c.id, contacts(100));
        await eventually('the import to wait for the lock', async () =>
          (await admin.query("SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'", [patient])).rowCount === 1);
        await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [patient]);
        await assert.rejects(importing, (e: unknown) => isEngineError(e, 'CE_STORE_FAILED'));
      });
      assert.deepEqual(await slow.countContacts(c.id), { pending: 0, claimed: 0, done: 0, skipped: 0 }, 'nothing of it was written');
      assert.equal((await slow.insertContacts(c.id, contacts(3))).inserted, 3, 'the pool replaced the dead connection');
    } finally {
      await slow.close();
    }
  });

  it('survives the server dropping its idle connections', async () => {
    await store.createCampaign({ id: 'kept', name: 'idle', settings: SETTINGS });
    await withAdmin((admin) => admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [app]));
    await eventually('the pool to notice', () => logger.find('warn', /idle store connection lost/) !== undefined);
    assert.equal((await store.getCampaign('kept')).name, 'idle');
  });

  it('refuses a second live attempt in the database itself, reported as CE_STORE_INVALID_TRANSITION', async () => {
    const c = await store.createCampaign({ name: 'index', settings: SETTINGS, state: 'running' });
    await store.insertContacts(c.id, contacts(1));
    const [x] = await store.claimContacts(c.id, 1, clock.now(), 'engine-a');
    assert.ok(x);
    await store.createAttempt({ direction: 'outbound', phone: x.phone, contactId: x.id, instanceId: 'engine-a' });
    // Bypasses the adapter's own check, as a second engine with a bug (or a manual INSERT) would.
    const err = await withAdmin(async (admin) => admin.query(`INSERT INTO ${schema}.attempts (id, direction, phone, contact_id, instance_id,
      state, created_at, updated_at) VALUES ('second', 'outbound', $1, $2, 'engine-b', 'pending', 0, 0)`, [x.phone, x.id]).then(() => null, (e: unknown) => e));
    assert.ok(err, 'the partial unique index refused the row');
    assert.equal(toPgStoreError(err).code, 'CE_STORE_INVALID_TRANSITION');
  });
});
