/**
 * The daily dyad index mapped in SQL (`mapDyadRow`, ingest/dyad-index): the same checks, order,
 * reasons and values, into `stage_dyad` (see table-mapping.ts). A pair's two codes are looked up
 * once per distinct code (a code is a country when the lookup gives it back unchanged).
 */
import type { DyadIndexMapperParams, TableMapper } from '../../native-import.ts';
import {
  countError,
  countValue,
  dateError,
  decimalError,
  decimalValue,
  isoCandidate,
  realDate,
} from './sql-fields.ts';
import { layeredQuery, wholeRecordSql, type RecordOptions } from './sql-mapper.ts';
import {
  column,
  mapToTable,
  nulCheck,
  rawOf,
  trimOf,
  type StagedRows,
  type TableMapped,
} from './table-mapping.ts';

/** The columns of `stage_dyad` a mapping fills (line comes from the record index). */
const DYAD_COLUMNS = [
  'date',
  'country_a',
  'country_b',
  'value',
  'day_total_value',
  'day_total_abs',
  'day_nonzero_cells',
] as const;

/** The three daily numbers, in the order they are checked. */
const NUMBERS = ['value', 'day_total_value', 'day_total_abs'] as const;

/** The pair's two codes when it is written as two three-letter codes joined by a dash, else NULL. */
const codeA = (pair: string) =>
  `CASE WHEN regexp_full_match(${pair}, '[A-Z]{3}-[A-Z]{3}') THEN substr(${pair}, 1, 3) END`;
const codeB = (pair: string) =>
  `CASE WHEN regexp_full_match(${pair}, '[A-Z]{3}-[A-Z]{3}') THEN substr(${pair}, 5, 3) END`;

/**
 * The mapped rows over `stage_raw r` joined to `lk_code` (k: a code, code: what the country lookup
 * gives for it).
 */
export function dyadIndexQuery(
  p: DyadIndexMapperParams,
  header: readonly string[],
  o: RecordOptions,
): string {
  const whole = wholeRecordSql(header, o);
  const c = (f: string) => column(header, f);
  const pair = trimOf(c('pair'));
  const l1 = [
    'record_no',
    'false AS hxl',
    `${nulCheck(header, o)} AS nul_fail`,
    `${trimOf(c('date'))} AS t_date`,
    `${pair} AS t_pair`,
    `la.code AS code_a`,
    `lb.code AS code_b`,
    ...[...NUMBERS, 'day_nonzero_cells'].map((f) => `${trimOf(c(f))} AS t_${f}`),
    `${rawOf(c('day_total_abs'))} AS raw_day_total_abs`,
  ];
  const l2 = [
    '*',
    `${isoCandidate('t_date')} AS d_c`,
    `${codeA('t_pair')} AS a`,
    `${codeB('t_pair')} AS b`,
    ...NUMBERS.map(
      (f) =>
        `CASE WHEN t_${f} = '' THEN 'is required' ELSE ${decimalError(`t_${f}`, -p.maxValue, p.maxValue)} END AS e_${f}`,
    ),
    `${countError('t_day_nonzero_cells', true)} AS e_day_nonzero_cells`,
  ];
  // The date's candidate in a layer of its own (l2): realDate reads it three times.
  const dates = ['*', `${realDate('d_c')} AS d`];
  const l3 = ['*', `${dateError('t_date', 'd')} AS e_date`];
  const checks = [
    `WHEN nul_fail IS NOT NULL THEN nul_fail`,
    `WHEN e_date IS NOT NULL THEN ['date', t_date, e_date]`,
    `WHEN a IS NULL THEN ['pair', t_pair, 'not two ISO3 codes joined by a dash (AFG-PAK)']`,
    `WHEN code_a IS DISTINCT FROM a THEN ['pair', t_pair, 'unknown country ' || a]`,
    `WHEN code_b IS DISTINCT FROM b THEN ['pair', t_pair, 'unknown country ' || b]`,
    `WHEN a = b THEN ['pair', t_pair, 'a country paired with itself']`,
    ...NUMBERS.map((f) => `WHEN e_${f} IS NOT NULL THEN ['${f}', t_${f}, e_${f}]`),
    `WHEN ${decimalValue('t_day_total_abs')} < 0 THEN ['day_total_abs', raw_day_total_abs, 'negative absolute total']`,
    `WHEN e_day_nonzero_cells IS NOT NULL THEN ['day_nonzero_cells', t_day_nonzero_cells, e_day_nonzero_cells]`,
  ];
  const l4 = ['*', `CASE ${checks.join(' ')} ELSE NULL END AS fail`];
  const ok = (e: string) => `CASE WHEN fail IS NULL THEN ${e} END`;
  const l5 = [
    'record_no',
    'hxl',
    'fail',
    'false AS warned',
    'd AS date',
    'least(a, b) AS country_a',
    'greatest(a, b) AS country_b',
    ...NUMBERS.map((f) => `${ok(decimalValue(`t_${f}`))} AS ${f}`),
    `${ok(countValue('t_day_nonzero_cells'))} AS day_nonzero_cells`,
  ];
  return layeredQuery(
    whole.l0,
    `l0 r LEFT JOIN lk_code la ON ${codeA(pair)} = la.k LEFT JOIN lk_code lb ON ${codeB(pair)} = lb.k`,
    [l1, l2, dates, l3, l4, l5],
  );
}

/** Maps the numbered rows of `stage_raw` into `stage_dyad`, the pairs' codes looked up once each first. */
export async function mapDyadIndex(
  s: StagedRows & { o: { mapper: Extract<TableMapper, { name: 'dyad-index' }> } },
): Promise<TableMapped> {
  const { db, o } = s;
  const header = o.layout.header;
  const pair = trimOf(column(header, 'pair'));
  const codes = await db.all<{ k: string }>(
    `SELECT DISTINCT k FROM (SELECT ${codeA(pair)} AS k FROM stage_raw r UNION ALL SELECT ${codeB(pair)} FROM stage_raw r) WHERE k IS NOT NULL`,
  );
  await s.fill(
    'lk_code',
    [
      ['k', 'VARCHAR'],
      ['code', 'VARCHAR'],
    ],
    codes.map(({ k }) => [k, o.lookups.country(k, null)]),
  );
  return mapToTable(s, {
    query: dyadIndexQuery(o.mapper.params, header, { nulBytes: o.nulBytes ?? true, legacy: false }),
    target: 'stage_dyad',
    columns: DYAD_COLUMNS,
    lastDate: 'date',
  });
}
