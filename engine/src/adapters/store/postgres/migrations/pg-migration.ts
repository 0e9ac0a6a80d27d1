/** One step of the PostgreSQL schema. Versions start at 1, have no gaps, and a released step never changes. */
export interface PgMigration {
  readonly version: number;
  /** Kebab-case name, recorded with the version; a mismatch at start-up means the schema is not ours. */
  readonly name: string;
  /** SQL run inside the migration transaction (DDL is transactional in PostgreSQL). */
  readonly sql: string;
}
