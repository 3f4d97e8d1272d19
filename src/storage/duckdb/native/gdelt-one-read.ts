/**
 * The common case of a GDELT import, reading the wide file once (real GDELT files almost never hold a
 * bad row or a re-sent event): one parallel INSERT maps every row that passes the checks straight into
 * `gdelt_events`. When the rows stored are exactly the records Node counted, each GLOBALEVENTID once,
 * none already stored, and numbered as Node numbered them, the import is done. Otherwise the rows are
 * deleted (same transaction) and the caller reads the file the slow way, which keeps each rejected
 * row's line, field, value and reason and resolves re-sent events (gdelt-sql.ts).
 *
 * Record numbers, two ways:
 * - **From the id** (GDELT 2.0's 15-minute exports: each GLOBALEVENTID is the one before it plus 1, as
 *   Node's count saw): record k holds id first + k, so the INSERT stores `id - first` and the rows'
 *   order in the table does not matter. The check: the stored ids are exactly first .. first + n - 1
 *   (n distinct ids between those bounds), and the sum of record number x GLOBALEVENTID modulo a prime
 *   over the stored rows is Node's. A count that lies about the first id, or a reader that saw other
 *   ids, fails it.
 * - **From the rows' order** (any other file, e.g. GDELT 1.0's daily files, whose ids have gaps): the
 *   INSERT leaves `record_no` NULL; DuckDB's reader and an INSERT without a join keep the file's order
 *   (preserve_insertion_order), Node's order sum checks it against the rowids, and an UPDATE numbers
 *   the rows from their rowids (applied at COMMIT on one core: the cost the first way avoids).
 */
import type { GdeltImportOptions, GdeltImportResult } from '../../gdelt-import.ts';
import type { Db } from '../duckdb-connection.ts';
import { gdeltPairDaysDelta } from '../duckdb-gdelt-rollups.ts';
import { type GdeltMapping, readGdeltCsv, unknownFipsOf, writeGdeltVolume } from './gdelt-mapping.ts';

/** Whether the one read numbers a file's rows from their ids (Node's count found them running by one). */
export function gdeltNumbersById(o: Pick<GdeltImportOptions, 'idRunFrom'>): boolean {
  return o.idRunFrom != null && Number.isSafeInteger(o.idRunFrom) && o.idRunFrom > 0;
}

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
  const records = o.records ?? 0;
  if (!records || !o.idOrder) return null;
  const byId = gdeltNumbersById(o);
  const from = o.idRunFrom!;
  // One parallel read of every field. No join (the FIPS table is a MAP lookup), so the rows go in in
  // the file's order, and the k-th row stored is record k; with ids that run by one, each row's number
  // is its id's distance from the first. Checked below against Node's count either way.
  await db.run(`INSERT INTO gdelt_events SELECT ${m.eventRow(byId ? `try_cast(${m.v.id} - ${from} AS INTEGER)` : 'NULL', importId)}
    FROM ${readGdeltCsv(o.path, width, true)} WHERE (${m.fail}) IS NULL`);
  const p = Math.trunc(o.idOrder.prime);
  // The number each stored row gets: its record_no (by id), or its rowid's distance from the first (by order).
  const cols = 'global_event_id, date_added, action_fips, action_country';
  const numbered = byId
    ? `SELECT ${cols}, record_no AS k FROM gdelt_events WHERE import_id = ${importId}`
    : `SELECT ${cols}, rowid - min(rowid) OVER () AS k FROM gdelt_events WHERE import_id = ${importId}`;
  const [c] = await db.all<{
    inserted: number;
    ids: number;
    lo: string | null;
    hi: string | null;
    id_order: number | null;
    last: string | null;
    unmapped: number;
  }>(
    // Also, in the same scan: the latest DATEADDED, and the rows whose action FIPS code has no country
    // (known without an ISO country, or unknown: named below only when there are any).
    `SELECT count(*) AS inserted, count(DISTINCT global_event_id) AS ids, CAST(min(global_event_id) AS VARCHAR) AS lo,
      CAST(max(global_event_id) AS VARCHAR) AS hi, CAST(sum(CAST(k AS HUGEINT) % ${p} * (global_event_id % ${p})) % ${p} AS BIGINT) AS id_order,
      strftime(max(date_added), '%Y%m%d%H%M%S') AS last, count(*) FILTER (WHERE action_fips IS NOT NULL AND action_country IS NULL) AS unmapped
    FROM (${numbered})`,
  );
  const undo = async () => {
    await db.run(`DELETE FROM gdelt_events WHERE import_id = ${importId}`);
    return null;
  };
  // Fewer rows than records: a row failed a check, and the slow path keeps it with its reason. An id
  // twice in the file: the slow path decides which copy wins. A sum that is not Node's: another order
  // than the file's (by order; not expected), or a row numbered from an id Node did not see there (by id).
  if (Number(c!.inserted) !== records || Number(c!.ids) !== records || Number(c!.id_order) !== o.idOrder.sum)
    return undo();
  // By id: n distinct ids from the first to the first + n - 1 are exactly the ids Node counted, so each
  // row's number is its record's (record k holds id first + k).
  if (byId && (BigInt(c!.lo!) !== BigInt(from) || BigInt(c!.hi!) !== BigInt(from) + BigInt(records - 1)))
    return undo();
  // An event already stored (re-sent, or the same slice imported again from other bytes): the slow path
  // decides which copy wins. The range lets DuckDB skip row groups of `gdelt_events` by their min/max.
  const [s] = await db.all<{ n: number }>(
    `SELECT count(*) AS n FROM gdelt_events WHERE global_event_id BETWEEN ${BigInt(c!.lo!)} AND ${BigInt(c!.hi!)}
      AND import_id <> ${importId} AND global_event_id IN (SELECT global_event_id FROM gdelt_events WHERE import_id = ${importId})`,
  );
  if (Number(s!.n)) return undo();
  // Node found every record with the layout's fields, so each line is one row of DuckDB's reader, and
  // every one of them is stored: the rows read are the records.
  const parsed = records;
  if (!byId)
    await db.run(`UPDATE gdelt_events SET record_no = CAST(rowid - (SELECT min(rowid) FROM gdelt_events
    WHERE import_id = ${importId}) AS INTEGER) WHERE import_id = ${importId}`);
  // Every row read is stored, so the stored rows give the volume per day and the latest DATEADDED.
  const stored = `(SELECT date_added FROM gdelt_events WHERE import_id = ${importId})`;
  await writeGdeltVolume(db, importId, stored);
  await gdeltPairDaysDelta(db, importId).add();
  return {
    parsed,
    accepted: parsed,
    rejected: 0,
    outOfScope: 0,
    added: parsed,
    changed: 0,
    unchanged: 0,
    stale: 0,
    unknownFips: Number(c!.unmapped) ? await unknownFipsOf(db, importId, m) : [],
    lastAdded: c!.last ?? null,
  };
}
