import assert from 'node:assert/strict';
import { checkSchemaName, redactUrl, toPgStoreError } from '../../../../../engine/src/adapters/store/postgres/pg-database';
import { pageOf } from '../../../../../engine/src/adapters/store/postgres/pg-query';
import type { PgDb } from '../../../../../engine/src/adapters/store/postgres/pg-database';
import { EngineError, isEngineError, type ErrorCode } from '../../../../../engine/src/errors';

/** What node-postgres rejects with: an Error carrying the SQLSTATE and, for constraints, its name. */
function pgError(code: string, constraint?: string): Error {
  return Object.assign(new Error(`pg ${code}`), { code, constraint });
}

describe('PostgreSQL store: driver errors and options (no server needed)', () => {
  it('maps SQLSTATEs to the same CE_ codes as SQLite', () => {
    const table: [Error, ErrorCode][] = [
      [pgError('23505', 'campaigns_id_key'), 'CE_STORE_CONFLICT'],
      [pgError('23505', 'attempts_one_live_per_contact'), 'CE_STORE_INVALID_TRANSITION'],
      [pgError('23503'), 'CE_STORE_NOT_FOUND'],
      [pgError('23514'), 'CE_STORE_INVALID_INPUT'],
      [pgError('23502'), 'CE_STORE_INVALID_INPUT'],
      [pgError('22P02'), 'CE_STORE_INVALID_INPUT'],
      [pgError('22003'), 'CE_STORE_INVALID_INPUT'],
      [pgError('40P01'), 'CE_STORE_CONFLICT'],
      [pgError('40001'), 'CE_STORE_CONFLICT'],
      [pgError('55P03'), 'CE_STORE_FAILED'],
      [pgError('57P01'), 'CE_STORE_FAILED'],
      [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }), 'CE_STORE_FAILED'],
      [new Error('Connection terminated unexpectedly'), 'CE_STORE_FAILED'],
    ];
    for (const [err, code] of table) {
      const mapped = toPgStoreError(err);
      assert.equal(mapped.code, code, String(err));
      assert.equal(mapped.cause, err, 'the driver error is kept as the cause');
    }
    const own = new EngineError('CE_STORE_NOT_FOUND');
    assert.equal(toPgStoreError(own), own, 'EngineErrors pass through');
    assert.equal(toPgStoreError('weird').code, 'CE_STORE_FAILED');
  });

  it('accepts only plain lower-case schema names (they are spliced into SQL)', () => {
    for (const ok of ['public', 'salehi', 'salehi_test_0a1b', '_x']) assert.equal(checkSchemaName(ok), ok);
    for (const bad of ['', 'Public', '1abc', 'a-b', 'a;drop', 'a b', 'x'.repeat(64), null as never]) {
      assert.throws(() => checkSchemaName(bad), (e: unknown) => isEngineError(e, 'CE_STORE_OPEN_FAILED'));
    }
  });

  it('never shows the password of a connection URL', () => {
    assert.equal(redactUrl('postgres://salehi:s3cret@db:5432/calls'), 'postgres://salehi:***@db:5432/calls');
    assert.equal(redactUrl('postgres://postgres@127.0.0.1:5432/test'), 'postgres://postgres@127.0.0.1:5432/test');
    assert.equal(redactUrl('not a url :s3cret'), '(unparseable url)');
  });

  it('pages with numbered placeholders and a keyset cursor', async () => {
    const seen: { sql: string; params: unknown[] }[] = [];
    const db = {
      query: async (sql: string, params: unknown[]) => {
        seen.push({ sql, params });
        return { rows: [{ seq: 7 }, { seq: 9 }], rowCount: 2 };
      },
    } as unknown as PgDb;
    const page = await pageOf<{ seq: number }, number>(db, {
      select: 'SELECT * FROM attempts', key: 'seq', filters: [['campaign_id = ?', 'c1'], ['state = ?', undefined], ['contact_id = ?', 4]],
      order: 'desc', defaultOrder: 'asc', cursor: '12', limit: 2,
    }, (r) => r.seq);
    assert.deepEqual(seen, [{
      sql: 'SELECT * FROM attempts WHERE campaign_id = $1 AND contact_id = $2 AND seq < $3 ORDER BY seq DESC LIMIT $4',
      params: ['c1', 4, 12, 2],
    }]);
    assert.deepEqual(page, { items: [7, 9], nextCursor: '9' });
    await assert.rejects(pageOf(db, { select: 'x', key: 'seq', filters: [], defaultOrder: 'asc', cursor: 'abc' }, (r) => r),
      (e: unknown) => isEngineError(e, 'CE_STORE_INVALID_INPUT'));
  });
});
