/**
 * The y axis of a chart of counts (events, deaths): whole-number ticks formatted for the reader
 * ("1,500", never "0.5" or "0.000000"), and no axis at all when nothing was counted because no
 * month is covered, so an empty panel does not read as a scale of zeros.
 */
import { fmtInt } from '../format.ts';

/** Plot's y options for counts summing to at most `max` per bar; `null` when no value is known. */
export function countAxis(max: number | null, label: string) {
  if (max === null) return { axis: null, domain: [0, 1], label: null };
  // At most 5 ticks, and no more than the largest count: d3 then steps by 1, 2, 5, … (whole numbers).
  const ticks = Math.max(1, Math.min(5, Math.ceil(max)));
  return { grid: true, label, ticks, tickFormat: (v: number) => fmtInt(v) };
}

/** The tallest stack among rows grouped by a key; `null` for no rows. */
export function stackMax<T>(
  rows: readonly T[],
  key: (r: T) => string,
  value: (r: T) => number,
): number | null {
  if (rows.length === 0) return null;
  const sums = new Map<string, number>();
  for (const r of rows) sums.set(key(r), (sums.get(key(r)) ?? 0) + value(r));
  return Math.max(...sums.values());
}
