/**
 * Long streaming reads (exports) on connections of their own. An export of millions of rows is one
 * query whose result is fetched a chunk at a time while the client reads; run on a pool reader it
 * would hold that reader for minutes, so every other read of the API would share the rest. Here each
 * stream opens its own connection (cheap in DuckDB) and closes it when the stream ends, fails or is
 * abandoned. At most `limit` calls into DuckDB (a query, a chunk's fetch) run at once across the
 * streams; a stream paused between chunks, its client reading slowly, holds its connection but no
 * slot (two clients reading at 2 KB/s held both slots, and every other export waited for them).
 * At most `limit` x OPEN_PER_SLOT streams are open; more wait to open.
 */
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { StoreError } from '../../domain/errors.ts';
import { abortError, currentSignal } from '../query-signal.ts';
import { bindable, rowObjects, timed } from './duckdb-connection.ts';
import { interruptible } from './duckdb-interrupt.ts';

/** What a stream's work can run on its connection: short reads, and queries streamed a chunk at a time. */
export interface StreamSession {
  all<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** The first column (VARCHAR) of the rows, a chunk (up to 2,048 rows) at a time. */
  strings(sql: string, params?: readonly unknown[]): AsyncGenerator<string[]>;
}

/** Calls into DuckDB that export streams run at once unless configured; more wait for one to return. */
export const DEFAULT_STREAMS = 2;
/** Streams open at once per slot: the rest wait to open. */
export const OPEN_PER_SLOT = 16;

/** A count of slots taken in turn, waiting callers served first come first served; a waiting caller leaves when its signal fires. */
class Slots {
  private readonly waiting: (() => void)[] = [];
  private taken = 0;
  closed = false;

  constructor(
    private readonly limit: number,
    private readonly what: string,
  ) {}

  get queued(): number {
    return this.waiting.length;
  }

  async acquire(signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) throw abortError(signal);
    if (this.closed) throw new StoreError(`store closed before the export could ${this.what}`);
    if (this.taken < this.limit) {
      this.taken++;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const leave = () => {
        this.waiting.splice(this.waiting.indexOf(take), 1);
        reject(abortError(signal!));
      };
      const take = () => {
        signal?.removeEventListener('abort', leave);
        if (this.closed) reject(new StoreError(`store closed before the export could ${this.what}`));
        else resolve();
      };
      signal?.addEventListener('abort', leave, { once: true });
      this.waiting.push(take);
    });
    // The slot was handed over by release(), which did not free it.
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) return next();
    this.taken--;
  }

  /** Fails every waiting caller. */
  close(): void {
    this.closed = true;
    for (const w of this.waiting.splice(0)) w();
  }
}

/** The streaming connections of one DuckDB instance. */
export class StreamConnections {
  /** Open stream connections, each with whether a call into DuckDB runs on it now. */
  private readonly open = new Map<DuckDBConnection, { busy: boolean }>();
  private readonly sessions: Slots;
  private readonly calls: Slots;
  private closed = false;
  private settled: (() => void) | null = null;

  constructor(
    private readonly instance: DuckDBInstance,
    limit = DEFAULT_STREAMS,
  ) {
    this.sessions = new Slots(limit * OPEN_PER_SLOT, 'start');
    this.calls = new Slots(limit, 'go on');
  }

  /** Streams waiting to open, and calls waiting for a slot. */
  get queued(): number {
    return this.sessions.queued + this.calls.queued;
  }

  /** Stream connections open now. */
  get connections(): number {
    return this.open.size;
  }

  /**
   * Runs `work` on a connection of its own and passes on what it yields, fetched only as the caller
   * asks for more. When the current signal fires the running query is interrupted and the iteration
   * rejects with the signal's typed error; ending the iteration early closes the connection.
   */
  async *session<T>(work: (s: StreamSession) => AsyncGenerator<T>): AsyncGenerator<T> {
    // The signal of the caller that starts the stream governs all of it (query-signal.ts).
    const signal = currentSignal();
    await this.sessions.acquire(signal);
    let conn: DuckDBConnection | null = null;
    try {
      conn = await this.instance.connect();
      const state = { busy: false };
      this.open.set(conn, state);
      const c = conn;
      const call = async <R>(work: () => Promise<R>): Promise<R> => {
        await this.calls.acquire(signal);
        try {
          if (this.closed) throw new StoreError('store closed before the export finished');
          state.busy = true;
          try {
            return await interruptible(c, signal, work);
          } finally {
            state.busy = false;
            this.settled?.();
          }
        } finally {
          this.calls.release();
        }
      };
      yield* work({
        all: async <R>(sql: string, params: readonly unknown[] = []) =>
          rowObjects<R>(await call(() => timed(sql, () => c.runAndReadAll(sql, bindable(params))))),
        async *strings(sql, params = []) {
          const result = await call(() => timed(sql, () => c.stream(sql, bindable(params))));
          for (;;) {
            const chunk = await call(() => result.fetchChunk());
            if (!chunk || chunk.rowCount === 0) return;
            const column = chunk.getColumnVector(0);
            const rows = new Array<string>(chunk.rowCount);
            for (let i = 0; i < rows.length; i++) rows[i] = column.getItem(i) as string;
            yield rows;
          }
        },
      });
    } catch (e) {
      if (signal?.aborted) throw abortError(signal);
      throw this.closed ? new StoreError('store closed before the export finished') : e;
    } finally {
      // No call runs on it here (a generator is never resumed while it runs): closing is safe, and
      // drops whatever its queries still held (sorted rows, a snapshot). close() may have closed it.
      if (conn && this.open.delete(conn)) conn.closeSync();
      this.sessions.release();
    }
  }

  /** The first column (VARCHAR) of one query's rows, a chunk (up to 2,048 rows) at a time (see session). */
  strings(sql: string, params: readonly unknown[] = []): AsyncGenerator<string[]> {
    return this.session((s) => s.strings(sql, params));
  }

  /**
   * Interrupts the calls running on stream connections, waits for them to return, then closes every
   * stream connection (a stream paused between chunks fails when next resumed); streams waiting fail.
   */
  async close(): Promise<void> {
    this.closed = true;
    this.sessions.close();
    this.calls.close();
    const busy = () => [...this.open].filter(([, s]) => s.busy).map(([c]) => c);
    const stop = setInterval(() => busy().forEach((c) => c.interrupt()), 20);
    try {
      busy().forEach((c) => c.interrupt());
      while (busy().length) await new Promise<void>((r) => (this.settled = r));
    } finally {
      clearInterval(stop);
    }
    for (const c of this.open.keys()) c.closeSync();
    this.open.clear();
  }
}
