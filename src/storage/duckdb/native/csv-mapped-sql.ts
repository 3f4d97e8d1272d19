import type { CsvMappedMapperParams } from '../../native-import.ts';
import {
  countChecks,
  countValue,
  dateBoundError,
  dateError,
  decimalError,
  decimalValue,
  fieldTrims,
  isoCandidate,
  jsSplitList,
  jsTrim,
  lit,
  realDate,
  trimmed,
} from './sql-fields.ts';
import {
  columnOf,
  finiteDouble,
  layeredQuery,
  whenThen,
  wholeRecordSql,
  type RawKeys,
  type SqlMapper,
} from './sql-mapper.ts';

/** The canonical fields the mapper reads a count from, in the order ingest checks them. */
const COUNTS = ['fatalities_best', 'fatalities_low', 'fatalities_high', 'deaths_civilians'] as const;

/**
 * The generic column-mapped CSV in SQL: the same checks, order, reasons and values as
 * `csvMappedFormat(mapping).map` (ingest/csv-mapped/csv-mapped-importer.ts). Each canonical field is
 * read from the column the mapping names, or from its constant, or is empty; a rejection names the
 * source column as the mapping spells it (the canonical field when the mapping names none).
 */
export function csvMappedSqlMapper(p: CsvMappedMapperParams): SqlMapper {
  /** The raw text of a canonical field as SQL over a row's columns (`prefix` c<i>): its column, its constant or ''. */
  const rawOf = (header: readonly string[], field: string, prefix = ''): string => {
    const column = p.columns[field];
    if (column === undefined) return lit(p.constants[field] ?? '');
    const c = columnOf(header, prefix)(column);
    return c ? `coalesce(${c}, '')` : `''`;
  };
  // A field of no column and no constant is '' (the trim of '' is ''): written as such, not as the trim's
  // expression. A column is trimmed by `trims` (the mapping's listed form for a small file: fieldTrims).
  type Trims = { trimmed(col: string | null): string };
  const trimmedOf = (header: readonly string[], field: string, prefix = '', trims: Trims = { trimmed }) => {
    const column = p.columns[field];
    if (column !== undefined) return trims.trimmed(columnOf(header, prefix)(column));
    return p.constants[field] ? jsTrim(rawOf(header, field, prefix)) : `''`;
  };
  const textOf = (header: readonly string[], field: string, prefix = '', trims?: Trims) =>
    `nullif(${trimmedOf(header, field, prefix, trims)}, '')`;
  /** How a rejection names a field (`reject(m.columns[field] ?? field, ...)`). */
  const named = (field: string) => lit(Object.hasOwn(p.fieldNames, field) ? p.fieldNames[field]! : field);
  /** The two texts the country lookup reads: the country's text (trimmed, NULL when empty) and none. */
  const countryKeys = (header: readonly string[], prefix = ''): [string, string] => [
    textOf(header, 'country', prefix),
    'CAST(NULL AS VARCHAR)',
  ];
  const join = (header: readonly string[], prefix: string) => {
    const [k1, k2] = countryKeys(header, prefix);
    return `${k1} IS NOT DISTINCT FROM lk.k1 AND ${k2} IS NOT DISTINCT FROM lk.k2`;
  };
  /** Whether a row's point is exact enough to place (lat, lon, geo precision: SQL values). */
  const exactOf = (lat: string, lon: string, precision: string) =>
    p.exactGeoPrecision === null
      ? `(${lat} IS NOT NULL AND ${lon} IS NOT NULL)`
      : `coalesce(${lat} IS NOT NULL AND ${lon} IS NOT NULL AND ${precision} <= ${p.exactGeoPrecision}, false)`;

  return {
    // The country has no column of its own (a column or a constant, trimmed): countryKeys gives the lookup's texts.
    countryColumns: ['', ''],
    countryKeys: (header) => countryKeys(header, 'r.'),
    idColumn: p.columns['source_id'],
    rawKeys(header): RawKeys {
      const trimmedRaw = (f: string) => trimmedOf(header, f, 'r.');
      const textRaw = (f: string) => textOf(header, f, 'r.');
      return {
        texts: {
          x_actor0: textRaw('actor1'),
          x_actor1: textRaw('actor2'),
          t_date: trimmedRaw('date_start'),
          t_lat: trimmedRaw('lat'),
          t_lon: trimmedRaw('lon'),
          t_precision: trimmedRaw('geo_precision'),
          x_admin1: textRaw('admin1'),
          x_admin2: textRaw('admin2'),
          x_place: textRaw('place'),
        },
        actors: ['x_actor0', 'x_actor1'],
        date: isoCandidate('t_date'),
        lat: finiteDouble('t_lat'),
        lon: finiteDouble('t_lon'),
        exact: exactOf('lat', 'lon', 'try_cast(t_precision AS INTEGER)'),
        admin1: 'x_admin1',
        admin2: 'x_admin2',
        place: 'x_place',
      };
    },
    query(header, o) {
      const whole = wholeRecordSql(header, o);
      // A NUL byte is reported under the column's key, as ingest's reject(m.columns[key] ?? key) names it.
      const nulNames = `[${header.map((h) => named(h)).join(', ')}]`;
      const t = (f: string) => `t_${f}`;
      const trims = fieldTrims(o.listed === true);
      const counts = countChecks(o.listed === true);
      const l1 = [
        'record_no',
        'false AS hxl',
        ...whole.columns,
        `lk.code AS country_code`,
        `${textOf(header, 'source_id', 'r.', trims)} AS x_source_id`,
        `${textOf(header, 'country', 'r.', trims)} AS x_country`,
        ...['date_start', 'date_end', 'lat', 'lon', 'geo_precision', ...COUNTS].map(
          (f) => `${trimmedOf(header, f, 'r.', trims)} AS ${t(f)}`,
        ),
        ...[
          'admin1',
          'admin2',
          'place',
          'type',
          'subtype',
          'actor1',
          'actor2',
          'headline',
          'notes',
          'source_articles',
        ].map((f) => `${textOf(header, f, 'r.', trims)} AS x_${f}`),
      ];
      // Each value is computed once, in the layer after the one it reads (see ucdpMappedQuery).
      const candidates = [
        '*',
        `${isoCandidate(t('date_start'))} AS ds_c`,
        `${isoCandidate(t('date_end'))} AS de_c`,
      ];
      const l2 = [
        '*',
        `${realDate('ds_c')} AS ds`,
        `${realDate('de_c')} AS de_iso`,
        `${decimalError(t('lat'), -90, 90)} AS e_lat`,
        `${decimalError(t('lon'), -180, 180)} AS e_lon`,
        ...['geo_precision', ...COUNTS].map((f) => `${counts.error(t(f), false)} AS e_${f}`),
      ];
      // Listed (a small file): the checks' list computed with the date candidates, over the texts.
      const checkList = counts.list();
      if (checkList) candidates.push(checkList);
      const l3 = [
        '*',
        `CASE WHEN ${t('date_end')} = '' THEN ds ELSE de_iso END AS de`,
        `${dateError(t('date_start'), 'ds')} AS e_date_start`,
        `${dateBoundError('de_iso')} AS e_date_end`,
      ];
      const checks = [
        ...(o.nulBytes
          ? [`WHEN nul_col IS NOT NULL THEN [${nulNames}[nul_col + 1], nul_value, 'contains a NUL byte']`]
          : []),
        `WHEN x_source_id IS NULL THEN [${named('source_id')}, '', 'is required']`,
        `WHEN e_date_start IS NOT NULL THEN [${named('date_start')}, ${t('date_start')}, e_date_start]`,
        `WHEN ${t('date_end')} <> '' AND de_iso IS NULL THEN [${named('date_end')}, ${t('date_end')}, 'not a valid date']`,
        `WHEN ${t('date_end')} <> '' AND e_date_end IS NOT NULL THEN [${named('date_end')}, ${t('date_end')}, e_date_end]`,
        `WHEN de < ds THEN [${named('date_end')}, de, 'before date_start ' || ds]`,
        `WHEN country_code IS NULL THEN [${named('country')}, coalesce(x_country, ''), 'unrecognised country']`,
        `WHEN e_lat IS NOT NULL THEN [${named('lat')}, ${t('lat')}, e_lat]`,
        `WHEN e_lon IS NOT NULL THEN [${named('lon')}, ${t('lon')}, e_lon]`,
        ...['geo_precision', ...COUNTS].map(
          (f) => `WHEN e_${f} IS NOT NULL THEN [${named(f)}, ${t(f)}, e_${f}]`,
        ),
      ];
      const ok = 'fail IS NULL';
      const l4 = ['*', `CASE ${checks.join(' ')} ELSE NULL END AS fail`];
      const l5 = [
        '*',
        `CASE WHEN ${ok} THEN ${decimalValue(t('lat'))} END AS v_lat`,
        `CASE WHEN ${ok} THEN ${decimalValue(t('lon'))} END AS v_lon`,
        ...['geo_precision', ...COUNTS].map((f) => `CASE WHEN ${ok} THEN ${countValue(t(f))} END AS v_${f}`),
        `coalesce(x_type, 'unspecified') AS source_type`,
      ];
      // Listed: the trims' list computed with the raw rows (its columns named as l1 reads them, `r.c<i>`).
      const trimList = trims.list();
      const l0 = trimList ? `l0 AS (SELECT *, ${trimList} FROM stage_raw r)` : whole.l0;
      return layeredQuery(l0, `l0 r LEFT JOIN lk_country lk ON ${join(header, 'r.')}`, [
        l1,
        candidates,
        l2,
        l3,
        l4,
        l5,
      ]);
    },
    select(source) {
      const common = whenThen(p.typeMap);
      const sourceId = `${lit(p.dataset + ':')} || m.x_source_id`;
      return {
        id: `${lit(source + ':')} || ${sourceId}`,
        source: lit(source),
        source_version: `'pending'`, // set at commit, when the version is known
        source_id: sourceId,
        date_start: 'm.ds',
        date_end: 'm.de',
        date_precision: `CASE WHEN m.ds = m.de THEN 'day' ELSE 'range' END`,
        country: 'm.country_code',
        admin1_label: 'm.x_admin1',
        admin2_label: 'm.x_admin2',
        place: 'm.x_place',
        lat: 'm.v_lat',
        lon: 'm.v_lon',
        geo_precision: 'm.v_geo_precision',
        geo_exact: exactOf('m.v_lat', 'm.v_lon', 'm.v_geo_precision'),
        source_type: 'm.source_type',
        source_subtype: 'm.x_subtype',
        common_type: common ? `CASE m.source_type ${common} ELSE 'other' END` : `'other'`,
        actor1: 'm.x_actor1',
        actor2: 'm.x_actor2',
        fatalities_best: 'm.v_fatalities_best',
        fatalities_low: 'm.v_fatalities_low',
        fatalities_high: 'm.v_fatalities_high',
        deaths_side_a: 'NULL',
        deaths_side_b: 'NULL',
        deaths_civilians: 'm.v_deaths_civilians',
        deaths_unknown: 'NULL',
        headline: 'm.x_headline',
        notes: 'm.x_notes',
        source_articles: jsSplitList("coalesce(m.x_source_articles, '')"),
        // As mappedQualityFlags (ingest/csv-mapped/csv-mapped-importer.ts) flags them.
        quality_flags: `list_filter([
          CASE WHEN m.v_fatalities_best IS NOT NULL AND m.v_fatalities_high < m.v_fatalities_best THEN 'high < best' END,
          CASE WHEN m.v_fatalities_best IS NOT NULL AND m.v_fatalities_low > m.v_fatalities_best THEN 'low > best' END,
          CASE WHEN m.v_fatalities_best IS NOT NULL AND m.v_deaths_civilians > m.v_fatalities_best THEN 'civilians > best' END
        ], x -> x IS NOT NULL)`,
        record_no: 'm.record_no',
      };
    },
    actorsIn: ['m.x_actor1', 'm.x_actor2'],
  };
}
