import type { GdeltImportOptions, GdeltImportResult } from '../../gdelt-import.ts';
import type { Db } from '../duckdb-connection.ts';
import { lit } from './sql-fields.ts';

/** The columns of `gdelt_events` (migration 11), in order. */
export const GDELT_EVENT_COLUMNS = `global_event_id BIGINT, event_date DATE, date_added TIMESTAMP,
  actor1_code VARCHAR, actor1_name VARCHAR, actor1_country VARCHAR, actor2_code VARCHAR, actor2_name VARCHAR, actor2_country VARCHAR,
  is_root_event BOOLEAN, event_code VARCHAR, event_base_code VARCHAR, event_root_code VARCHAR, quad_class TINYINT,
  goldstein DOUBLE, num_mentions INTEGER, num_sources INTEGER, num_articles INTEGER, avg_tone DOUBLE,
  action_geo_type TINYINT, action_place VARCHAR, action_fips VARCHAR, action_country VARCHAR, action_adm1 VARCHAR,
  action_lat DOUBLE, action_lon DOUBLE, source_url VARCHAR, file_sha256 VARCHAR, record_no INTEGER, import_id INTEGER`;

const NAMES = `global_event_id, event_date, date_added, actor1_code, actor1_name, actor1_country, actor2_code, actor2_name,
  actor2_country, is_root_event, event_code, event_base_code, event_root_code, quad_class, goldstein, num_mentions,
  num_sources, num_articles, avg_tone, action_geo_type, action_place, action_fips, action_country, action_adm1,
  action_lat, action_lon, source_url, file_sha256, record_no, import_id`;

/** DuckDB's reader over a GDELT file: no header, tab only, no quote or escape (GDELT has none), every field text. */
function readGdelt(path: string, width: number): string {
  const columns = `{${Array.from({ length: width }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ')}}`;
  // strict_mode off and null_padding on: a short or long record still gives exactly one row (padded or
  // cut), so rows and records correspond one to one; the independent count names such records.
  return `read_csv(${lit(path)}, header = false, delim = '\\t', quote = '', escape = '', new_line = '\\n',
    columns = ${columns}, auto_detect = false, strict_mode = false, null_padding = true, max_line_size = 16777216)`;
}

/** A check as SQL: the [field, value, reason] of a failing field, or NULL. */
const check = (bad: string, field: string, value: string, reason: string) =>
  `WHEN ${bad} THEN [${lit(field)}, ${value}, ${lit(reason)}]`;

/**
 * Reads a GDELT file into `gdelt_events` inside the caller's transaction: one pass of DuckDB's reader
 * maps and checks every row into a narrow staging table (the first failing check of a rejected row:
 * field, value, reason), rejected rows go to `stage_rejections` with their text, rows outside the
 * countries are counted, and re-sent events are resolved by GLOBALEVENTID (the latest DATEADDED wins,
 * in the file and against the store).
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
  const fips = Object.entries(o.fipsToIso3);
  await db.run(
    `CREATE OR REPLACE TEMP TABLE gdelt_fips AS SELECT * FROM (VALUES ${fips
      .map(([f, i]) => `(${lit(f)}, ${i === null ? 'NULL' : lit(i)})`)
      .join(', ')}) t(fips, iso3)`,
  );
  await db.run(`CREATE OR REPLACE TEMP TABLE gdelt_faults (r INTEGER, reason VARCHAR, raw VARCHAR)`);
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
  const dateAdded = `CASE WHEN length(${added}) = 14 THEN try_strptime(${added}, '%Y%m%d%H%M%S') WHEN length(${added}) = 8 THEN try_strptime(${added}, '%Y%m%d') END`;
  const lat = col('ActionGeo_Lat');
  const lon = col('ActionGeo_Long');
  // A blank actor or location is NULL, and NULL OR false is NULL: coalesce, so every row is in scope or out of it.
  const countries = o.countries ? `[${o.countries.map(lit).join(', ')}]` : null;
  const raw = o.columns.map((_, i) => `coalesce(c${i}, '')`).join(` || chr(9) || `);
  await db.run(`CREATE OR REPLACE TEMP TABLE gdelt_stage AS
    WITH raw AS (SELECT row_number() OVER () - 1 AS r, * FROM ${readGdelt(o.path, o.columns.length)}),
    m AS (SELECT raw.*, f.reason AS fault, f.raw AS fault_raw,
      ${int(col('GLOBALEVENTID'))} AS id, try_strptime(${col('SQLDATE')}, '%Y%m%d') AS d, ${dateAdded} AS da,
      ${num(col('GoldsteinScale'))} AS gs, ${num(col('AvgTone'))} AS tone, ${int(col('QuadClass'))} AS qc,
      ${int(col('NumMentions'))} AS nm, ${int(col('NumSources'))} AS ns, ${int(col('NumArticles'))} AS na,
      ${num(lat)} AS lat, ${num(lon)} AS lon, ${int(col('ActionGeo_Type'))} AS gt, g.fips AS known_fips, g.iso3 AS iso3
      FROM raw LEFT JOIN gdelt_faults f ON f.r = raw.r LEFT JOIN gdelt_fips g ON g.fips = raw.${col('ActionGeo_CountryCode')})
    SELECT r, id, CAST(d AS DATE) AS event_date, da AS date_added,
      ${col('Actor1Code')} AS actor1_code, ${col('Actor1Name')} AS actor1_name, ${col('Actor1CountryCode')} AS actor1_country,
      ${col('Actor2Code')} AS actor2_code, ${col('Actor2Name')} AS actor2_name, ${col('Actor2CountryCode')} AS actor2_country,
      ${col('IsRootEvent')} = '1' AS is_root_event, ${col('EventCode')} AS event_code, ${col('EventBaseCode')} AS event_base_code,
      ${col('EventRootCode')} AS event_root_code, qc AS quad_class, gs AS goldstein, nm AS num_mentions, ns AS num_sources,
      na AS num_articles, tone AS avg_tone, gt AS action_geo_type, ${col('ActionGeo_FullName')} AS action_place,
      ${col('ActionGeo_CountryCode')} AS action_fips, iso3 AS action_country, ${col('ActionGeo_ADM1Code')} AS action_adm1,
      lat AS action_lat, lon AS action_lon, ${col('SOURCEURL')} AS source_url,
      ${col('ActionGeo_CountryCode')} IS NOT NULL AND known_fips IS NULL AS unknown_fips,
      CASE WHEN fault IS NOT NULL THEN [NULL, NULL, fault]
        ${check('id IS NULL OR id <= 0', 'GLOBALEVENTID', col('GLOBALEVENTID'), 'not a positive integer')}
        ${check('d IS NULL', 'SQLDATE', col('SQLDATE'), 'not a date (YYYYMMDD)')}
        ${check('da IS NULL', 'DATEADDED', added, 'not a date and time (YYYYMMDDHHMMSS, or YYYYMMDD in GDELT 1.0)')}
        ${check(`${col('EventCode')} IS NULL OR NOT regexp_full_match(${col('EventCode')}, '[0-9]{2,4}')`, 'EventCode', col('EventCode'), 'not a CAMEO event code (2 to 4 digits)')}
        ${check(`${col('IsRootEvent')} IS NULL OR ${col('IsRootEvent')} NOT IN ('0', '1')`, 'IsRootEvent', col('IsRootEvent'), 'not 0 or 1')}
        ${check('qc IS NULL OR qc NOT BETWEEN 1 AND 4', 'QuadClass', col('QuadClass'), 'not 1, 2, 3 or 4')}
        ${check('gs IS NULL OR NOT isfinite(gs) OR gs NOT BETWEEN -10 AND 10', 'GoldsteinScale', col('GoldsteinScale'), 'not a number from -10 to 10')}
        ${check('nm IS NULL OR nm < 0', 'NumMentions', col('NumMentions'), 'not a count')}
        ${check('ns IS NULL OR ns < 0', 'NumSources', col('NumSources'), 'not a count')}
        ${check('na IS NULL OR na < 0', 'NumArticles', col('NumArticles'), 'not a count')}
        ${check('tone IS NULL OR NOT isfinite(tone)', 'AvgTone', col('AvgTone'), 'not a number')}
        ${check(`${lat} IS NOT NULL AND (lat IS NULL OR lat NOT BETWEEN -90 AND 90)`, 'ActionGeo_Lat', lat, 'not a latitude')}
        ${check(`${lon} IS NOT NULL AND (lon IS NULL OR lon NOT BETWEEN -180 AND 180)`, 'ActionGeo_Long', lon, 'not a longitude')}
        ELSE NULL END AS fail,
      ${countries ? `coalesce(list_contains(${countries}, ${col('Actor1CountryCode')}) OR list_contains(${countries}, ${col('Actor2CountryCode')}) OR list_contains(${countries}, iso3), false)` : 'true'} AS in_scope,
      CASE WHEN fault IS NOT NULL THEN fault_raw ELSE ${raw} END AS raw_text
    FROM m`);
  await db.run(`INSERT INTO stage_rejections
    SELECT r + 1, fail[1], fail[2], CASE WHEN fail[1] IS NULL THEN fail[3] ELSE fail[1] || ': ' || fail[3] END, raw_text
    FROM gdelt_stage WHERE fail IS NOT NULL`);
  // Re-sent events: per GLOBALEVENTID the latest DATEADDED wins (the later record on a tie), in the file and against the store.
  await db.run(`CREATE OR REPLACE TEMP TABLE gdelt_keep AS
    SELECT s.*, s.rn > 1 OR coalesce(g.date_added > s.date_added, false) AS is_stale,
      s.rn = 1 AND g.date_added = s.date_added AS is_same, s.rn = 1 AND g.date_added < s.date_added AS is_newer,
      s.rn = 1 AND g.global_event_id IS NULL AS is_new
    FROM (SELECT *, row_number() OVER (PARTITION BY id ORDER BY date_added DESC, r DESC) AS rn
          FROM gdelt_stage WHERE fail IS NULL AND in_scope) s
    LEFT JOIN (SELECT global_event_id, max(date_added) AS date_added FROM gdelt_events GROUP BY ALL) g ON g.global_event_id = s.id`);
  await db.run(
    `DELETE FROM gdelt_events WHERE global_event_id IN (SELECT id FROM gdelt_keep WHERE is_newer AND NOT is_stale)`,
  );
  await db.run(`INSERT INTO gdelt_events (${NAMES})
    SELECT id, event_date, date_added, actor1_code, actor1_name, actor1_country, actor2_code, actor2_name, actor2_country,
      is_root_event, event_code, event_base_code, event_root_code, quad_class, goldstein, num_mentions, num_sources,
      num_articles, avg_tone, action_geo_type, action_place, action_fips, action_country, action_adm1, action_lat,
      action_lon, source_url, ${lit(o.fileSha256)}, r, ${importId}
    FROM gdelt_keep WHERE (is_new OR is_newer) AND NOT is_stale ORDER BY r`);
  const [c] = await db.all<Record<string, number | string | null>>(`SELECT
      (SELECT count(*) FROM gdelt_stage) AS parsed,
      (SELECT count(*) FROM gdelt_stage WHERE fail IS NOT NULL) AS rejected,
      (SELECT count(*) FROM gdelt_stage WHERE fail IS NULL AND NOT in_scope) AS out_of_scope,
      count(*) AS accepted,
      count(*) FILTER (WHERE is_new AND NOT is_stale) AS added,
      count(*) FILTER (WHERE is_newer AND NOT is_stale) AS changed,
      count(*) FILTER (WHERE is_same AND NOT is_stale) AS unchanged,
      count(*) FILTER (WHERE is_stale) AS stale,
      strftime(max(date_added), '%Y%m%d%H%M%S') AS last_added
    FROM gdelt_keep`);
  const unknown = await db.all<{ code: string; rows: number }>(
    `SELECT action_fips AS code, count(*) AS rows FROM gdelt_stage WHERE unknown_fips AND fail IS NULL GROUP BY 1 ORDER BY 2 DESC, 1`,
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
