/**
 * The rule by which every total over a period counts records dated only to a month or a year
 * (docs/methods.md, `imprecise`), written out as plain SQL over the `events` table for tests that
 * count by hand: such a record counts in a period only when the period holds its whole month or
 * year; one whose month or year overlaps the period without lying wholly in it may or may not
 * belong there. Dates are ISO days; the period is [from, to], both days included.
 */
const span = (unit: 'month' | 'year') =>
  unit === 'month'
    ? [`date_trunc('month', date_start)`, `last_day(date_start)`]
    : [`make_date(year(date_start), 1, 1)`, `make_date(year(date_start), 12, 31)`];

/** Records [from, to] holds whole: dated to a day or a week, or their month or year inside it. */
export function heldWhole(from: string, to: string): string {
  const inside = (unit: 'month' | 'year') => {
    const [start, end] = span(unit);
    return `(date_precision = '${unit}' AND ${start} >= DATE '${from}' AND ${end} <= DATE '${to}')`;
  };
  return `(date_precision NOT IN ('month', 'year') OR ${inside('month')} OR ${inside('year')})`;
}

/** Records dated only to a month or a year that overlaps [from, to] without lying wholly in it. */
export function overlapsInPart(from: string, to: string): string {
  const meets = (unit: 'month' | 'year') => {
    const [start, end] = span(unit);
    return `(date_precision = '${unit}' AND ${start} <= DATE '${to}' AND ${end} >= DATE '${from}')`;
  };
  return `((${meets('month')} OR ${meets('year')}) AND NOT ${heldWhole(from, to)})`;
}
