/**
 * The SQL both ways of reading a GDELT file share (gdelt-sql.ts): DuckDB's reader over the file, the
 * mapped values, the checks with their reasons, the `--countries` scope and the mapped row of
 * `gdelt_events`, all as expressions over a raw row (fields c0..cN as text).
 */
import type { GdeltImportOptions } from '../../gdelt-import.ts';
import type { Db } from '../duckdb-connection.ts';
import { refreshGdeltVolumeDays } from '../duckdb-gdelt-rollups.ts';
import { LONG_LINES, lit } from './sql-fields.ts';

/** The longest record the one-read path reads (DuckDB's default max_line_size is 2 MB). */
export const ONE_READ_MAX_LINE = 1 << 20;

/**
 * DuckDB's reader over a GDELT file, every field text: parallel, rows not numbered. `exact`: every
 * record is known to have the layout's fields and to be under ONE_READ_MAX_LINE bytes, so the reader
 * runs with its defaults (a 16 MB max_line_size makes it 3-5x slower).
 */
export function readGdeltCsv(path: string, width: number, exact = false): string {
  const columns = `{${Array.from({ length: width }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ')}}`;
  // No header, tab only, no quote or escape (GDELT has none), every field text. strict_mode off and
  // null_padding on: a short or long record still gives exactly one row (padded or cut), so rows and
  // records correspond one to one; the independent count names such records.
  const base = `read_csv(${lit(path)}, header = false, delim = '\\t', quote = '', escape = '', new_line = '\\n',
    columns = ${columns}, auto_detect = false`;
  return exact ? `${base})` : `${base}, strict_mode = false, null_padding = true, ${LONG_LINES})`;
}

/**
 * The same reader with each row numbered in file order as `r` (0-based). An empty OVER runs as
 * DuckDB's streaming window: one thread over the scan in file order, so `r` is the record number, and
 * the whole read is held to one core (only the slow path, gdelt-sql.ts, numbers rows this way).
 */
export function readGdeltNumbered(path: string, width: number): string {
  return `(SELECT row_number() OVER () - 1 AS r, * FROM ${readGdeltCsv(path, width)})`;
}

/** A check as SQL: the [field, value, reason] of a failing field. */
const check = (bad: string, field: string, value: string, reason: string) =>
  `WHEN ${bad} THEN [${lit(field)}, ${value}, ${lit(reason)}]`;

/** The SQL of one file's layout and options (see the file comment). */
export function gdeltMapping(o: GdeltImportOptions) {
  const col = (name: string) => {
    const i = o.columns.indexOf(name);
    return i < 0 ? 'NULL' : `c${i}`;
  };
  const num = (c: string) => `try_cast(${c} AS DOUBLE)`;
  const int = (c: string) => `try_cast(${c} AS BIGINT)`;
  const added = col('DATEADDED');
  const lat = col('ActionGeo_Lat');
  const lon = col('ActionGeo_Long');
  const fipsCol = col('ActionGeo_CountryCode');
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
  // The FIPS table as a MAP literal, looked up per row instead of joined: no join, so a read keeps the
  // file's order (gdelt-one-read.ts relies on it), and half the CPU of the join.
  const fipsMap = `MAP {${Object.entries(o.fipsToIso3)
    .map(([f, i]) => `${lit(f)}: ${i === null ? 'NULL' : lit(i)}`)
    .join(', ')}}`;
  const iso3 = `${fipsMap}[${fipsCol}]`;
  // A blank actor or location is NULL, and NULL OR false is NULL: coalesce, so every row is in scope or out of it.
  const list = o.countries ? `[${o.countries.map(lit).join(', ')}]` : null;
  const inScope = list
    ? `coalesce(list_contains(${list}, ${col('Actor1CountryCode')}) OR list_contains(${list}, ${col('Actor2CountryCode')}) OR list_contains(${list}, ${iso3}), false)`
    : 'true';
  /** The first failing check of a row as [field, value, reason], NULL when it passes them all. */
  const fail = `CASE
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
        ELSE NULL END`;
  return {
    col,
    v,
    fipsCol,
    fail,
    inScope,
    /** The action location's FIPS code when the FIPS table does not know it, else NULL. */
    unknownFips: `CASE WHEN ${fipsCol} IS NOT NULL AND NOT map_contains(${fipsMap}, ${fipsCol}) THEN ${fipsCol} END`,
    /** Whether the FIPS table knows the code `expr` (an expression over stored rows, e.g. `action_fips`). */
    knownFips: (expr: string) => `map_contains(${fipsMap}, ${expr})`,
    /** A raw row's text again, its fields joined by tabs (for a rejected row). */
    rawText: o.columns.map((_, i) => `coalesce(c${i}, '')`).join(` || chr(9) || `),
    /** The `gdelt_events` row of a raw row, with `recordNo` as its record number. */
    eventRow: (recordNo: string, importId: number) =>
      `${v.id}, CAST(${v.d} AS DATE), ${v.da}, ${col('Actor1Code')}, ${col('Actor1Name')}, ${col('Actor1CountryCode')},
      ${col('Actor2Code')}, ${col('Actor2Name')}, ${col('Actor2CountryCode')}, ${col('IsRootEvent')} = '1',
      ${col('EventCode')}, ${col('EventBaseCode')}, ${col('EventRootCode')}, ${v.qc}, ${v.gs}, ${v.nm}, ${v.ns}, ${v.na},
      ${v.tone}, ${v.gt}, ${col('ActionGeo_FullName')}, ${fipsCol}, ${iso3}, ${col('ActionGeo_ADM1Code')}, ${v.lat},
      ${v.lon}, ${col('SOURCEURL')}, ${lit(o.fileSha256)}, ${recordNo}, ${importId}`,
  };
}

/** The SQL of one file (see gdeltMapping). */
export type GdeltMapping = ReturnType<typeof gdeltMapping>;

/**
 * GDELT's volume per DATEADDED day from `table` (a column `date_added` per row read): every row with a
 * readable DATEADDED, in scope or not, rejected or not (the barometer's denominator). Keyed by the
 * file's latest DATEADDED (a 2.0 export's slice, a 1.0 file's day), not its bytes: the same slice
 * imported again, zipped or not, replaces, never adds.
 */
export async function writeGdeltVolume(db: Db, importId: number, table: string): Promise<void> {
  await db.run(
    `INSERT OR REPLACE INTO gdelt_volume SELECT 'exports', (SELECT strftime(max(date_added), '%Y%m%d%H%M%S') FROM ${table}),
      CAST(date_added AS DATE), count(*), ${importId} FROM ${table} WHERE date_added IS NOT NULL GROUP BY ALL`,
  );
  await refreshGdeltVolumeDays(db, 'exports', `SELECT CAST(date_added AS DATE) AS day FROM ${table}`);
}

/** Action-location FIPS codes of this import's stored rows that are not in the FIPS table, with their rows. */
export async function unknownFipsOf(
  db: Db,
  importId: number,
  m: GdeltMapping,
): Promise<{ code: string; rows: number }[]> {
  const u = await db.all<{ code: string; rows: number }>(
    `SELECT action_fips AS code, count(*) AS rows FROM gdelt_events
      WHERE import_id = ${importId} AND action_fips IS NOT NULL AND action_country IS NULL
        AND NOT ${m.knownFips('action_fips')} GROUP BY 1 ORDER BY 2 DESC, 1`,
  );
  return u.map((x) => ({ code: x.code, rows: Number(x.rows) }));
}
