/**
 * A plain in-memory DuckDB for the tests of a file (or of the `describe` it is called in): the
 * instance and one connection, opened before the tests and both closed after them.
 */
import { after, before } from 'node:test';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { plainDb, type Db } from '../../src/storage/duckdb/duckdb-connection.ts';

/** `db` and `conn` are set once the tests start. */
export function memoryDuckDb(): { readonly db: Db; readonly conn: DuckDBConnection } {
  let instance: DuckDBInstance | undefined;
  const open = {} as { db: Db; conn: DuckDBConnection };
  before(async () => {
    instance = await DuckDBInstance.create(':memory:');
    open.conn = await instance.connect();
    open.db = plainDb(open.conn);
  });
  after(() => {
    open.conn?.closeSync();
    instance?.closeSync();
  });
  return open;
}
