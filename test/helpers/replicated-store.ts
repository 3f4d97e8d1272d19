/**
 * A large store made inside DuckDB from the bundled rows: each stored event copied with a new id
 * and its dates shifted by a deterministic -30..30 days per copy (as bench/api.bench.ts does), the
 * copies sharing their source's original record (file and record number), then the rollups rebuilt;
 * or the same copies of the events a store already holds (a cached store's copy: no import to wait for).
 */
import { createEventPlacer } from '../../src/app/geography.ts';
import { importFile } from '../../src/app/import-dataset.ts';
import type { DuckDBStore } from '../../src/storage/duckdb/duckdb-store.ts';
import { createStore } from '../../src/storage/index.ts';
import { gedStoreCopy } from './bundled-store.ts';
import { GED_FILE } from './ged-rows.ts';

/** Opens a store at `path` holding the placed GED rows replicated to at least `n` events. */
export async function replicatedStore(path: string, n: number): Promise<DuckDBStore> {
  const store = (await createStore({ path })) as DuckDBStore;
  await importFile(store, GED_FILE, { place: await createEventPlacer(store) });
  await replicateEvents(store, n);
  return store;
}

/**
 * An in-memory store holding the placed GED rows replicated to at least `n` events, as
 * replicatedStore(':memory:', n) gives it, made from the run's cached store of the placed GED file
 * (test/helpers/bundled-store.ts) instead of importing the file again: every table that file's import
 * filled (events, the ledger, changes) is copied into memory, then the copies are made and the rollups
 * rebuilt. The import took a quarter of the CPU of building a store of 600,000 events.
 */
export async function replicatedGedStore(n: number): Promise<DuckDBStore> {
  const cached = await gedStoreCopy({ placed: true });
  const store = (await createStore({ path: ':memory:' })) as DuckDBStore;
  await store.select(`ATTACH '${cached.replaceAll("'", "''")}' AS cached (READ_ONLY)`);
  const tables = await store.select<{ name: string }>(
    `SELECT table_name AS name FROM duckdb_tables() WHERE database_name = 'cached' AND table_name <> 'schema_migrations'`,
  );
  for (const { name } of tables) await store.select(`INSERT INTO ${name} SELECT * FROM cached.${name}`);
  await store.select(`DETACH cached`);
  await replicateEvents(store, n);
  return store;
}

/** Copies the events a store holds (as replicatedStore does) until it holds at least `n`, then rebuilds the rollups. */
export async function replicateEvents(store: DuckDBStore, n: number): Promise<void> {
  const [{ base }] = await store.select<{ base: number }>(`SELECT count(*) AS base FROM events`);
  const copies = Math.max(0, Math.ceil(n / base!) - 1);
  await store.select(`INSERT INTO events SELECT * EXCLUDE (i) REPLACE (
      e.id || '#' || r.i AS id, e.source_id || '#' || r.i AS source_id,
      e.date_start + CAST(hash(e.id, r.i) % 61 AS INTEGER) - 30 AS date_start,
      e.date_end + CAST(hash(e.id, r.i) % 61 AS INTEGER) - 30 AS date_end,
      NULL AS notes, NULL AS headline, NULL AS source_articles)
    FROM events e, range(1, ${copies + 1}) r(i)`);
  await store.rebuildRollups();
}
