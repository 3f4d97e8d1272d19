/** Empirical quantiles of draws. */

/**
 * The p-quantile of ascending-sorted values by linear interpolation between order statistics
 * (Hyndman & Fan type 7, numpy's default): h = (m − 1)p, q = x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const m = sorted.length;
  if (m === 0) return Number.NaN;
  const h = (m - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, m - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** An ascending copy of the draws as a Float64Array (numeric sort, no string comparison). */
export function sortedCopy(draws: ArrayLike<number>): Float64Array {
  return Float64Array.from(draws).sort();
}
