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

/** A stored row the check reads again: its number, fingerprint and id. */
type Sampled = { record_no: number; fp: string; source_id: string | null };

/** The stored rows the check reads again: every CHECK_EVERY-th, the first and the last, in order. */
const storedSample = (db: Db, o: Pick<RecordCheck, 'table' | 'where'>): Promise<Sampled[]> =>
  db.all<Sampled>(
    `SELECT record_no, ${fingerprintSql((c) => c)} AS fp, source_id FROM ${o.table} WHERE ${o.where}
       AND (record_no % ${CHECK_EVERY} = 1 OR record_no IN (SELECT min(record_no) FROM ${o.table} WHERE ${o.where}
         UNION ALL SELECT max(record_no) FROM ${o.table} WHERE ${o.where}))
     ORDER BY record_no`,
  );

/** Throws RecordNumberError at the first stored row whose record, mapped again (`again`: fingerprint by number), differs. */
function refuseMisnumbered(
  stored: readonly Sampled[],
  again: ReadonlyMap<number, string>,
  o: RecordCheck,
): void {
  const wrong = stored.find((r) => again.get(Number(r.record_no)) !== String(r.fp));
  if (wrong) {
    const k = Number(wrong.record_no);
    throw new RecordNumberError(
      `${quoteValue(basename(o.path))}: import refused: record ${k} (line ${o.locator.line(k)}) of the file is not the row stored under that number (id ${quoteValue(wrong.source_id)}): the rows were numbered out of file order, or the file changed during the import; nothing was imported`,
    );
  }
}

/** The first and the last this many records are read ahead (`aheadNumbers`). */
const AHEAD_EDGE = 8;

/**
 * The records a small file's import reads again before it maps the file (`readAhead`), so that its
 * one mapping statement maps them too: every CHECK_EVERY-th from `first` and the first and last
 * AHEAD_EDGE records of `first` to `last`, among which the first and last stored ones are unless that
 * many rows at an edge are left out (then checkRecordNumbersAhead checks the usual way).
 */
export function aheadNumbers(first: number, last: number): number[] {
  const k = new Set<number>();
  for (let i = first; i <= last; i++)
    if (i % CHECK_EVERY === 1 || i < first + AHEAD_EDGE || i > last - AHEAD_EDGE) k.add(i);
  return [...k];
}

/**
 * Reads the records `numbers` again from the file by Node's index (into a file in `dir`, read by the
 * import's own reader) and points `stage_raw` at `stage_rows` and them, each numbered -1 - k: the
 * mapping of `stage_raw` then maps them beside the file's rows, and `aheadFingerprints` reads them
 * back. For a small file, whose mapping SQL costs more to plan than to run: one plan instead of two
 * (about 40 ms of CPU for a 40-row GED file).
 */
export async function readAhead(
  db: Db,
  o: Pick<RecordCheck, 'text' | 'reread'>,
  numbers: readonly number[],
  dir: string,
): Promise<void> {
  const rows = await o.reread(
    numbers.map((k) => o.text(k)),
    dir,
  );
  const pairs = numbers.map((k, i) => `(${i + 1}, ${-1 - k})`).join(', ');
  await db.run(
    `CREATE OR REPLACE TEMP VIEW stage_raw AS SELECT * FROM stage_rows UNION ALL
       SELECT n.record_no, p.* EXCLUDE (i) FROM ${rows} p JOIN (VALUES ${pairs}) n(i, record_no) ON n.i = p.i`,
  );
}

/**
 * SQL of the fingerprints of the records read ahead (`readAhead`) among the mapped rows `table` (event
 * columns by name), each with its record's number. With `leftOut`, the same read also gives the rows
 * of the file left out (`fail` or `hxl`; `ahead` false, `fp` NULL), in record order: a small file's
 * import reads both in one statement where it ran two.
 */
export const aheadFingerprints = (table: string, leftOut = false): string => {
  const fp = fingerprintSql((c) => `v.${c}`);
  return leftOut
    ? `SELECT CASE WHEN v.record_no < 0 THEN -1 - v.record_no ELSE v.record_no END AS record_no, v.record_no < 0 AS ahead,
         v.fail, v.hxl, CASE WHEN v.record_no < 0 THEN ${fp} END AS fp
       FROM ${table} v WHERE v.record_no < 0 OR v.fail IS NOT NULL OR v.hxl ORDER BY v.record_no`
    : `SELECT -1 - v.record_no AS record_no, ${fp} AS fp FROM ${table} v WHERE v.record_no < 0`;
};

/**
 * checkRecordNumbers with the records read ahead mapped already (`again`: their fingerprints by
 * number): when a sampled stored row's record was not read ahead, the check runs the usual way.
 */
export async function checkRecordNumbersAhead(
  db: Db,
  o: RecordCheck,
  again: ReadonlyMap<number, string>,
): Promise<void> {
  const stored = await storedSample(db, o);
  if (stored.every((r) => again.has(Number(r.record_no)))) refuseMisnumbered(stored, again, o);
  else await checkRecordNumbers(db, o);
}

/**
 * Checks the stored rows against the records of the file at their `record_no`, pointing `stage_raw`
 * at the records read again while it runs. Throws RecordNumberError at the first that differs.
 */
export async function checkRecordNumbers(db: Db, o: RecordCheck): Promise<void> {
  const stored = await storedSample(db, o);
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
    refuseMisnumbered(stored, again, o);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await db.run(`DROP VIEW IF EXISTS stage_raw`);
  }
}
