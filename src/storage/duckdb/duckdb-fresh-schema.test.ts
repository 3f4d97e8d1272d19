/**
 * New stores after the first in a process are created from the schema the first one's migrations
 * gave (duckdb-store.ts `captureSchema`): the two must be the same schema, column by column.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DuckDBStore, forgetFreshSchema } from './duckdb-store.ts';

/** Everything a store's schema is made of, as DuckDB's catalog describes it. */
async function schemaOf(store: DuckDBStore) {
  const q = (sql: string) => store.select<Record<string, unknown>>(sql);
  return {
    tables: await q(
      `SELECT table_name, sql, has_primary_key, column_count FROM duckdb_tables() ORDER BY table_name`,
    ),
    columns: await q(
      `SELECT table_name, column_name, column_index, data_type, column_default, is_nullable, numeric_precision, numeric_scale
       FROM duckdb_columns() WHERE NOT internal ORDER BY table_name, column_index`,
    ),
    constraints: await q(
      `SELECT table_name, constraint_type, constraint_text, constraint_column_names FROM duckdb_constraints()
       ORDER BY table_name, constraint_text, constraint_column_names`,
    ),
    sequences: await q(
      `SELECT sequence_name, start_value, min_value, max_value, increment_by, cycle, last_value FROM duckdb_sequences() ORDER BY ALL`,
    ),
    indexes: await q(`SELECT index_name, table_name, sql FROM duckdb_indexes() ORDER BY ALL`),
    views: await q(`SELECT view_name, sql FROM duckdb_views() WHERE NOT internal ORDER BY ALL`),
    migrations: await q(`SELECT version, name FROM schema_migrations ORDER BY version`),
  };
}

describe('new stores from the captured schema', () => {
  it('have the schema that replaying every migration gives, and work as stores', async () => {
    forgetFreshSchema();
    const replayed = await DuckDBStore.open(':memory:');
    const t = performance.now();
    const templated = await DuckDBStore.open(':memory:');
    const ms = performance.now() - t;
    const a = await schemaOf(replayed);
    const b = await schemaOf(templated);
    assert.ok(a.tables.length > 20 && a.columns.length > 200, `${a.tables.length} tables`);
    assert.deepEqual(b, a);
    // The second store took the short way: its migrations share one timestamp.
    const [{ n }] = await templated.select<{ n: number }>(
      `SELECT count(DISTINCT applied_at) AS n FROM schema_migrations`,
    );
    assert.equal(Number(n), 1, `one timestamp (opened in ${ms.toFixed(0)} ms)`);
    // And it is a store: a sequence hands out its first value, a migration-made table takes rows.
    const [{ id }] = await templated.select<{ id: number }>(`SELECT nextval('import_id_seq') AS id`);
    assert.equal(Number(id), 1);
    assert.deepEqual(await templated.listStatistics(), []);
    await replayed.close();
    await templated.close();
  });

  it('a new store file is created from it too (asked first whether the file is empty), and opens again as it is', async () => {
    const memory = await DuckDBStore.open(':memory:');
    const dir = mkdtempSync(join(tmpdir(), 'faultline-fresh-'));
    try {
      const file = await DuckDBStore.open(join(dir, 'store.duckdb'));
      const want = await schemaOf(memory);
      assert.deepEqual(await schemaOf(file), want);
      await file.close();
      const again = await DuckDBStore.open(join(dir, 'store.duckdb'));
      assert.deepEqual(await schemaOf(again), want);
      await again.close();
    } finally {
      await memory.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
