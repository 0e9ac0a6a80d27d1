import { EngineError } from '../../../errors';
import type { ContactInsertReport, NewContact } from '../../../ports/call-store.port';
import { optionalText, optionalTime, phoneProblem, toJsonObject } from '../store-input';
import type { PgDb } from './pg-database';
import { rows } from './pg-query';

type Duplicate = ContactInsertReport['duplicates'][number];
type Invalid = ContactInsertReport['invalid'][number];

/** Rows per INSERT: the columns travel as arrays (`unnest`), so a chunk is one statement with 7 parameters. */
const CHUNK = 5000;

interface Candidate {
  readonly index: number;
  readonly values: ContactValues;
}

type ContactValues = readonly [phone: string, externalId: string | null, name: string | null, timeZone: string | null,
  data: string | null, notBefore: number];

/**
 * Imports validated contacts in input order (ids follow the input, like SQLite's row-by-row insert) and
 * reports duplicates exactly as SQLite does: a number already in the campaign, or seen earlier in the
 * input, is reported at its index with the id of the contact that has it. Runs inside the caller's
 * transaction. `ON CONFLICT DO NOTHING` makes an import racing another one with the same number wait
 * for it and then report the number as a duplicate.
 */
export async function insertContactRows(db: PgDb, campaignId: string, contacts: readonly NewContact[], now: number): Promise<ContactInsertReport> {
  const invalid: Invalid[] = [];
  const firstIndex = new Map<string, number>();
  const candidates: Candidate[] = [];
  const repeats: { index: number; phone: string }[] = [];
  contacts.forEach((c, index) => {
    const values = contactValues(c, now);
    if (typeof values === 'string') {
      invalid.push({ index, phone: String((c as Partial<NewContact> | null)?.phone ?? ''), reason: values });
      return;
    }
    const phone = values[0];
    if (firstIndex.has(phone)) repeats.push({ index, phone });
    else {
      firstIndex.set(phone, index);
      candidates.push({ index, values });
    }
  });
  const ids = new Map<string, number>();
  const existing: Duplicate[] = [];
  for (let i = 0; i < candidates.length; i += CHUNK) {
    const chunk = candidates.slice(i, i + CHUNK);
    for (const r of await insertChunk(db, campaignId, chunk, now)) ids.set(r.phone, r.id);
    const missing = chunk.filter((c) => !ids.has(c.values[0]));
    if (missing.length === 0) continue;
    for (const r of await idsOf(db, campaignId, missing.map((c) => c.values[0]))) ids.set(r.phone, r.id);
    for (const c of missing) existing.push({ index: c.index, phone: c.values[0], existingId: ids.get(c.values[0]) as number });
  }
  const inserted = candidates.length - existing.length;
  const duplicates = [...existing, ...repeats.map((r) => ({ ...r, existingId: ids.get(r.phone) as number }))];
  duplicates.sort((a, b) => a.index - b.index);
  return { inserted, duplicates, invalid };
}

async function insertChunk(db: PgDb, campaignId: string, chunk: readonly Candidate[], now: number): Promise<{ phone: string; id: number }[]> {
  const column = (k: number): unknown[] => chunk.map((c) => c.values[k]);
  return rows<{ phone: string; id: number }>(db, `INSERT INTO contacts (campaign_id, phone, external_id, name, time_zone, data, status,
      next_eligible_at, created_at, updated_at)
    SELECT $1, t.phone, t.external_id, t.name, t.time_zone, t.data::json, 'pending', t.not_before, $8, $8
    FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[])
      WITH ORDINALITY AS t (phone, external_id, name, time_zone, data, not_before, ord)
    ORDER BY t.ord
    ON CONFLICT (campaign_id, phone) DO NOTHING
    RETURNING phone, id`, [campaignId, column(0), column(1), column(2), column(3), column(4), column(5), now]);
}

async function idsOf(db: PgDb, campaignId: string, phones: readonly string[]): Promise<{ phone: string; id: number }[]> {
  return rows(db, 'SELECT phone, id FROM contacts WHERE campaign_id = $1 AND phone = ANY($2::text[])', [campaignId, phones]);
}

/** The row values, or why the contact is rejected (the same checks and messages as SQLite's import). */
function contactValues(c: NewContact, now: number): ContactValues | string {
  if (c === null || typeof c !== 'object') return 'not an object';
  const problem = phoneProblem(c.phone);
  if (problem !== null) return problem;
  try {
    return [
      c.phone,
      optionalText(c.externalId, 'externalId', 200),
      optionalText(c.name, 'name', 200),
      optionalText(c.timeZone, 'timeZone', 64),
      c.data === undefined ? null : toJsonObject(c.data, 'data'),
      optionalTime(c.notBefore, 'notBefore') ?? now,
    ];
  } catch (err) {
    if (err instanceof EngineError) return err.message;
    throw err;
  }
}
