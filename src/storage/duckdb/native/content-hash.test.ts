import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { CONTENT_COLUMNS } from '../../event-columns.ts';
import { contentHashSql, isLegacyHash } from './content-hash.ts';

describe('the 64-bit content hash', () => {
  it("is pinned to DuckDB 1.5's hash(): a DuckDB whose hash() differs would read every stored event as changed", async () => {
    const c = await (await DuckDBInstance.create(':memory:')).connect();
    try {
      // A content row of fixed values (every column NULL but a few): its hash must not move between DuckDB releases.
      const value = (name: string) =>
        ({
          id: `'ucdp-ged:1'`,
          date_start: `'2021-03-04'`,
          fatalities_best: '3',
          lat: '33.5',
          source_articles: `['a']`,
        })[name] ?? 'NULL';
      const r = await c.runAndReadAll(
        `SELECT hash('abc') AS abc, ${contentHashSql(value, `hash('abc')`)} AS content, ${isLegacyHash(contentHashSql(value, `hash('abc')`))} AS legacy`,
      );
      const [row] = r.getRowObjectsJson();
      assert.equal(row!.abc, '1924864467101078684');
      assert.equal(row!.content, '2871390873275586563');
      assert.equal(row!.legacy, false);
      assert.ok(CONTENT_COLUMNS.length > 20);
    } finally {
      c.closeSync();
    }
  });

  it('tells a NULL list from an empty one and a value moved to another column', async () => {
    const c = await (await DuckDBInstance.create(':memory:')).connect();
    try {
      const hashOf = async (v: Record<string, string>) =>
        (
          await c.runAndReadAll(`SELECT ${contentHashSql((n) => v[n] ?? 'NULL', '1')} AS h`)
        ).getRowObjectsJson()[0]!.h;
      const a = await hashOf({ actor_ids: 'CAST(NULL AS VARCHAR[])' });
      const b = await hashOf({ actor_ids: 'CAST([] AS VARCHAR[])' });
      assert.notEqual(a, b);
      assert.notEqual(await hashOf({ actor1: `'x'` }), await hashOf({ actor2: `'x'` }));
    } finally {
      c.closeSync();
    }
  });
});
