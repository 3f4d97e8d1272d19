/** Field readers shared by the source formats: each returns a value, null for empty, or an error reason. */

/** A field that failed to parse: which, the value, and why (one line). */
export class FieldError {
  constructor(
    readonly field: string,
    readonly value: string,
    readonly reason: string,
  ) {}
}

/** Largest count the store holds (a 32-bit INTEGER column). */
export const MAX_COUNT = 2_147_483_647;

const INT = /^[+-]?\d+$/;
const NUM = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Throws a FieldError when the field holds a NUL byte, which no source emits (a sign of a damaged file). */
export function checkText(field: string, value: string): string {
  if (value.includes('\u0000'))
    throw new FieldError(field, value.replaceAll('\u0000', '\\0'), 'contains a NUL byte');
  return value;
}

/** An integer >= 0, or null when empty (unknown is null, never 0). */
export function count(rec: Readonly<Record<string, string>>, field: string, required = false): number | null {
  const raw = (rec[field] ?? '').trim();
  if (raw === '') {
    if (required) throw new FieldError(field, raw, 'is required');
    return null;
  }
  if (!INT.test(raw)) throw new FieldError(field, raw, 'not an integer');
  const n = Number(raw);
  if (n < 0) throw new FieldError(field, raw, 'negative count');
  // The store keeps counts as 32-bit integers: a larger one is that row's problem, not the import's.
  if (!Number.isSafeInteger(n) || n > MAX_COUNT) throw new FieldError(field, raw, 'integer out of range');
  return n + 0; // -0 is 0
}

/** A decimal number within [min, max], or null when empty. */
export function decimal(
  rec: Readonly<Record<string, string>>,
  field: string,
  min: number,
  max: number,
): number | null {
  const raw = (rec[field] ?? '').trim();
  if (raw === '') return null;
  if (!NUM.test(raw)) throw new FieldError(field, raw, 'not a number');
  const n = Number(raw);
  if (n < min || n > max) throw new FieldError(field, raw, `out of range [${min}, ${max}]`);
  // 1e-400 parses as 0 and 1e-310 as a denormal: storing either would change the value silently.
  if (n === 0 ? /[1-9]/.test(raw.replace(/[eE].*$/, '')) : Math.abs(n) < MIN_NORMAL)
    throw new FieldError(field, raw, 'too small to store exactly (underflow)');
  return n;
}

/** Smallest normal double: a smaller non-zero number loses precision or becomes 0. */
export const MIN_NORMAL = 2.2250738585072014e-308;

/** Earliest date any field may hold: older ones are typing errors in a conflict-event file. */
export const EARLIEST_DATE = '1800-01-01';

/** Days after the import date a date may lie (releases and time zones run slightly ahead). */
export const FUTURE_DAYS = 31;

/** The latest date a field may hold: the import date plus FUTURE_DAYS, as YYYY-MM-DD. */
export function latestDate(now = Date.now()): string {
  return new Date(now + FUTURE_DAYS * 86_400_000).toISOString().slice(0, 10);
}

const MONTHS: Record<string, string> = {
  january: '01',
  february: '02',
  march: '03',
  april: '04',
  may: '05',
  june: '06',
  july: '07',
  august: '08',
  september: '09',
  october: '10',
  november: '11',
  december: '12',
};

/** A calendar date as YYYY-MM-DD from `2021-03-04`, `2021-03-04 00:00:00.000` or `04 March 2021`. */
export function date(rec: Readonly<Record<string, string>>, field: string, required = true): string | null {
  const raw = (rec[field] ?? '').trim();
  if (raw === '') {
    if (required) throw new FieldError(field, raw, 'is required');
    return null;
  }
  let iso: string | null = null;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T][\d:.]+Z?)?$/.exec(raw);
  if (m) iso = `${m[1]}-${m[2]}-${m[3]}`;
  const w = /^(\d{1,2}) ([A-Za-z]+) (\d{4})$/.exec(raw);
  if (w && MONTHS[w[2]!.toLowerCase()])
    iso = `${w[3]}-${MONTHS[w[2]!.toLowerCase()]}-${w[1]!.padStart(2, '0')}`;
  if (!iso || !isRealDate(iso)) throw new FieldError(field, raw, 'not a valid date');
  if (iso < EARLIEST_DATE) throw new FieldError(field, raw, `before ${EARLIEST_DATE}`);
  const latest = latestDate();
  if (iso > latest)
    throw new FieldError(field, raw, `after ${latest} (the import date + ${FUTURE_DAYS} days)`);
  return iso;
}

/** True when YYYY-MM-DD names a day that exists. */
export function isRealDate(iso: string): boolean {
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
}

/** Trimmed text or null when empty. */
export function text(rec: Readonly<Record<string, string>>, field: string): string | null {
  const raw = rec[field];
  if (raw === undefined) return null;
  const t = raw.trim();
  return t === '' ? null : t;
}
