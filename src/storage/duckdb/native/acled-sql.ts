import type { AcledMapperParams } from '../../native-import.ts';
import {
  countError,
  countValue,
  dateBoundError,
  decimalError,
  decimalValue,
  fieldTrims,
  isoCandidate,
  jsSplitList,
  lit,
  raw,
  realDate,
} from './sql-fields.ts';
import {
  columnOf,
  countryJoin,
  layeredQuery,
  rawKeysOf,
  whenThen,
  wholeRecordSql,
  type SqlMapper,
} from './sql-mapper.ts';

/** The columns the country lookup reads, the first tried first (ingest: toIso3(country) ?? toIso3(iso)). */
const COUNTRY_COLUMNS = ['country', 'iso'] as const;

/**
 * The ACLED export mapper in SQL: the same checks, order, reasons and values as
 * ingest/acled/acled-record.ts (one fatality figure as the best estimate; low, high and victim
 * classes unknown; actors resolved from actor1, actor2 and both associated actors).
 */
export function acledSqlMapper(p: AcledMapperParams): SqlMapper {
  return {
    countryColumns: COUNTRY_COLUMNS,
    idColumn: 'event_id_cnty',
    rawKeys: (header) =>
      rawKeysOf(header, {
        actors: ['actor1', 'actor2', 'assoc_actor_1', 'assoc_actor_2'],
        date: 'event_date',
        lat: 'latitude',
        lon: 'longitude',
        precision: 'geo_precision',
        exactMax: p.exactGeoPrecision,
        admin1: 'admin1',
        admin2: 'admin2',
        place: 'location',
      }),
    query(header, o) {
      const col = columnOf(header);
      const whole = wholeRecordSql(header, o);
      const headerList = `[${header.map(lit).join(', ')}]`;
      const { trimmed, text, list } = fieldTrims(o.listed === true);
      const fields = ['event_date', 'fatalities', 'latitude', 'longitude', 'geo_precision', 'time_precision'];
      const l1 = [
        'record_no',
        'false AS hxl',
        ...whole.columns,
        `${text(col('event_id_cnty'))} AS event_id`,
        `${raw(col('event_id_cnty'))} AS raw_id`,
        `${text(col('event_type'))} AS event_type`,
        `${raw(col('event_type'))} AS raw_type`,
        `${raw(col('country'))} AS raw_country`,
        `lk.code AS country_code`,
        ...fields.map((f) => `${trimmed(col(f))} AS t_${f}`),
        ...[
          'admin1',
          'admin2',
          'location',
          'sub_event_type',
          'actor1',
          'actor2',
          'assoc_actor_1',
          'assoc_actor_2',
          'notes',
          'source',
        ].map((f) => `${text(col(f))} AS x_${f}`),
      ];
      // Each value is computed once, in the layer after the one it reads (see ucdpMappedQuery).
      const l2 = [
        '*',
        `${isoCandidate('t_event_date')} AS ds_c`,
        `${countError('t_fatalities', true)} AS e_fatalities`,
        `${decimalError('t_latitude', -90, 90)} AS e_latitude`,
        `${decimalError('t_longitude', -180, 180)} AS e_longitude`,
        `${countError('t_geo_precision', false)} AS e_geo_precision`,
        `${countError('t_time_precision', false)} AS e_time_precision`,
      ];
      const dates = ['*', `${realDate('ds_c')} AS ds`];
      const dateErrors = ['*', `${dateBoundError('ds')} AS e_ds`];
      const checks = [
        ...(o.nulBytes
          ? [`WHEN nul_col IS NOT NULL THEN [${headerList}[nul_col + 1], nul_value, 'contains a NUL byte']`]
          : []),
        `WHEN event_id IS NULL THEN ['event_id_cnty', raw_id, 'is required']`,
        `WHEN event_type IS NULL THEN ['event_type', raw_type, 'is required']`,
        `WHEN t_event_date = '' THEN ['event_date', t_event_date, 'is required']`,
        `WHEN ds IS NULL THEN ['event_date', t_event_date, 'not a valid date']`,
        `WHEN e_ds IS NOT NULL THEN ['event_date', t_event_date, e_ds]`,
        `WHEN country_code IS NULL THEN ['country', raw_country, 'unrecognised country name']`,
        ...['fatalities', 'latitude', 'longitude', 'geo_precision', 'time_precision'].map(
          (f) => `WHEN e_${f} IS NOT NULL THEN ['${f}', t_${f}, e_${f}]`,
        ),
      ];
      const ok = 'fail IS NULL';
      const l3 = ['*', `CASE ${checks.join(' ')} ELSE NULL END AS fail`];
      const l4 = [
        '*',
        `CASE WHEN ${ok} THEN ${countValue('t_fatalities')} END AS v_fatalities`,
        `CASE WHEN ${ok} THEN ${decimalValue('t_latitude')} END AS v_lat`,
        `CASE WHEN ${ok} THEN ${decimalValue('t_longitude')} END AS v_lon`,
        `CASE WHEN ${ok} THEN ${countValue('t_geo_precision')} END AS v_geo_precision`,
        `CASE WHEN ${ok} THEN ${countValue('t_time_precision')} END AS v_time_precision`,
      ];
      // Listed (a small file): the trims' list computed with the raw rows (see ucdpMappedQuery).
      const trims = list();
      return layeredQuery(
        trims ? `l0 AS (SELECT *, ${trims} FROM stage_raw)` : whole.l0,
        `l0 r LEFT JOIN lk_country lk ON ${countryJoin(header, COUNTRY_COLUMNS)}`,
        [l1, l2, dates, dateErrors, l3, l4],
      );
    },
    select(source) {
      const common = whenThen(p.commonTypes);
      const prec = whenThen(p.timePrecision, (k) => String(Number(k)));
      return {
        id: `${lit(source + ':')} || m.event_id`,
        source: lit(source),
        source_version: `'pending'`, // set at commit, when the version is known
        source_id: 'm.event_id',
        date_start: 'm.ds',
        date_end: 'm.ds',
        date_precision: `CASE m.v_time_precision ${prec} ELSE 'day' END`,
        country: 'm.country_code',
        admin1_label: 'm.x_admin1',
        admin2_label: 'm.x_admin2',
        place: 'm.x_location',
        lat: 'm.v_lat',
        lon: 'm.v_lon',
        geo_precision: 'm.v_geo_precision',
        geo_exact: `coalesce(m.v_geo_precision <= ${p.exactGeoPrecision} AND m.v_lat IS NOT NULL AND m.v_lon IS NOT NULL, false)`,
        source_type: 'm.event_type',
        source_subtype: 'm.x_sub_event_type',
        common_type: `CASE m.event_type ${common} ELSE 'other' END`,
        actor1: 'm.x_actor1',
        actor2: 'm.x_actor2',
        fatalities_best: 'm.v_fatalities',
        fatalities_low: 'NULL',
        fatalities_high: 'NULL',
        deaths_side_a: 'NULL',
        deaths_side_b: 'NULL',
        deaths_civilians: 'NULL',
        deaths_unknown: 'NULL',
        headline: 'NULL',
        notes: 'm.x_notes',
        source_articles: jsSplitList(`coalesce(m.x_source, '')`),
        quality_flags: 'CAST([] AS VARCHAR[])',
        record_no: 'm.record_no',
      };
    },
    actorsIn: ['m.x_actor1', 'm.x_actor2', 'm.x_assoc_actor_1', 'm.x_assoc_actor_2'],
  };
}
