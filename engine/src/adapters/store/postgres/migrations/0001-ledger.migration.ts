import type { PgMigration } from './pg-migration';

/**
 * Campaigns, contacts, the attempt ledger and results: the same tables, columns and rules as SQLite's
 * step 1. Times are `bigint` epoch ms; documents are `json` (kept as written, unlike `jsonb`, which
 * reorders keys and refuses `\u0000`), so both adapters return identical values.
 */
export const ledgerMigration: PgMigration = {
  version: 1,
  name: 'ledger',
  sql: `
CREATE TABLE campaigns (
  seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id          text NOT NULL UNIQUE,
  name        text NOT NULL,
  state       text NOT NULL CHECK (state IN ('draft', 'running', 'paused', 'stopped', 'completed')),
  settings    json NOT NULL,
  created_at  bigint NOT NULL,
  updated_at  bigint NOT NULL
);

CREATE TABLE contacts (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  campaign_id      text NOT NULL REFERENCES campaigns (id),
  phone            text NOT NULL,
  external_id      text,
  name             text,
  time_zone        text,
  data             json,
  status           text NOT NULL CHECK (status IN ('pending', 'claimed', 'done', 'skipped')),
  attempt_count    integer NOT NULL DEFAULT 0,
  next_eligible_at bigint NOT NULL,
  last_attempt_at  bigint,
  last_result      text,
  close_reason     text,
  claimed_by       text,
  claimed_at       bigint,
  created_at       bigint NOT NULL,
  updated_at       bigint NOT NULL,
  UNIQUE (campaign_id, phone)
);
-- The claim query (FOR UPDATE SKIP LOCKED): only pending rows, in queue order.
CREATE INDEX contacts_dialable ON contacts (campaign_id, next_eligible_at, id) WHERE status = 'pending';
CREATE INDEX contacts_by_campaign ON contacts (campaign_id, id);
CREATE INDEX contacts_claimed ON contacts (claimed_by) WHERE status = 'claimed';

CREATE TABLE attempts (
  seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id           text NOT NULL UNIQUE,
  direction    text NOT NULL CHECK (direction IN ('outbound', 'inbound')),
  phone        text NOT NULL,
  campaign_id  text REFERENCES campaigns (id),
  contact_id   bigint REFERENCES contacts (id),
  line_id      text,
  channel_id   text,
  scenario     text,
  instance_id  text NOT NULL,
  state        text NOT NULL CHECK (state IN ('pending', 'dialing', 'ringing', 'answered', 'transferring', 'finished')),
  result       text,
  created_at   bigint NOT NULL,
  updated_at   bigint NOT NULL,
  answered_at  bigint,
  finished_at  bigint,
  CHECK ((state = 'finished') = (result IS NOT NULL))
);
-- At most one live attempt per contact: the database itself refuses a second concurrent dial, whichever
-- engine instance tries it.
CREATE UNIQUE INDEX attempts_one_live_per_contact ON attempts (contact_id) WHERE state <> 'finished';
CREATE INDEX attempts_live ON attempts (seq) WHERE state <> 'finished';
CREATE INDEX attempts_by_campaign ON attempts (campaign_id, seq);
CREATE INDEX attempts_by_contact ON attempts (contact_id, seq);

CREATE TABLE attempt_results (
  seq                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  attempt_id         text NOT NULL UNIQUE REFERENCES attempts (id),
  campaign_id        text,
  contact_id         bigint,
  direction          text NOT NULL,
  phone              text NOT NULL,
  result             text NOT NULL,
  reason             text,
  hangup_cause       bigint,
  hangup_cause_text  text,
  transcript         text,
  intent             text,
  ring_ms            bigint,
  talk_ms            bigint,
  total_ms           bigint NOT NULL,
  started_at         bigint NOT NULL,
  ended_at           bigint NOT NULL,
  details            json
);
CREATE INDEX attempt_results_by_campaign ON attempt_results (campaign_id, seq);
CREATE INDEX attempt_results_by_end ON attempt_results (ended_at);
`,
};
