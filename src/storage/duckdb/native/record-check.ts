/**
 * The run-time check that an import numbered the file's records right. Record numbers come from the
 * order in which DuckDB's reader gives the rows (a streaming window, a scan whose table keeps
 * insertion order, row ids of a staging table), an order DuckDB keeps today but does not promise,
 * and one that a parallel plan has broken before (docs/benchmarks.md, "Numbering records without a
 * window"). A wrong number would make an event's original record, read back from the archive by
 * that number, another event's record, and no count could see it.
 *
 * So, before an import commits, every CHECK_EVERY-th stored record (with the first and last) is read
 * again from the file by Node's own record index (the independent counter's offsets), alone, and
 * mapped again by the same SQL: the columns it gives straight from the record (its id, dates, deaths,
 * sides, point: FINGERPRINT) must equal those stored under that number. A misnumbered block of rows
 * gives another record's id; the import is then refused whole. The lookups (actors, placement) are
 * left out: joining them again held a second copy of the placement table's hash table while the
 * import's rows were still in memory (300 MB more peak memory at 2M rows), and they add nothing to
 * telling one record from another.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { InvalidInputError } from '../../../domain/errors.ts';
import { quoteValue } from '../../../domain/quote.ts';
import { EVENT_COLUMNS } from '../../event-columns.ts';
import type { RecordLocator } from '../../native-import.ts';
import { withoutOptimizer, type Db } from '../duckdb-connection.ts';

/** One record in this many is read again (DuckDB's vectors hold 2,048 rows: two per vector). */
export const CHECK_EVERY = 1024;

/** Event columns mapped from the record alone, compared between the stored row and the record read again. */
export const FINGERPRINT = [
  'source_id',
  'date_start',
  'date_end',
  'fatalities_best',
  'fatalities_low',
  'fatalities_high',
  'actor1',
  'actor2',
  'lat',
  'lon',
] as const;

/** The fingerprint as SQL: each column's value cast to its stored type, then to text, hashed together. */
function fingerprintSql(value: (name: string) => string): string {
  const typed = FINGERPRINT.map((name) => {
    const type = EVENT_COLUMNS.find((c) => c.name === name)!.type;
    return `CAST(CAST(${value(name)} AS ${type}) AS VARCHAR)`;
  });
  return `CAST(hash(${typed.join(', ')}) AS VARCHAR)`;
}

/** A stored record whose number does not give it back: the import is refused (as a file whose counts disagree is). */
export class RecordNumberError extends InvalidInputError {}

/** What the check needs of the import that calls it. */
export interface RecordCheck {
  /** The stored rows: `table` filtered by `where`, with `record_no` and the FINGERPRINT columns. */
  table: string;
  where: string;
  /** The file (its name is quoted in the error). */
  path: string;
  /** Node's index of the file's records. */
  locator: RecordLocator;
  /** A record's exact text from the file, by number (native-session.ts `recordReader`). */
  text(k: number): string;
  /**
   * The import's reader over these records' texts alone, written to a file in `dir`: SQL giving one row
   * per record in order, `i` from 1, `h` (the record hash) and the raw columns (native-session.ts `csvReread`).
   */
  reread(texts: readonly string[], dir: string): Promise<string>;
  /** The mapper's query over `stage_raw` (`record_no` and the columns its `value` expressions read, as `m`). */
  mapped: string;
  /** Each event column as SQL over `m`: the import's own mapping. */
  value(name: string): string;
}

/**
 * Checks the stored rows against the records of the file at their `record_no`, pointing `stage_raw`
 * at the records read again while it runs. Throws RecordNumberError at the first that differs.
 */
export async function checkRecordNumbers(db: Db, o: RecordCheck): Promise<void> {
  const stored = await db.all<{ record_no: number; fp: string; source_id: string | null }>(
    `SELECT record_no, ${fingerprintSql((c) => c)} AS fp, source_id FROM ${o.table} WHERE ${o.where}
       AND (record_no % ${CHECK_EVERY} = 1 OR record_no IN (SELECT min(record_no) FROM ${o.table} WHERE ${o.where}
         UNION ALL SELECT max(record_no) FROM ${o.table} WHERE ${o.where}))
     ORDER BY record_no`,
  );
  if (!stored.length) return;
  const dir = mkdtempSync(join(tmpdir(), 'faultline-check-'));
  try {
    const numbers = stored.map((r, i) => `(${i + 1}, ${Number(r.record_no)})`).join(', ');
    // Each record alone is one row: numbered in this small file, then given its stored number.
    const rows = await o.reread(
      stored.map((r) => o.text(Number(r.record_no))),
      dir,
    );
    await db.run(
      `CREATE OR REPLACE TEMP VIEW stage_raw AS SELECT n.record_no, p.* EXCLUDE (i) FROM ${rows} p
         JOIN (VALUES ${numbers}) n(i, record_no) ON n.i = p.i`,
    );
    const again = new Map(
      // A few records (one in CHECK_EVERY): planning the mapping's long SQL would cost more than running it.
      (
        await withoutOptimizer(db).all<{ record_no: number; fp: string }>(
          `SELECT m.record_no, ${fingerprintSql(o.value)} AS fp FROM ${o.mapped}`,
        )
      ).map((r) => [Number(r.record_no), String(r.fp)]),
    );
    const wrong = stored.find((r) => again.get(Number(r.record_no)) !== String(r.fp));
    if (wrong) {
      const k = Number(wrong.record_no);
      throw new RecordNumberError(
        `${quoteValue(basename(o.path))}: import refused: record ${k} (line ${o.locator.line(k)}) of the file is not the row stored under that number (id ${quoteValue(wrong.source_id)}): the rows were numbered out of file order, or the file changed during the import; nothing was imported`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await db.run(`DROP VIEW IF EXISTS stage_raw`);
  }
}
