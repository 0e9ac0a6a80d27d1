/** One step of the SQLite schema. Versions start at 1, have no gaps, and a released step never changes. */
export interface SqliteMigration {
  readonly version: number;
  /** Kebab-case name, recorded with the version; a mismatch at start-up means the DB is not ours. */
  readonly name: string;
  /** SQL run inside the migration transaction (DDL is transactional in SQLite). */
  readonly sql: string;
}
