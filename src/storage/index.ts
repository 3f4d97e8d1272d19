import { DuckDBStore } from './duckdb/duckdb-store.ts';
import type { Store } from './store.ts';

export type { Store } from './store.ts';
export { runWithSignal } from './query-signal.ts';

/** Options choosing a store: the engine and where its data lives. */
export interface StoreOptions {
  /** A DuckDB file path or `:memory:`. */
  path: string;
  engine?: 'duckdb';
  /** Memory ceiling of the engine (DuckDB syntax, e.g. `2GB`); above it work spills to disk. */
  memoryLimit?: string;
  /** Connections that serve reads at once (DuckDB default 3); writes have one connection of their own. */
  readConnections?: number;
  /** Prepared statements each read connection keeps (DuckDB: 0, off, unless set; see docs/architecture.md). */
  statementCache?: number;
  /**
   * The process only reads (a one-shot CLI read): an existing, current store file is opened
   * read-only (no write at open or close, a shared lock); otherwise as without it.
   */
  readOnly?: boolean;
}

/** Opens the store: the one place that picks an engine. */
export async function createStore(options: StoreOptions): Promise<Store> {
  switch (options.engine ?? 'duckdb') {
    case 'duckdb':
      return DuckDBStore.open(options.path, options.memoryLimit, {
        readers: options.readConnections,
        statementCache: options.statementCache,
        readOnly: options.readOnly,
      });
  }
}
