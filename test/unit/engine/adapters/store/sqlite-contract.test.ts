import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteCallStore } from '../../../../../engine/src/adapters/store';
import { createSilentLogger } from '../../../../../engine/src/adapters/logging/pino-logger';
import { runStoreContract } from '../../../../contract/store-contract';

// The same contract the PostgreSQL adapter will have to pass, on a real file (WAL) and in memory.
runStoreContract('sqlite file', async ({ clock }) => {
  const dir = mkdtempSync(join(tmpdir(), 'salehi-store-'));
  const store = createSqliteCallStore({ path: join(dir, 'nested', 'calls.db'), logger: createSilentLogger(), clock, durability: 'normal' });
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

runStoreContract('sqlite :memory:', async ({ clock }) => {
  const store = createSqliteCallStore({ path: ':memory:', logger: createSilentLogger(), clock });
  return { store, cleanup: () => store.close() };
});
