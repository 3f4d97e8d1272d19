import { statisticId, type Statistic } from '../../domain/statistic.ts';
import { toIso3 } from '../countries.ts';
import { checkText, count, date, FieldError, text } from '../fields.ts';
import { reject, type Mapped, type SourceFormat } from '../source-format.ts';
import { QUALIFIERS, STATISTICS_COLUMNS } from './statistics-schema.ts';

/** Maps one row of the published-statistics CSV to a Statistic. */
export function mapStatistic(rec: Readonly<Record<string, string>>): Mapped<Statistic> {
  try {
    for (const [k, v] of Object.entries(rec)) checkText(k, v);
    for (const field of ['source_org', 'report', 'metric', 'definition', 'unit'] as const) {
      if (!text(rec, field)) return reject(field, rec[field] ?? '', 'is required');
    }
    const country = toIso3(rec.country);
    if (!country) return reject('country', rec.country ?? '', 'unrecognised country');
    const periodStart = date(rec, 'period_start')!;
    const periodEnd = date(rec, 'period_end')!;
    if (periodEnd < periodStart)
      return reject('period_end', rec.period_end ?? '', `before period_start ${periodStart}`);
    const value = count(rec, 'value', true)!;
    const qualifier = (text(rec, 'value_qualifier') ?? 'exact') as Statistic['qualifier'];
    if (!QUALIFIERS.includes(qualifier))
      return reject('value_qualifier', rec.value_qualifier ?? '', `not one of ${QUALIFIERS.join(', ')}`);
    const s: Omit<Statistic, 'id'> = {
      organisation: text(rec, 'source_org')!,
      report: text(rec, 'report')!,
      reportVersion: text(rec, 'report_version') ?? 'unspecified',
      published: text(rec, 'published') ?? '',
      metric: text(rec, 'metric')!,
      definition: text(rec, 'definition')!,
      country,
      admin1: text(rec, 'admin1'),
      geography: null,
      geographyTo: null,
      countryTo: null,
      periodStart,
      periodEnd,
      value,
      qualifier,
      unit: text(rec, 'unit')!,
      url: null,
      quote: null,
    };
    return { ok: true, value: { id: statisticId(s), ...s }, warnings: [] };
  } catch (e) {
    if (e instanceof FieldError) return reject(e.field, e.value, e.reason);
    throw e;
  }
}

/** Published figures from reports (PIPS, PICSS, CRSS, IOM...), one row per figure with its definition. */
export const statisticsFormat: SourceFormat<Statistic> = {
  id: 'statistics',
  kind: 'statistics',
  source: 'statistics',
  fullRelease: false,
  requiredColumns: [
    'source_org',
    'report',
    'metric',
    'definition',
    'country',
    'period_start',
    'period_end',
    'value',
  ],
  detect(header) {
    const set = new Set(header.map((h) => h.trim().toLowerCase()));
    return STATISTICS_COLUMNS.filter((c) => set.has(c)).length / STATISTICS_COLUMNS.length >= 0.8 ? 0.95 : 0;
  },
  version: () => null,
  native: { name: 'statistics', params: { qualifiers: QUALIFIERS } },
  map: (rec) => mapStatistic(rec),
};
