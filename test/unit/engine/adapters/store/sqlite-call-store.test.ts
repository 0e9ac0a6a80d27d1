import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteCallStore, type SqliteCallStoreOptions } from '../../../../../engine/src/adapters/store';
import { isEngineError } from '../../../../../engine/src/errors';
import { CaptureLogger } from '../../../../fakes/capture-logger';
import { ManualClock, SETTINGS } from '../../../../contract/store/contract-kit';

describe('SqliteCallStore (SQLite specifics)', () => {
  let dir: string;
  const logger = new CaptureLogger();
  const opts = (path: string, over: Partial<SqliteCallStoreOptions> = {}): SqliteCallStoreOptions => ({
    path, logger, clock: new ManualClock(), ...over,
  });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'salehi-sqlite-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the missing folder and opens in WAL with FULL sync, foreign keys and a busy timeout', async () => {
    const path = join(dir, 'a', 'b', 'calls.db');
    const store = createSqliteCallStore(opts(path, { busyTimeoutMs: 1234 }));
    assert.ok(existsSync(path));
    assert.deepEqual(store.info(), {
      path, schemaVersion: 3, journalMode: 'wal', synchronous: 'full', foreignKeys: true, busyTimeoutMs: 1234,
    });
    assert.deepEqual(store.checkIntegrity(), []);
    assert.ok(logger.find('info', /store opened/));
    await store.close();
  });

  it('uses synchronous=NORMAL when durability is normal', async () => {
    const store = createSqliteCallStore(opts(join(dir, 'n.db'), { durability: 'normal' }));
    assert.equal(store.info().synchronous, 'normal');
    assert.equal(store.info().busyTimeoutMs, 5000);
    await store.close();
  });

  it('keeps committed rows across close and reopen', async () => {
    const path = join(dir, 'calls.db');
    const first = createSqliteCallStore(opts(path));
    const c = await first.createCampaign({ name: 'x', settings: SETTINGS, state: 'running' });
    await first.insertContacts(c.id, [{ phone: '09121234567' }]);
    const [contact] = await first.claimContacts(c.id, 1, Date.now(), 'engine-a');
    assert.ok(contact);
    const a = await first.createAttempt({ direction: 'outbound', phone: contact.phone, contactId: contact.id, instanceId: 'engine-a' });
    await first.close();
    assert.throws(() => first.info(), (e: unknown) => isEngineError(e, 'CE_STORE_CLOSED'));
    const second = createSqliteCallStore(opts(path));
    assert.deepEqual((await second.listInFlightAttempts()).map((x) => x.id), [a.id]);
    assert.equal((await second.getContact(contact.id)).status, 'claimed');
    assert.equal(second.info().schemaVersion, 3);
    await second.close();
  });

  it('fails with CE_STORE_OPEN_FAILED when the path cannot hold a database', () => {
    const notDb = join(dir, 'garbage.db');
    writeFileSync(notDb, 'this is not a database, just some text that is long enough to have a header'.repeat(20));
    const fileAsFolder = join(dir, 'file');
    writeFileSync(fileAsFolder, 'x');
    const folder = join(dir, 'folder.db');
    mkdirSync(folder);
    for (const path of [notDb, join(fileAsFolder, 'calls.db'), folder]) {
      assert.throws(() => createSqliteCallStore(opts(path)), (e: unknown) => isEngineError(e, 'CE_STORE_OPEN_FAILED'), path);
    }
  });

  it('runs in memory without touching the disk', async () => {
    const store = createSqliteCallStore(opts(':memory:'));
    assert.equal(store.inMemory, true);
    assert.equal(store.info().journalMode, 'memory');
    assert.equal(store.info().schemaVersion, 3);
    await store.close();
  });
});
