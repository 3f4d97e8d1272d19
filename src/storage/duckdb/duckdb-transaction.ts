import { StoreError } from '../../domain/errors.ts';
import type { Db } from './duckdb-connection.ts';

// DuckDB's answer to a ROLLBACK with no transaction open: after a COMMIT that failed, which ends it.
const NO_TRANSACTION = 'cannot rollback - no transaction is active';
// DuckDB's answer to any statement after one failed in the transaction, but COMMIT's (below).
const ABORTED = 'Current transaction is aborted';

/** Where a ROLLBACK that failed is told (one line; stderr unless given): the caller gets the error before it. */
export type RollbackLog = (line: string) => void;

const stderr: RollbackLog = (line) => void process.stderr.write(`${line}\n`);

/** Runs `fn` in a transaction, then commits (or rolls back if `keep` says no); on any error rolls back and rethrows it unchanged. */
export async function inTransaction<T>(
  db: Pick<Db, 'run'>,
  fn: () => Promise<T>,
  { keep = () => true, log = stderr }: { keep?: (result: T) => boolean; log?: RollbackLog } = {},
): Promise<T> {
  await db.run('BEGIN TRANSACTION');
  try {
    const result = await fn();
    if (!keep(result)) {
      await db.run('ROLLBACK');
      return result;
    }
    // DuckDB (1.5.6) answers a COMMIT of a transaction a failed statement aborted with success, and
    // writes nothing: a statement first tells an aborted transaction from a live one, so a failure
    // that `fn` caught and went on from is an error here, not a write silently lost.
    await db.run('SELECT 1').catch((e: unknown) => {
      const message = e instanceof Error ? e.message : String(e);
      if (!message.includes(ABORTED)) throw e;
      throw new StoreError(
        'write not stored: a statement of its transaction failed and the error was caught; rolled back, nothing written',
      );
    });
    await db.run('COMMIT');
    return result;
  } catch (e) {
    // Awaited before the error goes up: the caller's writer lease is released only after it.
    await rollback(db, e, log);
    throw e;
  }
}

/** Rolls back after `cause`; a failure is logged, and none when DuckDB had ended the transaction itself. */
async function rollback(db: Pick<Db, 'run'>, cause: unknown, log: RollbackLog): Promise<void> {
  try {
    await db.run('ROLLBACK');
  } catch (e) {
    // A COMMIT that fails ends its transaction in DuckDB (1.5.6: "Failed to commit: ... duplicate
    // key"), so there is nothing left to roll back then.
    const message = e instanceof Error ? e.message : String(e);
    if (message.includes(NO_TRANSACTION)) return;
    log(`rollback failed after "${oneLine(cause)}": ${oneLine(e)}`);
  }
}

const oneLine = (e: unknown): string => (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ');
