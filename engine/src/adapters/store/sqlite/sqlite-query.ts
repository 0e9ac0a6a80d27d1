import type { Page } from '../../../ports/call-store.port';
import { checkOrder, decodeCursor, encodeCursor, pageLimit } from '../store-input';
import type { SqliteDb, SqliteStatement } from './sqlite-database';

type Statement = SqliteStatement;

/** Prepared statements keyed by their SQL text: list queries are built from filters, then reused. */
export class StatementCache {
  private readonly cache = new Map<string, Statement>();

  constructor(private readonly db: SqliteDb) {}

  get(sql: string): Statement {
    let stmt = this.cache.get(sql);
    if (stmt === undefined) {
      stmt = this.db.prepare<unknown[]>(sql);
      this.cache.set(sql, stmt);
    }
    return stmt;
  }
}

export interface PageSpec {
  /** `SELECT ... FROM table` without WHERE. */
  readonly select: string;
  /** The integer key the cursor walks (`seq` or `id`). */
  readonly key: string;
  /** `column = ?` conditions; entries whose value is undefined are left out. */
  readonly filters: readonly (readonly [condition: string, value: unknown])[];
  readonly order?: unknown;
  readonly defaultOrder: 'asc' | 'desc';
  readonly cursor?: unknown;
  readonly limit?: unknown;
}

/**
 * Keyset paging: `key > cursor` (ascending) or `key < cursor` (descending), so a page costs the same
 * wherever it is in a table of a million results, and rows added meanwhile never shift a page.
 */
export function pageOf<Row extends object, T>(cache: StatementCache, spec: PageSpec, map: (row: Row) => T): Page<T> {
  const limit = pageLimit(spec.limit);
  const order = checkOrder(spec.order, spec.defaultOrder);
  const after = decodeCursor(spec.cursor);
  const conds: string[] = [];
  const params: unknown[] = [];
  for (const [cond, value] of spec.filters) {
    if (value === undefined) continue;
    conds.push(cond);
    params.push(value);
  }
  if (after !== null) {
    conds.push(`${spec.key} ${order === 'asc' ? '>' : '<'} ?`);
    params.push(after);
  }
  const where = conds.length > 0 ? ` WHERE ${conds.join(' AND ')}` : '';
  const sql = `${spec.select}${where} ORDER BY ${spec.key} ${order.toUpperCase()} LIMIT ?`;
  const rows = cache.get(sql).all(...params, limit) as Row[];
  const last = rows[rows.length - 1] as Record<string, unknown> | undefined;
  const nextCursor = rows.length === limit && last !== undefined ? encodeCursor(Number(last[spec.key])) : null;
  return { items: rows.map(map), nextCursor };
}
