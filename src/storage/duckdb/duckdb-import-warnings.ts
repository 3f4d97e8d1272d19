/** The warnings an import's rows were kept with, read back from the events and statistics it stored. */
import type { SourceArchive } from '../archive/source-archive.ts';
import type { ImportWarnings, ImportWarningsQuery, StoredWarning } from '../store.ts';
import type { Reader } from './duckdb-connection.ts';
import { lit } from './native/sql-fields.ts';

/**
 * One row per warning: an event's quality flags (its record number in the file, and the file, whose
 * archived copy gives the line); a statistic whose geography or geography_to names no single country
 * (the series importer's warning, worded as it words it; statistics keep their line, from migration
 * 30, but no record number); a GDELT row whose action FIPS code the FIPS table does not know (worded
 * as the import's summary words it; GDELT files have no header and no quoting, so record k is line k + 1).
 */
const warningsSql = (knownFips: readonly string[]) => `
  SELECT 'event' AS kind, id, NULL AS line, record_no AS record, NULL AS field, NULL AS value,
      unnest(quality_flags) AS warning, file_sha256 AS file
    FROM events WHERE import_id = $1 AND len(quality_flags) > 0
  UNION ALL
  SELECT 'statistic', id, line, NULL, 'geography', geography, 'geography ' || geography || ' names no single country', NULL
    FROM statistics WHERE import_id = $1 AND geography IS NOT NULL AND country IS NULL
  UNION ALL
  SELECT 'statistic', id, line, NULL, 'geography_to', geography_to, 'geography_to ' || geography_to || ' names no single country', NULL
    FROM statistics WHERE import_id = $1 AND geography_to IS NOT NULL AND country_to IS NULL
  UNION ALL
  SELECT 'gdelt', CAST(global_event_id AS VARCHAR), record_no + 1, record_no, 'ActionGeo_CountryCode', action_fips,
      'unknown FIPS country code "' || action_fips || '" (kept, action country unknown)', NULL
    FROM gdelt_events WHERE import_id = $1 AND action_fips IS NOT NULL AND action_country IS NULL
      AND NOT list_contains([${knownFips.map(lit).join(', ')}]::VARCHAR[], action_fips)`;

/**
 * The warnings of an import's stored rows, by kind, then in file order (then by id), `offset` skipped
 * and up to `limit`; an event's line read from its file's archived copy (null when the archive does
 * not hold the file).
 */
export async function importWarnings(
  db: Reader,
  archive: SourceArchive,
  { importId, limit, offset = 0, knownFips }: ImportWarningsQuery,
): Promise<ImportWarnings> {
  const sql = warningsSql(knownFips);
  const rows = await db.all<Record<string, unknown>>(
    `SELECT * FROM (${sql}) ORDER BY kind, record, line, id, field, value, warning
     ${limit === undefined ? '' : 'LIMIT $3'} OFFSET $2`,
    limit === undefined ? [importId, offset] : [importId, offset, limit],
  );
  const [counts] = await db.all<{ total: number; rows: number }>(
    `SELECT count(*) AS total, count(DISTINCT id) AS rows FROM (${sql})`,
    [importId],
  );
  const warnings = rows.map((r): StoredWarning => ({
    importId,
    kind: r.kind as StoredWarning['kind'],
    id: String(r.id),
    line: r.line === null ? null : Number(r.line),
    record: r.record === null ? null : Number(r.record),
    field: r.field as string | null,
    value: r.value as string | null,
    warning: String(r.warning),
  }));
  // Events: the line each record starts on, from the archive's copy of its file (one read per file).
  const byFile = new Map<string, number[]>();
  rows.forEach((r, i) => {
    if (r.kind !== 'event' || r.file === null || r.record === null) return;
    const at = byFile.get(r.file as string);
    if (at) at.push(i);
    else byFile.set(r.file as string, [i]);
  });
  for (const [file, at] of byFile) {
    const lines = await archive.lines(
      file,
      at.map((i) => warnings[i]!.record!),
    );
    at.forEach((i, j) => (warnings[i]!.line = lines[j]!));
  }
  return { warnings, total: Number(counts?.total ?? 0), rows: Number(counts?.rows ?? 0) };
}
