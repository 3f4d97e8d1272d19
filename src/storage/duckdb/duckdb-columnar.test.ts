import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { AggregateSpec } from '../../domain/aggregate.ts';
import { bundledStoreCopy } from '../../../test/helpers/bundled-store.ts';
import { columnarRows, openInstance, plainDb, type Db } from './duckdb-connection.ts';
import { aggregateSql } from './duckdb-aggregate-sql.ts';
import { eventsRelation, rollupRelation } from './duckdb-relations.ts';

/** Rows as sorted JSON texts: columnarRows gives no order (nor does an aggregate). */
const sorted = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).sort();

describe('columnarRows: a read moved as one JSON array per column', () => {
  let conn: DuckDBConnection;
  let db: Db;
  before(async () => {
    conn = await (await DuckDBInstance.create(':memory:')).connect();
    db = plainDb(conn);
    await db.run(`CREATE TABLE t AS SELECT * FROM (VALUES
      (1, 'Khyber Pakhtunkhwa', DATE '2023-01-31', 9007199254740993::BIGINT, 170141183460469231731687303715884105727::HUGEINT, 1.50::DECIMAL(5,2), 0.1::DOUBLE, true, NULL::VARCHAR),
      (2, 'a "quoted" \\ back-slashed, comma', DATE '1989-01-01', -3::BIGINT, 0::HUGEINT, -2.25::DECIMAL(5,2), -1e-300::DOUBLE, false, 'غزنی'),
      (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'line
break')
    ) v(n, name, day, big, huge, dec, dbl, flag, other)`);
  });

  after(() => conn.closeSync());

  it('gives the rows and values that converting the result value by value gives', async () => {
    for (const sql of [
      'SELECT * FROM t',
      "SELECT name, strftime(day, '%Y-%m') AS month, big + 1 AS big, sum(huge) AS s FROM t GROUP BY ALL",
      'SELECT n, list_value(n, n * 2) AS pair FROM t',
    ]) {
      const rows = await columnarRows(db, sql);
      assert.deepEqual(sorted(rows), sorted(await db.all(sql)), sql);
      assert.equal(rows.length, 3);
    }
  });

  it('keeps the columns aligned on a parallel read of a million rows', async () => {
    await db.run('SET threads = 4');
    const rows = await columnarRows<{ i: number; twice: number; text: string }>(
      db,
      'SELECT i, i * 2 AS twice, CAST(i AS VARCHAR) AS text FROM range(1000000) r(i) WHERE i % 7 <> 3',
    );
    assert.equal(rows.length, 1_000_000 - Math.ceil((1_000_000 - 3) / 7));
    const misaligned = rows.filter((r) => r.twice !== r.i * 2 || r.text !== String(r.i));
    assert.deepEqual(misaligned.slice(0, 3), []);
    assert.equal(new Set(rows.map((r) => r.i)).size, rows.length);
  });

  it('binds parameters, and gives no rows for an empty read', async () => {
    assert.deepEqual(sorted(await columnarRows(db, 'SELECT n FROM t WHERE n > ?', [1])), [
      '{"n":2}',
      '{"n":3}',
    ]);
    assert.deepEqual(await columnarRows(db, 'SELECT n, name FROM t WHERE n > ?', [99]), []);
  });

  it('refuses a NaN instead of changing it (JSON has none)', async () => {
    await assert.rejects(columnarRows(db, "SELECT 'nan'::DOUBLE AS x"), SyntaxError);
  });
});

describe('the aggregate read moved as columns (bundled data)', () => {
  let path: string;
  let conn: DuckDBConnection;
  before(async () => {
    path = await bundledStoreCopy();
    conn = await (await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' })).connect();
  });
  after(() => {
    conn.closeSync();
    rmSync(dirname(path), { recursive: true, force: true });
  });

  it('equals the rows read value by value, for seven shapes (units, groups, metrics), from rollups and from events', async () => {
    const db = plainDb(conn);
    const specs: AggregateSpec[] = [
      { filter: {} },
      { filter: { country: ['PAK'] }, unit: 'day', groupBy: 'admin1' },
      { filter: { from: '2010-01-01', to: '2021-12-31' }, unit: 'month', groupBy: 'source' },
      { filter: {}, unit: 'year', groupBy: 'actor' },
      { filter: { country: ['AFG'] }, unit: 'week', groupBy: 'type', metrics: ['deaths_civilians'] },
      { filter: {}, unit: 'quarter', groupBy: 'admin2', metrics: [] },
      { filter: {}, unit: 'month', groupBy: 'h3' },
    ];
    let rows = 0;
    for (const spec of specs)
      for (const rel of [
        eventsRelation(spec.filter),
        rollupRelation(spec.filter, spec.unit !== 'day' && spec.unit !== 'week', 'full'),
      ]) {
        const q = aggregateSql(spec, rel);
        const moved = await columnarRows(db, q.sql, q.params);
        assert.deepEqual(sorted(moved), sorted(await db.all(q.sql, q.params)), JSON.stringify(spec));
        rows += moved.length;
      }
    assert.ok(rows > 10_000, `only ${rows} rows compared`);
  });
});

describe('FAULTLINE_DB_THREADS: the threads of every store a process opens', () => {
  const saved = process.env.FAULTLINE_DB_THREADS;
  after(() => {
    if (saved === undefined) delete process.env.FAULTLINE_DB_THREADS;
    else process.env.FAULTLINE_DB_THREADS = saved;
  });
  const threadsOf = async () => {
    const conn = await (await openInstance(':memory:')).connect();
    try {
      return Number((await plainDb(conn).all<{ t: number }>(`SELECT current_setting('threads') AS t`))[0]!.t);
    } finally {
      conn.closeSync();
    }
  };

  it("opens with the variable's threads, DuckDB's default without it, and refuses a value that is not a thread count", async () => {
    process.env.FAULTLINE_DB_THREADS = '3';
    assert.equal(await threadsOf(), 3);
    delete process.env.FAULTLINE_DB_THREADS;
    assert.equal(await threadsOf(), availableParallelism());
    // In plain digits, as the settings check it (Number() took 0x2, 1e1, 0b11 and " 2").
    for (const bad of ['0', 'two', '1.5', '', '0x2', '1e1', '0b11', ' 2', '2.0']) {
      process.env.FAULTLINE_DB_THREADS = bad;
      await assert.rejects(threadsOf(), {
        message: `invalid setting FAULTLINE_DB_THREADS: "${bad}" (a whole number from 1 to 256, in plain digits)`,
      });
    }
    // An invisible character is named as the CLI names one in an argument: "4" is what it looks like.
    process.env.FAULTLINE_DB_THREADS = '4\u200b';
    await assert.rejects(threadsOf(), {
      message:
        'invalid setting FAULTLINE_DB_THREADS: "4\\u200b" (holds an invisible character, U+200B: give the value without it)',
    });
  });
});
