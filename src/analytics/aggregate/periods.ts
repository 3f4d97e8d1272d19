/**
 * Period keys for dense time series: every day, ISO week, month, quarter or year gets one key, and
 * `densePeriods` lists every key between two dates so that empty periods appear as zeros, not gaps.
 * Keys: day `2021-03-07`, ISO week `2021-W05`, month `2021-03`, quarter `2021-Q4`, year `2021`.
 */
import { InvalidInputError } from '../../domain/errors.ts';
import { yearZeroHint } from '../../domain/query.ts';
import { quoteValue } from '../../domain/quote.ts';
import { dayNumber, daysInMonth, isoDate, isoWeekday, pad } from './dates.ts';

/** The calendar units a series can be aggregated to. */
export type Interval = 'day' | 'week' | 'month' | 'quarter' | 'year';

/** Every interval, finest first. */
export const INTERVALS: readonly Interval[] = ['day', 'week', 'month', 'quarter', 'year'];

/** First and last day of a period (ISO dates, both inclusive) and its length in days. */
export interface PeriodBounds {
  start: string;
  end: string;
  days: number;
}

/** A parsed period: its canonical key, its interval and its bounds. */
export interface ParsedPeriod extends PeriodBounds {
  key: string;
  interval: Interval;
}

/** The key of the period of `interval` that contains `date` (YYYY-MM-DD). */
export function periodKey(date: string, interval: Interval): string {
  const day = dayNumber(date);
  if (day === null) throw new InvalidInputError(`invalid date: ${quoteValue(date)}`);
  const [y, m] = [Number(date.slice(0, 4)), Number(date.slice(5, 7))];
  switch (interval) {
    case 'day':
      return date;
    case 'week': {
      const { year, week } = isoWeek(day);
      return `${pad(year, 4)}-W${pad(week, 2)}`;
    }
    case 'month':
      return date.slice(0, 7);
    case 'quarter':
      return `${pad(y, 4)}-Q${Math.ceil(m / 3)}`;
    case 'year':
      return date.slice(0, 4);
    default:
      throw new InvalidInputError(`invalid interval: ${quoteValue(interval)}`);
  }
}

/** Parses a user period ("2021", "2021-Q4", "2021-03", "2021-W05", "2021-03-07"); throws `invalid period: "<value>" (use ...)`. */
export function parsePeriod(value: string): ParsedPeriod {
  const found = parseBounds(value);
  if (!found)
    throw new InvalidInputError(
      `invalid period: ${quoteValue(value)}${yearZeroHint(value) || ' (use a year 2021, a quarter 2021-Q4, a month 2021-03, an ISO week 2021-W05 or a day 2021-03-07)'}`,
    );
  const [interval, key, start, end] = found;
  return { key, interval, start: isoDate(start), end: isoDate(end), days: end - start + 1 };
}

/** First day, last day and length in days of a period key; throws `invalid period: "<value>"`. */
export function periodBounds(key: string): PeriodBounds {
  const { start, end, days } = parsePeriod(key);
  return { start, end, days };
}

/**
 * Every period key of `interval` from the period containing the start of `from` to the one containing
 * the end of `to`, in order. `from` and `to` are dates or period keys ("2021" to "2022-06").
 */
export function densePeriods(from: string, to: string, interval: Interval): string[] {
  const first = dayNumber(parsePeriod(from).start)!;
  const last = dayNumber(parsePeriod(to).end)!;
  if (first > last)
    throw new InvalidInputError(`invalid range: ${quoteValue(from)} is after ${quoteValue(to)}`);
  const keys: string[] = [];
  for (let day = first; day <= last;) {
    const key = periodKey(isoDate(day), interval);
    keys.push(key);
    day = parseBounds(key)![3] + 1;
  }
  return keys;
}

/** ISO 8601 week-numbering year and week (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeek(day: number): { year: number; week: number } {
  const thursday = day - isoWeekday(day) + 4;
  const year = Number(isoDate(thursday).slice(0, 4));
  const week = Math.floor((thursday - dayNumber(`${pad(year, 4)}-01-01`)!) / 7) + 1;
  return { year, week };
}

/** Number of ISO weeks (52 or 53) in an ISO week-numbering year. */
export function isoWeeksInYear(year: number): number {
  // 28 December always falls in the last ISO week of its year.
  return isoWeek(dayNumber(`${pad(year, 4)}-12-28`)!).week;
}

type Bounds = readonly [Interval, string, number, number];

// A series parses the same few hundred period keys on every request (its dense periods, each
// row's bucket): each is parsed once, as dates.ts does for days. Bounded: cleared when full.
const BOUNDS_LIMIT = 100_000;
const bounds = new Map<string, Bounds | null>();

/** The interval, canonical key and first and last day numbers of a period, or null when it is none. */
function parseBounds(value: string): Bounds | null {
  const known = bounds.get(value);
  if (known !== undefined) return known;
  const found = parseBoundsOnce(value);
  if (bounds.size >= BOUNDS_LIMIT) bounds.clear();
  bounds.set(value, found && Object.freeze(found));
  return found;
}

function parseBoundsOnce(value: string): [Interval, string, number, number] | null {
  // Dates start at 0001-01-01 (domain/query.ts, isCalendarDay).
  if (value.startsWith('0000')) return null;
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})$/.exec(value))) {
    return ['year', m[1]!, dayNumber(`${m[1]}-01-01`)!, dayNumber(`${m[1]}-12-31`)!];
  }
  if ((m = /^(\d{4})-[Qq]([1-4])$/.exec(value))) {
    const [y, q] = [Number(m[1]), Number(m[2])];
    const lastMonth = q * 3;
    const start = dayNumber(`${m[1]}-${pad(lastMonth - 2, 2)}-01`)!;
    const end = dayNumber(`${m[1]}-${pad(lastMonth, 2)}-${daysInMonth(y, lastMonth)}`)!;
    return ['quarter', `${m[1]}-Q${q}`, start, end];
  }
  if ((m = /^(\d{4})-(\d{2})$/.exec(value))) {
    const [y, mo] = [Number(m[1]), Number(m[2])];
    if (mo < 1 || mo > 12) return null;
    return ['month', value, dayNumber(`${value}-01`)!, dayNumber(`${value}-${daysInMonth(y, mo)}`)!];
  }
  if ((m = /^(\d{4})-[Ww](\d{2})$/.exec(value))) {
    const [y, w] = [Number(m[1]), Number(m[2])];
    if (w < 1 || w > isoWeeksInYear(y)) return null;
    const jan4 = dayNumber(`${m[1]}-01-04`)!;
    const start = jan4 - (isoWeekday(jan4) - 1) + (w - 1) * 7;
    return ['week', `${m[1]}-W${m[2]}`, start, start + 6];
  }
  const day = dayNumber(value);
  return day === null ? null : ['day', value, day, day];
}

/** How many periods of `interval` touch the days from `from` to `to` (YYYY-MM-DD), counted without listing them. */
export function periodCount(from: string, to: string, interval: Interval): number {
  const [a, b] = [dayNumber(from)!, dayNumber(to)!];
  if (b < a) return 0;
  const month = (d: string) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - 1;
  switch (interval) {
    case 'day':
      return b - a + 1;
    case 'week':
      return (b - isoWeekday(b) - (a - isoWeekday(a))) / 7 + 1;
    case 'month':
      return month(to) - month(from) + 1;
    case 'quarter':
      return Math.floor(month(to) / 3) - Math.floor(month(from) / 3) + 1;
    case 'year':
      return Number(to.slice(0, 4)) - Number(from.slice(0, 4)) + 1;
  }
}
