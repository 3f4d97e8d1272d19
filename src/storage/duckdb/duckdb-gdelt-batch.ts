/**
 * Several imports in one DuckDB transaction (store.ts ImportBatch), used for the GDELT files of one
 * run: a 100,000-row file is less than one of DuckDB's row groups, so alone it is written twice at
 * commit (to the WAL, then by the checkpoint); a batch's rows fill row groups that DuckDB writes
 * during the INSERTs, on every thread, and the batch commits and checkpoints once.
 *
 * The writer is held from `begin` to `commit` or `rollback`. Each import is an ordinary
 * DuckDBImportSession run on a view of the writer whose BEGIN TRANSACTION and COMMIT do nothing
 * (the batch's transaction is theirs) and whose ROLLBACK rolls the whole batch back: a failing
 * file leaves nothing of the batch written, and the caller stores the other files again.
 */
import { StoreError } from '../../domain/errors.ts';
import type { ImportBatch, ImportSession, ImportStart, LedgerEntry } from '../store.ts';
import type { Db } from './duckdb-connection.ts';
import { DuckDBImportSession } from './duckdb-import.ts';
import type { WriterLease } from './duckdb-pool.ts';
import { ledgerFromRow } from './duckdb-rows.ts';

/** Imports in one transaction on the store's writer (see the file comment). */
export class DuckDBImportBatch implements ImportBatch {
  private done = false;
  aborted = false;

  private constructor(private readonly lease: WriterLease) {}

  /** Begins the batch's transaction on a writer lease (released when the batch ends). */
  static async begin(lease: WriterLease): Promise<DuckDBImportBatch> {
    await lease.run('BEGIN TRANSACTION');
    return new DuckDBImportBatch(lease);
  }

  private live(): void {
    if (this.done || this.aborted)
      throw new StoreError(`import batch already ${this.aborted ? 'rolled back' : 'committed'}`);
  }

  /** The writer as a session sees it: the batch's transaction in place of its own. */
  private view(): Db {
    const lease = this.lease;
    return {
      raw: lease.raw,
      all: (sql, params) => {
        this.live();
        return lease.all(sql, params);
      },
      run: async (sql, params) => {
        const s = sql.trim().toUpperCase();
        if (s === 'ROLLBACK') {
          if (!this.aborted && !this.done) {
            this.aborted = true;
            await lease.run('ROLLBACK');
          }
          return;
        }
        this.live();
        if (s === 'BEGIN TRANSACTION' || s === 'COMMIT') return;
        return lease.run(sql, params);
      },
    };
  }

  /** An import inside the batch: its commit writes its ledger entry into the batch's transaction. */
  async beginImport(start: ImportStart): Promise<ImportSession> {
    this.live();
    return DuckDBImportSession.begin(this.view(), start);
  }

  /** The ledger entry of an earlier import of the same bytes, this batch's included. */
  async findImport(sha256: string, format: string): Promise<LedgerEntry | null> {
    this.live();
    const [row] = await this.lease.all(
      `SELECT * FROM imports WHERE sha256 = $1 AND format = $2 ORDER BY id LIMIT 1`,
      [sha256, format],
    );
    return row ? ledgerFromRow(row) : null;
  }

  /**
   * Commits every import of the batch, then checkpoints once (the batch's rows into the store file).
   * Once the COMMIT has succeeded the batch is stored: a CHECKPOINT that fails then is told on
   * `warn` (stderr unless given) and not thrown, since the rows are in DuckDB's log, which the next
   * checkpoint or open writes into the file; reported as a failure, the run would call stored files
   * failed (and a second run would find them imported).
   */
  async commit(
    warn: (line: string) => void = (line) => void process.stderr.write(`${line}\n`),
  ): Promise<void> {
    this.live();
    this.done = true;
    try {
      try {
        await this.lease.run('COMMIT');
      } catch (e) {
        await this.lease.run('ROLLBACK').catch(() => undefined);
        throw e;
      }
      try {
        await this.lease.run('CHECKPOINT');
      } catch (e) {
        const message = (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ');
        warn(
          `warning: the import batch is stored, but the checkpoint after it failed: ${message} (DuckDB writes the rows into the store file at its next checkpoint or open)`,
        );
      }
    } finally {
      this.lease.release();
    }
  }

  /** Stores none of the batch's imports. */
  async rollback(): Promise<void> {
    if (this.done) return;
    this.done = true;
    try {
      if (!this.aborted) {
        this.aborted = true;
        await this.lease.run('ROLLBACK');
      }
    } finally {
      this.lease.release();
    }
  }
}
