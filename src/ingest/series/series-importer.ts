import { statisticId, type Statistic } from '../../domain/statistic.ts';
import { toIso3 } from '../countries.ts';
import { checkText, date, decimal, FieldError, isRealDate } from '../fields.ts';
import { QUALIFIERS } from '../statistics/statistics-schema.ts';
import { reject, type Mapped, type SourceFormat } from '../source-format.ts';
import { MAX_SERIES_VALUE, SERIES_FIELDS, SERIES_REQUIRED, type SeriesField } from './series-schema.ts';

/** The record's text for a field under whichever of its names the header uses (trimmed; '' when absent). */
function field(rec: Readonly<Record<string, string>>, f: SeriesField): { name: string; raw: string } {
  for (const name of SERIES_FIELDS[f]) {
    const key = Object.keys(rec).find((k) => k.trim().toLowerCase() === name);
    if (key !== undefined) return { name: key, raw: (rec[key] ?? '').trim() };
  }
  return { name: SERIES_FIELDS[f][0], raw: '' };
}

/** True for an HXL hashtag row (`#org,#meta+report,...`): every non-empty cell is a hashtag. */
export function isHashtagRow(rec: Readonly<Record<string, string>>): boolean {
  const cells = Object.values(rec).map((v) => v.trim());
  return cells.some((v) => v.startsWith('#')) && cells.every((v) => v === '' || v.startsWith('#'));
}

/**
 * A period bound from `YYYY`, `YYYY-MM` or a full date: the first day of the year or month for a
 * start, the last day for an end (a figure "for 2024-03" runs to 31 March).
 */
export function periodBound(name: string, raw: string, end: boolean): string {
  const y = /^(\d{4})$/.exec(raw);
  if (y) return end ? `${y[1]}-12-31` : `${y[1]}-01-01`;
  const m = /^(\d{4})-(\d{2})$/.exec(raw);
  if (m) {
    const first = `${m[1]}-${m[2]}-01`;
    if (!isRealDate(first)) throw new FieldError(name, raw, 'not a valid month');
    if (!end) return first;
    // The month's last day: day 0 of the next month. setUTCFullYear, not Date.UTC, which reads years
    // 0-99 as 1900-1999 (period_end `0050-03` gave 1950-03-31).
    const last = new Date(0);
    last.setUTCFullYear(Number(m[1]), Number(m[2]), 0);
    return last.toISOString().slice(0, 10);
  }
  return date({ [name]: raw }, name)!;
}

/** Maps one row of a published indicator series to a Statistic (a figure with its quote and page). */
export function mapSeriesRow(rec: Readonly<Record<string, string>>): Mapped<Statistic> {
  if (isHashtagRow(rec)) return { ok: 'metadata', why: 'HXL hashtag row' };
  try {
    for (const [k, v] of Object.entries(rec)) checkText(k, v);
    for (const f of SERIES_REQUIRED) {
      const { name, raw } = field(rec, f);
      if (!raw) return reject(name, raw, 'is required');
    }
    const get = (f: SeriesField) => field(rec, f).raw || null;
    const start = field(rec, 'period_start');
    const end = field(rec, 'period_end');
    const periodStart = start.raw ? periodBound(start.name, start.raw, false) : null;
    const periodEnd = periodBound(end.name, end.raw, true);
    if (periodStart && periodEnd < periodStart)
      return reject(end.name, end.raw, `before period_start ${periodStart}`);
    const v = field(rec, 'value');
    const value = decimal({ [v.name]: v.raw }, v.name, -MAX_SERIES_VALUE, MAX_SERIES_VALUE)!;
    const q = field(rec, 'qualifier');
    const qualifier = (q.raw || 'exact') as Statistic['qualifier'];
    if (!QUALIFIERS.includes(qualifier)) return reject(q.name, q.raw, `not one of ${QUALIFIERS.join(', ')}`);
    const u = field(rec, 'url');
    if (u.raw && !/^https?:\/\/\S+$/i.test(u.raw)) return reject(u.name, u.raw, 'not an http(s) URL');
    const geography = get('geography')!;
    const geographyTo = get('geography_to');
    const s: Omit<Statistic, 'id'> = {
      organisation: get('organisation')!,
      report: get('report')!,
      reportVersion: get('version') ?? 'unspecified',
      published: get('publication_date') ?? '',
      metric: get('indicator')!,
      definition: get('definition') ?? '',
      country: toIso3(geography),
      admin1: null,
      geography,
      geographyTo,
      countryTo: toIso3(geographyTo),
      periodStart,
      periodEnd,
      value,
      qualifier,
      unit: get('unit')!,
      url: u.raw || null,
      quote: get('quote'),
    };
    // A geography that names no single country ("Pakistan and Iran") is kept as written, never guessed.
    const warnings = [
      ...(s.country ? [] : [`geography ${geography} names no single country`]),
      ...(geographyTo && !s.countryTo ? [`geography_to ${geographyTo} names no single country`] : []),
    ];
    return { ok: true, value: { id: statisticId(s), ...s }, warnings };
  } catch (e) {
    if (e instanceof FieldError) return reject(e.field, e.value, e.reason);
    throw e;
  }
}

const SERIES_ONLY = new Set(['indicator', 'geography', 'geography_from', 'url', 'quote', 'organisation']);

/** Published indicator series (returns, deportations, any figure with its page and quote), with or without an HXL row. */
export const seriesFormat: SourceFormat<Statistic> = {
  id: 'series',
  kind: 'statistics',
  source: 'statistics',
  fullRelease: false,
  requiredColumns: SERIES_REQUIRED,
  missingColumns(header) {
    const set = new Set(header.map((h) => h.trim().toLowerCase()));
    return SERIES_REQUIRED.filter((f) => !SERIES_FIELDS[f].some((n) => set.has(n)));
  },
  detect(header) {
    const set = new Set(header.map((h) => h.trim().toLowerCase()));
    const has = (f: SeriesField) => SERIES_FIELDS[f].some((n) => set.has(n));
    if (!SERIES_REQUIRED.every(has)) return 0;
    return [...set].some((h) => SERIES_ONLY.has(h)) ? 0.9 : 0.5;
  },
  version: () => null,
  native: {
    name: 'series',
    params: {
      qualifiers: QUALIFIERS,
      fields: SERIES_FIELDS,
      required: SERIES_REQUIRED,
      maxValue: MAX_SERIES_VALUE,
    },
  },
  map: (rec) => mapSeriesRow(rec),
};
