/** The store adapters; only the composition root imports this. */
export { createSqliteCallStore, SqliteCallStore } from './sqlite/sqlite-call-store';
export type { SqliteCallStoreOptions, SqliteStoreInfo } from './sqlite/sqlite-call-store';
export type { SqliteDurability } from './sqlite/sqlite-database';
export { createPostgresCallStore, PostgresCallStore } from './postgres/pg-call-store';
export type { PostgresCallStoreOptions, PostgresStoreInfo } from './postgres/pg-call-store';
