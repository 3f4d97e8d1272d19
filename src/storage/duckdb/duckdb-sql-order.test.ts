import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import fc from 'fast-check';
import { inSqlOrder } from './duckdb-aggregate-sql.ts';

test('inSqlOrder sorts rows as DuckDB ORDER BY a, b sorts them (byte order, nulls last)', async () => {
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  try {
    const text = fc.option(
      fc.string({ unit: 'binary', maxLength: 6 }).filter((s) => !s.includes('\0')),
      {
        nil: null,
      },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(text, text), { maxLength: 12 }), async (pairs) => {
        const rows = pairs.map(([a, b], i) => ({ a, b, i }));
        const ours = inSqlOrder(
          rows,
          (r) => r.a,
          (r) => r.b,
        ).map((r) => [r.a, r.b]);
        const values = rows.length
          ? (
              await conn.runAndReadAll(
                `SELECT a, b FROM (SELECT unnest(from_json($1, '["VARCHAR"]')) AS a, unnest(from_json($2, '["VARCHAR"]')) AS b) ORDER BY a, b`,
                [JSON.stringify(rows.map((r) => r.a)), JSON.stringify(rows.map((r) => r.b))],
              )
            ).getRowsJson()
          : [];
        assert.deepEqual(ours, values);
      }),
      { numRuns: 300 },
    );
  } finally {
    conn.closeSync();
  }
});
