/** Ranks and percentile ranks of values across units, with nulls left unranked. */

/** A value with its rank (1 = highest, ties share a rank) and percentile (share of units at or below it, 0-100). */
export interface Ranked {
  value: number | null;
  rank: number | null;
  percentile: number | null;
}

/** Ranks values highest first ("1224" competition ranking); null values get null rank and percentile. */
export function rankValues(values: readonly (number | null)[]): Ranked[] {
  const known = values.filter((v): v is number => v !== null);
  return values.map((value) => {
    if (value === null) return { value, rank: null, percentile: null };
    const above = known.filter((v) => v > value).length;
    const atOrBelow = known.length - above;
    return { value, rank: above + 1, percentile: (100 * atOrBelow) / known.length };
  });
}
