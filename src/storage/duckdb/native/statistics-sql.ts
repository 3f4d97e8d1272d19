/**
 * Published statistics mapped in SQL: the report table (`statistics`, ingest/statistics) and the
 * indicator series (`series`, ingest/series), with the same checks, order, reasons and values as
 * their JavaScript mappers (`mapStatistic`, `mapSeriesRow`). The rows go to `stage_stats`, as the
 * JavaScript path's do, and the commit upserts them (duplicates rejected there).
 *
 * Two steps need JavaScript and run once per distinct value: a country from its text (the lookups'
 * `country`), and the lower-casing of an id that is not ASCII (JavaScript's toLowerCase maps some
 * characters otherwise than DuckDB's lower: the dotted capital I, a final sigma).
 */
import type { SeriesMapperParams, StatisticsMapper } from '../../native-import.ts';
import {
  countError,
  countValue,
  dateError,
  decimalError,
  decimalValue,
  isoCandidate,
  JS_NON_SPACE_CLASS,
  lit,
  realDate,
} from './sql-fields.ts';
import { layeredQuery, wholeRecordSql, type RecordOptions } from './sql-mapper.ts';
import {
  column,
  keysOf,
  mapToTable,
  nulCheck,
  rawOf,
  textOf,
  trimOf,
  type StagedRows,
  type TableMapped,
} from './table-mapping.ts';

/** The columns of `stage_stats` a mapping fills (line comes from the record index). */
const STAT_COLUMNS = [
  'organisation',
  'report',
  'report_version',
  'published',
  'metric',
  'definition',
  'country',
  'admin1',
  'period_start',
  'period_end',
  'value',
  'qualifier',
  'unit',
  'geography',
  'geography_to',
  'country_to',
  'url',
  'quote',
] as const;

/** The texts whose country the lookup gives (`lk_iso`: k -> code), as SQL over the raw row `r`. */
export function countryKeys(m: StatisticsMapper, header: readonly string[]): string[] {
  if (m.name === 'statistics') return [rawOf(column(header, 'country'))];
  const f = seriesFields(m.params, header);
  return [textOf(f.geography!.col), textOf(f.geography_to!.col)];
}

/** Each series field's column: the first of its names the header holds, or none (then its canonical name). */
function seriesFields(p: SeriesMapperParams, header: readonly string[]) {
  return Object.fromEntries(
    Object.entries(p.fields).map(([f, names]) => {
      const name = names.find((n) => header.includes(n));
      return [f, { name: name ?? names[0]!, col: name ? column(header, name) : null }];
    }),
  );
}

/**
 * The mapped rows as SQL over `stage_raw r` joined to `lk_iso`: `record_no`, `hxl` (metadata row),
 * `fail` ([field, value, reason] of the first failing check, or NULL), `warned` (the row carries a
 * warning), `id_text` (the id before lower-casing) and every column of STAT_COLUMNS.
 */
export function statisticsQuery(m: StatisticsMapper, header: readonly string[], o: RecordOptions): string {
  return m.name === 'statistics'
    ? reportQuery(header, o, m.params.qualifiers)
    : seriesQuery(m.params, header, o);
}

/** The statistic id's parts joined, as statisticId joins them (before lower-casing). */
const idText = (parts: string[]) => `concat_ws('|', ${parts.map((x) => `coalesce(${x}, '')`).join(', ')})`;

/** The report table (`mapStatistic`). */
function reportQuery(header: readonly string[], o: RecordOptions, qualifiers: readonly string[]): string {
  const whole = wholeRecordSql(header, o);
  const c = (f: string) => column(header, f);
  const required = ['source_org', 'report', 'metric', 'definition', 'unit'];
  const l1 = [
    'record_no',
    'false AS hxl',
    `${nulCheck(header, o)} AS nul_fail`,
    `lk.code AS country_code`,
    ...[...required, 'report_version', 'published', 'admin1', 'value_qualifier'].map(
      (f) => `${textOf(c(f))} AS x_${f}`,
    ),
    ...[
      'source_org',
      'report',
      'metric',
      'definition',
      'unit',
      'country',
      'period_end',
      'value_qualifier',
    ].map((f) => `${rawOf(c(f))} AS raw_${f}`),
    ...['period_start', 'period_end', 'value'].map((f) => `${trimOf(c(f))} AS t_${f}`),
  ];
  // A date's candidate in a layer of its own: realDate reads it three times.
  const l2 = [
    '*',
    `${isoCandidate('t_period_start')} AS ps_c`,
    `${isoCandidate('t_period_end')} AS pe_c`,
    `${countError('t_value', true)} AS e_value`,
    `coalesce(x_value_qualifier, ${lit(qualifiers[0]!)}) AS q`,
  ];
  const dates = ['*', `${realDate('ps_c')} AS ps`, `${realDate('pe_c')} AS pe`];
  // Each expression once, as a column (a large query costs DuckDB more to plan than these rows to map).
  const l3 = [
    '*',
    `${dateError('t_period_start', 'ps')} AS e_ps`,
    `${dateError('t_period_end', 'pe')} AS e_pe`,
  ];
  const checks = [
    `WHEN nul_fail IS NOT NULL THEN nul_fail`,
    ...required.map((f) => `WHEN x_${f} IS NULL THEN [${lit(f)}, raw_${f}, 'is required']`),
    `WHEN country_code IS NULL THEN ['country', raw_country, 'unrecognised country']`,
    `WHEN e_ps IS NOT NULL THEN ['period_start', t_period_start, e_ps]`,
    `WHEN e_pe IS NOT NULL THEN ['period_end', t_period_end, e_pe]`,
    `WHEN pe < ps THEN ['period_end', raw_period_end, 'before period_start ' || ps]`,
    `WHEN e_value IS NOT NULL THEN ['value', t_value, e_value]`,
    `WHEN q NOT IN (${qualifiers.map(lit).join(', ')}) THEN ['value_qualifier', raw_value_qualifier, ${lit(`not one of ${qualifiers.join(', ')}`)}]`,
  ];
  const l4 = ['*', `CASE ${checks.join(' ')} ELSE NULL END AS fail`];
  const l5 = [
    'record_no',
    'hxl',
    'fail',
    'false AS warned',
    `x_source_org AS organisation`,
    `x_report AS report`,
    `coalesce(x_report_version, 'unspecified') AS report_version`,
    `coalesce(x_published, '') AS published`,
    `x_metric AS metric`,
    `x_definition AS definition`,
    `country_code AS country`,
    `x_admin1 AS admin1`,
    `ps AS period_start`,
    `pe AS period_end`,
    `CASE WHEN fail IS NULL THEN CAST(${countValue('t_value')} AS DOUBLE) END AS value`,
    `q AS qualifier`,
    `x_unit AS unit`,
    `CAST(NULL AS VARCHAR) AS geography`,
    `CAST(NULL AS VARCHAR) AS geography_to`,
    `CAST(NULL AS VARCHAR) AS country_to`,
    `CAST(NULL AS VARCHAR) AS url`,
    `CAST(NULL AS VARCHAR) AS quote`,
    `${idText(['x_source_org', 'x_report', "coalesce(x_report_version, 'unspecified')", 'x_metric', 'country_code', 'x_admin1', 'ps', 'pe', 'x_definition'])} AS id_text`,
  ];
  return layeredQuery(whole.l0, `l0 r LEFT JOIN lk_iso lk ON ${rawOf(c('country'))} = lk.k`, [
    l1,
    l2,
    dates,
    l3,
    l4,
    l5,
  ]);
}

/** Days in a month of the proleptic Gregorian calendar, as JavaScript's Date counts them (y, m: integers). */
const daysIn = (y: string, m: string) =>
  `CASE WHEN ${m} = 2 THEN CASE WHEN (${y} % 4 = 0 AND ${y} % 100 <> 0) OR ${y} % 400 = 0 THEN 29 ELSE 28 END
    WHEN ${m} IN (4, 6, 9, 11) THEN 30 ELSE 31 END`;

/**
 * A period bound (`periodBound`) from trimmed text `t`: YYYY, YYYY-MM or a full date; `end` gives the
 * last day; `iso` is the column holding `t` read as a full date (realDate). Returns [iso, reason]: the
 * bound, or why the text is none.
 */
function periodBound(t: string, iso: string, end: boolean): [string, string] {
  const y = `substr(${t}, 1, 4)`;
  const mm = `substr(${t}, 6, 2)`;
  const month = `regexp_full_match(${t}, '[0-9]{4}-[0-9]{2}')`;
  const monthOk = `CAST(${mm} AS INTEGER) BETWEEN 1 AND 12`;
  const bound = `CASE WHEN regexp_full_match(${t}, '[0-9]{4}') THEN ${y} || ${lit(end ? '-12-31' : '-01-01')}
    WHEN ${month} THEN CASE WHEN ${monthOk} THEN ${
      end
        ? `${y} || '-' || ${mm} || '-' || CAST(${daysIn(`CAST(${y} AS INTEGER)`, `CAST(${mm} AS INTEGER)`)} AS VARCHAR)`
        : `${y} || '-' || ${mm} || '-01'`
    } END
    ELSE ${iso} END`;
  const why = `CASE WHEN regexp_full_match(${t}, '[0-9]{4}') THEN NULL
    WHEN ${month} THEN CASE WHEN ${monthOk} THEN NULL ELSE 'not a valid month' END
    ELSE ${dateError(t, iso)} END`;
  return [bound, why];
}

/** The indicator series (`mapSeriesRow`). */
function seriesQuery(p: SeriesMapperParams, header: readonly string[], o: RecordOptions): string {
  const whole = wholeRecordSql(header, o);
  const f = seriesFields(p, header);
  const name = (k: string) => lit(f[k]!.name);
  // Each header key's trimmed text once (k0, k1, ...), read by the fields and the hashtag test.
  const keys = keysOf(header);
  const k = (key: string) => `k${keys.indexOf(key)}`;
  const hashtag = keys.length
    ? `(${keys.map((x) => `starts_with(${k(x)}, '#')`).join(' OR ')}) AND ${keys.map((x) => `(${k(x)} = '' OR starts_with(${k(x)}, '#'))`).join(' AND ')}`
    : 'false';
  const fieldCols = Object.keys(p.fields).map((x) => {
    const names = p.fields[x]!;
    const key = names.find((n) => keys.includes(n));
    return `${key ? k(key) : `''`} AS t_${x}`;
  });
  const [psBound, psWhy] = periodBound('t_period_start', 'iso_ps', false);
  const [peBound, peWhy] = periodBound('t_period_end', 'iso_pe', true);
  const l1 = [
    'record_no',
    `${nulCheck(header, o)} AS nul_fail`,
    `lk.code AS country_code`,
    `lk_to.code AS country_to_code`,
    ...keys.map((x) => `${trimOf(column(header, x))} AS ${k(x)}`),
  ];
  const l2 = ['*', `${hashtag} AS hxl`, ...fieldCols];
  // A date's candidate in a layer of its own: realDate reads it three times.
  const l3 = [
    '*',
    `${isoCandidate('t_period_start')} AS ps_c`,
    `${isoCandidate('t_period_end')} AS pe_c`,
    `${decimalError('t_value', -p.maxValue, p.maxValue)} AS e_value`,
    `CASE WHEN t_qualifier = '' THEN ${lit(p.qualifiers[0]!)} ELSE t_qualifier END AS q`,
  ];
  const dates = ['*', `${realDate('ps_c')} AS iso_ps`, `${realDate('pe_c')} AS iso_pe`];
  const l4 = [
    '*',
    `CASE WHEN t_period_start <> '' THEN ${psWhy} END AS e_ps`,
    `CASE WHEN t_period_start <> '' THEN ${psBound} END AS ps`,
    `${peWhy} AS e_pe`,
    `${peBound} AS pe`,
  ];
  const checks = [
    `WHEN hxl THEN NULL`,
    `WHEN nul_fail IS NOT NULL THEN nul_fail`,
    ...p.required.map((k) => `WHEN t_${k} = '' THEN [${name(k)}, '', 'is required']`),
    `WHEN e_ps IS NOT NULL THEN [${name('period_start')}, t_period_start, e_ps]`,
    `WHEN e_pe IS NOT NULL THEN [${name('period_end')}, t_period_end, e_pe]`,
    `WHEN ps IS NOT NULL AND pe < ps THEN [${name('period_end')}, t_period_end, 'before period_start ' || ps]`,
    `WHEN e_value IS NOT NULL THEN [${name('value')}, t_value, e_value]`,
    `WHEN q NOT IN (${p.qualifiers.map(lit).join(', ')}) THEN [${name('qualifier')}, t_qualifier, ${lit(`not one of ${p.qualifiers.join(', ')}`)}]`,
    `WHEN t_url <> '' AND NOT regexp_full_match(t_url, '(?i)https?://${JS_NON_SPACE_CLASS}+') THEN [${name('url')}, t_url, 'not an http(s) URL']`,
  ];
  const l5 = ['*', `CASE ${checks.join(' ')} ELSE NULL END AS fail`];
  const v = (x: string) => `nullif(t_${x}, '')`;
  const l6 = [
    'record_no',
    'hxl',
    'fail',
    `country_code IS NULL OR (${v('geography_to')} IS NOT NULL AND country_to_code IS NULL) AS warned`,
    `${v('organisation')} AS organisation`,
    `${v('report')} AS report`,
    `coalesce(${v('version')}, 'unspecified') AS report_version`,
    `coalesce(${v('publication_date')}, '') AS published`,
    `${v('indicator')} AS metric`,
    `coalesce(${v('definition')}, '') AS definition`,
    `country_code AS country`,
    `CAST(NULL AS VARCHAR) AS admin1`,
    `ps AS period_start`,
    `pe AS period_end`,
    `CASE WHEN fail IS NULL AND NOT hxl THEN ${decimalValue('t_value')} END AS value`,
    `q AS qualifier`,
    `${v('unit')} AS unit`,
    `${v('geography')} AS geography`,
    `${v('geography_to')} AS geography_to`,
    `country_to_code AS country_to`,
    `${v('url')} AS url`,
    `${v('quote')} AS quote`,
    `${idText([
      v('organisation'),
      v('report'),
      `coalesce(${v('version')}, 'unspecified')`,
      v('indicator'),
      'country_code',
      'NULL',
      'ps',
      'pe',
      `coalesce(${v('definition')}, '')`,
      v('geography'),
      v('geography_to'),
      v('unit'),
    ])} AS id_text`,
  ];
  const [geo, geoTo] = countryKeys({ name: 'series', params: p }, header);
  return layeredQuery(
    whole.l0,
    `l0 r LEFT JOIN lk_iso lk ON ${geo} = lk.k LEFT JOIN lk_iso lk_to ON ${geoTo} = lk_to.k`,
    [l1, l2, l3, dates, l4, l5, l6],
  );
}

/**
 * Maps the numbered rows of `stage_raw` into `stage_stats` (see table-mapping.ts), the countries
 * looked up once per distinct text first.
 */
export async function mapStatistics(
  s: StagedRows & { o: { mapper: StatisticsMapper } },
): Promise<TableMapped> {
  const { db, o } = s;
  const header = o.layout.header;
  const keys = countryKeys(o.mapper, header);
  const distinct = await db.all<{ k: string | null }>(
    keys.map((k) => `SELECT DISTINCT ${k} AS k FROM stage_raw r`).join(' UNION '),
  );
  await s.fill(
    'lk_iso',
    [
      ['k', 'VARCHAR'],
      ['code', 'VARCHAR'],
    ],
    distinct.filter((d) => d.k !== null).map((d) => [d.k, o.lookups.country(d.k, null)]),
  );
  const rec = { nulBytes: o.nulBytes ?? true, legacy: false };
  return mapToTable(s, {
    query: statisticsQuery(o.mapper, header, rec),
    target: 'stage_stats',
    columns: STAT_COLUMNS,
    lowerId: true,
  });
}
