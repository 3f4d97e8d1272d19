/**
 * The common case of a GDELT import, reading the wide file once (real GDELT files almost never hold a
 * bad row or a re-sent event): one parallel INSERT maps every row that passes the checks straight into
 * `gdelt_events`. When the rows stored are exactly the records Node counted, each GLOBALEVENTID once,
 * none already stored, and in the file's order, the import is done. Otherwise the rows are deleted
 * (same transaction) and the caller reads the file the slow way, which keeps each rejected row's line,
 * field, value and reason and resolves re-sent events (gdelt-sql.ts). Record numbers come from the
 * order of the rows: DuckDB's reader and an INSERT without a join keep the file's order
 * (preserve_insertion_order), and Node's independent count checks it: the sum of record number x
 * GLOBALEVENTID modulo a prime, computed by both.
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
  const records = o.records ?? 0;
  if (!records || !o.idOrder) return null;
  // One parallel read of every field. No join (the FIPS table is a MAP lookup), so the rows go in in
  // the file's order, and the k-th row stored is record k: checked below against Node's count.
  await db.run(`INSERT INTO gdelt_events SELECT ${m.eventRow('NULL', importId)}
    FROM ${readGdeltCsv(o.path, width, true)} WHERE (${m.fail}) IS NULL`);
  const p = Math.trunc(o.idOrder.prime);
  const [c] = await db.all<{
    inserted: number;
    ids: number;
    lo: string | null;
    hi: string | null;
    id_order: number;
  }>(
    `SELECT count(*) AS inserted, count(DISTINCT global_event_id) AS ids, CAST(min(global_event_id) AS VARCHAR) AS lo,
      CAST(max(global_event_id) AS VARCHAR) AS hi, CAST(sum(CAST(k AS HUGEINT) % ${p} * (global_event_id % ${p})) % ${p} AS BIGINT) AS id_order
    FROM (SELECT global_event_id, rowid - min(rowid) OVER () AS k FROM gdelt_events WHERE import_id = ${importId})`,
  );
  const undo = async () => {
    await db.run(`DELETE FROM gdelt_events WHERE import_id = ${importId}`);
    return null;
  };
  // Fewer rows than records: a row failed a check, and the slow path keeps it with its reason. An id
  // twice in the file: the slow path decides which copy wins. Another order than the file's (not
  // expected): the record numbers would be wrong.
  if (Number(c!.inserted) !== records || Number(c!.ids) !== records || Number(c!.id_order) !== o.idOrder.sum)
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
  await db.run(`UPDATE gdelt_events SET record_no = CAST(rowid - (SELECT min(rowid) FROM gdelt_events
    WHERE import_id = ${importId}) AS INTEGER) WHERE import_id = ${importId}`);
  // Every row read is stored, so the stored rows give the volume per day and the latest DATEADDED.
  const stored = `(SELECT date_added FROM gdelt_events WHERE import_id = ${importId})`;
  await writeGdeltVolume(db, importId, stored);
  await gdeltPairDaysDelta(db, importId).add();
  const [{ last }] = await db.all<{ last: string | null }>(
    `SELECT strftime(max(date_added), '%Y%m%d%H%M%S') AS last FROM ${stored}`,
  );
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
