import { runStoreContract } from '../../contract/store-contract';
import { dropSchema, openTestStore, requirePostgres, testSchemaName } from './postgres-test-db';

// The very suite SQLite passes, on a real PostgreSQL server: one throw-away schema per test.
describe('PostgreSQL store (server from SALEHI_TEST_PG_URL)', () => {
  before(() => requirePostgres());

  runStoreContract('postgres', async ({ clock }) => {
    const schema = testSchemaName();
    try {
      const { store } = await openTestStore({ clock, schema });
      return {
        store,
        cleanup: async () => {
          await store.close();
          await dropSchema(schema);
        },
      };
    } catch (err) {
      await dropSchema(schema);
      throw err;
    }
  });
});
