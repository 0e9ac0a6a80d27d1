import type { LineSlotOutcome, LineSlotRequest, LineSlotStore, LineSlotUsage } from '../../../ports/call-store.port';
import { checkId } from '../store-input';
import {
  MINUTE_MS, NO_COUNTERS, activeFrom, checkSlotRequest, checkUsageQuery, countersAfterOriginate, slotOf, slotRefusal,
  snapshotAfter, usageOf, type CheckedSlotRequest, type LineCounters, type LineSnapshot,
} from '../line-slot-rules';
import type { StatementCache } from './sqlite-query';

interface CounterRow {
  day_count: number;
  day_ends_at: number;
  last_originate_at: number | null;
}

function countersOf(row: CounterRow | undefined): LineCounters {
  return row === undefined ? NO_COUNTERS : { dayCount: row.day_count, dayEndsAt: row.day_ends_at, lastOriginateAt: row.last_originate_at };
}

/**
 * `LineSlotStore` rows on SQLite. Methods are synchronous and run inside the facade's BEGIN IMMEDIATE
 * transaction: SQLite has one writer, so a reservation's read-decide-write can never interleave with
 * another's, in this process or another one on the same file. The decision is `line-slot-rules.ts`,
 * shared with PostgreSQL.
 */
export class SqliteLineSlotRepo {
  constructor(private readonly sql: StatementCache) {}

  reserve(request: LineSlotRequest): LineSlotOutcome {
    const req = checkSlotRequest(request);
    this.sql.get('INSERT INTO line_counters (line_id, updated_at) VALUES (?, ?) ON CONFLICT (line_id) DO NOTHING').run(req.line, req.now);
    const counters = this.counters(req.line);
    this.sql.get('DELETE FROM line_slots WHERE line_id = ? AND expires_at <= ?').run(req.line, req.now);
    this.sql.get('DELETE FROM line_originates WHERE line_id = ? AND at <= ?').run(req.line, req.now - MINUTE_MS);
    const snap = this.snapshot(req.line, req.now, counters);
    const refusal = slotRefusal(req, snap);
    if (refusal !== null) return { ok: false, ...refusal, usage: usageOf(req.line, snap, req.now) };
    const id = this.take(req, counters);
    return { ok: true, slot: slotOf(id, req), usage: usageOf(req.line, snapshotAfter(snap, req), req.now) };
  }

  release(slotId: number): boolean {
    if (!Number.isSafeInteger(slotId)) return false;
    return this.sql.get('DELETE FROM line_slots WHERE id = ?').run(slotId).changes === 1;
  }

  releaseAll(instanceId: string): number {
    return this.sql.get('DELETE FROM line_slots WHERE instance_id = ?').run(checkId(instanceId, 'instanceId')).changes;
  }

  usage(lines: readonly string[], now: number): LineSlotUsage[] {
    const q = checkUsageQuery(lines, now);
    return q.lines.map((line) => usageOf(line, this.snapshot(line, q.now, this.counters(line)), q.now));
  }

  private counters(line: string): LineCounters {
    return countersOf(this.sql.get('SELECT * FROM line_counters WHERE line_id = ?').get(line) as CounterRow | undefined);
  }

  private snapshot(line: string, now: number, counters: LineCounters): LineSnapshot {
    const active = this.sql.get('SELECT kind, COUNT(*) AS n FROM line_slots WHERE line_id = ? AND expires_at > ? GROUP BY kind')
      .all(line, now) as { kind: string; n: number }[];
    const recent = this.sql.get('SELECT at FROM line_originates WHERE line_id = ? AND at > ? ORDER BY at')
      .all(line, now - MINUTE_MS) as { at: number }[];
    return { counters, active: activeFrom(active), recent: recent.map((r) => r.at) };
  }

  private take(req: CheckedSlotRequest, counters: LineCounters): number {
    const info = this.sql.get(`INSERT INTO line_slots (line_id, kind, instance_id, attempt_id, acquired_at, expires_at)
      VALUES (?, ?, ?, ?, ?, ?)`).run(req.line, req.kind, req.instanceId, req.attemptId, req.now, req.expiresAt);
    if (req.kind === 'outbound') {
      const next = countersAfterOriginate(counters, req);
      this.sql.get('INSERT INTO line_originates (line_id, at) VALUES (?, ?)').run(req.line, req.now);
      this.sql.get('UPDATE line_counters SET day_count = ?, day_ends_at = ?, last_originate_at = ?, updated_at = ? WHERE line_id = ?')
        .run(next.dayCount, next.dayEndsAt, next.lastOriginateAt, req.now, req.line);
    }
    return Number(info.lastInsertRowid);
  }
}

/** Transaction wrappers of the SQLite facade (closed check, BEGIN IMMEDIATE, error mapping). */
export interface SqliteRunner {
  read<T>(fn: () => T): T;
  write<T>(fn: () => T): T;
}

/** The `lineSlots` capability of `SqliteCallStore`. */
export function sqliteLineSlots(repo: SqliteLineSlotRepo, run: SqliteRunner): LineSlotStore {
  return {
    reserveLineSlot: async (request) => run.write(() => repo.reserve(request)),
    releaseLineSlot: async (slotId) => run.write(() => repo.release(slotId)),
    releaseLineSlots: async (instanceId) => run.write(() => repo.releaseAll(instanceId)),
    lineUsage: async (lines, now) => run.read(() => repo.usage(lines, now)),
  };
}
