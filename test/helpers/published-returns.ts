/**
 * The bundled published returns figures read straight from their CSV (data/afghan-returns), for
 * tests that check faultline's answers against the file rather than against faultline's own output.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

/** Every row of data/afghan-returns/afghan_returns_published.csv, by column name. */
export function publishedReturns(): Record<string, string>[] {
  return parse(
    readFileSync(new URL('../../data/afghan-returns/afghan_returns_published.csv', import.meta.url)),
    { columns: true },
  ) as Record<string, string>[];
}

// The last day of a period end given as a day (2024-07-31) or a month (2024-07).
const lastDay = (d: string) =>
  d.length === 7 ? new Date(Date.UTC(+d.slice(0, 4), +d.slice(5, 7), 0)).toISOString().slice(0, 10) : d;

/**
 * The returns counts in persons of a geography naming Pakistan (with Iran too) whose period holds a
 * day from `from` to `to`: the figures `period_overlaps` counts for one of them over those days.
 */
export function returnsSharingDays(
  rows: readonly Record<string, string>[],
  from: string,
  to: string,
): Record<string, string>[] {
  return rows.filter(
    (r) =>
      r.metric === 'returns' &&
      r.unit === 'persons' &&
      /\bPakistan\b/.test(r.geography_from!) &&
      r.period_start !== '' &&
      r.period_start! <= to &&
      lastDay(r.period_end!) >= from,
  );
}
