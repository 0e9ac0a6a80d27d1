import type { SqliteMigration } from './sqlite-migration';

/**
 * Per-line limits shared by every process on this file (`LineSlotStore`): the day's originate count per
 * line (kept across restarts, so a restart never resets a daily cap), the last minute of originates,
 * and the legs holding a slot. Writes run BEGIN IMMEDIATE, so reservations never interleave.
 */
export const lineSlotsMigration: SqliteMigration = {
  version: 3,
  name: 'line-slots',
  sql: `
CREATE TABLE line_counters (
  line_id           TEXT PRIMARY KEY,
  day_count         INTEGER NOT NULL DEFAULT 0,
  day_ends_at       INTEGER NOT NULL DEFAULT 0,
  last_originate_at INTEGER,
  updated_at        INTEGER NOT NULL
);

CREATE TABLE line_originates (
  line_id TEXT NOT NULL REFERENCES line_counters (line_id),
  at      INTEGER NOT NULL
);
CREATE INDEX line_originates_by_line ON line_originates (line_id, at);

CREATE TABLE line_slots (
  id          INTEGER PRIMARY KEY,
  line_id     TEXT NOT NULL REFERENCES line_counters (line_id),
  kind        TEXT NOT NULL CHECK (kind IN ('outbound', 'inbound', 'operator')),
  instance_id TEXT NOT NULL,
  attempt_id  TEXT,
  acquired_at INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL
);
CREATE INDEX line_slots_by_line ON line_slots (line_id, expires_at);
CREATE INDEX line_slots_by_instance ON line_slots (instance_id);
`,
};
