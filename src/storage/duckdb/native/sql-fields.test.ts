import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { plainDb, type Db } from '../duckdb-connection.ts';
import { jsTrim, lit } from './sql-fields.ts';

let instance: DuckDBInstance;
let conn: DuckDBConnection;
let db: Db;
before(async () => {
  instance = await DuckDBInstance.create(':memory:');
  conn = await instance.connect();
  db = plainDb(conn);
});
after(() => {
  conn.closeSync();
  instance.closeSync();
});

describe('jsTrim', () => {
  it("trims as JavaScript's trim() does, also where its shortcut (printable ASCII at both ends) must not skip the trim", async () => {
    // Whitespace at one end only, a line end last (a regular expression's `$` may match before it),
    // non-ASCII letters at an end, characters just outside printable ASCII, and nothing to trim.
    const values = [
      '',
      ' ',
      'a',
      'abc',
      ' abc',
      'abc ',
      'abc\n',
      'abc\r\n',
      '\nabc',
      'a\tb',
      'a\r',
      '\u00a0a',
      'a\u3000',
      '\ufeffa',
      'a\u2028',
      'é',
      'aé',
      'éa',
      '\u007fa\u007f',
      '~!',
      'x\n\ny',
    ];
    const rows = await db.all<{ k: number; t: string }>(
      `SELECT k, ${jsTrim('v')} AS t FROM (VALUES ${values.map((v, k) => `(${k}, ${lit(v)})`).join(', ')}) x(k, v) ORDER BY k`,
    );
    assert.deepEqual(
      rows.map((r) => r.t),
      values.map((v) => v.trim()),
    );
    const [nul] = await db.all<{ t: string | null }>(`SELECT ${jsTrim('CAST(NULL AS VARCHAR)')} AS t`);
    assert.equal(nul!.t, null);
  });
});
