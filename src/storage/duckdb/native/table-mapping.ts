/**
 * Natively mapped files whose rows are not events (published statistics, the dyad index): the
 * shared steps. A format's SQL (statistics-sql.ts, dyad-index-sql.ts) maps the numbered rows of
 * `stage_raw` with the same checks, order and reasons as its JavaScript mapper; here the accepted
 * rows go to the staging table the JavaScript path fills (`stage_stats`, `stage_dyad`), each with
 * its line, and the commit applies them as it applies the JavaScript path's. Helpers read a field as
 * the JavaScript reader's record object holds it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { MapStagedOptions, NativeMapResult, RecordLocator } from '../../native-import.ts';
import type { Db } from '../duckdb-connection.ts';
import { quoteValue } from '../../../domain/quote.ts';
import { CHECK_EVERY, RecordNumberError } from './record-check.ts';
import { lit, trimmed } from './sql-fields.ts';
import type { RecordOptions } from './sql-mapper.ts';

/**
 * A field's column: the last of the header's columns of that name, as the JavaScript reader's record
 * object holds the last value of a repeated name.
 */
export const column = (header: readonly string[], name: string): string | null => {
  const i = header.lastIndexOf(name);
  return i < 0 ? null : `r.c${i}`;
};

/** The header's names once each, in order of first appearance (the keys of the JavaScript record). */
export const keysOf = (header: readonly string[]) => [...new Set(header)];

/** The raw text of a column ('' when absent), trimmed, and as ingest's `text()` (NULL when empty). */
export const rawOf = (c: string | null) => (c ? `coalesce(${c}, '')` : `''`);
export const trimOf = (c: string | null) => trimmed(c);
export const textOf = (c: string | null) => `nullif(${trimOf(c)}, '')`;

/**
 * The NUL check over every field in record order: [key, value with \0, reason] of the first, or NULL
 * (skipped for a file Node found free of NUL bytes).
 */
export function nulCheck(header: readonly string[], o: RecordOptions): string {
  if (!o.nulBytes) return 'CAST(NULL AS VARCHAR[])';
  return `CASE ${keysOf(header)
    .map((k) => {
      const c = column(header, k)!;
      return `WHEN strpos(${c}, chr(0)) > 0 THEN [${lit(k)}, replace(${c}, chr(0), '\\0'), 'contains a NUL byte']`;
    })
    .join(' ')} ELSE NULL END`;
}

/** What mapping a staged file needs of the native session. */
export interface StagedRows {
  db: Db;
  o: MapStagedOptions;
  /** A record's exact text from the file, by number. */
  text(k: number): string;
  /** The import's reader over records' texts alone (native-session.ts `csvReread`). */
  reread(texts: readonly string[], dir: string): Promise<string>;
  /** Fills a temp table from rows of values (native-session.ts `fillTable`). */
  fill(table: string, cols: [string, string][], rows: unknown[][]): Promise<void>;
}

/** How a format's mapped rows reach its staging table. */
export interface TableMapping {
  /**
   * The mapped rows: `record_no`, `hxl` (metadata row), `fail` ([field, value, reason] of the first
   * failing check, or NULL), `warned` (an accepted row with a warning), the `columns`, and `id_text`
   * with `lowerId`.
   */
  query: string;
  /** The staging table (its `line` column is filled from the record index). */
  target: string;
  columns: readonly string[];
  /** The target's `id` is `id_text` lower-cased as JavaScript lower-cases it (DuckDB's `lower` where ASCII). */
  lowerId?: boolean;
  /** The column whose latest value among accepted rows is the file's last date (for an inferred version). */
  lastDate?: string;
}

/** What mapping gave: the counts, and the failed rows for the caller to reject. */
export interface TableMapped {
  result: NativeMapResult;
  failed: { record_no: number; fail: (string | null)[] }[];
}

/**
 * Maps the numbered rows of `stage_raw` with `t.query` and writes the accepted ones to `t.target`,
 * each with its line. Row faults (records the parser read with a wrong field count) are rejected with
 * their own reason, whatever they map to. Ends with the row-number check.
 */
export async function mapToTable(s: StagedRows, t: TableMapping): Promise<TableMapped> {
  const { db, o } = s;
  await db.run(`CREATE OR REPLACE TEMP TABLE stage_mapped AS ${t.query}`);
  if (o.rowFaults?.length) {
    await s.fill(
      'stage_row_faults',
      [
        ['record_no', 'INTEGER'],
        ['reason', 'VARCHAR'],
      ],
      o.rowFaults.map((f) => [f.recordNo, f.reason]),
    );
    await db.run(
      `UPDATE stage_mapped s SET fail = [NULL, NULL, f.reason], hxl = false FROM stage_row_faults f WHERE s.record_no = f.record_no`,
    );
  }
  const failed = await db.all<{ record_no: number; fail: (string | null)[] }>(
    `SELECT record_no, fail FROM stage_mapped WHERE fail IS NOT NULL ORDER BY record_no`,
  );
  const accepted = `fail IS NULL AND NOT hxl`;
  // Each accepted row's line, from the record index; ids that are not ASCII lower-cased by JavaScript.
  const rows = await db.all<{ record_no: number; id_text: string | null; ascii: boolean | null }>(
    t.lowerId
      ? `SELECT record_no, id_text, regexp_full_match(id_text, '[\\x00-\\x7F]*') AS ascii FROM stage_mapped WHERE ${accepted}`
      : `SELECT record_no, NULL AS id_text, NULL AS ascii FROM stage_mapped WHERE ${accepted}`,
  );
  await s.fill(
    'stage_mapped_lines',
    [
      ['record_no', 'INTEGER'],
      ['line', 'INTEGER'],
      ['id', 'VARCHAR'],
    ],
    rows.map((r) => [
      r.record_no,
      o.locator.line(Number(r.record_no)),
      r.ascii === false ? r.id_text!.toLowerCase() : null,
    ]),
  );
  await db.run(
    `INSERT INTO ${t.target} (${t.lowerId ? 'id, ' : ''}${t.columns.join(', ')}, line)
     SELECT ${t.lowerId ? 'coalesce(i.id, lower(s.id_text)), ' : ''}${t.columns.map((c) => `s.${c}`).join(', ')}, i.line
     FROM stage_mapped s JOIN stage_mapped_lines i USING (record_no) WHERE ${accepted} ORDER BY record_no`,
  );
  const [c] = await db.all<{ metadata: number; warnings: number; last: string | null }>(
    `SELECT count(*) FILTER (WHERE hxl AND fail IS NULL) AS metadata,
       count(*) FILTER (WHERE ${accepted} AND warned) AS warnings,
       ${t.lastDate ? `CAST(max(${t.lastDate}) FILTER (WHERE ${accepted}) AS VARCHAR)` : 'NULL'} AS last
     FROM stage_mapped`,
  );
  await checkRowNumbers({ ...s, path: o.layout.path, locator: o.locator });
  return {
    result: {
      accepted: rows.length,
      rejected: failed.length + o.parserRejects.length,
      metadata: c!.metadata,
      warnings: c!.warnings,
      lastDate: c!.last,
      direct: false,
    },
    failed,
  };
}

/** What the row-number check reads: the store, the file, Node's index, a record's text and the import's reader. */
export type RowCheck = Pick<StagedRows, 'db' | 'text' | 'reread'> & { path: string; locator: RecordLocator };

/**
 * Checks that the rows of `stage_raw` carry their records' numbers: every CHECK_EVERY-th row (with the
 * first and the last) is read again from the file alone, by Node's record index, and its fields' hash
 * must equal the staged row's. (These rows keep no record number, but each rejection's line and each
 * staged row's comes from it.) Throws RecordNumberError at the first that differs.
 */
export async function checkRowNumbers(c: RowCheck): Promise<void> {
  const staged = await c.db.all<{ record_no: number; h: string }>(
    `SELECT record_no, CAST(h AS VARCHAR) AS h FROM stage_raw
     WHERE record_no % ${CHECK_EVERY} = 1 OR record_no IN (SELECT min(record_no) FROM stage_raw UNION ALL SELECT max(record_no) FROM stage_raw)
     ORDER BY record_no`,
  );
  if (!staged.length) return;
  const dir = mkdtempSync(join(tmpdir(), 'faultline-check-'));
  try {
    const again = await c.db.all<{ i: number; h: string }>(
      `SELECT i, CAST(h AS VARCHAR) AS h FROM ${await c.reread(
        staged.map((r) => c.text(Number(r.record_no))),
        dir,
      )} ORDER BY i`,
    );
    const wrong = staged.find((r, i) => again[i]?.h !== r.h);
    if (wrong) {
      const k = Number(wrong.record_no);
      throw new RecordNumberError(
        `${quoteValue(basename(c.path))}: import refused: record ${k} (line ${c.locator.line(k)}) of the file is not the row staged under that number: the rows were numbered out of file order, or the file changed during the import; nothing was imported`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
