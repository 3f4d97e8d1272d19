/**
 * The common case of a GDELT import, reading the wide file once (real GDELT files almost never hold a
 * bad row or a re-sent event). A narrow census of every row's GLOBALEVENTID (one field parsed) says
 * whether any event is repeated in the file or already stored; if none is, one parallel INSERT maps
 * every row that passes the checks straight into `gdelt_events`. When the inserted rows are all the
 * rows read, nothing was rejected and the import is done; otherwise (or when a re-sent event turns up)
 * the caller reads the file the slow way, which keeps each rejected row's line, field, value and
 * reason and resolves re-sent events (gdelt-sql.ts). Record numbers come from the census: a plain scan
 * of DuckDB's reader into a table keeps the file's order (preserve_insertion_order), so a census row's
 * position is its record number; the insert joins it by GLOBALEVENTID, unique in the file.
 */
import type { GdeltImportOptions, GdeltImportResult } from '../../gdelt-import.ts';
import type { Db } from '../duckdb-connection.ts';
import { gdeltPairDaysDelta } from '../duckdb-gdelt-rollups.ts';
import { type GdeltMapping, readGdeltCsv, unknownFipsOf, writeGdeltVolume } from './gdelt-mapping.ts';

/**
 * Imports a GDELT file with one wide read when it can (see the file comment), inside the caller's
 * transaction; null, with nothing written, when the file needs the slow path.
 */
export async function importGdeltOneRead(
  db: Db,
  importId: number,
  o: GdeltImportOptions,
  m: GdeltMapping,
): Promise<GdeltImportResult | null> {
  const width = o.columns.length;
  // The census: parallel, one field parsed, a narrow table in file order.
  await db.run(
    `CREATE OR REPLACE TEMP TABLE gdelt_census AS SELECT ${m.v.id} AS id FROM ${readGdeltCsv(o.path, width, true)}`,
  );
  const [c] = await db.all<{ parsed: number; ids: number; lo: string | null; hi: string | null }>(
    `SELECT count(*) AS parsed, count(DISTINCT id) AS ids, CAST(min(id) AS VARCHAR) AS lo, CAST(max(id) AS VARCHAR) AS hi
      FROM gdelt_census`,
  );
  const parsed = Number(c!.parsed);
  // A row without a readable id, or an id twice in the file: the slow path rejects or resolves it.
  if (!parsed || Number(c!.ids) !== parsed) return null;
  // An event already stored (re-sent, or the same slice imported again from other bytes): the slow path
  // decides which copy wins. The range lets DuckDB skip row groups of `gdelt_events` by their min/max.
  const [s] = await db.all<{ n: number }>(
    `SELECT count(*) AS n FROM gdelt_events WHERE global_event_id BETWEEN ${BigInt(c!.lo!)} AND ${BigInt(c!.hi!)}
      AND global_event_id IN (SELECT id FROM gdelt_census)`,
  );
  if (Number(s!.n)) return null;
  // Each row's record number from the census (joined by its id, unique in the file): the INSERT itself
  // does not keep the file's order (its join to the FIPS table reorders rows), the census's plain scan does.
  await db.run(`INSERT INTO gdelt_events SELECT ${m.eventRow('c.k', importId)}
    FROM ${readGdeltCsv(o.path, width, true)} raw ${m.fipsJoin}
      JOIN (SELECT id, CAST(rowid - min(rowid) OVER () AS INTEGER) AS k FROM gdelt_census) c ON c.id = ${m.v.id}
    WHERE (${m.fail}) IS NULL`);
  const [{ inserted }] = await db.all<{ inserted: number }>(
    `SELECT count(*) AS inserted FROM gdelt_events WHERE import_id = ${importId}`,
  );
  if (Number(inserted) !== parsed) {
    // A row failed a check: undo, and let the slow path keep the rejected rows with their reasons.
    await db.run(`DELETE FROM gdelt_events WHERE import_id = ${importId}`);
    return null;
  }
  // Every row read is stored, so the stored rows give the volume per day and the latest DATEADDED.
  const stored = `(SELECT date_added FROM gdelt_events WHERE import_id = ${importId})`;
  await writeGdeltVolume(db, importId, stored);
  await gdeltPairDaysDelta(db, importId).add();
  const [{ last }] = await db.all<{ last: string | null }>(
    `SELECT strftime(max(date_added), '%Y%m%d%H%M%S') AS last FROM ${stored}`,
  );
  await db.run(`DROP TABLE gdelt_census`);
  return {
    parsed,
    accepted: parsed,
    rejected: 0,
    outOfScope: 0,
    added: parsed,
    changed: 0,
    unchanged: 0,
    stale: 0,
    unknownFips: await unknownFipsOf(db, importId),
    lastAdded: last ?? null,
  };
}
