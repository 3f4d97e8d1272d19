// test-run: alone, about 2 s (measures concurrent latency)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { QueryCancelledError, QueryTimeoutError } from '../../domain/errors.ts';
import { runWithSignal, timeLimit } from '../query-signal.ts';
import { stagedEvent } from '../store.case.ts';
import { DuckDBPool } from './duckdb-pool.ts';
import { StatementCache } from './duckdb-statements.ts';
import { syntheticImportStart } from '../../../test/helpers/synthetic-events.ts';
import { DuckDBStore } from './duckdb-store.ts';

// Runs for well over 5 s here (measured: still running after 5 s on this machine), so only an
// interrupt ends it within the test's bounds.
const SLOW = `SELECT count(*) AS n FROM range(20000000000) t(i) WHERE i % 7 = 3`;
// The next query after SLOW answers in milliseconds once SLOW is interrupted, and waits seconds
// (SLOW runs for well over 5 s here) if it is not. The bound is half of that, as in
// src/api/concurrency.test.ts: a CI run with another test file beside it once took 1.2 s there.
const NEXT_WITHIN_MS = 2500;

const elapsed = async (p: Promise<unknown>) => {
  const t0 = performance.now();
  await p;
  return performance.now() - t0;
};

const ms = (t0: number) => Math.round(performance.now() - t0);

const start = syntheticImportStart;
const final = { version: '22.1', versionInferred: false, rowsRead: 2, metadataRows: 0, warnings: 0 };

describe('DuckDB pool: cancellation', () => {
  it('a read past its time limit is interrupted in DuckDB and its connection answers the next query at once', async () => {
    const store = await DuckDBStore.open(':memory:', undefined, { readers: 1 });
    try {
      const t0 = performance.now();
      await assert.rejects(
        runWithSignal(timeLimit(200), () => store.select(SLOW)),
        (e) =>
          e instanceof QueryTimeoutError &&
          e.message === 'query timed out after 200 ms; narrow the period or filters and try again',
      );
      assert.ok(performance.now() - t0 < 1500, `rejected after ${Math.round(performance.now() - t0)} ms`);
      const next = await elapsed(store.select('SELECT 42 AS x'));
      assert.ok(next < NEXT_WITHIN_MS, `the next query took ${Math.round(next)} ms on the one reader`);
    } finally {
      await store.close();
    }
  });

  it('a read whose signal fires while it waits for a connection leaves the queue and never runs', async () => {
    const pool = await DuckDBPool.open(':memory:', { readers: 1 });
    try {
      const first = new AbortController();
      const running = runWithSignal(first.signal, () => pool.all(SLOW));
      running.catch(() => {});
      const waiting = runWithSignal(timeLimit(100), () => pool.all(SLOW));
      assert.equal(pool.queued, 1);
      await assert.rejects(waiting, QueryTimeoutError);
      assert.equal(pool.queued, 0);
      first.abort();
      await assert.rejects(
        running,
        (e) =>
          e instanceof QueryCancelledError &&
          e.message === 'query cancelled: nobody is waiting for the answer',
      );
      // Had the second slow read stayed queued, it would hold the one reader for minutes now.
      const next = await elapsed(pool.all('SELECT 1 AS x'));
      assert.ok(next < NEXT_WITHIN_MS, `the next query took ${Math.round(next)} ms`);
    } finally {
      await pool.close();
    }
  });

  it('50 concurrent distinct reads all answer, on 3 readers keeping prepared statements', async () => {
    const pool = await DuckDBPool.open(':memory:', { statementCache: 8 });
    try {
      const out = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          pool.all<{ v: number }>(`SELECT sum(i)::BIGINT + $1 AS v FROM range(${1000 + i}) t(i)`, [i]),
        ),
      );
      assert.deepEqual(
        out.map((r) => r[0]!.v),
        Array.from({ length: 50 }, (_, i) => ((1000 + i) * (999 + i)) / 2 + i),
      );
    } finally {
      await pool.close();
    }
  });
});

describe('DuckDB pool: closing', () => {
  it('closing interrupts the running read, fails the waiting one, then closes', async () => {
    const pool = await DuckDBPool.open(':memory:', { readers: 1 });
    const running = assert.rejects(pool.all(SLOW), {
      code: 'store_error',
      message: 'store closed before the read finished',
    });
    const waiting = assert.rejects(pool.all('SELECT 1 AS x'), {
      code: 'store_error',
      message: 'store closed before the read could run',
    });
    const t0 = performance.now();
    await pool.close();
    assert.ok(performance.now() - t0 < 1000, `closed after ${ms(t0)} ms`);
    await Promise.all([running, waiting]);
    await assert.rejects(pool.all('SELECT 1 AS x'), { message: 'store closed before the read could run' });
  });
});

describe('DuckDB pool: reads beside an open import', () => {
  it('a read never sees rows written in an open writer transaction, and a failing read leaves it intact', async () => {
    const pool = await DuckDBPool.open(':memory:');
    try {
      await pool.run('CREATE TABLE t (x INTEGER)');
      const lease = await pool.lease();
      await lease.run('BEGIN TRANSACTION');
      await lease.run('INSERT INTO t VALUES (1), (2)');
      assert.deepEqual(await lease.all('SELECT count(*) AS n FROM t'), [{ n: 2 }]);
      assert.deepEqual(await pool.all('SELECT count(*) AS n FROM t'), [{ n: 0 }]);
      await assert.rejects(pool.all(`SELECT CAST('2021-13-45' AS DATE) AS d`), /Conversion Error/);
      await lease.run('COMMIT');
      lease.release();
      assert.deepEqual(await pool.all('SELECT count(*) AS n FROM t'), [{ n: 2 }]);
    } finally {
      await pool.close();
    }
  });

  it('an import commits after reads beside it saw nothing staged and one of them failed', async () => {
    const store = await DuckDBStore.open(':memory:');
    try {
      const session = await store.beginImport(start());
      await session.addEvents([stagedEvent('1'), stagedEvent('2')]);
      assert.equal(await store.countEvents({}), 0);
      await assert.rejects(store.select('SELECT count(*) FROM stage_events'), /stage_events does not exist/);
      await assert.rejects(store.select(`SELECT CAST('2021-13-45' AS DATE) AS d`), /Conversion Error/);
      const ledger = await session.commit(final);
      assert.deepEqual([ledger.accepted, ledger.added], [2, 2]);
      assert.equal(await store.countEvents({}), 2);
    } finally {
      await store.close();
    }
  });

  it('other writes wait for the import holding the writer, then run', async () => {
    const store = await DuckDBStore.open(':memory:');
    try {
      const session = await store.beginImport(start());
      await session.addEvents([stagedEvent('1')]);
      let added = false;
      const key = {
        id: 'abcdef012345',
        name: null,
        role: 'viewer' as const,
        sha256: 'x'.repeat(64),
        createdAt: '2026-01-01T00:00:00Z',
        revokedAt: null,
      };
      const adding = store.addApiKey(key).then(() => (added = true));
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(added, false, 'the key was written inside the open import');
      await session.rollback();
      await adding;
      assert.equal((await store.findApiKey(key.id))?.role, 'viewer');
      assert.equal(await store.countEvents({}), 0);
    } finally {
      await store.close();
    }
  });
});

describe('DuckDB statement cache', () => {
  it('a reader keeps its statements until a write finishes, then prepares afresh', async () => {
    const pool = await DuckDBPool.open(':memory:', { readers: 1, statementCache: 8 });
    try {
      await pool.run('CREATE TABLE t (x VARCHAR)');
      for (const sql of ['SELECT count(*) AS n FROM t', 'SELECT 1 AS one', 'SELECT count(*) AS n FROM t'])
        await pool.all(sql);
      assert.equal(pool.kept, 2);
      await pool.run(`INSERT INTO t VALUES ('a')`);
      assert.deepEqual(await pool.all('SELECT count(*) AS n FROM t'), [{ n: 1 }]);
      assert.equal(pool.kept, 1);
    } finally {
      await pool.close();
    }
  });

  it('while the writer is held no kept statement is run or kept: its commit may land before the write count moves', async () => {
    const pool = await DuckDBPool.open(':memory:', { readers: 1, statementCache: 8 });
    try {
      await pool.run('CREATE TABLE t (x VARCHAR)');
      await pool.all('SELECT count(*) AS n FROM t');
      assert.equal(pool.kept, 1);
      const lease = await pool.lease();
      try {
        await lease.run(`INSERT INTO t VALUES ('a')`);
        // Committed on the writer, the lease not yet released: the read sees the row and runs
        // inlined, neither re-running the statement kept from before nor keeping a new one.
        assert.deepEqual(await pool.all('SELECT count(*) AS n FROM t'), [{ n: 1 }]);
        assert.deepEqual(await pool.all('SELECT 1 AS one'), [{ one: 1 }]);
        assert.equal(pool.kept, 1);
      } finally {
        lease.release();
      }
      assert.deepEqual(await pool.all('SELECT 1 AS one'), [{ one: 1 }]);
      assert.equal(pool.kept, 1, 'the statement kept from before the write is dropped, the new one kept');
    } finally {
      await pool.close();
    }
  });

  it('keeps one prepared statement per SQL text, drops the least recently used first, and binds new values', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    try {
      const cache = new StatementCache(conn, 2);
      const a = await cache.get('SELECT $1::INTEGER + 1 AS v');
      assert.equal(await cache.get('SELECT $1::INTEGER + 1 AS v'), a);
      await cache.get('SELECT 2 AS v');
      await cache.get('SELECT $1::INTEGER + 1 AS v');
      await cache.get('SELECT 3 AS v');
      assert.equal(cache.size, 2);
      assert.equal(await cache.get('SELECT $1::INTEGER + 1 AS v'), a, 'the recently used one stayed');
      for (const x of [1, 41]) {
        a.bind([x]);
        assert.deepEqual((await a.runAndReadAll()).getRowObjectsJson(), [{ v: x + 1 }]);
      }
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });
});
