// test-run: alone, about 2 s (measures how fast a stream stops)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { QueryCancelledError, StoreError } from '../../domain/errors.ts';
import { runWithSignal } from '../query-signal.ts';
import { DuckDBPool } from './duckdb-pool.ts';

// Many chunks of 2,048 rows: a stream that has handed over its first chunk has more to come.
const ROWS = `SELECT CAST(i AS VARCHAR) AS t FROM range(20000) t(i) ORDER BY i`;
// Sorting a billion random numbers runs far longer than these tests wait: only an interrupt ends it.
const SLOW = `SELECT CAST(x AS VARCHAR) FROM (SELECT random() AS x FROM range(1000000000)) ORDER BY x`;

/**
 * Whether a promise settles within `ms`. The timer is cleared when it does: a timer left running kept
 * this file's process alive for 5 s after its last test (4.7 s of a core idle in every run).
 */
const settlesWithin = async (p: Promise<unknown>, ms: number): Promise<boolean> => {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p.then(() => true),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
};

describe('DuckDB pool: export streams', () => {
  it('a stream paused between chunks holds no reader: reads on the one reader answer meanwhile', async () => {
    const pool = await DuckDBPool.open(':memory:', { readers: 1 });
    try {
      const stream = pool.stream(ROWS);
      const first = await stream.next();
      assert.deepEqual((first.value as string[]).slice(0, 3), ['0', '1', '2']);
      assert.equal(pool.streaming.connections, 1);
      assert.deepEqual(await pool.all('SELECT 42 AS x'), [{ x: 42 }]);
      let n = (first.value as string[]).length;
      for await (const rows of { [Symbol.asyncIterator]: () => stream }) n += rows.length;
      assert.equal(n, 20000);
      assert.equal(pool.streaming.connections, 0);
    } finally {
      await pool.close();
    }
  });

  it('a stream paused between chunks (a slow client) holds no slot: another runs beside it; a call past the limit waits for one to return', async () => {
    const pool = await DuckDBPool.open(':memory:', { readers: 1, streams: 1 });
    try {
      // Two clients reading slowly used to hold both slots, and every other export waited for them.
      const a = pool.stream(ROWS);
      await a.next();
      const b = pool.stream(ROWS);
      const bFirst = b.next();
      assert.equal(await settlesWithin(bFirst, 5000), true);
      assert.equal(((await bFirst).value as string[])[0], '0');
      assert.deepEqual(pool.streaming, { connections: 2, queued: 0 });
      // A query running holds the one slot: another stream's call waits until it returns.
      const stop = new AbortController();
      const c = pool.stream(SLOW);
      const cFirst = runWithSignal(stop.signal, () => c.next());
      cFirst.catch(() => {});
      await new Promise((r) => setTimeout(r, 100));
      const bNext = b.next();
      assert.equal(await settlesWithin(bNext, 100), false);
      assert.deepEqual(pool.streaming, { connections: 3, queued: 1 });
      stop.abort();
      await assert.rejects(cFirst, QueryCancelledError);
      assert.equal(((await bNext).value as string[]).length > 0, true);
      // Streams ended early close their connections.
      await a.return(undefined);
      await b.return(undefined);
      assert.deepEqual(pool.streaming, { connections: 0, queued: 0 });
    } finally {
      await pool.close();
    }
  });

  it("the caller's signal interrupts the stream's query in DuckDB and closes its connection", async () => {
    const pool = await DuckDBPool.open(':memory:', { readers: 1 });
    try {
      const stop = new AbortController();
      const stream = pool.stream(SLOW);
      const first = runWithSignal(stop.signal, () => stream.next());
      await new Promise((r) => setTimeout(r, 200));
      const t0 = performance.now();
      stop.abort();
      await assert.rejects(first, QueryCancelledError);
      assert.ok(performance.now() - t0 < 2000, `stopped after ${Math.round(performance.now() - t0)} ms`);
      assert.equal(pool.streaming.connections, 0);
      assert.deepEqual(await pool.all('SELECT 1 AS x'), [{ x: 1 }]);
    } finally {
      await pool.close();
    }
  });

  it('closing the pool interrupts running streams and ends paused ones', async () => {
    const pool = await DuckDBPool.open(':memory:', { readers: 1, streams: 2 });
    const paused = pool.stream(ROWS);
    await paused.next();
    const running = pool.stream(SLOW).next();
    running.catch(() => {});
    await new Promise((r) => setTimeout(r, 100));
    await pool.close();
    await assert.rejects(running, StoreError);
    await assert.rejects(paused.next(), StoreError);
    assert.equal(pool.streaming.connections, 0);
  });
});
