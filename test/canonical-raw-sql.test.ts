/**
 * The API and rollup benchmarks compare each canonical query through its use case with "its own SQL
 * run raw" (bench/canonical.ts). That ratio is honest only while the raw SQL is the SQL the use case
 * sends: same statements, same parameters (a raw summing fewer metrics, or a shorter date range,
 * would flatter the app).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { canonicalQueries } from '../bench/canonical.ts';
import { columnarQuery } from '../src/storage/duckdb/duckdb-connection.ts';
import type { DuckDBStore } from '../src/storage/duckdb/duckdb-store.ts';
import { createStore } from '../src/storage/index.ts';
import { bundledStoreCopy } from './helpers/bundled-store.ts';

type All = (sql: string, params?: readonly unknown[]) => Promise<unknown[]>;

// A large read leaves DuckDB as JSON columns (columnarRows): that wrapping is how its rows travel, not
// what it asks, so the query compared is the one inside it.
const [BEFORE, AFTER] = columnarQuery('\u0000').split('\u0000') as [string, string];
const query = (sql: string) =>
  sql.startsWith(BEFORE) && sql.endsWith(AFTER) ? sql.slice(BEFORE.length, sql.length - AFTER.length) : sql;

describe('canonical queries: the raw SQL of the benchmarks', () => {
  let store: DuckDBStore;
  const sent: string[] = [];

  before(async () => {
    store = (await createStore({ path: await bundledStoreCopy() })) as DuckDBStore;
    // Every read goes through the pool's `all`: record each statement with its parameters.
    const pool = (store as unknown as { db: { all: All } }).db;
    const all = pool.all.bind(pool);
    pool.all = (sql, params) => {
      sent.push(JSON.stringify([query(sql), params ?? []]));
      return all(sql, params);
    };
  });
  after(async () => {
    await store.close();
  });

  it('is the statements the use case sends, with the same parameters, for every canonical query', async () => {
    const queries = canonicalQueries();
    assert.equal(queries.length, 10);
    for (const q of queries) {
      await q.app(store); // coverage, read once and memoised, is not part of the query
      sent.length = 0;
      await q.app(store);
      const app = [...sent];
      sent.length = 0;
      await q.raw(store, 'rollups');
      assert.ok(app.length > 0, `${q.name}: the use case sent no statement`);
      assert.deepEqual(sent, app, `${q.name}: the raw SQL differs from the use case's`);
    }
  });
});
