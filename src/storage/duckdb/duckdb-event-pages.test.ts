import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { EventPageQuery } from '../../domain/query.ts';
import { bundledStoreCopy } from '../../../test/helpers/bundled-store.ts';
import {
  cutPage,
  fetchPageRows,
  INDEX_LOOKUP_MAX,
  pageRowsQuery,
  pageWithTotal,
} from './duckdb-event-pages.ts';
import { DuckDBPool } from './duckdb-pool.ts';
import type { DuckDBReads } from './duckdb-reads.ts';
import { DuckDBStore } from './duckdb-store.ts';

const COLUMNS = 'e.id, e.date_start, e.fatalities_best, e.notes';

describe("a page's rows read back by id", () => {
  let path: string;
  let pool: DuckDBPool;
  before(async () => {
    path = await bundledStoreCopy();
    await (await DuckDBStore.open(path)).close(); // migrated, with the index on events.id
    pool = await DuckDBPool.open(path);
  });
  after(async () => {
    await pool.close();
    rmSync(dirname(path), { recursive: true, force: true });
  });

  const plan = async (sql: string, params: unknown[]) =>
    JSON.stringify(await pool.all(`EXPLAIN ANALYZE ${sql}`, params));

  test('a page of up to 1,000 rows is looked up in the index on events.id; a longer one is scanned, narrowed', async () => {
    const q: EventPageQuery = { country: ['PAK'], sort: '-fatalities', limit: INDEX_LOOKUP_MAX };
    const keys = await cutPage(pool, q);
    assert.equal(keys.length, INDEX_LOOKUP_MAX);
    const short = pageRowsQuery(q, keys, COLUMNS);
    assert.match(await plan(short.sql, short.params), /Index Scan/);
    const rows = await fetchPageRows(pool, q, keys, COLUMNS);
    assert.deepEqual(rows.map((r) => r.id).sort(), keys.map((k) => k.id).sort());

    const longKeys = await cutPage(pool, { ...q, limit: INDEX_LOOKUP_MAX + 500 });
    assert.equal(longKeys.length, INDEX_LOOKUP_MAX + 500);
    const long = pageRowsQuery(q, longKeys, COLUMNS);
    assert.doesNotMatch(await plan(long.sql, long.params), /Index Scan/);
    const longRows = await fetchPageRows(pool, q, longKeys, COLUMNS);
    assert.deepEqual(longRows.map((r) => r.id).sort(), longKeys.map((k) => k.id).sort());
  });

  test('a row a write changed between the cut and the read is left out, unless it still is what the cut saw', async () => {
    for (const limit of [40, INDEX_LOOKUP_MAX + 200]) {
      const q: EventPageQuery = { country: ['PAK'], from: '2010-01-01', sort: '-date', limit };
      const keys = await cutPage(pool, q);
      assert.equal(keys.length, limit);
      const [superseded, moved, redated, reworded] = keys.map((k) => k.id);
      await pool.run(`UPDATE events SET superseded_by = 'a later release' WHERE id = $1`, [superseded]);
      await pool.run(`UPDATE events SET country = 'AFG' WHERE id = $1`, [moved]);
      await pool.run(`UPDATE events SET date_start = date_start - 1 WHERE id = $1`, [redated]);
      await pool.run(`UPDATE events SET notes = 'reworded after the cut' WHERE id = $1`, [reworded]);
      const rows = await fetchPageRows(pool, q, keys, COLUMNS);
      const ids = new Set(rows.map((r) => String(r.id)));
      for (const gone of [superseded, moved, redated])
        assert.ok(!ids.has(gone!), `${limit}: ${gone} left out`);
      assert.equal(rows.length, limit - 3, `${limit}: every other row read`);
      assert.equal(rows.find((r) => r.id === reworded)?.notes, 'reworded after the cut');
      assert.ok(
        rows.every((r) => !('page_match' in r)),
        'the filter column is not part of the rows',
      );
      // A superseded row is what a listing that includes them asks for.
      const withSuperseded = await fetchPageRows(pool, { ...q, includeSuperseded: true }, keys, COLUMNS);
      assert.ok(withSuperseded.some((r) => r.id === superseded));
    }
  });
});

describe('a page read first gives its total when it is short (totalFromShortPage)', () => {
  let path: string;
  let store: DuckDBStore;
  before(async () => {
    path = await bundledStoreCopy();
    store = await DuckDBStore.open(path);
  });
  after(async () => {
    await store.close();
    rmSync(dirname(path), { recursive: true, force: true });
  });

  test('the same rows and total as a page counted beside its read: short, full, after an offset, past the end, empty', async () => {
    const quarter = { country: ['PAK'], from: '2021-10-01', to: '2021-12-31', sort: '-date' as const };
    const all = (await store.queryListingEvents({ ...quarter, limit: 1000 })).total;
    assert.ok(all > 20 && all < 1000, `${all} events in the quarter`);
    const queries: EventPageQuery[] = [
      { ...quarter, limit: 1000 },
      { ...quarter, limit: 10 },
      { ...quarter, limit: all },
      { ...quarter, limit: 10, offset: all - 4 },
      { ...quarter, limit: 10, offset: all },
      { ...quarter, limit: 10, offset: all + 50 },
      { ...quarter, limit: 0 },
      { ...quarter, from: '1900-01-01', to: '1900-12-31' },
      { ...quarter, includeSuperseded: true, limit: 1000 },
      { from: '2021-01-01', to: '2021-12-31', sideByCountryNearLine: true, limit: 1000 },
    ];
    for (const q of queries) {
      const counted = await store.queryListingEvents(q);
      assert.deepEqual(
        await store.queryListingEvents({ ...q, totalFromShortPage: true }),
        counted,
        JSON.stringify(q),
      );
      const wide = await store.queryEvents({ ...q, totalFromShortPage: true });
      assert.deepEqual(
        [wide.rows.map((e) => e.id), wide.total],
        [counted.rows.map((e) => e.id), counted.total],
        JSON.stringify(q),
      );
    }
  });

  test('the count is run only for a full page, or an empty one after an offset', async () => {
    let counts = 0;
    // The count of the store's reads, counted; a page's read, of n rows (no pool: neither reads one).
    const reads = { count: async () => (counts++, 1234) } as unknown as DuckDBReads;
    const noPool = {} as DuckDBPool;
    const page = (n: number) => async () => Array.from({ length: n }, (_, i) => i);
    const total = async (q: EventPageQuery, n: number) =>
      (await pageWithTotal(noPool, reads, { ...q, totalFromShortPage: true }, page(n))).total;
    assert.equal(await total({ limit: 10 }, 7), 7);
    assert.equal(await total({ limit: 10, offset: 30 }, 3), 33);
    assert.equal(await total({}, 0), 0);
    assert.equal(counts, 0, 'a short page is its own count');
    assert.equal(await total({ limit: 10 }, 10), 1234);
    assert.equal(await total({}, 100), 1234);
    assert.equal(await total({ limit: 10, offset: 30 }, 0), 1234);
    assert.equal(counts, 3);
    // Without the option the count is run beside the read, whatever the page.
    await pageWithTotal(noPool, reads, { limit: 10 }, page(7));
    assert.equal(counts, 4);
  });
});
