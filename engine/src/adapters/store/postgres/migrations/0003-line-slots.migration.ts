import type { PgMigration } from './pg-migration';

/**
 * Per-line limits across engine instances (`LineSlotStore`). `line_counters` holds one row per line:
 * a reservation locks it (`FOR UPDATE`), so reservations on one line run one after the other whatever
 * instance makes them, and it carries the day's originate count. `line_originates` keeps the last
 * minute of originates (older rows are pruned on the next reservation); `line_slots` the held legs.
 */
export const lineSlotsMigration: PgMigration = {
  version: 3,
  name: 'line-slots',
  sql: `
CREATE TABLE line_counters (
  line_id           text PRIMARY KEY,
  day_count         integer NOT NULL DEFAULT 0,
  day_ends_at       bigint NOT NULL DEFAULT 0,
  last_originate_at bigint,
  updated_at        bigint NOT NULL
);

CREATE TABLE line_originates (
  line_id text NOT NULL REFERENCES line_counters (line_id),
  at      bigint NOT NULL
);
CREATE INDEX line_originates_by_line ON line_originates (line_id, at);

CREATE TABLE line_slots (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  line_id     text NOT NULL REFERENCES line_counters (line_id),
  kind        text NOT NULL CHECK (kind IN ('outbound', 'inbound', 'operator')),
  instance_id text NOT NULL,
  attempt_id  text,
  acquired_at bigint NOT NULL,
  expires_at  bigint NOT NULL
);
CREATE INDEX line_slots_by_line ON line_slots (line_id, expires_at);
CREATE INDEX line_slots_by_instance ON line_slots (instance_id);
`,
};
