/** The runs of days a relations series does not cover, as answers list them (`meta.uncovered`, `behind.uncovered`). */
import { dayNumber, isoDate } from '../../analytics/aggregate/dates.ts';

/** The runs of days from `from` to `to` not in `covered`. */
export function uncoveredSpans(
  from: string,
  to: string,
  covered: Iterable<string>,
): { from: string; to: string }[] {
  // Walked over the covered days, not every day of the period (0001 to 9999 is 3.6 million days).
  const [first, last] = [dayNumber(from)!, dayNumber(to)!];
  const days = [...covered]
    .map((d) => dayNumber(d)!)
    .filter((d) => d >= first && d <= last)
    .sort((a, b) => a - b);
  const out: { from: string; to: string }[] = [];
  let next = first;
  for (const d of days) {
    if (d > next) out.push({ from: isoDate(next), to: isoDate(d - 1) });
    next = Math.max(next, d + 1);
  }
  if (next <= last) out.push({ from: isoDate(next), to: isoDate(last) });
  return out;
}
