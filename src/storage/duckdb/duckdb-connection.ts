import {
  DuckDBInstance,
  DuckDBTypeId,
  type DuckDBConnection,
  type DuckDBResult,
  type DuckDBResultReader,
} from '@duckdb/node-api';
import dataAccessors from '@duckdb/node-api/lib/vectors/dataAccessors.js';
import { InvalidInputError, StoreError, oneLine } from '../../domain/errors.ts';
import { holds, invisibleChar } from '../../domain/invisible.ts';
import { PLAIN_INTEGER } from '../../domain/number-params.ts';
import { quoteValue } from '../../domain/quote.ts';
import { profiled } from '../../domain/profile.ts';

// @duckdb/node-api turns every VARCHAR into a string through one shared `new TextDecoder()`, which
// drops a leading U+FEFF (a byte order mark): a value stored as "\uFEFF..." was read back without it
// (DuckDB held it: length() counted it). The client looks the decoder up at each call, so one that
// keeps the mark, set here where every store opens DuckDB, serves every read of the process.
(dataAccessors as { textDecoder: TextDecoder }).textDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * One DuckDB connection as the adapter uses it: plain async calls. The writer lease an import holds
 * has this shape too, so the import code runs its statements (and its own reads) on the writer.
 */
export interface Db {
  run(sql: string, params?: readonly unknown[]): Promise<void>;
  all<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  raw: DuckDBConnection;
}

/** What a read needs of a connection or the pool: reading only. */
export type Reader = Pick<Db, 'all'>;

const WIDE_INTS = new Set<number>([
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.DECIMAL,
  DuckDBTypeId.UHUGEINT,
]);

/**
 * DuckDB's memory ceiling unless configured: above it, staging tables and sorts spill to disk. 1 GB,
 * not 2: the 2M-row import bench on a quiet machine took 74 s, 95 s of CPU and 1.28 GB peak RSS at
 * 1 GB against 99 s, 159 s and 1.56 GB at 2 GB (docs/benchmarks.md).
 */
export const DEFAULT_MEMORY_LIMIT = '1GB';

/**
 * DuckDB's threads for every store the process opens, from FAULTLINE_DB_THREADS (a whole number of at
 * least 1), or undefined for DuckDB's default (the machine's cores). For a machine shared with other
 * work: the test suite sets 1, as it runs two test processes on two cores and a second DuckDB thread
 * in each only adds switching (docs/benchmarks.md). `serve` defaults to the cores less one.
 */
export function threadsFromEnv(value = process.env.FAULTLINE_DB_THREADS): number | undefined {
  if (value === undefined) return undefined;
  const ch = invisibleChar(value);
  if (ch !== null)
    throw new InvalidInputError(`invalid setting FAULTLINE_DB_THREADS: ${quoteValue(value)} (${holds(ch)})`);
  // In plain digits, as src/config/settings.ts checks it for the CLI and in its words (tests and
  // other callers open stores directly): Number() took 0x2, 1e1, 0b11 and " 2".
  const n = PLAIN_INTEGER.test(value) ? Number(value) : NaN;
  if (!(n >= 1 && n <= 256))
    throw new InvalidInputError(
      `invalid setting FAULTLINE_DB_THREADS: ${quoteValue(value)} (a whole number from 1 to 256, in plain digits)`,
    );
  return n;
}

/**
 * Opens a DuckDB database file (or `:memory:`). The memory limit keeps an import of a multi-GB
 * file in bounded memory: DuckDB's default (80% of RAM) let the staging tables of a 2M-row import
 * grow to 11 GB instead of spilling. Read-only, the file takes a shared lock (other read-only
 * processes may open it too), a write fails, and closing writes nothing (no checkpoint); a WAL a
 * killed writer left is still read.
 */
export async function openInstance(
  path: string,
  memoryLimit = DEFAULT_MEMORY_LIMIT,
  readOnly = false,
): Promise<DuckDBInstance> {
  const threads = threadsFromEnv();
  try {
    const options: Record<string, string> = { memory_limit: memoryLimit };
    if (threads !== undefined) options.threads = String(threads);
    return await DuckDBInstance.create(path, readOnly ? { ...options, access_mode: 'READ_ONLY' } : options);
  } catch (e) {
    throw new StoreError(`failed to open store: ${oneLine(e)}`);
  }
}

/** Bound parameters as the client takes them (none when the list is empty). */
export const bindable = (params?: readonly unknown[]) =>
  params && params.length ? (params as never) : undefined;

/** The rows of a read result as JSON-ready objects, wide integers as numbers. */
export function rowObjects<T>(reader: DuckDBResultReader): T[] {
  const types = reader.columnTypes();
  const wide = reader.columnNames().filter((_, i) => WIDE_INTS.has(types[i]!.typeId));
  const rows = reader.getRowObjectsJson() as Record<string, unknown>[];
  if (wide.length) for (const r of rows) for (const n of wide) if (r[n] !== null) r[n] = Number(r[n]);
  return rows as T[];
}

/**
 * The rows of a result as `rowObjects` gives them, converted a chunk (2,048 rows) at a time: each
 * chunk is fetched by an asynchronous call, so the event loop runs other work between chunks
 * instead of waiting for one conversion of the whole result (tens of ms for a long series).
 */
export async function resultObjects<T>(result: DuckDBResult): Promise<T[]> {
  const types = result.columnTypes();
  const wide = result.deduplicatedColumnNames().filter((_, i) => WIDE_INTS.has(types[i]!.typeId));
  const rows: Record<string, unknown>[] = [];
  for await (const part of result.yieldRowObjectJson()) {
    if (wide.length) for (const r of part) for (const n of wide) if (r[n] !== null) r[n] = Number(r[n]);
    for (const r of part) rows.push(r);
  }
  return rows as T[];
}

/**
 * The rows of a read, moved out of DuckDB as one JSON array per column: DuckDB writes the JSON on its
 * own threads and the event loop parses a few long arrays, where converting a result value by value
 * (`resultObjects`) costs about ten times as much on the event loop (a 3,842-row daily series by
 * province: 2.8 ms against 28.5 ms, docs/benchmarks.md). The same rows and values as `rowObjects`
 * gives for columns of text, booleans, dates (as text), integers and decimals (wide ones as numbers)
 * and finite doubles, **in no particular order** (an order would cost DuckDB a window over the rows:
 * 6 ms more on a small read), so it is for reads that have none, such as aggregates. A NaN or an
 * infinite double makes the read fail (JSON has neither). The columns stay aligned: one ungrouped
 * aggregate feeds every list the same rows (tested on a parallel read of a million rows).
 */
export async function columnarRows<T>(
  reader: Reader,
  sql: string,
  params?: readonly unknown[],
): Promise<T[]> {
  const [packed] = await reader.all<Record<string, string | null>>(columnarQuery(sql), params);
  const names = Object.keys(packed ?? {});
  // No rows: every list is NULL.
  if (!packed || packed[names[0]!] === null) return [];
  const columns = names.map((n) => JSON.parse(packed[n]!) as unknown[]);
  const rows: Record<string, unknown>[] = new Array(columns[0]!.length);
  for (let k = 0; k < rows.length; k++) {
    const row: Record<string, unknown> = {};
    for (let c = 0; c < names.length; c++) row[names[c]!] = columns[c]![k];
    rows[k] = row;
  }
  return rows as T[];
}

/** The statement `columnarRows` runs for a read: one row, each column's values as a JSON array. */
export const columnarQuery = (sql: string): string => `SELECT to_json(list(COLUMNS(*))) FROM (${sql})`;

/** Runs one statement, timing it to stderr when FAULTLINE_SQL_PROFILE=1. */
export function timed<T>(sql: string, run: () => Promise<T>): Promise<T> {
  return profiled(
    run,
    (ms, cpu) => `sql ${ms} ms (cpu ${cpu} ms): ${sql.replace(/\s+/g, ' ').slice(0, 100)}`,
  );
}

const ENABLE_OPTIMIZER = 'PRAGMA enable_optimizer';

/**
 * `db` with each statement planned without DuckDB's optimizer. For the statements that map a small
 * file (import's native path): their SQL is tens of KB of expressions (every column's mapping and
 * checks, the content hash), and optimizing it costs more than running it on a few thousand rows.
 * Measured on a first import of GED cuts, all its statements: 255 rows took about 740 ms of CPU with
 * the optimizer and 390 ms without; 10,688 rows 830 and 710 ms; 30,000 rows 1,660 and 1,780 ms
 * (docs/benchmarks.md, "Forty-first session"). The results are the same: the optimizer only rewrites
 * plans (src/app/import-direct.test.ts compares both). Each statement turns the optimizer off and on
 * again around itself; when it fails inside a transaction, nothing runs until the ROLLBACK, and the
 * import session rolls back with `rollbackTransaction`, which turns it on again.
 */
export function withoutOptimizer(db: Db): Db {
  const off = async <T>(run: () => Promise<T>): Promise<T> => {
    await db.run('PRAGMA disable_optimizer');
    try {
      return await run();
    } finally {
      await db.run(ENABLE_OPTIMIZER).catch(() => undefined);
    }
  };
  return {
    raw: db.raw,
    run: (sql, params) => off(() => db.run(sql, params)),
    all: <T>(sql: string, params?: readonly unknown[]) => off(() => db.all<T>(sql, params)),
  };
}

/**
 * Rolls the connection's transaction back and turns the optimizer on again, which a statement that
 * failed under `withoutOptimizer` could not do (an aborted transaction runs nothing before its ROLLBACK).
 * Never throws: the transaction is being abandoned.
 */
export async function rollbackTransaction(db: Db): Promise<void> {
  await db.run('ROLLBACK').catch(() => undefined);
  await db.run(ENABLE_OPTIMIZER).catch(() => undefined);
}

/** A connection as a Db, statement by statement (multi-statement SQL allowed, no statement cache). */
export function plainDb(conn: DuckDBConnection): Db {
  return {
    raw: conn,
    async run(sql, params) {
      await timed(sql, () => conn.run(sql, bindable(params)));
    },
    async all<T>(sql: string, params?: readonly unknown[]) {
      return rowObjects<T>(await timed(sql, () => conn.runAndReadAll(sql, bindable(params))));
    },
  };
}
