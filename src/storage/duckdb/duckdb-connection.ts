import { DuckDBInstance, DuckDBTypeId, type DuckDBConnection } from '@duckdb/node-api';
import { StoreError, oneLine } from '../../domain/errors.ts';

/** The slice of the DuckDB client faultline uses, so the rest of the adapter reads as plain async calls. */
export interface Db {
  run(sql: string, params?: readonly unknown[]): Promise<void>;
  all<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  raw: DuckDBConnection;
  close(): void;
}

const WIDE_INTS = new Set<number>([
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.DECIMAL,
  DuckDBTypeId.UHUGEINT,
]);

/** DuckDB's memory ceiling unless configured: above it, staging tables and sorts spill to disk. */
export const DEFAULT_MEMORY_LIMIT = '2GB';

/**
 * Opens a DuckDB database file (or `:memory:`) with one connection. The memory limit keeps an
 * import of a multi-GB file in bounded memory: DuckDB's default (80% of RAM) let the staging
 * tables of a 2M-row import grow to 11 GB instead of spilling.
 */
export async function openDb(path: string, memoryLimit = DEFAULT_MEMORY_LIMIT): Promise<Db> {
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path, { memory_limit: memoryLimit });
  } catch (e) {
    throw new StoreError(`failed to open store: ${oneLine(e)}`);
  }
  const conn = await instance.connect();
  const bind = (params?: readonly unknown[]) => (params && params.length ? (params as never) : undefined);
  return {
    raw: conn,
    async run(sql, params) {
      await conn.run(sql, bind(params));
    },
    async all<T>(sql: string, params?: readonly unknown[]) {
      const reader = await conn.runAndReadAll(sql, bind(params));
      const types = reader.columnTypes();
      const names = reader.columnNames();
      const wide = names.filter((_, i) => WIDE_INTS.has(types[i]!.typeId));
      const rows = reader.getRowObjectsJson() as Record<string, unknown>[];
      if (wide.length) for (const r of rows) for (const n of wide) if (r[n] !== null) r[n] = Number(r[n]);
      return rows as T[];
    },
    close() {
      conn.closeSync();
      instance.closeSync();
    },
  };
}
