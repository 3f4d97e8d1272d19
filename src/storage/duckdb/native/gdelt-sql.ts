import type { GdeltImportOptions, GdeltImportResult } from '../../gdelt-import.ts';
import type { Db } from '../duckdb-connection.ts';
import { gdeltPairDaysDelta, refreshGdeltVolumeDays } from '../duckdb-gdelt-rollups.ts';
import { lit } from './sql-fields.ts';

/** The columns of `gdelt_events` (migration 11), in order. */
export const GDELT_EVENT_COLUMNS = `global_event_id BIGINT, event_date DATE, date_added TIMESTAMP,
  actor1_code VARCHAR, actor1_name VARCHAR, actor1_country VARCHAR, actor2_code VARCHAR, actor2_name VARCHAR, actor2_country VARCHAR,
  is_root_event BOOLEAN, event_code VARCHAR, event_base_code VARCHAR, event_root_code VARCHAR, quad_class TINYINT,
  goldstein DOUBLE, num_mentions INTEGER, num_sources INTEGER, num_articles INTEGER, avg_tone DOUBLE,
  action_geo_type TINYINT, action_place VARCHAR, action_fips VARCHAR, action_country VARCHAR, action_adm1 VARCHAR,
  action_lat DOUBLE, action_lon DOUBLE, source_url VARCHAR, file_sha256 VARCHAR, record_no INTEGER, import_id INTEGER`;

/** DuckDB's reader over a GDELT file, each row numbered in file order as `r` (0-based). */
function readGdelt(path: string, width: number): string {
  const columns = `{${Array.from({ length: width }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ')}}`;
  // No header, tab only, no quote or escape (GDELT has none), every field text. strict_mode off and
  // null_padding on: a short or long record still gives exactly one row (padded or cut), so rows and
  // records correspond one to one; the independent count names such records. An empty OVER runs as
  // DuckDB's streaming window: one thread over the scan in file order, so `r` is the record number.
  return `(SELECT row_number() OVER () - 1 AS r, * FROM read_csv(${lit(path)}, header = false, delim = '\\t',
    quote = '', escape = '', new_line = '\\n', columns = ${columns}, auto_detect = false, strict_mode = false,
    null_padding = true, max_line_size = 16777216))`;
}

/** A check as SQL: the [field, value, reason] of a failing field. */
const check = (bad: string, field: string, value: string, reason: string) =>
  `WHEN ${bad} THEN [${lit(field)}, ${value}, ${lit(reason)}]`;

/**
 * Reads a GDELT file into `gdelt_events` inside the caller's transaction, in two passes of DuckDB's
 * reader. The first keeps only keys and verdicts (narrow: wide staging cost more than the reading):
 * the first failing check of each row (field, value, reason), whether it is in the countries, its
 * action FIPS code when unknown; rejected rows go to `stage_rejections` with their text. Re-sent events
 * are resolved by GLOBALEVENTID (the latest DATEADDED wins, in the file and against the store). The
 * second pass maps the winning rows straight into `gdelt_events`; the barometer's rollup follows.
 */
export async function importGdeltFile(
  db: Db,
  importId: number,
  o: GdeltImportOptions,
): Promise<GdeltImportResult> {
  const col = (name: string) => {
    const i = o.columns.indexOf(name);
    return i < 0 ? 'NULL' : `c${i}`;
  };
  await db.run(
    `CREATE OR REPLACE TEMP TABLE gdelt_fips AS SELECT * FROM (VALUES ${Object.entries(o.fipsToIso3)
      .map(([f, i]) => `(${lit(f)}, ${i === null ? 'NULL' : lit(i)})`)
      .join(', ')}) t(fips, iso3)`,
  );
  await db.run(`CREATE OR REPLACE TEMP TABLE gdelt_faults (r BIGINT, reason VARCHAR, raw VARCHAR)`);
  if (o.ragged.length)
    await db.run(
      `INSERT INTO gdelt_faults SELECT * FROM (VALUES ${o.ragged
        .map(
          (f) =>
            `(${f.record}, ${lit(`expected ${o.columns.length} fields, found ${f.fields}`)}, ${lit(f.raw)})`,
        )
        .join(', ')})`,
    );
  const num = (c: string) => `try_cast(${c} AS DOUBLE)`;
  const int = (c: string) => `try_cast(${c} AS BIGINT)`;
  const added = col('DATEADDED');
  const lat = col('ActionGeo_Lat');
  const lon = col('ActionGeo_Long');
  const fipsCol = col('ActionGeo_CountryCode');
  // The mapped values, as SQL over a raw row joined to the FIPS table `g`; both passes use them.
  const v = {
    id: int(col('GLOBALEVENTID')),
    d: `try_strptime(${col('SQLDATE')}, '%Y%m%d')`,
    da: `CASE WHEN length(${added}) = 14 THEN try_strptime(${added}, '%Y%m%d%H%M%S') WHEN length(${added}) = 8 THEN try_strptime(${added}, '%Y%m%d') END`,
    gs: num(col('GoldsteinScale')),
    tone: num(col('AvgTone')),
    qc: int(col('QuadClass')),
    nm: int(col('NumMentions')),
    ns: int(col('NumSources')),
    na: int(col('NumArticles')),
    lat: num(lat),
    lon: num(lon),
    gt: int(col('ActionGeo_Type')),
  };
  const fipsJoin = `LEFT JOIN gdelt_fips g ON g.fips = raw.${fipsCol}`;
  // A blank actor or location is NULL, and NULL OR false is NULL: coalesce, so every row is in scope or out of it.
  const list = o.countries ? `[${o.countries.map(lit).join(', ')}]` : null;
  const inScope = list
    ? `coalesce(list_contains(${list}, ${col('Actor1CountryCode')}) OR list_contains(${list}, ${col('Actor2CountryCode')}) OR list_contains(${list}, g.iso3), false)`
    : 'true';
  const raw = o.columns.map((_, i) => `coalesce(c${i}, '')`).join(` || chr(9) || `);
  await db.run(`CREATE OR REPLACE TEMP TABLE gdelt_stage AS
    SELECT raw.r, ${v.id} AS id, ${v.da} AS date_added, ${inScope} AS in_scope, f.raw AS fault_raw,
      CASE WHEN ${fipsCol} IS NOT NULL AND g.fips IS NULL THEN ${fipsCol} END AS unknown_fips,
      CASE WHEN f.reason IS NOT NULL THEN [NULL, NULL, f.reason]
        ${check(`${v.id} IS NULL OR ${v.id} <= 0`, 'GLOBALEVENTID', col('GLOBALEVENTID'), 'not a positive integer')}
        ${check(`${v.d} IS NULL`, 'SQLDATE', col('SQLDATE'), 'not a date (YYYYMMDD)')}
        ${check(`${v.da} IS NULL`, 'DATEADDED', added, 'not a date and time (YYYYMMDDHHMMSS, or YYYYMMDD in GDELT 1.0)')}
        ${check(`${col('EventCode')} IS NULL OR NOT regexp_full_match(${col('EventCode')}, '[0-9]{2,4}')`, 'EventCode', col('EventCode'), 'not a CAMEO event code (2 to 4 digits)')}
        ${check(`${col('IsRootEvent')} IS NULL OR ${col('IsRootEvent')} NOT IN ('0', '1')`, 'IsRootEvent', col('IsRootEvent'), 'not 0 or 1')}
        ${check(`${v.qc} IS NULL OR ${v.qc} NOT BETWEEN 1 AND 4`, 'QuadClass', col('QuadClass'), 'not 1, 2, 3 or 4')}
        ${check(`${v.gs} IS NULL OR NOT isfinite(${v.gs}) OR ${v.gs} NOT BETWEEN -10 AND 10`, 'GoldsteinScale', col('GoldsteinScale'), 'not a number from -10 to 10')}
        ${check(`${v.nm} IS NULL OR ${v.nm} < 0`, 'NumMentions', col('NumMentions'), 'not a count')}
        ${check(`${v.ns} IS NULL OR ${v.ns} < 0`, 'NumSources', col('NumSources'), 'not a count')}
        ${check(`${v.na} IS NULL OR ${v.na} < 0`, 'NumArticles', col('NumArticles'), 'not a count')}
        ${check(`${v.tone} IS NULL OR NOT isfinite(${v.tone})`, 'AvgTone', col('AvgTone'), 'not a number')}
        ${check(`${lat} IS NOT NULL AND (${v.lat} IS NULL OR ${v.lat} NOT BETWEEN -90 AND 90)`, 'ActionGeo_Lat', lat, 'not a latitude')}
        ${check(`${lon} IS NOT NULL AND (${v.lon} IS NULL OR ${v.lon} NOT BETWEEN -180 AND 180)`, 'ActionGeo_Long', lon, 'not a longitude')}
        ELSE NULL END AS fail
      FROM ${readGdelt(o.path, o.columns.length)} raw LEFT JOIN gdelt_faults f ON f.r = raw.r ${fipsJoin}`);
  // GDELT's volume per DATEADDED day: every row read with a readable DATEADDED, in scope or not, rejected
  // or not (the barometer's denominator). Keyed by the file's latest DATEADDED (a 2.0 export's slice, a
  // 1.0 file's day), not its bytes: the same slice imported again, zipped or not, replaces, never adds.
  await db.run(
    `INSERT OR REPLACE INTO gdelt_volume SELECT 'exports', (SELECT strftime(max(date_added), '%Y%m%d%H%M%S') FROM gdelt_stage),
      CAST(date_added AS DATE), count(*), ${importId} FROM gdelt_stage WHERE date_added IS NOT NULL GROUP BY ALL`,
  );
  await refreshGdeltVolumeDays(db, 'exports', `SELECT CAST(date_added AS DATE) AS day FROM gdelt_stage`);
  // Rejected rows with their text: the independent count's for a ragged record, else the fields joined
  // again from one more read (only for files with rejected rows; the join keeps the concatenation to them).
  const [{ bad }] = await db.all<{ bad: number }>(
    `SELECT count(*) AS bad FROM gdelt_stage WHERE fail IS NOT NULL`,
  );
  if (Number(bad))
    await db.run(`INSERT INTO stage_rejections
      SELECT s.r + 1, s.fail[1], s.fail[2], CASE WHEN s.fail[1] IS NULL THEN s.fail[3] ELSE s.fail[1] || ': ' || s.fail[3] END,
        coalesce(s.fault_raw, raw.text)
      FROM gdelt_stage s LEFT JOIN (SELECT r, ${raw} AS text FROM ${readGdelt(o.path, o.columns.length)}
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
  await db.run(`INSERT INTO gdelt_events
    SELECT ${v.id}, CAST(${v.d} AS DATE), ${v.da}, ${col('Actor1Code')}, ${col('Actor1Name')}, ${col('Actor1CountryCode')},
      ${col('Actor2Code')}, ${col('Actor2Name')}, ${col('Actor2CountryCode')}, ${col('IsRootEvent')} = '1',
      ${col('EventCode')}, ${col('EventBaseCode')}, ${col('EventRootCode')}, ${v.qc}, ${v.gs}, ${v.nm}, ${v.ns}, ${v.na},
      ${v.tone}, ${v.gt}, ${col('ActionGeo_FullName')}, ${fipsCol}, g.iso3, ${col('ActionGeo_ADM1Code')}, ${v.lat},
      ${v.lon}, ${col('SOURCEURL')}, ${lit(o.fileSha256)}, raw.r, ${importId}
    FROM ${readGdelt(o.path, o.columns.length)} raw ${fipsJoin} SEMI JOIN gdelt_write w ON w.r = raw.r`);
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
