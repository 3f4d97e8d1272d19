/**
 * A Statistic is a figure a named organisation published, with the definition it used: a yearly
 * total from a security report, or one value of a published indicator series (returns of Afghans
 * from Pakistan, with the quote and page it comes from).
 */
export interface Statistic {
  /** Stable id derived from organisation, report, version, metric, geography and period. */
  id: string;
  organisation: string;
  /** The report or page; rows read through a news outlet start with `[secondary: <outlet>]`. */
  report: string;
  reportVersion: string;
  /** Publication date as given (YYYY-MM or YYYY-MM-DD), or '' when not shown. */
  published: string;
  /** What is counted (the indicator): attacks, killed, injured, incidents, returns, deportations, ... */
  metric: string;
  /** The publisher's definition in its own words. */
  definition: string;
  /**
   * ISO3 of the geography: beside a countryTo, where from; else the figure's one country, as its file
   * defines it (a report statistic's `country`: on a returns row, where people arrived). Null when the
   * geography names no single country. docs/importing.md, "Which country a figure is of".
   */
  country: string | null;
  admin1: string | null;
  /** The geography as the source writes it (`Pakistan (Torkham BCP)`), when it was given as text. */
  geography: string | null;
  /** For a country pair (returns from Pakistan to Afghanistan): where to, as written and as ISO3. */
  geographyTo: string | null;
  countryTo: string | null;
  /** First day of the period; null for a stock figure known only "as of" periodEnd. */
  periodStart: string | null;
  periodEnd: string;
  value: number;
  /** `exact`, `about`, `at_least` (published as "800+", "over") or `at_most` ("up to"). */
  qualifier: 'exact' | 'at_least' | 'at_most' | 'about';
  unit: string;
  /** The page the figure was read from, and the sentence that gives it. */
  url: string | null;
  quote: string | null;
}

/** The stable id of a published statistic (figures of the first, country-only format keep their old ids). */
export function statisticId(s: Omit<Statistic, 'id'>): string {
  const base = [
    s.organisation,
    s.report,
    s.reportVersion,
    s.metric,
    s.country ?? '',
    s.admin1 ?? '',
    s.periodStart ?? '',
    s.periodEnd,
    s.definition,
  ];
  // Series rows add what tells two figures of one page apart: the geographies as written and the unit.
  const series = s.geography !== null || s.geographyTo !== null || s.url !== null;
  return (series ? [...base, s.geography ?? '', s.geographyTo ?? '', s.unit] : base).join('|').toLowerCase();
}

/** True when the figure was read through a news outlet, not the publisher's own page (`[secondary: ...]`). */
export function isSecondary(s: Pick<Statistic, 'report'>): boolean {
  return /^\[secondary\b/i.test(s.report);
}

// Which published figures have an origin (where the people counted left from) at all: figures of
// people who moved. A security report's count of attacks in Pakistan, or a stock of Afghans living
// in Pakistan, has none to give, and "no origin given" on each of them was noise; a returns figure
// that does not name where people left is the one whose missing origin is worth saying.

/** The metrics that count people who left a country: returns, deportations and their daily averages (the Border view's and briefings' returns figures). */
export const RETURNS_METRICS: readonly string[] = ['returns', 'deportations', 'returns_daily_average'];

/** The fields of a listed figure (GET /statistics, the month view) that say whether it counts people who moved. */
export type MovementFields = {
  metric: string;
  period_start: string | null;
  country_to: string | null;
};

/**
 * Whether an origin is a notion of the figure: it counts people who moved, by its metric (a returns
 * metric, even of one place: a report's IOM returns given as Afghanistan alone) or by its kind (a
 * pair over a period: people from one country to another). A figure of one place of another metric
 * (attacks, killed) and a stock known "as of" a day (population_estimate: Afghans in Pakistan, whose
 * `country` is their nationality, not a place they left) have none: their `origin` is null and no
 * surface says one is missing.
 */
export function originExpected(f: MovementFields): boolean {
  return RETURNS_METRICS.includes(f.metric) || (f.country_to !== null && f.period_start !== null);
}

/** What tells one published figure from another, whatever shape its rows have (qualifier as text). */
export type FigureFields = Pick<
  Statistic,
  | 'metric'
  | 'periodStart'
  | 'periodEnd'
  | 'value'
  | 'unit'
  | 'url'
  | 'country'
  | 'admin1'
  | 'geography'
  | 'geographyTo'
  | 'countryTo'
> & { qualifier: string };

/** Units that name the same thing in different words (`people` and `persons`). */
const UNIT_SYNONYMS: Record<string, string> = {
  people: 'persons',
  person: 'persons',
  individuals: 'persons',
};

/**
 * The key of "one published number": metric, period, value, qualifier and unit. Two rows with the
 * same key (IOM's 501,242 returns for 15 September 2023 to 15 January 2024, compiled in two files
 * from two pages) are one figure recorded twice, not two figures that agree.
 */
export function sameFigureKey(s: Omit<FigureFields, 'url' | 'geographyTo'>): string {
  return [s.metric, s.periodStart ?? '', s.periodEnd, s.value, s.qualifier, unitKey(s.unit)].join('|');
}

/** A unit as compared between figures: lower case, and one word for synonyms (`people` is `persons`). */
export function unitKey(unit: string): string {
  const u = unit.trim().toLowerCase();
  return UNIT_SYNONYMS[u] ?? u;
}

/**
 * An organisation or report as written, compared between figures: trivial differences dropped
 * (case, surrounding or repeated whitespace, a trailing full stop: "UNHCR ", "unhcr" and "UNHCR."
 * are UNHCR), and nothing more. "UNHCR Pakistan" and "UNHCR (reported by Dawn)" stay other
 * names: no alias is guessed, since pairing two bodies' figures would say one revised the other.
 */
export function nameKey(name: string): string {
  return name
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/\s*\.$/, '')
    .toLowerCase();
}

/** A place as compared between records: its ISO3, else its text as written (lower case), else none. */
const placeKey = (iso: string | null, text: string | null) => iso ?? (text?.trim().toLowerCase() || null);

/** Where a record says its figure is: both ends of a pair, or one country and its province. */
function placesOf(v: FigureFields) {
  const from = placeKey(v.country, v.geography);
  const admin1 = v.admin1?.trim().toLowerCase() || null;
  if (v.geographyTo === null && v.countryTo === null)
    return { key: JSON.stringify([from, admin1]), one: admin1 === null ? from : null, ends: null };
  const ends = [from, placeKey(v.countryTo, v.geographyTo)];
  return { key: JSON.stringify(ends), one: null, ends };
}

/**
 * Folds rows that record the same exact figure into one, in first-seen order: the row kept is the
 * one with a page to cite (then the one naming where to), and the others are listed in
 * `alsoRecorded`, so nothing is dropped and the figure is not shown twice. One figure is the same
 * number (sameFigureKey) of the same places: two pairs from and to the same places, or one country
 * (and province) alike; a record of one country (a report statistic, whose `country` is what its
 * file defines, on a returns row where people arrived) joins the one pair of which that country is
 * an end, and none when two pairs could hold it, never guessed. The same 1,000 returns from Iran and
 * from Pakistan in one month are two figures. Only `exact` figures are folded: two organisations'
 * "about 500,000" for one period can be two estimates.
 */
export function foldSameFigures<T>(
  rows: readonly T[],
  view: (row: T) => FigureFields,
): { row: T; alsoRecorded: T[] }[] {
  type Group = { rows: T[]; places: ReturnType<typeof placesOf> };
  const groups: (Group | null)[] = [];
  const byKey = new Map<string, Group[]>();
  for (const r of rows) {
    const v = view(r);
    const places = placesOf(v);
    const of = v.qualifier === 'exact' ? byKey.get(sameFigureKey(v)) : undefined;
    const same = of?.find((g) => g.places.key === places.key);
    if (same) {
      same.rows.push(r);
      continue;
    }
    const g = { rows: [r], places };
    groups.push(g);
    if (v.qualifier === 'exact') byKey.set(sameFigureKey(v), [...(of ?? []), g]);
  }
  // A record of one country with no province joins the pair of the same number it is an end of,
  // when exactly one pair is; the figure takes the place of whichever came first.
  for (const of of byKey.values()) {
    for (const one of of.filter((g) => g.places.one !== null)) {
      const pairs = of.filter((g) => g.places.ends?.includes(one.places.one));
      if (pairs.length !== 1) continue;
      const pair = pairs[0]!;
      const [i, j] = [groups.indexOf(one), groups.indexOf(pair)];
      const merged = {
        rows: i < j ? [...one.rows, ...pair.rows] : [...pair.rows, ...one.rows],
        places: pair.places,
      };
      groups[Math.min(i, j)] = merged;
      groups[Math.max(i, j)] = null;
      of[of.indexOf(pair)] = merged;
    }
  }
  const rank = (r: T) => (view(r).url ? 0 : 2) + (view(r).geographyTo ? 0 : 1);
  return groups
    .filter((g): g is Group => g !== null)
    .map(({ rows: g }) => {
      const kept = g.reduce((best, r) => (rank(r) < rank(best) ? r : best));
      return { row: kept, alsoRecorded: g.filter((r) => r !== kept) };
    });
}

/** A published figure as the API lists it (snake_case): the fields that decide a fold. */
export interface ListedFigure {
  metric: string;
  period_start: string | null;
  period_end: string;
  value: number;
  qualifier: string;
  unit: string;
  url: string | null;
  country: string | null;
  admin1: string | null;
  geography: string | null;
  geography_to: string | null;
  country_to: string | null;
}

/** foldSameFigures over figures as the API lists them (GET /statistics rows). */
export function foldListedFigures<T extends ListedFigure>(
  rows: readonly T[],
): { row: T; alsoRecorded: T[] }[] {
  return foldSameFigures(rows, (s) => ({
    metric: s.metric,
    periodStart: s.period_start,
    periodEnd: s.period_end,
    value: s.value,
    qualifier: s.qualifier,
    unit: s.unit,
    url: s.url,
    country: s.country,
    admin1: s.admin1,
    geography: s.geography,
    geographyTo: s.geography_to,
    countryTo: s.country_to,
  }));
}

/**
 * A figure's other records (a figure compiled twice: `also_recorded`) as one list, in the words
 * briefings and the dashboard both say after "the same figure is also recorded": "by IOM in DTM Flow
 * Monitoring", "by A in R1 and by B in R2", "by A in R1, by B in R2 and by C in R3", with each
 * record's address after its report when `urls` (a briefing prints them; the dashboard links its
 * own source). Each record opens with "by" and the list is joined by commas and "and": joined by
 * "; ", a second record read as a clause of the line around it (briefings until 2026-12-07; the
 * dashboard's "also recorded as A, R1; B, R2" until 2026-12-07).
 */
export function alsoRecordedList(
  records: readonly { organisation: string; report: string; url?: string | null }[],
  { urls = false }: { urls?: boolean } = {},
): string {
  const each = records.map((o) => `by ${o.organisation} in ${o.report}${urls && o.url ? `, ${o.url}` : ''}`);
  return each.length < 2 ? each.join('') : `${each.slice(0, -1).join(', ')} and ${each.at(-1)}`;
}

/**
 * The one order published figures are listed in, by `faultline indicators`, GET /statistics and the
 * dashboard's tables: newest first, as an analyst reads a table of figures (the latest count on
 * top): by the end of the period, latest first, then the latest start (a figure known only "as of"
 * a day, with no start, after the spans that end that day). A stable sort keeps the store's order
 * (organisation, metric, id) among ties. docs/cli.md, `faultline indicators`.
 */
export function newestFirstOrder(
  x: { period_start: string | null; period_end: string },
  y: { period_start: string | null; period_end: string },
): number {
  return (
    y.period_end.localeCompare(x.period_end) || (y.period_start ?? '').localeCompare(x.period_start ?? '')
  );
}

/**
 * How the `no_bound` of a figure for the claim's own period begins: a share or a daily average of
 * the very period, which answers nothing (claims/statistic-bounds.ts, samePeriodNonCounts).
 */
export const OWN_PERIOD = "for the claim's own period";

/**
 * The published figures over other periods than a claim's that give it no bound (a share, a figure
 * open on the wrong side, one over a period overlapping the claim's only in part), counted in one
 * line by why (each figure's `no_bound`): a returns claim can have a dozen nearby, and naming each in
 * the explanation and the table buried the figures that decide. The claim's evidence keeps each
 * whole. "9 figures over other periods give no bound: 6 in percent of returns, not a count that adds
 * up over time; 2 over a period that overlaps the claim's only in part; 1 only an upper bound ("at
 * most") over a part of the claim's period, so no floor" (causes most frequent first), or null when
 * none; "3 figures give no bound: 3 for the claim's own period, in percent of returns, not a count"
 * when some are figures for the claim's very period that answer nothing. Shared with the dashboard, so its words are the CLI's and the API's explanation's.
 * docs/claims.md.
 */
export function noBoundSummary(items: readonly { no_bound?: string }[]): string | null {
  const by = new Map<string, number>();
  for (const e of items) if (e.no_bound !== undefined) by.set(e.no_bound, (by.get(e.no_bound) ?? 0) + 1);
  const n = [...by.values()].reduce((a, b) => a + b, 0);
  if (!n) return null;
  const causes = [...by]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([why, k]) => `${k} ${why}`);
  // Figures for the claim's own period that answer nothing are counted here too (their cause says
  // so): then the line does not say "over other periods".
  const where = [...by.keys()].some((why) => why.startsWith(OWN_PERIOD)) ? '' : ' over other periods';
  return `${n} ${n === 1 ? 'figure' : 'figures'}${where} ${n === 1 ? 'gives' : 'give'} no bound: ${causes.join('; ')}`;
}
