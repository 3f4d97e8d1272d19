import type { ImportFinal, ImportSession } from '../store.ts';
import type { WriterLease } from './duckdb-pool.ts';

/**
 * Gives the writer back when the import commits or rolls back, whichever way that ends. The
 * session itself is returned (its two ending methods wrapped), so whatever else it offers passes
 * through untouched.
 */
export function leasedSession<S extends ImportSession>(session: S, lease: WriterLease): S {
  const commit = session.commit.bind(session);
  const rollback = session.rollback.bind(session);
  return Object.assign(session, {
    async commit(final: ImportFinal) {
      try {
        return await commit(final);
      } finally {
        lease.release();
      }
    },
    async rollback() {
      try {
        await rollback();
      } finally {
        lease.release();
      }
    },
  });
}
