/**
 * The span of days a record is dated to, said beside its precision: UCDP's date_prec 5 labels
 * `year` any span longer than a month inside one calendar year, so "year" alone reads as "somewhere
 * in 2026" where the record says 1 March to 30 April (ucdp-candidate:628329).
 */
import type { DatePrecision } from './event.ts';

/** What a span note reads of a record. */
export interface DatedRecord {
  source: string;
  dateStart: string;
  dateEnd: string;
  datePrecision: DatePrecision;
}

const DAY_MS = 86_400_000;

/** Days from `from` to `to`, both counted (ISO dates, UTC). */
function daysOf(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

/** "2026-03-01 to 2026-04-30, 61 days": a record's span as notes list it. */
export function dateSpan(e: Pick<DatedRecord, 'dateStart' | 'dateEnd'>): string {
  const days = daysOf(e.dateStart, e.dateEnd);
  return `${e.dateStart} to ${e.dateEnd}, ${days} day${days === 1 ? '' : 's'}`;
}

// The calendar month or year that holds a record's start date, as first and last day.
function unitOf(precision: 'month' | 'year', start: string): [string, string] {
  const [y, m] = [Number(start.slice(0, 4)), Number(start.slice(5, 7))];
  if (precision === 'year') return [`${y}-01-01`, `${y}-12-31`];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return [`${start.slice(0, 7)}-01`, `${start.slice(0, 7)}-${String(last).padStart(2, '0')}`];
}

// The GED codebook's wording of the code each coarse precision comes from (date_prec 4 and 5).
const UCDP_CODE = {
  month: "UCDP's date_prec 4: a date known only within 8 to 30 days, or only the month",
  year: "UCDP's date_prec 5: a date known only within a span longer than a month inside one calendar year, or only the year",
} as const;

/**
 * Why a record dated to a month or a year covers less (or other days) than that calendar unit, or
 * null when its span is that whole unit (or its precision is finer): the label is where it counts
 * (under the month or year of its start date, in no finer period: the `imprecise` band), the span
 * is what the source knows.
 */
export function datePrecisionNote(e: DatedRecord): string | null {
  if (e.datePrecision !== 'month' && e.datePrecision !== 'year') return null;
  const [from, to] = unitOf(e.datePrecision, e.dateStart);
  if (e.dateStart === from && e.dateEnd === to) return null;
  const code = e.source.startsWith('ucdp-') ? `${UCDP_CODE[e.datePrecision]}; ` : '';
  const finer = e.datePrecision === 'year' ? 'month, quarter or week' : 'week or day';
  return `dated ${dateSpan(e)}, labelled ${e.datePrecision} (${code}not the whole ${e.datePrecision}): it counts under the ${e.datePrecision} of its start date, ${e.dateStart.slice(0, e.datePrecision === 'year' ? 4 : 7)}, and in no ${finer} (the imprecise band, docs/methods.md)`;
}
