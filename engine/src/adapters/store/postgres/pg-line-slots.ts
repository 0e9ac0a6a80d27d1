import type { LineSlotOutcome, LineSlotRequest, LineSlotUsage } from '../../../ports/call-store.port';
import { checkId } from '../store-input';
import {
  MINUTE_MS, NO_COUNTERS, activeFrom, checkSlotRequest, checkUsageQuery, countersAfterOriginate, slotOf, slotRefusal,
  snapshotAfter, usageOf, type CheckedSlotRequest, type LineCounters, type LineSnapshot,
} from '../line-slot-rules';
import type { PgDb } from './pg-database';
import { changes, first, rows } from './pg-query';

interface CounterRow {
  day_count: number;
  day_ends_at: number;
  last_originate_at: number | null;
}

function countersOf(row: CounterRow | undefined): LineCounters {
  return row === undefined ? NO_COUNTERS : { dayCount: row.day_count, dayEndsAt: row.day_ends_at, lastOriginateAt: row.last_originate_at };
}

/**
 * `LineSlotStore` on PostgreSQL. A reservation locks the line's `line_counters` row (`FOR UPDATE`) and
 * reads the line's slots and last minute of originates in LATER statements, so under READ COMMITTED it
 * sees everything committed by the reservation that held the lock before it: reservations on one line
 * are strictly one after the other across all instances, and a limit can never be passed by a race.
 * Different lines never wait for each other.
 */
export class PgLineSlotRepo {
  async reserve(db: PgDb, request: LineSlotRequest): Promise<LineSlotOutcome> {
    const req = checkSlotRequest(request);
    await db.query('INSERT INTO line_counters (line_id, updated_at) VALUES ($1, $2) ON CONFLICT (line_id) DO NOTHING', [req.line, req.now]);
    const counters = countersOf(await first<CounterRow>(db, 'SELECT * FROM line_counters WHERE line_id = $1 FOR UPDATE', [req.line]));
    // Slots whose holder never released them (its engine died) stop counting once they expire.
    await db.query('DELETE FROM line_slots WHERE line_id = $1 AND expires_at <= $2', [req.line, req.now]);
    await db.query('DELETE FROM line_originates WHERE line_id = $1 AND at <= $2', [req.line, req.now - MINUTE_MS]);
    const snap = await this.snapshot(db, req.line, req.now, counters);
    const refusal = slotRefusal(req, snap);
    if (refusal !== null) return { ok: false, ...refusal, usage: usageOf(req.line, snap, req.now) };
    const id = await this.take(db, req, counters);
    return { ok: true, slot: slotOf(id, req), usage: usageOf(req.line, snapshotAfter(snap, req), req.now) };
  }

  async release(db: PgDb, slotId: number): Promise<boolean> {
    if (!Number.isSafeInteger(slotId)) return false;
    return (await changes(db, 'DELETE FROM line_slots WHERE id = $1', [slotId])) === 1;
  }

  async releaseAll(db: PgDb, instanceId: string): Promise<number> {
    return changes(db, 'DELETE FROM line_slots WHERE instance_id = $1', [checkId(instanceId, 'instanceId')]);
  }

  async usage(db: PgDb, lines: readonly string[], now: number): Promise<LineSlotUsage[]> {
    const q = checkUsageQuery(lines, now);
    const out: LineSlotUsage[] = [];
    for (const line of q.lines) {
      const counters = countersOf(await first<CounterRow>(db, 'SELECT * FROM line_counters WHERE line_id = $1', [line]));
      out.push(usageOf(line, await this.snapshot(db, line, q.now, counters), q.now));
    }
    return out;
  }

  private async snapshot(db: PgDb, line: string, now: number, counters: LineCounters): Promise<LineSnapshot> {
    const active = await rows<{ kind: string; n: number }>(db,
      'SELECT kind, COUNT(*) AS n FROM line_slots WHERE line_id = $1 AND expires_at > $2 GROUP BY kind', [line, now]);
    const recent = await rows<{ at: number }>(db,
      'SELECT at FROM line_originates WHERE line_id = $1 AND at > $2 ORDER BY at', [line, now - MINUTE_MS]);
    return { counters, active: activeFrom(active), recent: recent.map((r) => r.at) };
  }

  private async take(db: PgDb, req: CheckedSlotRequest, counters: LineCounters): Promise<number> {
    const slot = await first<{ id: number }>(db, `INSERT INTO line_slots (line_id, kind, instance_id, attempt_id, acquired_at, expires_at)
      VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, [req.line, req.kind, req.instanceId, req.attemptId, req.now, req.expiresAt]);
    if (req.kind === 'outbound') {
      const next = countersAfterOriginate(counters, req);
      await db.query('INSERT INTO line_originates (line_id, at) VALUES ($1, $2)', [req.line, req.now]);
      await db.query('UPDATE line_counters SET day_count = $1, day_ends_at = $2, last_originate_at = $3, updated_at = $4 WHERE line_id = $5',
        [next.dayCount, next.dayEndsAt, next.lastOriginateAt, req.now, req.line]);
    }
    return (slot as { id: number }).id;
  }
}
