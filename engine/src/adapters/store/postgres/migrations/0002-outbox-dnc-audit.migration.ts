import type { PgMigration } from './pg-migration';

/** The durable report outbox, the do-not-call list and the pause/resume audit trail (SQLite's step 2). */
export const outboxDncAuditMigration: PgMigration = {
  version: 2,
  name: 'outbox-dnc-audit',
  sql: `
CREATE TABLE outbox (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key             text NOT NULL UNIQUE,
  topic           text NOT NULL,
  payload         json NOT NULL,
  attempt_id      text,
  status          text NOT NULL CHECK (status IN ('pending', 'sent', 'dead')),
  failures        integer NOT NULL DEFAULT 0,
  next_attempt_at bigint NOT NULL,
  leased_by       text,
  leased_until    bigint,
  last_error      text,
  created_at      bigint NOT NULL,
  updated_at      bigint NOT NULL,
  sent_at         bigint
);
CREATE INDEX outbox_pending ON outbox (topic, id) WHERE status = 'pending';
CREATE INDEX outbox_sent ON outbox (sent_at) WHERE status = 'sent';

CREATE TABLE dnc (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  phone       text NOT NULL UNIQUE,
  reason      text,
  source      text NOT NULL,
  campaign_id text,
  created_at  bigint NOT NULL
);

CREATE TABLE audit_events (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  campaign_id text REFERENCES campaigns (id),
  action      text NOT NULL,
  actor       text NOT NULL,
  reason      text,
  details     json,
  at          bigint NOT NULL
);
CREATE INDEX audit_events_by_campaign ON audit_events (campaign_id, id);
`,
};
