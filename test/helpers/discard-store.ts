/**
 * Closing a store a test throws away. DuckDB checkpoints a file at close (writes the changes since
 * the last checkpoint into the file proper): after an import of the bundled GED file that cost
 * 300-350 ms of CPU against 80-110 ms without it, for a file removed with the run's temporary
 * directory right after. Tests about what a closed store keeps close it as users do (`close()`).
 */
import { DuckDBStore } from '../../src/storage/duckdb/duckdb-store.ts';
import type { Store } from '../../src/storage/store.ts';

/** Closes `store` without DuckDB's checkpoint at shutdown (its write-ahead log is left beside the file). */
export async function closeDiscarded(store: Store): Promise<void> {
  if (store instanceof DuckDBStore) await store.select('PRAGMA disable_checkpoint_on_shutdown');
  await store.close();
}
