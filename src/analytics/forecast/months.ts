import { InvalidInputError } from '../../domain/errors.ts';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Months since year 0 of a 'YYYY-MM' string; throws `invalid month: <value>`. */
export function monthIndex(month: string): number {
  const m = MONTH.exec(month);
  if (!m) throw new InvalidInputError(`invalid month: ${month}`);
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}

/** The 'YYYY-MM' string of a month index. */
export function monthString(index: number): string {
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** The month `n` months after `month` (n may be negative). */
export function addMonths(month: string, n: number): string {
  return monthString(monthIndex(month) + n);
}

/** Every month from `first` to `last`, inclusive. */
export function monthRange(first: string, last: string): string[] {
  const out: string[] = [];
  for (let i = monthIndex(first); i <= monthIndex(last); i++) out.push(monthString(i));
  return out;
}
