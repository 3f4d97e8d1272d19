import type { DuckDBConnection } from '@duckdb/node-api';
import { abortError } from '../query-signal.ts';

// Measured here: an interrupt sent before DuckDB has started the query (it is still queued for a
// libuv thread) is lost and the query then runs to its end, so the interrupt is repeated until the
// query stops. An interrupt that reaches an idle connection does no harm to its next query.
const REPEAT_MS = 20;

/**
 * Runs `work` on `conn`. When `signal` fires, DuckDB is interrupted (the query stops within
 * milliseconds and the connection is ready for the next one) and the call rejects with the
 * signal's typed error, even if the answer arrived in the same instant.
 */
export async function interruptible<T>(
  conn: DuckDBConnection,
  signal: AbortSignal | undefined,
  work: () => Promise<T>,
): Promise<T> {
  if (!signal) return work();
  if (signal.aborted) throw abortError(signal);
  let repeat: NodeJS.Timeout | undefined;
  const stop = () => {
    conn.interrupt();
    repeat = setInterval(() => conn.interrupt(), REPEAT_MS);
  };
  signal.addEventListener('abort', stop, { once: true });
  try {
    const out = await work();
    if (signal.aborted) throw abortError(signal);
    return out;
  } catch (e) {
    throw signal.aborted ? abortError(signal) : e;
  } finally {
    signal.removeEventListener('abort', stop);
    clearInterval(repeat);
  }
}
