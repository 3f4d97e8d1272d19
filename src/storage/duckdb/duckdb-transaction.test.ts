import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { plainDb, type Db } from './duckdb-connection.ts';
import { inTransaction } from './duckdb-transaction.ts';
import { StoreError } from '../../domain/errors.ts';

describe('inTransaction: one transaction around a write', () => {
  let instance: DuckDBInstance;
  let conn: DuckDBConnection;
  let db: Db;
  const logged: string[] = [];
  const log = (line: string) => void logged.push(line);
  const ids = async (on: Db = db) =>
    (await on.all<{ id: number }>('SELECT id FROM t ORDER BY id')).map((r) => r.id);

  before(async () => {
    instance = await DuckDBInstance.create(':memory:');
    conn = await instance.connect();
    db = plainDb(conn);
    await db.run('CREATE TABLE t (id INTEGER PRIMARY KEY)');
  });
  after(() => conn.closeSync());
  beforeEach(async () => {
    logged.length = 0;
    await db.run('DELETE FROM t');
  });

  it('commits what fn wrote and returns what it returned', async () => {
    const got = await inTransaction(
      db,
      async () => {
        await db.run('INSERT INTO t VALUES (1), (2)');
        return 'written';
      },
      { log },
    );
    assert.equal(got, 'written');
    // Seen from another connection: committed, not only visible inside an open transaction.
    assert.deepEqual(await ids(plainDb(await instance.connect())), [1, 2]);
    assert.deepEqual(logged, []);
  });

  it('rolls back what fn wrote when it throws, and rethrows the same error', async () => {
    class Refused extends Error {}
    const thrown = new Refused('refused: 7');
    await assert.rejects(
      inTransaction(
        db,
        async () => {
          await db.run('INSERT INTO t VALUES (7)');
          throw thrown;
        },
        { log },
      ),
      (e) => e === thrown,
    );
    assert.deepEqual(await ids(), []);
    assert.deepEqual(logged, []);
    // No transaction left open: a BEGIN of its own would fail inside one.
    await inTransaction(db, () => db.run('INSERT INTO t VALUES (8)'), { log });
    assert.deepEqual(await ids(plainDb(await instance.connect())), [8]);
  });

  it('rolls back an aborted transaction (a failed statement) and rethrows that statement error', async () => {
    await db.run('INSERT INTO t VALUES (1)');
    await assert.rejects(
      inTransaction(
        db,
        async () => {
          await db.run('INSERT INTO t VALUES (2)');
          await db.run('INSERT INTO t VALUES (1)');
        },
        { log },
      ),
      /^Error: Constraint Error: Duplicate key "id: 1" violates primary key constraint/,
    );
    assert.deepEqual(await ids(), [1]);
    assert.deepEqual(logged, []);
  });

  it('refuses to commit a transaction whose failed statement fn caught (DuckDB would commit nothing and say nothing)', async () => {
    await db.run('INSERT INTO t VALUES (1)');
    await assert.rejects(
      inTransaction(
        db,
        async () => {
          await db.run('INSERT INTO t VALUES (2)');
          await db.run('INSERT INTO t VALUES (1)').catch(() => undefined);
          return 'went on';
        },
        { log },
      ),
      new StoreError(
        'write not stored: a statement of its transaction failed and the error was caught; rolled back, nothing written',
      ),
    );
    assert.deepEqual(await ids(), [1]);
    assert.deepEqual(logged, []);
    await inTransaction(db, () => db.run('INSERT INTO t VALUES (9)'), { log });
    assert.deepEqual(await ids(plainDb(await instance.connect())), [1, 9]);
  });

  it('rolls back instead of committing when keep says no to the result', async () => {
    const got = await inTransaction(
      db,
      async () => {
        await db.run('INSERT INTO t VALUES (3)');
        return null;
      },
      { keep: (r) => r !== null, log },
    );
    assert.equal(got, null);
    assert.deepEqual(await ids(), []);
  });

  it('rethrows the original error when the ROLLBACK fails too, and logs the ROLLBACK failure in one line', async () => {
    const own = await instance.connect();
    const thrown = new Error('lost connection\nmid-write');
    await assert.rejects(
      inTransaction(
        plainDb(own),
        async () => {
          await own.run('INSERT INTO t VALUES (4)');
          own.closeSync();
          throw thrown;
        },
        { log },
      ),
      (e) => e === thrown,
    );
    assert.deepEqual(logged, [
      'rollback failed after "lost connection mid-write": Failed to query: connection disconnected',
    ]);
    // The closed connection's transaction was never committed.
    assert.deepEqual(await ids(), []);
  });

  it('rethrows a failed COMMIT as DuckDB gave it, and the connection takes the next transaction', async () => {
    // A key written by two transactions at once: DuckDB refuses the second at its COMMIT, and ends it.
    const other = plainDb(await instance.connect());
    await assert.rejects(
      inTransaction(
        db,
        async () => {
          await db.run('INSERT INTO t VALUES (5)');
          await inTransaction(other, () => other.run('INSERT INTO t VALUES (5)'), { log });
        },
        { log },
      ),
      (e) =>
        e instanceof Error &&
        e.message ===
          'TransactionContext Error: Failed to commit: PRIMARY KEY or UNIQUE constraint violation: duplicate key "5"',
    );
    // Nothing to roll back after it (DuckDB ended the transaction), so nothing logged.
    assert.deepEqual(logged, []);
    await inTransaction(db, () => db.run('INSERT INTO t VALUES (6)'), { log });
    assert.deepEqual(await ids(other), [5, 6]);
  });
});
