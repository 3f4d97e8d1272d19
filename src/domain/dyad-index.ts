/**
 * One day of a published country-pair (dyad) index: a third party's daily score of the news
 * coverage between two countries (the bundled one is gzemo/gdelt-graph-data's GDELT-derived index,
 * docs/relations.md), with the day's totals over every pair so that a period can be normalised by
 * the volume of the news that day.
 */
export interface DyadIndexDay {
  /** The day (UTC) the events were added to GDELT. */
  date: string;
  /** The pair as ISO3 codes, in alphabetical order (the bundled index is undirected). */
  countryA: string;
  countryB: string;
  /** The pair's summed event weights that day (negative: conflictual coverage outweighs cooperative). */
  value: number;
  /** The day's sum of event weights over all pairs. */
  dayTotalValue: number;
  /** The day's sum of absolute cell values over all pairs (the day's volume). */
  dayTotalAbs: number;
  /** Non-zero cells of the day's full country-by-country matrix (low: a partly downloaded day). */
  dayNonzeroCells: number;
}

/** The stable key of a dyad day: the day and the ordered pair. */
export function dyadDayKey(d: Pick<DyadIndexDay, 'date' | 'countryA' | 'countryB'>): string {
  return `${d.date}|${d.countryA}|${d.countryB}`;
}
