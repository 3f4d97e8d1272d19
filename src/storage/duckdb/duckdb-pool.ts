import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { InvalidInputError, StoreError } from '../../domain/errors.ts';
import { abortError, currentSignal } from '../query-signal.ts';
import { bindable, openInstance, plainDb, resultObjects, timed, type Db } from './duckdb-connection.ts';
import { interruptible } from './duckdb-interrupt.ts';
import { inlineParams } from './duckdb-literals.ts';
import { StatementCache } from './duckdb-statements.ts';
import { StreamConnections, type StreamSession } from './duckdb-streams.ts';

/** Read connections in the pool unless configured (with the writer, within libuv's 4 default threads). */
export const DEFAULT_READERS = 3;

/**
 * Rows an export sorts at once unless configured (duckdb-sort-batches.ts). Measured on 3M events
 * (docs/benchmarks.md): one sort of every row took DuckDB's memory to its 2 GB limit; batches of
 * 100,000 kept the process under 0.6 GB but rescanned the table 30 times (twice the time); 500,000
 * is between the two.
 */
export const DEFAULT_SORT_BATCH = 500_000;

/** How the pool is sized. */
export interface DuckDBPoolOptions {
  /** Read connections (default 3): how many reads run at once. */
  readers?: number;
  /** DuckDB memory ceiling (default 1GB). */
  memoryLimit?: string;
  /** Open the file read-only (duckdb-connection.ts `openInstance`): every write fails. */
  readOnly?: boolean;
  /**
   * Prepared statements kept per read connection; 0 (the default) prepares each read afresh.
   * Off by default: with 64 kept, DuckDB 1.5 crashed the process (SIGSEGV in
   * duckdb_execute_prepared, copying strings) in about 1 of 4 runs of the API test file, and
   * never without (see docs/architecture.md).
   */
  statementCache?: number;
  /** Export streams at once (default 2), each on a connection of its own outside the readers. */
  streams?: number;
  /** Rows an export sorts at once, about (default 500,000: duckdb-sort-batches.ts). */
  sortBatch?: number;
}

/** The writer connection held alone until `release()`: an import holds it for its whole transaction. */
export interface WriterLease extends Db {
  /** Gives the writer to the next write waiting; calling it again does nothing. */
  release(): void;
}

interface Reader {
  conn: DuckDBConnection;
  statements: StatementCache | null;
  /** The number of finished writes when its statements were last dropped. */
  writes: number;
}

interface Waiter {
  take(reader: Reader): void;
  fail(error: Error): void;
}

/**
 * One DuckDB instance with a few read connections and one writer. Reads wait for a free reader
 * and never run on the writer, so they neither join nor see an open import transaction, and a
 * failing read cannot abort one. Writes take the writer one at a time. A read started under a
 * signal (query-signal.ts) is interrupted in DuckDB when the signal fires.
 */
export class DuckDBPool {
  private readonly idle: Reader[];
  private readonly waiting: Waiter[] = [];
  private writerFree: Promise<void> = Promise.resolve();
  private closed = false;
  private writes = 0;
  /** Writer leases held now (0 or 1): while one is, a commit may land at any moment. */
  private leased = 0;
  private drained: (() => void) | null = null;
  private readonly streams: StreamConnections;
  /** Rows an export sorts at once, about. */
  readonly sortBatch: number;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly readers: Reader[],
    private readonly writer: DuckDBConnection,
    options: DuckDBPoolOptions,
  ) {
    this.idle = [...readers];
    this.streams = new StreamConnections(instance, options.streams);
    this.sortBatch = options.sortBatch ?? DEFAULT_SORT_BATCH;
  }

  /** Opens the database file (or `:memory:`) with its read connections and its writer. */
  static async open(path: string, options: DuckDBPoolOptions = {}): Promise<DuckDBPool> {
    const n = options.readers ?? DEFAULT_READERS;
    if (!Number.isInteger(n) || n < 1 || n > 64)
      throw new InvalidInputError(`invalid read connections: ${n} (use a whole number from 1 to 64)`);
    const instance = await openInstance(path, options.memoryLimit, options.readOnly);
    const conns = await Promise.all(Array.from({ length: n + 1 }, () => instance.connect()));
    const writer = conns.pop()!;
    const cache = options.statementCache ?? 0;
    return new DuckDBPool(
      instance,
      conns.map((conn) => ({
        conn,
        statements: cache > 0 ? new StatementCache(conn, cache) : null,
        writes: 0,
      })),
      writer,
      options,
    );
  }

  /** Runs one read on a free reader (from its kept prepared statements when enabled); stops when the current signal fires. */
  async all<T = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    const signal = currentSignal();
    const reader = await this.acquire(signal);
    try {
      return await interruptible(reader.conn, signal, async () => {
        // While the writer is held its commit may land at any moment, before the write count moves
        // (it moves when the lease is released): a kept statement is not re-run then (see below).
        if (!reader.statements || this.leased > 0) {
          // Values as literals where they can be (one planning instead of two: duckdb-literals.ts).
          const inlined = inlineParams(sql, params);
          return resultObjects<T>(
            await timed(sql, () =>
              inlined === undefined ? reader.conn.run(sql, bindable(params)) : reader.conn.run(inlined),
            ),
          );
        }
        // Statements kept from before a write are dropped: a kept statement re-run after a commit on
        // the writer is where DuckDB 1.5 was seen to crash.
        if (reader.writes !== this.writes) {
          reader.statements.clear();
          reader.writes = this.writes;
        }
        const statement = await reader.statements.get(sql);
        if (params.length) statement.bind(params as never);
        return resultObjects<T>(await statement.run());
      });
    } catch (e) {
      throw this.closed ? new StoreError('store closed before the read finished') : e;
    } finally {
      this.release(reader);
    }
  }

  /**
   * The first column (text) of a long read's rows a chunk at a time, on a connection of its own
   * (duckdb-streams.ts): an export never holds a reader that other reads wait for.
   */
  stream(sql: string, params: readonly unknown[] = []): AsyncGenerator<string[]> {
    return this.streams.strings(sql, params);
  }

  /** Runs `work` on a stream connection of its own (several queries, one snapshot: duckdb-streams.ts). */
  streamSession<T>(work: (s: StreamSession) => AsyncGenerator<T>): AsyncGenerator<T> {
    return this.streams.session(work);
  }

  /** Runs one write statement on the writer, after the writes and leases before it. */
  run(sql: string, params?: readonly unknown[]): Promise<void> {
    return this.write((w) => w.run(sql, params));
  }

  /** Runs `fn` with the writer to itself (several statements, a transaction). */
  async write<T>(fn: (writer: Db) => Promise<T>): Promise<T> {
    const lease = await this.lease();
    try {
      return await fn(lease);
    } finally {
      lease.release();
    }
  }

  /** Waits for the writer and holds it until `release()`. */
  async lease(): Promise<WriterLease> {
    let free!: () => void;
    const before = this.writerFree;
    this.writerFree = new Promise<void>((r) => (free = r));
    await before;
    this.leased++;
    const db = plainDb(this.writer);
    let held = true;
    const check = () => {
      if (!held) throw new StoreError('writer lease used after its release');
    };
    return {
      raw: this.writer,
      async run(sql, params) {
        check();
        return db.run(sql, params);
      },
      async all<T>(sql: string, params?: readonly unknown[]) {
        check();
        return db.all<T>(sql, params);
      },
      release: () => {
        if (held) {
          this.leased--;
          this.writes++;
          free();
        }
        held = false;
      },
    };
  }

  /** Writes so far (each writer lease released counts one; so does `touch`): a change means rows may differ. */
  get writeCount(): number {
    return this.writes;
  }

  /** Counts a write made outside the writer (raw SQL through a reader), so caches of rows forget. */
  touch(): void {
    this.writes++;
  }

  /** Prepared statements kept, over all readers. */
  get kept(): number {
    return this.readers.reduce((n, r) => n + (r.statements?.size ?? 0), 0);
  }

  /** Export streams: their connections open now, and those waiting to start. */
  get streaming(): { connections: number; queued: number } {
    return { connections: this.streams.connections, queued: this.streams.queued };
  }

  /** Reads waiting for a free connection. */
  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Closes every connection and the instance. Reads still waiting fail; reads running are
   * interrupted and awaited, and so is the writer, since closing a connection under a running
   * query is not safe.
   */
  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.waiting.splice(0)) w.fail(new StoreError('store closed before the read could run'));
    await this.streams.close();
    const busy = () => this.readers.filter((r) => !this.idle.includes(r));
    const stop = setInterval(() => busy().forEach((r) => r.conn.interrupt()), 20);
    try {
      while (busy().length) await new Promise<void>((r) => (this.drained = r));
      await this.lease();
    } finally {
      clearInterval(stop);
    }
    for (const r of this.readers) r.conn.closeSync();
    this.writer.closeSync();
    this.instance.closeSync();
  }

  private acquire(signal: AbortSignal | undefined): Promise<Reader> {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    if (this.closed) return Promise.reject(new StoreError('store closed before the read could run'));
    const free = this.idle.pop();
    if (free) return Promise.resolve(free);
    return new Promise<Reader>((resolve, reject) => {
      // A read whose signal fires while it waits leaves the queue without ever running.
      const leave = () => {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        reject(abortError(signal!));
      };
      const waiter: Waiter = {
        take(reader) {
          signal?.removeEventListener('abort', leave);
          resolve(reader);
        },
        fail(error) {
          signal?.removeEventListener('abort', leave);
          reject(error);
        },
      };
      signal?.addEventListener('abort', leave, { once: true });
      this.waiting.push(waiter);
    });
  }

  private release(reader: Reader): void {
    const next = this.waiting.shift();
    if (next) return next.take(reader);
    this.idle.push(reader);
    this.drained?.();
  }
}
