import { EVENT_COLUMNS } from '../../event-columns.ts';
import type { DirectImportOptions, DirectImportResult } from '../../native-import.ts';
import type { Db } from '../duckdb-connection.ts';
import {
  dropDuplicates,
  duplicateRejections,
  failedRejections,
  fillLookups,
  mappedRows,
  numberRows,
  parserRejections,
  parserRejects,
  readCsv,
  recordReader,
  sourceIsStored,
  sqlMapper,
  type Rejection,
} from './native-session.ts';

/**
 * Reads a delimited file straight into `events` when no stored event of its source exists (a first
 * import: nothing can match, so nothing is staged or diffed). Two passes of DuckDB's reader over the
 * file: a narrow one that gathers the lookup keys, counts the rows and notes the rows the parser
 * refuses; then one `INSERT ... SELECT` that numbers the rows in file order, maps, checks and joins
 * them and writes the accepted ones. Rows left out (rejected, metadata) are mapped again on their own
 * for their reasons. Returns null when the source has stored events (the caller stages instead).
 */
export async function importDirect(
  db: Db,
  sink: { readonly importId: number; addRejections(rows: readonly Rejection[]): Promise<void> },
  o: DirectImportOptions,
): Promise<DirectImportResult | null> {
  if (await sourceIsStored(db, o.source)) return null;
  const mapper = sqlMapper(o.mapper);
  const parsed = await fillLookups(db, o, mapper, await readCsv(db, o.layout));
  const refused = await parserRejects(db);
  // Rejected rows shift record numbers: place them first (this waits for the independent count).
  const placed = refused.length ? await o.placeRejects(refused) : [];
  // A window with an empty OVER runs as DuckDB's streaming window: one thread over the scan in file
  // order, so `r` is each row's position among the parsed rows.
  await numberRows(
    db,
    `(SELECT row_number() OVER () - 1 AS r, * FROM ${await readCsv(db, o.layout)})`,
    placed,
    placed.length ? await o.locator : null,
  );
  const m = mappedRows(mapper, o);
  const columns = EVENT_COLUMNS.map((c) => c.name);
  const typed = (c: (typeof EVENT_COLUMNS)[number]) =>
    c.type === 'DATE' ? `CAST(${m.value(c.name)} AS DATE)` : m.value(c.name);
  await db.run(
    `INSERT INTO events (${columns.join(', ')}, content_hash, import_id)
     SELECT ${EVENT_COLUMNS.map(typed).join(', ')}, ${m.hash}, ${sink.importId}
     FROM ${m.from} WHERE m.fail IS NULL AND NOT m.hxl`,
  );
  const mine = `import_id = ${sink.importId}`;
  const [{ written }] = await db.all<{ written: number }>(
    `SELECT count(*) AS written FROM events WHERE ${mine}`,
  );
  let failed: { record_no: number; fail: string[] }[] = [];
  let metadata = 0;
  if (written! < parsed) {
    // The rows left out (rejected or metadata, usually few) are mapped again on their own for their reasons.
    await db.run(`CREATE OR REPLACE TEMP TABLE stage_written AS SELECT record_no FROM events WHERE ${mine}`);
    await db.run(
      `CREATE OR REPLACE TEMP VIEW stage_raw AS SELECT * FROM stage_rows WHERE record_no NOT IN (SELECT record_no FROM stage_written)`,
    );
    await db.run(
      `CREATE OR REPLACE TEMP TABLE stage_failed AS SELECT record_no, fail, hxl FROM (${mapper.query(o.layout.header)}) WHERE fail IS NOT NULL OR hxl`,
    );
    [{ metadata }] = await db.all<{ metadata: number }>(
      `SELECT count(*) FILTER (WHERE hxl) AS metadata FROM stage_failed`,
    );
    failed = await db.all(
      `SELECT record_no, fail FROM stage_failed WHERE fail IS NOT NULL ORDER BY record_no`,
    );
  }
  const dups = await dropDuplicates(db, 'events', mine);
  if (placed.length + failed.length + dups.length) {
    const locator = await o.locator;
    const reader = recordReader(o.layout.path, locator);
    try {
      await sink.addRejections([
        ...parserRejections(placed, locator, reader),
        ...failedRejections(failed, locator, reader),
        ...duplicateRejections(dups, locator, reader),
      ]);
    } finally {
      reader.close();
    }
  }
  const [s] = await db.all<{ accepted: number; warnings: number; last: string | null }>(
    `SELECT count(*) AS accepted, count(*) FILTER (WHERE len(quality_flags) > 0) AS warnings,
      CAST(max(date_end) AS VARCHAR) AS last FROM events WHERE ${mine}`,
  );
  return {
    accepted: s!.accepted,
    rejected: failed.length + placed.length + dups.length,
    metadata,
    warnings: s!.warnings,
    lastDate: s!.last,
    direct: true,
    parsed,
    parserRejected: refused.length,
  };
}
