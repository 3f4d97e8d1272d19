import type { GdeltImportOptions, GdeltImportResult } from '../../gdelt-import.ts';
import type { Db } from '../duckdb-connection.ts';
import { gdeltPairDaysDelta } from '../duckdb-gdelt-rollups.ts';
import {
  type GdeltMapping,
  gdeltMapping,
  ONE_READ_MAX_LINE,
  readGdeltNumbered,
  writeGdeltVolume,
} from './gdelt-mapping.ts';
import { importGdeltOneRead } from './gdelt-one-read.ts';
import { lit } from './sql-fields.ts';

/** The columns of `gdelt_events` (migration 11), in order. */
export const GDELT_EVENT_COLUMNS = `global_event_id BIGINT, event_date DATE, date_added TIMESTAMP,
  actor1_code VARCHAR, actor1_name VARCHAR, actor1_country VARCHAR, actor2_code VARCHAR, actor2_name VARCHAR, actor2_country VARCHAR,
  is_root_event BOOLEAN, event_code VARCHAR, event_base_code VARCHAR, event_root_code VARCHAR, quad_class TINYINT,
  goldstein DOUBLE, num_mentions INTEGER, num_sources INTEGER, num_articles INTEGER, avg_tone DOUBLE,
  action_geo_type TINYINT, action_place VARCHAR, action_fips VARCHAR, action_country VARCHAR, action_adm1 VARCHAR,
  action_lat DOUBLE, action_lon DOUBLE, source_url VARCHAR, file_sha256 VARCHAR, record_no INTEGER, import_id INTEGER`;

/**
 * Reads a GDELT file into `gdelt_events` inside the caller's transaction. A file with no ragged record
 * imported without `--countries` first tries one wide read (gdelt-one-read.ts: the common case, no bad
 * row and no re-sent event); any other file, or one that turns out to hold a bad row or a re-sent
 * event, takes the slow path: two reads with every row numbered (see importGdeltTwoReads).
 */
export async function importGdeltFile(
  db: Db,
  importId: number,
  o: GdeltImportOptions,
): Promise<GdeltImportResult> {
  const m = gdeltMapping(o);
  // The ragged records' reasons and text (the slow path joins them), only when there are any: one
  // statement less per file in the common case.
  if (o.ragged.length)
    await db.run(
      `CREATE OR REPLACE TEMP TABLE gdelt_faults AS SELECT * FROM (VALUES ${o.ragged
        .map(
          (f) =>
            `(${f.record}, ${lit(`expected ${o.columns.length} fields, found ${f.fields}`)}, ${lit(f.raw)})`,
        )
        .join(', ')}) t(r, reason, raw)`,
    );
  if (!o.ragged.length && !o.countries && (o.longestRecord ?? Infinity) < ONE_READ_MAX_LINE) {
    const one = await importGdeltOneRead(db, importId, o, m);
    if (one) return one;
  }
  return importGdeltTwoReads(db, importId, o, m);
}

/**
 * The slow path, in two reads of DuckDB's reader with every row numbered. The first keeps only keys
 * and verdicts (narrow: wide staging cost more than the reading): the first failing check of each row
 * (field, value, reason), whether it is in the countries, its action FIPS code when unknown; rejected
 * rows go to `stage_rejections` with their text. Re-sent events are resolved by GLOBALEVENTID (the
 * latest DATEADDED wins, in the file and against the store). The second read maps the winning rows
 * straight into `gdelt_events`; the barometer's rollup follows.
 */
async function importGdeltTwoReads(
  db: Db,
  importId: number,
  o: GdeltImportOptions,
  m: GdeltMapping,
): Promise<GdeltImportResult> {
  const { v, inScope } = m;
  // The ragged records' reasons and text, joined only when there are any.
  const faults = o.ragged.length > 0;
  await db.run(`CREATE OR REPLACE TEMP TABLE gdelt_stage AS
    SELECT raw.r, ${v.id} AS id, ${v.da} AS date_added, ${inScope} AS in_scope, ${faults ? 'f.raw' : 'CAST(NULL AS VARCHAR)'} AS fault_raw,
      ${m.unknownFips} AS unknown_fips,
      ${faults ? `CASE WHEN f.reason IS NOT NULL THEN [NULL, NULL, f.reason] ELSE ${m.fail} END` : m.fail} AS fail
      FROM ${readGdeltNumbered(o.path, o.columns.length)} raw ${faults ? 'LEFT JOIN gdelt_faults f ON f.r = raw.r' : ''}`);
  await writeGdeltVolume(db, importId, 'gdelt_stage');
  // Rejected rows with their text: the independent count's for a ragged record, else the fields joined
  // again from one more read (only for files with rejected rows; the join keeps the concatenation to them).
  const [{ bad }] = await db.all<{ bad: number }>(
    `SELECT count(*) AS bad FROM gdelt_stage WHERE fail IS NOT NULL`,
  );
  if (Number(bad))
    await db.run(`INSERT INTO stage_rejections
      SELECT s.r + 1, s.fail[1], s.fail[2], CASE WHEN s.fail[1] IS NULL THEN s.fail[3] ELSE s.fail[1] || ': ' || s.fail[3] END,
        coalesce(s.fault_raw, raw.text)
      FROM gdelt_stage s LEFT JOIN (SELECT r, ${m.rawText} AS text FROM ${readGdeltNumbered(o.path, o.columns.length)}
        WHERE r IN (SELECT r FROM gdelt_stage WHERE fail IS NOT NULL)) raw ON raw.r = s.r
      WHERE s.fail IS NOT NULL`);
  // Re-sent events: per GLOBALEVENTID the latest DATEADDED wins (the later record on a tie), in the file and against the store.
  await db.run(`CREATE OR REPLACE TEMP TABLE gdelt_keep AS
    SELECT s.r, s.rn > 1 OR coalesce(g.date_added > s.date_added, false) AS is_stale,
      s.rn = 1 AND g.date_added = s.date_added AS is_same, s.rn = 1 AND g.date_added < s.date_added AS is_newer,
      s.rn = 1 AND g.global_event_id IS NULL AS is_new, s.id
    FROM (SELECT r, id, date_added, row_number() OVER (PARTITION BY id ORDER BY date_added DESC, r DESC) AS rn
          FROM gdelt_stage WHERE fail IS NULL AND in_scope) s
    LEFT JOIN (SELECT global_event_id, max(date_added) AS date_added FROM gdelt_events
               WHERE global_event_id IN (SELECT id FROM gdelt_stage) GROUP BY ALL) g ON g.global_event_id = s.id`);
  await db.run(
    `CREATE OR REPLACE TEMP TABLE gdelt_write AS SELECT r FROM gdelt_keep WHERE (is_new OR is_newer) AND NOT is_stale`,
  );
  // The barometer's rollup follows every row that leaves or enters (duckdb-gdelt-rollups.ts).
  const rollup = gdeltPairDaysDelta(db, importId);
  const replaced = `SELECT id FROM gdelt_keep WHERE is_newer AND NOT is_stale`;
  const [{ n: replacing }] = await db.all<{ n: number }>(`SELECT count(*) AS n FROM (${replaced})`);
  if (Number(replacing)) await rollup.subtract(`global_event_id IN (${replaced})`);
  await db.run(`DELETE FROM gdelt_events WHERE global_event_id IN (${replaced})`);
  await db.run(`INSERT INTO gdelt_events SELECT ${m.eventRow('raw.r', importId)}
    FROM ${readGdeltNumbered(o.path, o.columns.length)} raw SEMI JOIN gdelt_write w ON w.r = raw.r`);
  await rollup.add();
  const [c] = await db.all<Record<string, number | string | null>>(`SELECT
      (SELECT count(*) FROM gdelt_stage) AS parsed,
      (SELECT count(*) FROM gdelt_stage WHERE fail IS NOT NULL) AS rejected,
      (SELECT count(*) FROM gdelt_stage WHERE fail IS NULL AND NOT in_scope) AS out_of_scope,
      (SELECT strftime(max(date_added), '%Y%m%d%H%M%S') FROM gdelt_stage WHERE fail IS NULL AND in_scope) AS last_added,
      count(*) AS accepted,
      count(*) FILTER (WHERE is_new AND NOT is_stale) AS added,
      count(*) FILTER (WHERE is_newer AND NOT is_stale) AS changed,
      count(*) FILTER (WHERE is_same AND NOT is_stale) AS unchanged,
      count(*) FILTER (WHERE is_stale) AS stale
    FROM gdelt_keep`);
  const unknown = await db.all<{ code: string; rows: number }>(
    `SELECT unknown_fips AS code, count(*) AS rows FROM gdelt_stage WHERE unknown_fips IS NOT NULL AND fail IS NULL GROUP BY 1 ORDER BY 2 DESC, 1`,
  );
  const n = (k: string) => Number(c![k] ?? 0);
  return {
    parsed: n('parsed'),
    accepted: n('accepted'),
    rejected: n('rejected'),
    outOfScope: n('out_of_scope'),
    added: n('added'),
    changed: n('changed'),
    unchanged: n('unchanged'),
    stale: n('stale'),
    unknownFips: unknown.map((u) => ({ code: u.code, rows: Number(u.rows) })),
    lastAdded: (c!.last_added as string | null) ?? null,
  };
}
