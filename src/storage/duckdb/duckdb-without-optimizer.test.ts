import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { plainDb, rollbackTransaction, withoutOptimizer, type Db } from './duckdb-connection.ts';

/** Whether the connection's optimizer is on: it folds a filter's `1 + 1` into 2; without it the sum stays. */
async function optimizing(db: Pick<Db, 'all'>): Promise<boolean> {
  const plan = (
    await db.all<{ explain_value: string }>('EXPLAIN SELECT i FROM range(3) r(i) WHERE i > 1 + 1')
  )
    .map((r) => r.explain_value)
    .join('\n');
  assert.match(plan, /FILTER|Filters/);
  return !plan.includes('(1 + 1)');
}

describe('withoutOptimizer: statements planned without DuckDB optimizer', () => {
  let conn: DuckDBConnection;
  let db: Db;
  before(async () => {
    conn = await (await DuckDBInstance.create(':memory:')).connect();
    db = plainDb(conn);
    await db.run('CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR)');
  });
  after(() => conn.closeSync());

  it('plans its own statements unoptimized and leaves the connection optimizing', async () => {
    assert.equal(await optimizing(db), true);
    assert.equal(await optimizing(withoutOptimizer(db)), false);
    assert.equal(await optimizing(db), true);
    // Same rows either way.
    await withoutOptimizer(db).run(`INSERT INTO t SELECT i, 'v' || i FROM range(5) r(i) WHERE i % 2 = 0`);
    const q = 'SELECT id, v FROM t WHERE id > 0 ORDER BY id';
    assert.deepEqual(await withoutOptimizer(db).all(q), await db.all(q));
    assert.deepEqual(await db.all(q), [
      { id: 2, v: 'v2' },
      { id: 4, v: 'v4' },
    ]);
    await db.run('DELETE FROM t');
  });

  it('turns the optimizer back on after a failed statement, and at the ROLLBACK of an aborted transaction', async () => {
    await assert.rejects(withoutOptimizer(db).run('SELECT CAST($1 AS INTEGER)', ['x']), /Conversion Error/);
    assert.equal(await optimizing(db), true);
    // In a transaction, the failure aborts it: the optimizer cannot be turned on until the ROLLBACK.
    await db.run('BEGIN TRANSACTION');
    await assert.rejects(
      withoutOptimizer(db).run('INSERT INTO t VALUES (1, $1), (1, $1)', ['twice']),
      /PRIMARY KEY or UNIQUE constraint/,
    );
    await rollbackTransaction(db);
    assert.equal(await optimizing(db), true);
    assert.deepEqual(await db.all('SELECT count(*) AS n FROM t'), [{ n: 0 }]);
  });
});
