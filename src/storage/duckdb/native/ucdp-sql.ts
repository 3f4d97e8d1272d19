import type { UcdpMapperParams } from '../../native-import.ts';
import {
  columnOf,
  countryJoin,
  layeredQuery,
  rawKeysOf,
  whenThen,
  wholeRecordSql,
  type RawKeys,
  type RecordOptions,
  type SqlMapper,
} from './sql-mapper.ts';
import {
  countChecks,
  countValue,
  dateError,
  decimalError,
  decimalValue,
  fieldTrims,
  isoCandidate,
  jsTrim,
  JS_SPACE_CLASS,
  lit,
  raw,
  realDate,
} from './sql-fields.ts';

/** The columns the country lookup reads, the first tried first (ingest: toIso3(iso3) ?? toIso3(country)). */
const COUNTRY_COLUMNS = ['iso3', 'country'] as const;

const COUNTS = ['best', 'low', 'high', 'deaths_a', 'deaths_b', 'deaths_civilians', 'deaths_unknown'] as const;

/**
 * The query that maps staged UCDP GED-shaped rows (`stage_raw`: c0..cN as text, record_no) into typed
 * values and the first failing check of each row (`fail`: field, value, reason), in the order
 * ingest/ucdp-ged/ucdp-record.ts checks them, so that both paths give the same verdict and reason.
 * Countries come from `lk_country`.
 */
export function ucdpMappedQuery(header: readonly string[], p: UcdpMapperParams, o: RecordOptions): string {
  const col = columnOf(header);
  const whole = wholeRecordSql(header, o);
  const all = whole.all;
  // A CASE, not an AND: only rows without an id (a handful) pay for the test over every column. Each
  // field is 0 (empty), 1 (a hashtag) or 2 (other text): the row is metadata when the most is 1. One
  // lambda over the fields' list, not two expressions per field (planned node by node for a small file).
  const hxl = `CASE WHEN ${raw(col('id'))} = '' THEN list_max(list_transform([${all.join(', ')}],
    x -> CASE WHEN coalesce(x, '') = '' THEN 0 WHEN starts_with(x, '#') THEN 1 ELSE 2 END)) = 1 ELSE false END`;
  const t = (name: string) => `t_${name}`;
  const { trimmed, text, list: trims } = fieldTrims(o.listed === true);
  const counts = countChecks(o.listed === true);
  const l1 = [
    'record_no',
    `${hxl} AS hxl`,
    ...whole.columns,
    `${raw(col('id'))} AS raw_id`,
    `${raw(col('type_of_violence'))} AS raw_type`,
    `${raw(col('date_end'))} AS raw_date_end`,
    `${raw(col('country'))} AS raw_country`,
    ...[
      'id',
      'type_of_violence',
      'date_start',
      'date_end',
      ...COUNTS,
      'latitude',
      'longitude',
      'where_prec',
      'date_prec',
    ].map((f) => `${trimmed(col(f))} AS ${t(f)}`),
    `lk.code AS country_code`,
    `${text(col('adm_1'))} AS admin1_label`,
    `${text(col('adm_2'))} AS admin2_label`,
    `${text(col('where_coordinates'))} AS place`,
    `${text(col('code_status'))} AS code_status`,
    `${text(col('side_a'))} AS side_a`,
    `${text(col('side_b'))} AS side_b`,
    `${text(col('source_headline'))} AS headline`,
    `${text(col('where_description'))} AS notes`,
    `${text(col('source_article'))} AS source_article`,
  ];
  // Each value is computed once, in the layer after the one it reads: each layer's expressions read
  // names (a small file's statements are planned without the optimizer, an expression as often as written).
  const l2 = [
    '*',
    `${isoCandidate(t('date_start'))} AS ds_c`,
    `${isoCandidate(t('date_end'))} AS de_c`,
    ...COUNTS.map((f) => `${counts.error(t(f), f === 'best')} AS e_${f}`),
    `${decimalError(t('latitude'), -90, 90)} AS e_latitude`,
    `${decimalError(t('longitude'), -180, 180)} AS e_longitude`,
    `${counts.error(t('where_prec'), false)} AS e_where_prec`,
    `${counts.error(t('date_prec'), false)} AS e_date_prec`,
  ];
  const dates = ['*', `${realDate('ds_c')} AS ds`, `${realDate('de_c')} AS de`];
  const dateErrors = [
    '*',
    `${dateError(t('date_start'), 'ds')} AS e_date_start`,
    `${dateError(t('date_end'), 'de')} AS e_date_end`,
  ];
  const types = Object.keys(p.violenceTypes).map(lit).join(', ');
  const headerList = `[${header.map(lit).join(', ')}]`;
  // The first failing check, as [field, value, reason].
  const checks: string[] = [
    ...(o.nulBytes
      ? [`WHEN nul_col IS NOT NULL THEN [${headerList}[nul_col + 1], nul_value, 'contains a NUL byte']`]
      : []),
    `WHEN NOT regexp_full_match(${t('id')}, '[0-9]+') THEN ['id', raw_id, CASE WHEN ${t('id')} = '' THEN 'is required' ELSE 'not an integer id' END]`,
    `WHEN ${t('type_of_violence')} NOT IN (${types}) THEN ['type_of_violence', raw_type, 'not 1, 2 or 3']`,
    `WHEN e_date_start IS NOT NULL THEN ['date_start', ${t('date_start')}, e_date_start]`,
    `WHEN e_date_end IS NOT NULL THEN ['date_end', ${t('date_end')}, e_date_end]`,
    `WHEN de < ds THEN ['date_end', raw_date_end, 'before date_start ' || ds]`,
    `WHEN country_code IS NULL THEN ['country', raw_country, 'unrecognised country name']`,
    ...COUNTS.map((f) => `WHEN e_${f} IS NOT NULL THEN ['${f}', ${t(f)}, e_${f}]`),
    ...['latitude', 'longitude', 'where_prec', 'date_prec'].map(
      (f) => `WHEN e_${f} IS NOT NULL THEN ['${f}', ${t(f)}, e_${f}]`,
    ),
  ];
  const prec = whenThen(p.datePrecision, (k) => `v_date_prec = ${Number(k)}`);
  const violence = whenThen(p.violenceTypes);
  const ok = 'fail IS NULL AND NOT hxl';
  const values = COUNTS.map((f) => `CASE WHEN ${ok} THEN ${countValue(t(f))} END AS v_${f}`);
  const l3 = [
    'record_no',
    'hxl',
    'record_hash',
    ...(o.legacy ? ['legacy_record_hash'] : []),
    `CASE WHEN hxl THEN NULL ${checks.join(' ')} ELSE NULL END AS fail`,
    'ds',
    'de',
    'country_code',
    'admin1_label',
    'admin2_label',
    'place',
    'code_status',
    'side_a',
    'side_b',
    'headline',
    'notes',
    'source_article',
    t('id'),
    t('type_of_violence'),
    t('date_prec'),
    t('where_prec'),
    t('latitude'),
    t('longitude'),
    ...COUNTS.map(t),
  ];
  const l4 = [
    '*',
    ...values,
    `CASE WHEN ${ok} THEN ${decimalValue(t('latitude'))} END AS v_lat`,
    `CASE WHEN ${ok} THEN ${decimalValue(t('longitude'))} END AS v_lon`,
    `CASE WHEN ${ok} THEN ${countValue(t('where_prec'))} END AS v_where_prec`,
    `CASE WHEN ${ok} THEN CASE ${t('type_of_violence')} ${violence} END END AS violence`,
    `CASE WHEN ${ok} THEN ${countValue(t('date_prec'))} END AS v_date_prec`,
  ];
  const l5 = [
    '*',
    `CASE WHEN ${ok} THEN CASE WHEN ds = de THEN 'day' ${prec} ELSE 'range' END END AS date_precision`,
  ];
  // Listed (a small file): the trims' list computed with the raw rows, the checks' over the texts.
  const trimList = trims();
  const checkList = counts.list();
  const l0 = trimList ? `l0 AS (SELECT *, ${trimList} FROM stage_raw)` : whole.l0;
  return layeredQuery(l0, `l0 r LEFT JOIN lk_country lk ON ${countryJoin(header, COUNTRY_COLUMNS)}`, [
    l1,
    ...(checkList ? [['*', checkList]] : []),
    l2,
    dates,
    dateErrors,
    l3,
    l4,
    l5,
  ]);
}

/**
 * Cheap expressions over `stage_raw r` (joined to `lk_country lk`) that equal the mapped values of
 * every valid row, so lookups can be gathered before the full mapping runs: sides, the candidate
 * start date, and the placement keys.
 */
export function ucdpLookupKeys(header: readonly string[], p: UcdpMapperParams): RawKeys {
  return rawKeysOf(header, {
    actors: ['side_a', 'side_b'],
    date: 'date_start',
    lat: 'latitude',
    lon: 'longitude',
    precision: 'where_prec',
    exactMax: p.exactWherePrec,
    admin1: 'adm_1',
    admin2: 'adm_2',
    place: 'where_coordinates',
  });
}

/** The UCDP mapper as the native session runs it. */
export function ucdpSqlMapper(p: UcdpMapperParams): SqlMapper {
  return {
    countryColumns: COUNTRY_COLUMNS,
    idColumn: 'id',
    rawKeys: (header) => ucdpLookupKeys(header, p),
    query: (header, o) => ucdpMappedQuery(header, p, o),
    select: (source) => ucdpEventSelect(p, source),
    actorsIn: ['m.side_a', 'm.side_b'],
  };
}

/** The staged event columns of accepted UCDP rows, as SQL over the mapped row `m`. */
export function ucdpEventSelect(p: UcdpMapperParams, source: string): Record<string, string> {
  const qualityFlags = `list_filter([
      CASE WHEN v_high IS NOT NULL AND v_high < v_best THEN 'high < best' END,
      CASE WHEN v_low IS NOT NULL AND v_low > v_best THEN 'low > best' END,
      CASE WHEN v_deaths_a IS NOT NULL AND v_deaths_b IS NOT NULL AND v_deaths_civilians IS NOT NULL AND v_deaths_unknown IS NOT NULL
        AND CAST(v_deaths_a AS BIGINT) + v_deaths_b + v_deaths_civilians + v_deaths_unknown <> v_best THEN 'deaths by side do not sum to best' END
    ], x -> x IS NOT NULL)`;
  return {
    id: `${lit(source + ':')} || m.t_id`,
    source: lit(source),
    source_version: `'pending'`, // set at commit, when the version is known
    source_id: 'm.t_id',
    date_start: 'm.ds',
    date_end: 'm.de',
    date_precision: 'm.date_precision',
    country: 'm.country_code',
    admin1_label: 'm.admin1_label',
    admin2_label: 'm.admin2_label',
    place: 'm.place',
    lat: 'm.v_lat',
    lon: 'm.v_lon',
    geo_precision: 'm.v_where_prec',
    geo_exact: `coalesce(m.v_where_prec <= ${p.exactWherePrec} AND m.v_lat IS NOT NULL AND m.v_lon IS NOT NULL, false)`,
    source_type: 'm.violence',
    source_subtype: `CASE WHEN m.code_status = 'Clear' THEN NULL ELSE m.code_status END`,
    common_type: `CASE WHEN m.violence = 'one-sided' THEN 'violence-against-civilians' ELSE 'battle' END`,
    actor1: 'm.side_a',
    actor2: 'm.side_b',
    fatalities_best: 'm.v_best',
    fatalities_low: 'm.v_low',
    fatalities_high: 'm.v_high',
    deaths_side_a: 'm.v_deaths_a',
    deaths_side_b: 'm.v_deaths_b',
    deaths_civilians: 'm.v_deaths_civilians',
    deaths_unknown: 'm.v_deaths_unknown',
    headline: 'm.headline',
    notes: 'm.notes',
    // As splitGedArticles: a quoted list splits at each ';' between quotes (kept), free text is one
    // article. RE2 has no look-around, so the ';' are marked, twice: a match takes both its quotes, so
    // one pass skips a ';' that shares a quote with the one before it ('"a";";"b"').
    source_articles: `list_filter(list_transform(CASE WHEN starts_with(coalesce(m.source_article, ''), '"') THEN string_split(${markArticles(markArticles('m.source_article'))}, chr(1)) ELSE [coalesce(m.source_article, '')] END, x -> ${jsTrim('x')}), x -> x <> '')`,
    quality_flags: qualityFlags,
    record_no: 'm.record_no',
  };
}

/** `e` with every ';' that a GED article list puts between a closing and an opening quote (JavaScript's whitespace around it) replaced by chr(1). */
const markArticles = (e: string): string =>
  `regexp_replace(${e}, '"${JS_SPACE_CLASS}*;${JS_SPACE_CLASS}*"', '"' || chr(1) || '"', 'g')`;
