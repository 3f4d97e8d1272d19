/**
 * Calendar arithmetic on ISO dates (YYYY-MM-DD) as whole UTC day numbers, so that no time zone or
 * daylight-saving rule can shift a day.
 */

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// Series and rollup rows repeat the same few thousand dates many times over: parsing each once (the
// regular expression and a Date per call were the API server's hottest function under load) keeps
// the event loop free. Bounded: cleared when full.
const CACHE_LIMIT = 100_000;
const dayNumbers = new Map<string, number | null>();
const isoDates = new Map<number, string>();

/** Days since 1970-01-01 for a valid ISO date, or null when the text is not a real calendar date. */
export function dayNumber(date: string): number | null {
  const known = dayNumbers.get(date);
  if (known !== undefined) return known;
  const n = parseDayNumber(date);
  if (dayNumbers.size >= CACHE_LIMIT) dayNumbers.clear();
  dayNumbers.set(date, n);
  return n;
}

function parseDayNumber(date: string): number | null {
  const m = ISO_DATE.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
  return Math.round(new Date(0).setUTCFullYear(y, mo - 1, d) / MS_PER_DAY);
}

/** Today's ISO date (UTC), what an open period end defaults to. */
export const todayIso = (): string => isoDate(Math.floor(Date.now() / MS_PER_DAY));

/** The ISO date (YYYY-MM-DD) of a day number. */
export function isoDate(day: number): string {
  const known = isoDates.get(day);
  if (known !== undefined) return known;
  const d = new Date(day * MS_PER_DAY);
  const text = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
  if (isoDates.size >= CACHE_LIMIT) isoDates.clear();
  isoDates.set(day, text);
  return text;
}

/** Whether a year has 29 February (proleptic Gregorian calendar). */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days in a month (month 1-12). */
export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Day of the week of a day number, ISO style: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(day: number): number {
  // 1970-01-01 was a Thursday (ISO 4).
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** Zero-pads a non-negative integer to a width. */
export function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Month names as prose writes them (lower case), January first. */
export const MONTH_NAMES: readonly string[] = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
