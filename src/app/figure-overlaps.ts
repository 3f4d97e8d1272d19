/**
 * Which listed published figures share days of their periods with which others: a count of returns
 * since 15 September 2023 holds every monthly count after that day, so adding the two counts people
 * twice. `faultline indicators`, GET /statistics and the dashboard's returns table say, for each
 * figure, how many others of the same list it overlaps (docs/cli.md, `period_overlaps`).
 */
import { countryNames } from '../ingest/countries.ts';
import { unitKey, type Statistic } from '../domain/statistic.ts';

/** The fields of a figure that decide whether two of them may count the same people. */
export type OverlapFields = Pick<
  Statistic,
  'metric' | 'unit' | 'country' | 'geography' | 'countryTo' | 'periodStart' | 'periodEnd'
>;

/**
 * For each figure, how many other figures of the list count the same measure (metric and unit,
 * `people` being `persons`) from and to places that may be the same, over a period sharing at least
 * one day with its own. Places may be the same when the countries are equal, when either is unknown,
 * or when a geography naming several countries ("Pakistan and Iran") names the other's country. A
 * figure known only "as of" a day (no start) covers that day. The count says only that the periods
 * overlap: two figures of one month at two different crossings (Torkham and Chaman, September 2023)
 * overlap and still count different people, which their definitions say.
 */
export function periodOverlaps(rows: readonly OverlapFields[]): number[] {
  const keys = rows.map((r) => ({
    measure: `${r.metric}|${unitKey(r.unit)}`,
    from: r.periodStart ?? r.periodEnd,
    to: r.periodEnd,
  }));
  return rows.map((a, i) =>
    rows.reduce((n, b, j) => {
      const ka = keys[i]!;
      const kb = keys[j]!;
      const shares =
        j !== i &&
        ka.measure === kb.measure &&
        ka.from <= kb.to &&
        kb.from <= ka.to &&
        samePlace(a.country, a.geography, b.country, b.geography) &&
        (a.countryTo === null || b.countryTo === null || a.countryTo === b.countryTo);
      return shares ? n + 1 : n;
    }, 0),
  );
}

/** Whether two figures' places (ISO3, or null with the geography as written) may be the same. */
function samePlace(a: string | null, ga: string | null, b: string | null, gb: string | null): boolean {
  if (a !== null && b !== null) return a === b;
  if (a === null && b === null) return true;
  const [code, text] = a === null ? [b!, ga] : [a, gb];
  // A geography naming no country at all is unknown: it may be anywhere.
  if (text === null) return true;
  return countryNames(code).some((name) => new RegExp(`\\b${escape(name)}\\b`, 'i').test(text));
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
