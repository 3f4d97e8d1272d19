import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DuckDBImportBatch } from './duckdb-gdelt-batch.ts';
import { DuckDBPool, type WriterLease } from './duckdb-pool.ts';

/** A real writer lease whose statements named in `fail` throw (a disk that fails, which a test cannot make). */
function failing(lease: WriterLease, fail: string): WriterLease {
  return {
    ...lease,
    run: (sql, params) =>
      sql === fail ? Promise.reject(new Error(`${fail} failed (injected)`)) : lease.run(sql, params),
  };
}

const count = async (pool: DuckDBPool) => {
  const [{ n }] = await pool.all<{ n: number }>(`SELECT CAST(count(*) AS INTEGER) AS n FROM t`);
  return n;
};

/**
 * A pool with a table `t`, and a batch on its writer whose `fail` statement throws, holding five
 * rows written in the batch's transaction (through the lease: the writer and transaction the
 * batch's imports write through); the pool is closed after `test`.
 */
async function withBatch(
  fail: string,
  test: (pool: DuckDBPool, batch: DuckDBImportBatch) => Promise<void>,
): Promise<void> {
  const pool = await DuckDBPool.open(':memory:');
  try {
    await pool.write((w) => w.run(`CREATE TABLE t (x INTEGER)`));
    const lease = failing(await pool.lease(), fail);
    const batch = await DuckDBImportBatch.begin(lease);
    await lease.run(`INSERT INTO t SELECT range FROM range(5)`);
    await test(pool, batch);
  } finally {
    await pool.close();
  }
}

describe('an import batch at its commit', () => {
  it('a checkpoint that fails after the COMMIT is told as a warning, and the batch is stored', () =>
    withBatch('CHECKPOINT', async (pool, batch) => {
      const warnings: string[] = [];
      await batch.commit((line) => warnings.push(line));
      assert.equal(await count(pool), 5);
      assert.deepEqual(warnings, [
        'warning: the import batch is stored, but the checkpoint after it failed: CHECKPOINT failed (injected) (DuckDB writes the rows into the store file at its next checkpoint or open)',
      ]);
      // The writer was released: the next write gets it.
      await pool.write((w) => w.run(`INSERT INTO t VALUES (6)`));
      assert.equal(await count(pool), 6);
    }));

  it('a COMMIT that fails is thrown, nothing of the batch is stored, and the writer is free again', () =>
    withBatch('COMMIT', async (pool, batch) => {
      const warnings: string[] = [];
      await assert.rejects(
        batch.commit((line) => warnings.push(line)),
        /^Error: COMMIT failed \(injected\)$/,
      );
      assert.deepEqual(warnings, []);
      assert.equal(await count(pool), 0);
      await pool.write((w) => w.run(`INSERT INTO t VALUES (6)`));
      assert.equal(await count(pool), 1);
    }));
});
