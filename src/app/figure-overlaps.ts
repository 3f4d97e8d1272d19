/**
 * Which published figures share days of their periods with which others: a count of returns since
 * 15 September 2023 holds every monthly count after that day, so adding the two counts people twice.
 * `faultline indicators`, GET /statistics, the briefing and the dashboard's returns table say, for
 * each figure, how many loaded figures it overlaps (docs/cli.md, `period_overlaps`).
 */
import { countryNames } from '../ingest/countries.ts';
import { unitKey, type Statistic } from '../domain/statistic.ts';

/** The fields of a figure that decide whether two of them may count the same people. */
export type OverlapFields = Pick<
  Statistic,
  'metric' | 'unit' | 'country' | 'geography' | 'countryTo' | 'periodStart' | 'periodEnd'
>;

/**
 * For each figure, how many other figures of `rows` count the same measure (metric and unit,
 * `people` being `persons`) from and to places that may be the same, over a period sharing at least
 * one day with its own. Places may be the same when the countries are equal, when either is unknown,
 * or when a geography naming several countries ("Pakistan and Iran") names the other's country. A
 * figure known only "as of" a day (no start) covers that day. The count says only that the periods
 * overlap: two figures of one month at two different crossings (Torkham and Chaman, September 2023)
 * overlap and still count different people, which their definitions say.
 *
 * `figureOf[i]` names the figure row i records (foldSameFigures: one figure compiled in two files
 * is two rows of one figure): rows of one figure never count each other, and a figure overlapping
 * two records of another counts it once, as the listed tables show it once. Without it, each row is
 * a figure of its own.
 */
export function periodOverlaps(rows: readonly OverlapFields[], figureOf?: readonly number[]): number[] {
  const fig = (i: number) => figureOf?.[i] ?? -1 - i;
  const records = new Map<number, number>();
  rows.forEach((_, i) => records.set(fig(i), (records.get(fig(i)) ?? 0) + 1));
  const counts = new Map<number, number>();
  const add = (f: number) => counts.set(f, (counts.get(f) ?? 0) + 1);
  // Pairs of figures already counted, kept only for figures recorded more than once (few).
  const counted = new Set<string>();
  // Compared only within a measure, in order of start: a figure starting after another's end
  // ends the search for that one.
  const byMeasure = new Map<string, number[]>();
  rows.forEach((r, i) => {
    const k = `${r.metric}|${unitKey(r.unit)}`;
    const group = byMeasure.get(k);
    if (group) group.push(i);
    else byMeasure.set(k, [i]);
  });
  const from = (r: OverlapFields) => r.periodStart ?? r.periodEnd;
  for (const group of byMeasure.values()) {
    group.sort((i, j) => {
      const [x, y] = [from(rows[i]!), from(rows[j]!)];
      return x < y ? -1 : x > y ? 1 : i - j;
    });
    group.forEach((i, at) => {
      const a = rows[i]!;
      for (let k = at + 1; k < group.length; k++) {
        const j = group[k]!;
        const b = rows[j]!;
        if (from(b) > a.periodEnd) break;
        const [x, y] = [fig(i), fig(j)];
        if (x === y || !samePlace(a, b) || !sameDestination(a, b)) continue;
        if (records.get(x)! > 1 || records.get(y)! > 1) {
          const pair = x < y ? `${x}|${y}` : `${y}|${x}`;
          if (counted.has(pair)) continue;
          counted.add(pair);
        }
        add(x);
        add(y);
      }
    });
  }
  return rows.map((_, i) => counts.get(fig(i)) ?? 0);
}

const sameDestination = (a: OverlapFields, b: OverlapFields) =>
  a.countryTo === null || b.countryTo === null || a.countryTo === b.countryTo;

/** Whether two figures' places (ISO3, or null with the geography as written) may be the same. */
function samePlace(a: OverlapFields, b: OverlapFields): boolean {
  if (a.country !== null && b.country !== null) return a.country === b.country;
  if (a.country === null && b.country === null) return true;
  const [code, text] = a.country === null ? [b.country!, a.geography] : [a.country, b.geography];
  // A geography naming no country at all is unknown: it may be anywhere.
  if (text === null) return true;
  return countryNames(code).some((name) => new RegExp(`\\b${escape(name)}\\b`, 'i').test(text));
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
