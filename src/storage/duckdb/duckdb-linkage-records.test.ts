import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { LINKAGE_DEFAULTS, WEIGHTS } from '../../analytics/linkage/linkage.ts';
import { ACTOR_GROUPS, PLACE_RADII } from '../../app/link-record.ts';
import { perturbedCutStore } from '../../../test/helpers/perturbed-store.ts';
import type { LinkageEngineRun } from '../stored-linkage.ts';
import type { DuckDBStore } from './duckdb-store.ts';
import { numberSql, recordSql } from './duckdb-linkage-scoring.ts';

const [from, to] = ['2012-10-01', '2013-06-30'];
const q: LinkageEngineRun = {
  from,
  to,
  computedAt: '',
  params: '',
  stamp: [],
  replaces: [],
  radii: PLACE_RADII,
  window: LINKAGE_DEFAULTS.window,
  pairWindows: {},
  threshold: LINKAGE_DEFAULTS.threshold,
  weights: WEIGHTS,
  actorGroups: ACTOR_GROUPS,
  rules: '',
};

const run = async (conn: DuckDBConnection, statements: { sql: string; params: unknown[] }[]) => {
  for (const s of statements) await conn.run(s.sql, s.params.length ? (s.params as never) : undefined);
};

// Every row of a records table, with its actor groups sorted (their order is the engine's), in number order.
const rows = async (conn: DuckDBConnection, table: string) =>
  (
    await conn.runAndReadAll(`SELECT * REPLACE (list_sort(groups) AS groups) FROM ${table} ORDER BY rid`)
  ).getRowsJson();

describe("a linkage run's records table (the engine, issue 17)", () => {
  let conn: DuckDBConnection;
  let dir: string;
  before(async () => {
    // Real GED rows of nine dense months and a perturbed copy (synthetic, seed 17), copied into a
    // database of the test's own (the store's temporary tables live on one connection), with every
    // seventh event deleted so that the row ids have gaps.
    const store = (await perturbedCutStore(from, to, 'records')) as DuckDBStore;
    dir = mkdtempSync(join(tmpdir(), 'faultline-linkage-records-'));
    await store.select(`COPY events TO '${join(dir, 'events.parquet')}' (FORMAT parquet)`);
    await store.close();
    conn = await (await DuckDBInstance.create(':memory:')).connect();
    await conn.run(`CREATE TABLE events AS FROM '${join(dir, 'events.parquet')}' ORDER BY hash(id)`);
    await conn.run(`DELETE FROM events WHERE rowid % 7 = 3`);
  });
  after(() => {
    conn.closeSync();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is the same read in ranges of rows as in one statement, numbered in id order', async () => {
    await run(conn, numberSql(q));
    await run(conn, recordSql(q));
    const whole = await rows(conn, 'lk_rec');
    // Ranges of 40 row ids (about 34 records each), as the engine cuts them by SCORING_SLICE.
    const [{ top }] = (await conn.runAndReadAll(`SELECT max(rw) AS top FROM lk_num`)).getRowObjectsJson() as [
      { top: number },
    ];
    const ranges = Array.from(
      { length: Math.ceil((Number(top) + 1) / 40) },
      (_, i) => [i * 40, i * 40 + 39] as const,
    );
    await run(conn, recordSql(q, { table: 'lk_rec_pieces' }, ranges));
    assert.ok(whole.length > 500 && ranges.length > 15, `${whole.length} records in ${ranges.length} ranges`);
    assert.deepEqual(await rows(conn, 'lk_rec_pieces'), whole);
    // Numbered 1, 2, ... in id order, every record of the period once, as sorting them all numbers them.
    const order = (
      await conn.runAndReadAll(
        `SELECT id FROM events WHERE date_start BETWEEN DATE '${from}' AND DATE '${to}' ORDER BY id`,
      )
    ).getRowsJson();
    assert.deepEqual(
      whole.map((r) => [r[0], r[1]]),
      order.map((r, i) => [i + 1, r[0]]),
    );
    assert.ok(
      whole.some((r) => (r[16] as unknown[]).length > 1),
      'some records name more than one actor group',
    );
  });
});
