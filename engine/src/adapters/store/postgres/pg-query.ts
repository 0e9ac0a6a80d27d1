import type { Page } from '../../../ports/call-store.port';
import { checkOrder, decodeCursor, encodeCursor, pageLimit } from '../store-input';
import type { PgDb } from './pg-database';

/** The rows of one query, typed by the caller (the row interfaces of `sqlite-rows.ts`). */
export async function rows<Row>(db: PgDb, sql: string, params: readonly unknown[] = []): Promise<Row[]> {
  return (await db.query(sql, params as unknown[])).rows as Row[];
}

/** The first row, or undefined. */
export async function first<Row>(db: PgDb, sql: string, params: readonly unknown[] = []): Promise<Row | undefined> {
  return (await rows<Row>(db, sql, params))[0];
}

/** How many rows a statement changed. */
export async function changes(db: PgDb, sql: string, params: readonly unknown[] = []): Promise<number> {
  return (await db.query(sql, params as unknown[])).rowCount ?? 0;
}

export interface PgPageSpec {
  /** `SELECT ... FROM table` without WHERE. */
  readonly select: string;
  /** The integer key the cursor walks (`seq` or `id`). */
  readonly key: string;
  /** `column = ?` conditions (one `?` each); entries whose value is undefined are left out. */
  readonly filters: readonly (readonly [condition: string, value: unknown])[];
  readonly order?: unknown;
  readonly defaultOrder: 'asc' | 'desc';
  readonly cursor?: unknown;
  readonly limit?: unknown;
}

/**
 * Keyset paging, as in the SQLite adapter: `key > cursor` (ascending) or `key < cursor` (descending),
 * so a page costs the same anywhere in a large table and rows added meanwhile never shift a page.
 */
export async function pageOf<Row extends object, T>(db: PgDb, spec: PgPageSpec, map: (row: Row) => T): Promise<Page<T>> {
  const limit = pageLimit(spec.limit);
  const order = checkOrder(spec.order, spec.defaultOrder);
  const after = decodeCursor(spec.cursor);
  const conds: string[] = [];
  const params: unknown[] = [];
  const add = (cond: string, value: unknown): void => {
    params.push(value);
    conds.push(cond.replace('?', `$${params.length}`));
  };
  for (const [cond, value] of spec.filters) if (value !== undefined) add(cond, value);
  if (after !== null) add(`${spec.key} ${order === 'asc' ? '>' : '<'} ?`, after);
  const where = conds.length > 0 ? ` WHERE ${conds.join(' AND ')}` : '';
  params.push(limit);
  const sql = `${spec.select}${where} ORDER BY ${spec.key} ${order.toUpperCase()} LIMIT $${params.length}`;
  const got = await rows<Row>(db, sql, params);
  const last = got[got.length - 1] as Record<string, unknown> | undefined;
  const nextCursor = got.length === limit && last !== undefined ? encodeCursor(Number(last[spec.key])) : null;
  return { items: got.map(map), nextCursor };
}
