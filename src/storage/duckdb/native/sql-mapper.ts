import { isoCandidate, lit, text, trimmed } from './sql-fields.ts';

/** A source format's mapping written as SQL, run by the native import session (native-session.ts). */
export interface SqlMapper {
  /** Header names of the two columns the country lookup reads, the first tried first. */
  countryColumns: readonly [string, string];
  /**
   * The header name of the column holding each record's own id (its events' `source_id`), unique
   * across the records of a valid file; undefined when the format reads the id from no column.
   */
  idColumn?: string;
  /**
   * The two texts the country lookup reads, as SQL over the raw row `r`, when they are not the raw
   * values of `countryColumns` (a mapper that trims them, or reads a constant).
   */
  countryKeys?(header: readonly string[]): [string, string];
  /**
   * Lookup keys as cheap SQL over the raw rows `r`, equal to the mapped values of every valid row, so
   * the lookups can run before the full mapping.
   */
  rawKeys(header: readonly string[]): RawKeys;
  /**
   * The mapped query over `stage_raw`: one row per record with `record_no`, `hxl` (metadata row),
   * `fail` ([field, value, reason] of the first failing check, or NULL), `record_hash` (and
   * `legacy_record_hash` with `o.legacy`), `ds` (ISO start date) and whatever `select` reads.
   */
  query(header: readonly string[], o: RecordOptions): string;
  /** Every event column (except lookups, placement and file hash) as SQL over the mapped row `m`. */
  select(source: string): Record<string, string>;
  /** The actor names as SQL over `m`, in the order of `rawKeys().actors`. */
  actorsIn: readonly string[];
}

/**
 * Lookup keys over raw rows (see SqlMapper.rawKeys), in two steps so that each field is trimmed once
 * per row and each expression is written once: `texts` are computed over the raw row `r`, then the
 * keys over those texts by name, then `exact` over the keys `lat` and `lon` (and the texts), and the
 * place key is `place` when a row's point is not exact, else NULL. Without the optimizer (a small
 * file), an expression written twice is planned and evaluated twice.
 */
export interface RawKeys {
  /** The texts the keys read, each as SQL over the raw row `r`, by name (t_ or x_ names, no key's name). */
  texts: Record<string, string>;
  actors: string[];
  date: string;
  lat: string;
  lon: string;
  /** Over the texts and the keys `lat` and `lon` by name. */
  exact: string;
  admin1: string;
  admin2: string;
  /** The place text (only rows without an exact point read it). */
  place: string;
}

/** How a raw row `r` finds its country in `lk_country` (k1, k2: the two texts the lookup read). */
export function countryJoin(header: readonly string[], columns: readonly [string, string]): string {
  const c = (name: string) => (header.includes(name) ? `r.c${header.indexOf(name)}` : 'NULL');
  return `${c(columns[0])} IS NOT DISTINCT FROM lk.k1 AND ${c(columns[1])} IS NOT DISTINCT FROM lk.k2`;
}

/** The SQL column holding a header field (`c<i>`, with an optional table prefix), or null when absent. */
export const columnOf =
  (header: readonly string[], prefix = '') =>
  (name: string): string | null => {
    const i = header.indexOf(name);
    return i < 0 ? null : `${prefix}c${i}`;
  };

/** How a mapping treats the whole raw record (see wholeRecordSql). */
export interface RecordOptions {
  /** Whether the file may hold a NUL byte (false when Node's digest pass found none: the per-field NUL test is skipped). */
  nulBytes: boolean;
  /** Whether the legacy md5 record hash is needed too (`legacy_record_hash`: stored events of the source still carry md5 content hashes). */
  legacy: boolean;
  /** Whether fields are trimmed and checked as lists (a small file: sql-fields.ts `fieldTrims`); per column when absent. */
  listed?: boolean;
}

/** Every field of a record, as SQL over the raw columns (c0..cN). */
const fieldsOf = (header: readonly string[]) => header.map((_, i) => `c${i}`);

/**
 * The record hash: DuckDB's 64-bit `hash()` of a raw row's fields (column `h` of `stage_raw`, where the
 * numbering also uses it). Unlike the md5 of the fields joined, it builds no text of the whole record.
 */
export const recordHashSql = (header: readonly string[]): string => `hash(${fieldsOf(header).join(', ')})`;

/**
 * What every mapper computes over the whole raw record: its hash (`record_hash`, the `h` of
 * `stage_raw`), and, only for a record holding a NUL byte, which field and its printable value. A
 * file Node found free of NUL bytes skips that test; with `legacy`, the md5 of the fields joined
 * (`legacy_record_hash`) is computed too.
 */
export function wholeRecordSql(header: readonly string[], o: RecordOptions) {
  const all = fieldsOf(header);
  const nul = `CASE ${all.map((c, i) => `WHEN strpos(${c}, chr(0)) > 0 THEN ${i}`).join(' ')} ELSE NULL END`;
  const nulValue = `CASE ${all.map((c) => `WHEN strpos(${c}, chr(0)) > 0 THEN replace(${c}, chr(0), '\\0')`).join(' ')} ELSE NULL END`;
  const rec = `concat_ws(chr(31), ${all.map((c) => `coalesce(${c}, chr(30))`).join(', ')})`;
  return {
    all,
    /** The first CTE: the raw rows. */
    l0: `l0 AS (SELECT * FROM stage_raw)`,
    columns: [
      `h AS record_hash`,
      ...(o.legacy ? [`md5(${rec}) AS legacy_record_hash`] : []),
      // The per-column NUL search: each field scanned once, no joined copy of the record.
      o.nulBytes ? `${nul} AS nul_col` : `CAST(NULL AS INTEGER) AS nul_col`,
      o.nulBytes ? `${nulValue} AS nul_value` : `CAST(NULL AS VARCHAR) AS nul_value`,
    ],
  };
}

/** Lookup keys over raw rows for a mapper, from the names of the fields it reads them from. */
export function rawKeysOf(
  header: readonly string[],
  f: {
    actors: string[];
    date: string;
    lat: string;
    lon: string;
    precision: string;
    exactMax: number;
    admin1: string;
    admin2: string;
    place: string;
  },
): RawKeys {
  const col = columnOf(header, 'r.');
  const actors = f.actors.map((_, i) => `x_actor${i}`);
  return {
    texts: {
      ...Object.fromEntries(f.actors.map((a, i) => [actors[i]!, text(col(a))])),
      t_date: trimmed(col(f.date)),
      t_lat: trimmed(col(f.lat)),
      t_lon: trimmed(col(f.lon)),
      t_precision: trimmed(col(f.precision)),
      x_admin1: text(col(f.admin1)),
      x_admin2: text(col(f.admin2)),
      x_place: text(col(f.place)),
    },
    actors,
    date: isoCandidate('t_date'),
    lat: finiteDouble('t_lat'),
    lon: finiteDouble('t_lon'),
    exact: `coalesce(try_cast(t_precision AS INTEGER) <= ${f.exactMax} AND lat IS NOT NULL AND lon IS NOT NULL, false)`,
    admin1: 'x_admin1',
    admin2: 'x_admin2',
    place: 'x_place',
  };
}

/** A text as DOUBLE when it is a finite number, else NULL (1e400 casts to Infinity, which no valid row's value is). */
export const finiteDouble = (t: string): string =>
  `CASE WHEN isfinite(try_cast(${t} AS DOUBLE)) THEN try_cast(${t} AS DOUBLE) END`;

/**
 * A mapper's query as a chain of CTEs: `l0` (the raw rows), then each layer's columns selected from
 * the one before (the first from `firstFrom`, which reads `l0`), the last one selected as the result.
 */
export function layeredQuery(l0: string, firstFrom: string, layers: readonly (readonly string[])[]): string {
  const ctes = layers
    .slice(0, -1)
    .map((cols, i) => `l${i + 1} AS (SELECT ${cols.join(',\n')} FROM ${i === 0 ? firstFrom : `l${i}`})`);
  return `WITH ${l0},\n${ctes.join(',\n')}\nSELECT ${layers[layers.length - 1]!.join(',\n')} FROM l${layers.length - 1}`;
}

/** The WHEN ... THEN arms of a CASE mapping each key (written by `key`) to its text. */
export const whenThen = (map: Readonly<Record<string, string>>, key: (k: string) => string = lit): string =>
  Object.entries(map)
    .map(([k, v]) => `WHEN ${key(k)} THEN ${lit(v)}`)
    .join(' ');
