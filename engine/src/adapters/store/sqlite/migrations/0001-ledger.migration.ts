import type { SqliteMigration } from './sqlite-migration';

/**
 * Campaigns, contacts, the attempt ledger and results. Every table has an explicit INTEGER PRIMARY KEY
 * `seq`/`id` because SQLite's implicit rowid may change on VACUUM, and list cursors rely on it.
 */
export const ledgerMigration: SqliteMigration = {
  version: 1,
  name: 'ledger',
  sql: `
CREATE TABLE campaigns (
  seq         INTEGER PRIMARY KEY,
  id          TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('draft', 'running', 'paused', 'stopped', 'completed')),
  settings    TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
);

CREATE TABLE contacts (
  id               INTEGER PRIMARY KEY,
  campaign_id      TEXT NOT NULL REFERENCES campaigns (id),
  phone            TEXT NOT NULL,
  external_id      TEXT,
  name             TEXT,
  time_zone        TEXT,
  data             TEXT,
  status           TEXT NOT NULL CHECK (status IN ('pending', 'claimed', 'done', 'skipped')),
  attempt_count    INTEGER NOT NULL DEFAULT 0,
  next_eligible_at INTEGER NOT NULL,
  last_attempt_at  INTEGER,
  last_result      TEXT,
  close_reason     TEXT,
  claimed_by       TEXT,
  claimed_at       INTEGER,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  UNIQUE (campaign_id, phone)
);
-- The claim query: pending contacts of one campaign, oldest eligibility first.
CREATE INDEX contacts_dialable ON contacts (campaign_id, status, next_eligible_at, id);
CREATE INDEX contacts_by_campaign ON contacts (campaign_id, id);
CREATE INDEX contacts_claimed ON contacts (claimed_by) WHERE status = 'claimed';

CREATE TABLE attempts (
  seq          INTEGER PRIMARY KEY,
  id           TEXT NOT NULL UNIQUE,
  direction    TEXT NOT NULL CHECK (direction IN ('outbound', 'inbound')),
  phone        TEXT NOT NULL,
  campaign_id  TEXT REFERENCES campaigns (id),
  contact_id   INTEGER REFERENCES contacts (id),
  line_id      TEXT,
  channel_id   TEXT,
  scenario     TEXT,
  instance_id  TEXT NOT NULL,
  state        TEXT NOT NULL CHECK (state IN ('pending', 'dialing', 'ringing', 'answered', 'transferring', 'finished')),
  result       TEXT,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  answered_at  INTEGER,
  finished_at  INTEGER,
  CHECK ((state = 'finished') = (result IS NOT NULL))
);
-- At most one live attempt per contact: the database itself refuses a second concurrent dial.
CREATE UNIQUE INDEX attempts_one_live_per_contact ON attempts (contact_id) WHERE state <> 'finished';
CREATE INDEX attempts_live ON attempts (seq) WHERE state <> 'finished';
CREATE INDEX attempts_by_campaign ON attempts (campaign_id, seq);
CREATE INDEX attempts_by_contact ON attempts (contact_id, seq);

CREATE TABLE attempt_results (
  seq                INTEGER PRIMARY KEY,
  attempt_id         TEXT NOT NULL UNIQUE REFERENCES attempts (id),
  campaign_id        TEXT,
  contact_id         INTEGER,
  direction          TEXT NOT NULL,
  phone              TEXT NOT NULL,
  result             TEXT NOT NULL,
  reason             TEXT,
  hangup_cause       INTEGER,
  hangup_cause_text  TEXT,
  transcript         TEXT,
  intent             TEXT,
  ring_ms            INTEGER,
  talk_ms            INTEGER,
  total_ms           INTEGER NOT NULL,
  started_at         INTEGER NOT NULL,
  ended_at           INTEGER NOT NULL,
  details            TEXT
);
CREATE INDEX attempt_results_by_campaign ON attempt_results (campaign_id, seq);
CREATE INDEX attempt_results_by_end ON attempt_results (ended_at);
`,
};
