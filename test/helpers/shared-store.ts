import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSilentLogger } from '../../engine/src/adapters/logging/pino-logger';
import { createSqliteCallStore } from '../../engine/src/adapters/store';
import type { CallStorePort } from '../../engine/src/ports/call-store.port';
import type { Clock } from '../../engine/src/ports/clock.port';
import { dropSchema, openTestStore, requirePostgres, testSchemaName } from '../integration/store/postgres-test-db';

/**
 * One database that several stores open, as engine instances (or one instance and its restart) do:
 * a SQLite file, or a throw-away PostgreSQL schema on the test server (which the test script starts;
 * a missing server fails the test, it never skips it).
 */
export interface SharedDatabase {
  readonly name: string;
  /** Opens one more store on the database; `cleanup` closes it if the test did not. */
  open(clock: Clock): Promise<CallStorePort>;
  cleanup(): Promise<void>;
}

export type SharedDatabaseKind = { readonly name: string; create(): SharedDatabase };

export const SHARED_DATABASES: readonly SharedDatabaseKind[] = [
  {
    name: 'SQLite',
    create(): SharedDatabase {
      const dir = mkdtempSync(join(tmpdir(), 'salehi-shared-store-'));
      const opened: CallStorePort[] = [];
      return {
        name: 'SQLite',
        open: async (clock) => {
          const store = createSqliteCallStore({ path: join(dir, 'calls.db'), logger: createSilentLogger(), clock });
          opened.push(store);
          return store;
        },
        cleanup: async () => {
          for (const s of opened) await s.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'PostgreSQL',
    create(): SharedDatabase {
      const schema = testSchemaName();
      const opened: CallStorePort[] = [];
      return {
        name: 'PostgreSQL',
        open: async (clock) => {
          if (opened.length === 0) await requirePostgres();
          const { store } = await openTestStore({ clock, schema, poolSize: 2 });
          opened.push(store);
          return store;
        },
        cleanup: async () => {
          for (const s of opened) await s.close();
          if (opened.length > 0) await dropSchema(schema);
        },
      };
    },
  },
];
