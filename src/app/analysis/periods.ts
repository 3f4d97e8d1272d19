/** Text periods for comparisons: a period key ("2021", "2021-Q3", "2021-08") or a date range "2021-08-15..2022-08-14". */
import { dayNumber } from '../../analytics/aggregate/dates.ts';
import { parsePeriod } from '../../analytics/aggregate/periods.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';
import { isCalendarDay } from '../../domain/query.ts';

/** A closed period with its length in days (the exposure of a rate). */
export interface DayRange {
  label: string;
  from: string;
  to: string;
  days: number;
}

/** Parses a period key or `FROM..TO`; throws `invalid period: "<value>"`. */
export function parseDayRange(value: string): DayRange {
  const m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(value);
  if (m) {
    const [a, b] = [dayNumber(m[1]!), dayNumber(m[2]!)];
    if (!isCalendarDay(m[1]!) || !isCalendarDay(m[2]!) || b! < a!)
      throw new InvalidInputError(
        `invalid period: ${quoteValue(value)} (FROM..TO: two calendar days from year 0001, the first not after the second)`,
      );
    return { label: value, from: m[1]!, to: m[2]!, days: b! - a! + 1 };
  }
  // A range of months or years ("2026-01..2026-06") is not a period key either: say what a range takes.
  if (value.includes('..'))
    throw new InvalidInputError(
      `invalid period: ${quoteValue(value)} (FROM..TO takes two days, YYYY-MM-DD..YYYY-MM-DD: 2026-01-01..2026-06-30)`,
    );
  const p = parsePeriod(value);
  return { label: p.key, from: p.start, to: p.end, days: p.days };
}

/** The days of an inclusive date range. */
export function rangeDays(from: string, to: string): number {
  return dayNumber(to)! - dayNumber(from)! + 1;
}
