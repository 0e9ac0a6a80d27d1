import type { SqliteMigration } from './sqlite-migration';

/** The durable report outbox, the do-not-call list and the pause/resume audit trail. */
export const outboxDncAuditMigration: SqliteMigration = {
  version: 2,
  name: 'outbox-dnc-audit',
  sql: `
CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  key             TEXT NOT NULL UNIQUE,
  topic           TEXT NOT NULL,
  payload         TEXT NOT NULL,
  attempt_id      TEXT,
  status          TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'dead')),
  failures        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  leased_by       TEXT,
  leased_until    INTEGER,
  last_error      TEXT,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  sent_at         INTEGER
);
CREATE INDEX outbox_pending ON outbox (topic, id) WHERE status = 'pending';
CREATE INDEX outbox_sent ON outbox (sent_at) WHERE status = 'sent';

CREATE TABLE dnc (
  id          INTEGER PRIMARY KEY,
  phone       TEXT NOT NULL UNIQUE,
  reason      TEXT,
  source      TEXT NOT NULL,
  campaign_id TEXT,
  created_at  INTEGER NOT NULL
);

CREATE TABLE audit_events (
  id          INTEGER PRIMARY KEY,
  campaign_id TEXT REFERENCES campaigns (id),
  action      TEXT NOT NULL,
  actor       TEXT NOT NULL,
  reason      TEXT,
  details     TEXT,
  at          INTEGER NOT NULL
);
CREATE INDEX audit_events_by_campaign ON audit_events (campaign_id, id);
`,
};
