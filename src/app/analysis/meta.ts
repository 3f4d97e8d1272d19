/**
 * The `meta` block every answer carries: what each metric counts, the filter applied, the source
 * versions the numbers came from, what each loaded source version covers, and a warning when the
 * period asked for reaches beyond it, so "no reporting" never reads as "no violence".
 */
import { grouped } from '../../domain/format-number.ts';
import { dayNumber, isoDate, todayIso } from '../../analytics/aggregate/dates.ts';
import { deskIncluded, type EventFilter } from '../../domain/query.ts';
import { DESK_SOURCE } from '../../domain/desk.ts';
import type { Coverage, FilterValues, Store } from '../../storage/store.ts';
import type { CoverageStatus, CutPeriod, Meta, PartlyCoveredPeriod, SourceUse } from '../answers.ts';
import { iso3Of } from '../../ingest/countries.ts';
import { resolveDistrict } from '../../geo/district-search.ts';
import { resolveAdmin1Label } from '../../geo/admin-labels.ts';
import { echoFilter, knownFilterValues } from '../filters.ts';
import { coverageEntry, loadCoverage } from './coverage.ts';
import { agree, counted } from '../../domain/plural.ts';
import { bySourceVersion } from '../../domain/version-order.ts';
import { releaseOf } from '../../domain/release.ts';
import { supersededReason, withoutSuperseded } from '../../domain/superseded-coverage.ts';
import { memo } from './memo.ts';
import { sourceLicence } from '../data-credits.ts';

export type {
  CoverageEntry,
  CoverageStatus,
  CutPeriod,
  Meta,
  MetaSource,
  PartlyCoveredPeriod,
  SourceUse,
} from '../answers.ts';
export { coverageEntry, lastCoverage, loadCoverage } from './coverage.ts';

/**
 * The loaded source versions a filter can draw on: matching source, version and country (the
 * filter's, or its provinces', or its districts' given `districts`, the countries of district names
 * and codes). Desk events never make a period covered: analysts record what they read, not every
 * event there.
 */
export function relevantCoverage(
  coverage: readonly Coverage[],
  f: EventFilter,
  districts?: FilterValues['admin2Countries'],
  superseded = false,
): Coverage[] {
  const countries = filterCountries(f, districts);
  // A Candidate version covers only the days no final GED release covers in a country (there its
  // events are superseded, never counted): asked of Candidate alone, those days are not covered,
  // not a count of 0. With GED among the sources the days stay covered, by GED. A read that lists
  // superseded events too (`superseded`: sources disagree with them) keeps Candidate's whole span.
  return (superseded ? coverage : withoutSuperseded(coverage)).filter(
    (c) =>
      c.source !== 'faultline-desk' &&
      (!f.source?.length || f.source.includes(c.source)) &&
      (!f.sourceVersion?.length || f.sourceVersion.includes(c.version)) &&
      (!countries?.length || countries.some((k) => c.countries.includes(k))),
  );
}

/**
 * The countries a filter narrows to (its own, or those of its provinces or districts), or undefined
 * when it names none (every country then).
 */
function filterCountries(f: EventFilter, districts?: FilterValues['admin2Countries']): string[] | undefined {
  return f.country?.length
    ? f.country
    : (countriesOfUnits(f.admin1) ?? countriesOfDistricts(f.admin2, districts));
}

/**
 * The countries of admin-1 codes (ISO 3166-2: PK-KP is in PAK) and names or labels the unit tables
 * know ("Balochistan province" is in PAK), so a province filter alone narrows coverage to its
 * country; undefined when one names no country (nothing is narrowed then).
 */
function countriesOfUnits(values: readonly string[] | undefined): string[] | undefined {
  if (!values?.length) return undefined;
  const out = new Set<string>();
  for (const v of values) {
    const of = /^[A-Z]{2}-[A-Z0-9]{2,3}$/i.test(v)
      ? [iso3Of(v.split('-')[0]!.toUpperCase())]
      : UNIT_COUNTRIES.filter((c) => resolveAdmin1Label(c, v) !== null);
    if (!of.length || of.some((c) => c === null)) return undefined;
    for (const c of of) out.add(c!);
  }
  return [...out];
}

/** The countries whose admin-1 names and labels the unit tables know. */
const UNIT_COUNTRIES = ['PAK', 'AFG'];

/**
 * The countries of district names or codes (a district code names no country, unlike a province's),
 * from the districts the loaded events lie in, else the bundled boundaries; undefined when one is
 * unknown (nothing is narrowed then).
 */
function countriesOfDistricts(
  values: readonly string[] | undefined,
  districts: FilterValues['admin2Countries'] | undefined,
): string[] | undefined {
  if (!values?.length || !districts) return undefined;
  const out = new Set<string>();
  for (const v of values) {
    let of = districts.filter((d) => d.value.toLowerCase() === v.toLowerCase()).map((d) => d.country);
    // A bundled district no loaded event lies in (Deh Bala, Afghanistan) is in its boundaries' country.
    if (!of.length)
      of = resolveDistrict(v)
        .filter((p) => p.matchedBy === 'name' || p.matchedBy === 'crosswalk')
        .map((p) => p.country);
    if (!of.length) return undefined;
    for (const c of of) out.add(c);
  }
  return [...out];
}

/**
 * relevantCoverage for a filter, reading what it needs: the coverage (unless `all`, the coverage
 * already read for the answer, is given), and the countries of its districts when it names
 * districts and no country or province; `superseded` as relevantCoverage.
 */
export async function filterCoverage(
  store: Store,
  f: EventFilter,
  superseded = false,
  all?: readonly Coverage[],
): Promise<Coverage[]> {
  const districts =
    f.admin2?.length && !f.country?.length && !f.admin1?.length
      ? (await knownFilterValues(store)).admin2Countries
      : undefined;
  return relevantCoverage(all ?? (await loadCoverage(store)), f, districts, superseded);
}

/** The first and last date the relevant source versions cover, or null when none is loaded. */
export function coveredRange(relevant: readonly Coverage[]): { from: string; to: string } | null {
  if (!relevant.length) return null;
  return {
    from: relevant.map((c) => c.firstDate).sort()[0]!,
    to: relevant
      .map((c) => c.lastDate)
      .sort()
      .at(-1)!,
  };
}

/** Spans of [from, to] that no relevant source version (or anything else with first and last dates) covers, as inclusive date pairs. */
export function uncoveredSpans(
  relevant: readonly Pick<Coverage, 'firstDate' | 'lastDate'>[],
  from: string,
  to: string,
): [string, string][] {
  return gapDays(daySpans(relevant), dayNumber(from)!, dayNumber(to)!).map(([a, b]) => [
    isoDate(a),
    isoDate(b),
  ]);
}

/** The first and last day numbers of what covers, sorted by first day: what `gapDays` walks. */
function daySpans(
  relevant: readonly Pick<Coverage, 'firstDate' | 'lastDate'>[],
): (readonly [number, number])[] {
  return relevant
    .map((c) => [dayNumber(c.firstDate)!, dayNumber(c.lastDate)!] as const)
    .sort((a, b) => a[0] - b[0]);
}

/** The day numbers from `cursor` to `end` that no span of `spans` (daySpans) holds, as inclusive pairs. */
function gapDays(
  spans: readonly (readonly [number, number])[],
  cursor: number,
  end: number,
): [number, number][] {
  const gaps: [number, number][] = [];
  for (const [s, e] of spans) {
    if (cursor > end) break;
    if (s > cursor) gaps.push([cursor, Math.min(s - 1, end)]);
    cursor = Math.max(cursor, e + 1);
  }
  if (cursor <= end) gaps.push([cursor, end]);
  return gaps;
}

/**
 * coverageStatus and coveredDays of many spans of one coverage (a series' periods), with its days
 * sorted once rather than at every span: the same answers.
 */
export function coverageOf(relevant: readonly Pick<Coverage, 'firstDate' | 'lastDate'>[]): {
  status: (from: string, to: string) => CoverageStatus;
  days: (from: string, to: string) => number;
} {
  const spans = daySpans(relevant);
  return {
    status: (from, to) => {
      const [a, b] = [dayNumber(from)!, dayNumber(to)!];
      const gaps = gapDays(spans, a, b);
      if (!gaps.length) return 'covered';
      return gaps.length === 1 && gaps[0]![0] === a && gaps[0]![1] === b ? 'not_covered' : 'partly_covered';
    },
    days: (from, to) => {
      const [a, b] = [dayNumber(from)!, dayNumber(to)!];
      if (b < a) return 0;
      return b - a + 1 - gapDays(spans, a, b).reduce((n, [x, y]) => n + y - x + 1, 0);
    },
  };
}

/** A span of an answer's period that no loaded source version covers for one of its countries. */
export type CountryGap = { country: string; from: string; to: string };

/**
 * The spans of [from, to] that no relevant source version covers for one country of the answer while
 * another country is covered there: the data of 1989-2021 hold Pakistan and not Afghanistan, so an
 * answer over both has Afghan figures only where a source covers Afghanistan. Spans no source covers
 * for any country are `uncovered` and not repeated here. Empty for an answer about one country.
 * `countries` are the answer's (the filter's), or every country of the relevant coverage.
 */
export function countryGaps(
  relevant: readonly Coverage[],
  from: string,
  to: string,
  countries?: readonly string[],
): CountryGap[] {
  const all = countries?.length ? countries : [...new Set(relevant.flatMap((c) => c.countries))].sort();
  if (all.length < 2) return [];
  const global = uncoveredSpans(relevant, from, to).map(([a, b]) => [dayNumber(a)!, dayNumber(b)!] as const);
  const out: CountryGap[] = [];
  for (const country of all) {
    const own = relevant.filter((c) => c.countries.includes(country));
    for (const [a, b] of uncoveredSpans(own, from, to)) {
      // The country's own gap less the days no source covers at all (global gaps lie inside own ones).
      let cursor = dayNumber(a)!;
      const end = dayNumber(b)!;
      for (const [s, e] of global) {
        if (e < cursor || s > end) continue;
        if (s > cursor) out.push({ country, from: isoDate(cursor), to: isoDate(s - 1) });
        cursor = Math.max(cursor, e + 1);
      }
      if (cursor <= end) out.push({ country, from: isoDate(cursor), to: isoDate(end) });
    }
  }
  return out;
}

/**
 * The sentence that names country gaps (the first five of each kind), or null when there are none.
 * `reported`: those of `gaps` where the answer counts published desk events (deskReportedGaps):
 * there the country's figures are those desk events alone, not no reporting.
 */
export function countryGapsNote(
  gaps: readonly CountryGap[],
  reported: readonly CountryGap[] = [],
): string | null {
  const silent = gaps.filter((g) => !reported.includes(g));
  const desk = gaps.filter((g) => reported.includes(g));
  const parts = [
    silent.length
      ? `${gapList(silent)}: ${agree(countriesOf(silent), 'that country has', 'those countries have')} no reporting there, not no violence, and totals there count the other countries alone`
      : null,
    desk.length
      ? `${gapList(desk)}: ${uncoveredReading(true, agree(countriesOf(desk), "that country's figures there are", "those countries' figures there are"))}, and totals there add them to the other countries' counts`
      : null,
  ].filter((x) => x !== null);
  if (!parts.length) return null;
  return `${parts.map((x) => `no loaded source version covers ${x}`).join('; ')} (meta.uncovered_countries)`;
}

// The first five country gaps as a note lists them, and how many more there are.
function gapList(gaps: readonly CountryGap[]): string {
  const list = gaps
    .slice(0, 5)
    .map((g) => `${g.country} ${g.from === g.to ? `on ${g.from}` : `from ${g.from} to ${g.to}`}`);
  if (gaps.length > 5) list.push(`${grouped(gaps.length - 5)} more`);
  return list.join(', ');
}

const countriesOf = (gaps: readonly CountryGap[]) => new Set(gaps.map((g) => g.country)).size;

/**
 * Those of `gaps` in which published desk events matching a filter that includes them lie: an
 * answer counting desk events there shows them alone for that country. Only gaps some desk event's
 * country and dates can reach (the memoised coverage, or `all`, the coverage the answer read) cost a count.
 */
export async function deskReportedGaps(
  store: Store,
  f: EventFilter,
  gaps: readonly CountryGap[],
  all?: readonly Coverage[],
): Promise<CountryGap[]> {
  if (!gaps.length || !deskIncluded(f) || (f.source?.length && !f.source.includes(DESK_SOURCE))) return [];
  const desk = (all ?? (await loadCoverage(store))).filter((c) => c.source === DESK_SOURCE);
  const reachable = gaps.filter((g) =>
    desk.some((c) => c.countries.includes(g.country) && c.firstDate <= g.to && c.lastDate >= g.from),
  );
  const found = await Promise.all(
    reachable.map(
      async (g) =>
        (await store.countEvents({
          ...f,
          source: [DESK_SOURCE],
          country: [g.country],
          from: g.from,
          to: g.to,
        })) > 0,
    ),
  );
  return reachable.filter((_, i) => found[i]);
}

/** The days of [from, to] (inclusive dates) that at least one relevant source version covers. */
export function coveredDays(relevant: readonly Coverage[], from: string, to: string): number {
  return coverageOf(relevant).days(from, to);
}

/**
 * The periods (keys with their first and last day) that relevant source versions cover on some
 * days and not on others, each clipped to [from, to]: their figures count the covered days only,
 * so they read low beside whole periods. A day is covered or not, so daily keys never appear.
 */
export function partlyCovered(
  relevant: readonly Coverage[],
  periods: readonly { key: string; start: string; end: string }[],
  from: string,
  to: string,
): PartlyCoveredPeriod[] {
  const out: PartlyCoveredPeriod[] = [];
  if (!relevant.length) return out;
  const cover = coverageOf(relevant);
  for (const p of periods) {
    const a = p.start < from ? from : p.start;
    const b = p.end > to ? to : p.end;
    const days = dayNumber(b)! - dayNumber(a)! + 1;
    const covered = cover.days(a, b);
    if (covered > 0 && covered < days) out.push({ period: p.key, covered_days: covered, days });
  }
  return out;
}

/**
 * Those of `periods` (a series' first and last) that [from, to] holds only in part (a yearly series
 * of data that end on 2026-07-31 ends with seven months of 2026): their figures count those days only.
 */
export function cutPeriods(
  periods: readonly { key: string; start: string; end: string }[],
  from: string,
  to: string,
): CutPeriod[] {
  return periods.flatMap((p) => {
    const a = p.start < from ? from : p.start;
    const b = p.end > to ? to : p.end;
    if (a === p.start && b === p.end) return [];
    const days = dayNumber(b)! - dayNumber(a)! + 1;
    return [
      { period: p.key, from: a, to: b, days, period_days: dayNumber(p.end)! - dayNumber(p.start)! + 1 },
    ];
  });
}

/** One line naming the periods the answer's dates cut short, or null when none is. */
export function cutPeriodsNote(cut: readonly CutPeriod[]): string | null {
  if (!cut.length) return null;
  const list = cut.map(
    (c) =>
      `${c.period} holds ${c.from} to ${c.to} only (${grouped(c.days)} of ${grouped(c.period_days)} days)`,
  );
  return `${list.join('; ')}: the answer's dates cut ${cut.length === 1 ? 'it' : 'them'} short, so ${cut.length === 1 ? 'its figures are' : 'their figures are'} not comparable with whole periods (meta.cut_periods)`;
}

/** One line naming the partly covered periods (the first five), or null when there are none. */
export function partlyCoveredNote(periods: readonly PartlyCoveredPeriod[], desk = false): string | null {
  if (!periods.length) return null;
  const list = periods
    .slice(0, 5)
    .map((p) => `${p.period} (${grouped(p.covered_days)} of ${grouped(p.days)} days)`);
  if (periods.length > 5) list.push(`${grouped(periods.length - 5)} more`);
  // Published desk events count on whatever day they happened: they make no day covered.
  const counted = desk
    ? 'figures there count the covered days, and published desk events of any day'
    : 'figures there count the covered days only';
  return `only partly covered by the loaded source versions: ${list.join(', ')}; ${counted} (meta.partly_covered)`;
}

/** How much of [from, to] the relevant source versions cover. */
export function coverageStatus(relevant: readonly Coverage[], from: string, to: string): CoverageStatus {
  return coverageOf(relevant).status(from, to);
}

// The coverage warning of several spans: the one sentence, listing the gaps of all of them.
/**
 * Ranges of the spans of one answer (two periods of a comparison may be one, or overlap) with each
 * day once, in their order: an overlapping range joins the earlier one of its country (it listed
 * "2022-01-01 to 2022-12-31, 2022-01-01 to 2022-12-31"). Ranges that only touch stay two.
 */
export function mergeRanges<T extends { from: string; to: string; country?: string }>(
  ranges: readonly T[],
): T[] {
  const out: T[] = [];
  for (const r of ranges) {
    const i = out.findIndex((o) => o.country === r.country && r.from <= o.to && r.to >= o.from);
    if (i < 0) out.push(r);
    else {
      const o = out[i]!;
      out[i] = { ...o, from: r.from < o.from ? r.from : o.from, to: r.to > o.to ? r.to : o.to };
    }
  }
  return out;
}

function spansWarning(
  relevant: readonly Coverage[],
  spans: readonly { from: string; to: string }[],
  desk: boolean,
  loaded: boolean,
) {
  if (spans.length === 1) return coverageWarning(relevant, spans[0]!.from, spans[0]!.to, desk, loaded);
  const warned = spans
    .map((x) => coverageWarning(relevant, x.from, x.to, desk, loaded))
    .filter((w) => w !== null);
  if (!warned.length) return null;
  if (!relevant.length) return warned[0]!;
  const list = mergeRanges(
    spans.flatMap((x) => uncoveredSpans(relevant, x.from, x.to)).map(([from, to]) => ({ from, to })),
  ).map(({ from: a, to: b }) => (a === b ? a : `${a} to ${b}`));
  const shown = list.length > 3 ? [...list.slice(0, 3), `${grouped(list.length - 3)} more`] : list;
  return `no loaded source version covers ${shown.join(', ')}: ${uncoveredReading(desk, 'periods there show')}`;
}

/** What an answer says when the store holds no source dataset at all, and how to load one. */
const NOTHING_LOADED =
  'no source dataset is loaded in the store (`faultline start --no-serve` loads the bundled data, `faultline import FILE` a dataset file, `faultline fetch ucdp` or `faultline fetch acled` events from an API)';

/**
 * Why no loaded source version can inform an answer: the store holds no source dataset at all
 * (`loaded` false: then how to load one), or none of those it holds matches the filters.
 */
export function noSourceMatches(loaded: boolean): string {
  return loaded ? 'no loaded source version matches the source, version and country filters' : NOTHING_LOADED;
}

/** How many source versions the store holds, desk events aside (analysts' reports make nothing covered). */
export function sourceVersionsLoaded(coverage: readonly Coverage[]): number {
  return new Set(coverage.filter((c) => c.source !== DESK_SOURCE).map((c) => `${c.source}\u0000${c.version}`))
    .size;
}

/** Whether an answer was made on a store that holds no source dataset at all (its meta says so). */
export function nothingLoaded(meta: Pick<Meta, 'source_versions_loaded'>): boolean {
  return meta.source_versions_loaded === 0;
}

/**
 * One line when the period reaches beyond what the loaded data cover, else null. `desk`: the answer
 * includes published desk events, which make no day covered: where no dataset covers, they are all
 * it counts. `loaded`: whether the store holds any source dataset (sourceVersionsLoaded), so that an
 * empty store is not said to hold none matching the filters.
 */
export function coverageWarning(
  relevant: readonly Coverage[],
  from: string,
  to: string,
  desk = false,
  loaded = true,
): string | null {
  if (!relevant.length) return `${noSourceMatches(loaded)}: ${uncoveredReading(desk, 'every period shows')}`;
  const gaps = uncoveredSpans(relevant, from, to);
  if (!gaps.length) return null;
  const list = gaps.map(([a, b]) => (a === b ? a : `${a} to ${b}`));
  const shown = list.length > 3 ? [...list.slice(0, 3), `${grouped(list.length - 3)} more`] : list;
  return `no loaded source version covers ${shown.join(', ')}: ${uncoveredReading(desk, 'periods there show')}`;
}

/**
 * What days no loaded source version covers show: no reporting, which is not no violence; with desk
 * events included, published desk events alone, analysts' reports from the news that no dataset
 * completes there, so their count is not a complete count either.
 */
function uncoveredReading(desk: boolean, show: string): string {
  return desk
    ? `${show} published desk events alone, analysts' reports from the news and not a complete count (no reporting is not no violence)`
    : `${show} no reporting, not no violence`;
}

/**
 * A listing's count of matching events as shown: null when none matches and no loaded source
 * covers the filter (its period, or its source, version and country), since there "0" would read
 * as "no events" where nothing is known.
 */
export function knownTotal(meta: Pick<Meta, 'coverage' | 'coverage_status'>, total: number): number | null {
  return total === 0 && (!meta.coverage.length || meta.coverage_status === 'not_covered') ? null : total;
}

/**
 * One line for an empty or partly covered answer, telling "no loaded source covers this" apart
 * from "covered, and nothing matched"; null when the answer has rows and its period is covered.
 */
export function coverageLine(
  meta: Pick<
    Meta,
    'coverage' | 'coverage_status' | 'coverage_warning' | 'period' | 'source_versions_loaded' | 'superseded'
  >,
  rows: number,
): string | null {
  // Candidate's days a final release superseded are known, by GED: say so, not "nothing is known".
  const known = (none: string) =>
    meta.superseded ? `: ${meta.superseded}` : `, so nothing is known${none} (not zero events)`;
  const loaded = meta.coverage
    .map((c) => `${c.source} ${c.version} covers ${c.first_date} to ${c.last_date}`)
    .join('; ');
  const span = meta.period ? `${meta.period.from} to ${meta.period.to}` : 'the filter';
  if (!meta.coverage.length) return `not covered: ${noSourceMatches(!nothingLoaded(meta))}${known('')}`;
  if (meta.coverage_status === 'not_covered')
    return `not covered: no loaded source covers ${span} (${loaded})${known(' there')}`;
  if (meta.coverage_status === 'partly_covered') return `partly covered: ${meta.coverage_warning}`;
  const over = meta.coverage.filter(
    (c) => !meta.period || (c.first_date <= meta.period.to && c.last_date >= meta.period.from),
  );
  const by = over.map((c) => `${c.source} ${c.version} covers ${c.first_date} to ${c.last_date}`).join('; ');
  return rows ? null : `covered, and no event matches: ${span} is covered (${by}), so zero is a true zero`;
}

/** Folds per-row source usage into a sorted list. */
export function sourceUse(rows: readonly { source: string; version: string; events: number }[]): SourceUse[] {
  const m = new Map<string, SourceUse>();
  // Rows of one source version mostly come together: the last one's entry is reused without a key.
  let last: SourceUse | null = null;
  for (const r of rows) {
    if (!last || last.source !== r.source || last.version !== r.version) {
      const k = `${r.source}\u0000${r.version}`;
      last = m.get(k) ?? { source: r.source, version: r.version, events: 0, release: releaseOf(r.source) };
      m.set(k, last);
    }
    last.events += Number(r.events);
  }
  // Versions in their order (26.0.6 before 26.0.10), as the ledger and coverage list them.
  return [...m.values()].sort(bySourceVersion);
}

/**
 * How many events a border filter (`borderZone`, `maxBorderKm`) could not judge: those matching every
 * other filter with no border distance, or with a distance range across the limit (an event placed
 * only by its province, for example). Null without a border filter.
 */
export async function borderUnjudged(store: Store, f: EventFilter): Promise<number | null> {
  if (f.borderZone === undefined && f.maxBorderKm === undefined) return null;
  return store.countEvents({ ...f, borderUndecided: true });
}

/** The note on events a border filter could not judge (tables print it under the rows). */
export function borderUnjudgedNote(unjudged: number, f: EventFilter): string {
  const limit = f.maxBorderKm !== undefined ? `${f.maxBorderKm} km` : 'the border zone';
  return `${counted(unjudged, 'event')} matching the other filters could not be judged against ${limit} (no border distance, or a range across the limit, e.g. placed only by province): ${agree(unjudged, 'it is', 'they are')} left out`;
}

/**
 * The filter a total over its period counts with: records dated only to a month or a year count
 * only in a period that holds that whole month or year (a record of 2009 is not January's), as a
 * series counts them. See `imprecise` in docs/methods.md.
 */
export function wholeDates(f: EventFilter): EventFilter {
  return holdsWholeYears(f) ? f : { ...f, datesWithin: 'whole' };
}

/**
 * Whether a filter's period is made of whole calendar years (or has no bound on a side): it then
 * holds every record dated only to a month or a year by its start date, and needs no clause.
 */
export function holdsWholeYears(f: { from?: string; to?: string }): boolean {
  return (!f.from || f.from.endsWith('-01-01')) && (!f.to || f.to.endsWith('-12-31'));
}

/**
 * The note on records a total over a period left out by `wholeDates` (dated only to a month or a
 * year that the period holds in part), or null when there are none. `what` names the period.
 */
export async function datesBeyondNote(store: Store, f: EventFilter, what: string): Promise<string | null> {
  if (holdsWholeYears(f)) return null;
  const n = await store.countEvents({ ...f, datesWithin: 'beyond' });
  return n
    ? `${counted(n, 'event')} dated only to a month or a year that ${what} holds in part ${agree(n, 'is', 'are')} left out of its count, as a series leaves ${agree(n, 'it', 'them')} in \`imprecise\` (docs/methods.md)`
    : null;
}

/** Assembles the meta block of an answer. */
export async function buildMeta(
  store: Store,
  a: {
    metrics: Record<string, string>;
    filter: EventFilter;
    period: { from: string; to: string } | null;
    sources: SourceUse[];
    notes?: string[];
    extra?: Record<string, unknown>;
    /** The countries the answer is about when its filter does not say (two places compared). */
    countries?: string[];
    /**
     * The spans the answer counts, when they are not the whole period (two periods compared: the
     * days between them are not counted, so a gap there is no gap of the answer).
     */
    spans?: { from: string; to: string }[];
    /**
     * The answer leaves published desk events on days no source version covers for their country
     * out of its counts (two places compared, per covered day): its country gaps then show none.
     */
    deskLeftOutOfGaps?: boolean;
    /**
     * The coverage of every loaded source version, when the caller has read it already: one answer
     * then rests on one read, even when an import clears the memo between two of them.
     */
    coverage?: readonly Coverage[];
  },
): Promise<Meta> {
  const f = a.filter;
  const districts =
    f.admin2?.length && !f.country?.length && !f.admin1?.length
      ? (await knownFilterValues(store)).admin2Countries
      : undefined;
  const all = a.coverage ?? (await loadCoverage(store));
  const versionsLoaded = sourceVersionsLoaded(all);
  const loaded = versionsLoaded > 0;
  const relevant = relevantCoverage(all, f, districts);
  const notes = [...(a.notes ?? [])];
  // A deduplicated answer counts linked records once (its own note says how), so the advice to
  // filter by source would contradict it.
  if (!a.extra?.dedupe && sourcesMayOverlap(a.sources, relevant, a.period))
    notes.push(
      'the numbers add events from more than one source, which may record the same incident twice; filter by source to avoid double counting',
    );
  const desk = deskIncluded(a.filter);
  if (desk)
    notes.push(
      'published desk events (source faultline-desk, entered by analysts from news reports) are included; they do not make a period covered',
    );
  const filedElsewhere = await versionsFiledElsewhereNote(store, a.filter);
  if (filedElsewhere) notes.push(filedElsewhere);
  const unjudged = await borderUnjudged(store, a.filter);
  if (unjudged !== null && unjudged > 0) notes.push(borderUnjudgedNote(unjudged, a.filter));
  const countries = a.countries ?? answerCountries(relevant, f, districts);
  const spans = a.spans ?? (a.period ? [a.period] : []);
  const byCountry = mergeRanges(spans.flatMap((x) => countryGaps(relevant, x.from, x.to, countries)));
  const gapsNote = countryGapsNote(
    byCountry,
    a.deskLeftOutOfGaps ? [] : await deskReportedGaps(store, f, byCountry, all),
  );
  const uncovered = mergeRanges(
    spans.flatMap((x) => uncoveredSpans(relevant, x.from, x.to)).map(([from, to]) => ({ from, to })),
  ).map((x) => [x.from, x.to] as const);
  const statuses = spans.map((x) => coverageStatus(relevant, x.from, x.to));
  const whole = relevantCoverage(all, f, districts, true);
  // An answer about no period that no source matches (Candidate alone, every day of it superseded)
  // is asked of the days the superseded versions held: there GED's release is the answer.
  const wholeRange = coveredRange(whole);
  const superseded = supersededNote(
    all,
    relevant,
    whole,
    spans.length || relevant.length || !wholeRange ? spans : [wholeRange],
    a.countries,
    (w) => answerCountries(w, f, districts),
  );
  return {
    ...a.extra,
    ...(unjudged === null ? {} : { border_unjudged: unjudged }),
    ...(superseded ? { superseded } : {}),
    metrics: a.metrics,
    filter: echoFilter(a.filter),
    desk_events: desk ? 'included' : 'excluded',
    period: a.period,
    // Each with its licence and credit, as the credits part gives them: the numbers keep their terms.
    sources: a.sources.map((x) => ({ ...x, ...sourceLicence(x.source, x.version) })),
    coverage: relevant.map(coverageEntry),
    // A period every day of which some source covers, but not for every country of the answer, is
    // partly covered: a zero there is not a zero for the uncovered country.
    coverage_status: a.period
      ? byCountry.length
        ? 'partly_covered'
        : statuses.every((x) => x === statuses[0])
          ? (statuses[0] ?? 'covered')
          : 'partly_covered'
      : noPeriodStatus(relevant),
    uncovered: a.period ? uncovered.map(([from, to]) => ({ from, to })) : [],
    uncovered_countries: byCountry,
    coverage_warning: a.period
      ? [spansWarning(relevant, spans, desk, loaded), gapsNote, superseded].filter(Boolean).join('; ') || null
      : noPeriodStatus(relevant) &&
        [coverageWarning(relevant, '', '', desk, loaded), superseded].filter(Boolean).join('; '),
    // What the warning's wording rests on, as data: readers tell an empty store by it, not by the text.
    source_versions_loaded: versionsLoaded,
    notes,
  };
}

/**
 * Why the days of a dated filter's period that no source it asks of covers are known all the same:
 * it asks Candidate alone and a final GED release superseded Candidate's events there (the line of
 * `meta.superseded`), or null. For a note about one part of an answer (a side compared, a country
 * of an index) that would otherwise say "nothing is known" there.
 */
export async function supersededWhy(store: Store, f: EventFilter): Promise<string | null> {
  if (!f.from || !f.to) return null;
  const all = await loadCoverage(store);
  const districts =
    f.admin2?.length && !f.country?.length && !f.admin1?.length
      ? (await knownFilterValues(store)).admin2Countries
      : undefined;
  return supersededNote(
    all,
    relevantCoverage(all, f, districts),
    relevantCoverage(all, f, districts, true),
    [{ from: f.from, to: f.to }],
    undefined,
    (w) => answerCountries(w, f, districts),
  );
}

/**
 * Why days an answer asks of Candidate are not covered where a final GED release superseded its
 * events (supersededReason), or null: without it "not covered" reads as "nothing is known", where
 * GED holds the final record of those days. `relevant` is the answer's coverage, `whole` the same
 * with superseded Candidate days kept; the countries are the answer's, else those of `whole`.
 */
function supersededNote(
  all: readonly Coverage[],
  relevant: readonly Coverage[],
  whole: readonly Coverage[],
  spans: readonly { from: string; to: string }[],
  given: string[] | undefined,
  countriesOf: (whole: Coverage[]) => string[],
): string | null {
  const candidate = whole.filter((c) => c.source === 'ucdp-candidate');
  if (!candidate.length) return null;
  const hit = new Set<string>();
  let from = '';
  let to = '';
  for (const country of given ?? countriesOf([...whole]))
    for (const x of spans)
      for (const [a, b] of uncoveredSpans(
        relevant.filter((c) => c.countries.includes(country)),
        x.from,
        x.to,
      ))
        for (const c of candidate)
          if (c.countries.includes(country) && c.firstDate <= b && c.lastDate >= a) {
            hit.add(country);
            const [s, e] = [c.firstDate > a ? c.firstDate : a, c.lastDate < b ? c.lastDate : b];
            if (!from || s < from) from = s;
            if (e > to) to = e;
          }
  return hit.size ? (supersededReason(all, [...hit].sort(), from, to)?.reason ?? null) : null;
}

/**
 * The coverage status of an answer about no period: `not_covered` when no loaded source version
 * matches its filter (nothing is known of any period, so its zero is no zero), else null.
 */
function noPeriodStatus(relevant: readonly Coverage[]): CoverageStatus | null {
  return relevant.length ? null : 'not_covered';
}

/** UCDP's Candidate events yield to a final GED release that covers their country and year: never both. */
const NEVER_TWICE = new Set(['ucdp-candidate|ucdp-ged', 'ucdp-ged|ucdp-candidate']);

/**
 * Whether two of the sources an answer counts could record one incident twice: some two of them
 * cover a common day of the period in a common country (a source without coverage, such as the
 * desk, could meet any other). GED 22.1 (to 2021) and the 2026 Candidate files never meet.
 */
export function sourcesMayOverlap(
  sources: readonly SourceUse[],
  relevant: readonly Coverage[],
  period: { from: string; to: string } | null,
): boolean {
  const names = [...new Set(sources.map((s) => s.source))];
  const spans = (name: string) =>
    relevant.filter(
      (c) =>
        c.source === name &&
        sources.some((s) => s.source === name && s.version === c.version) &&
        (!period || (c.firstDate <= period.to && c.lastDate >= period.from)),
    );
  for (let i = 0; i < names.length; i++)
    for (let j = i + 1; j < names.length; j++) {
      if (NEVER_TWICE.has(`${names[i]}|${names[j]}`)) continue;
      if (!relevant.some((c) => c.source === names[i]) || !relevant.some((c) => c.source === names[j]))
        return true;
      const [x, y] = [spans(names[i]!), spans(names[j]!)];
      if (
        x.some((a) =>
          y.some(
            (b) =>
              [a.firstDate, b.firstDate, period?.from ?? ''].sort().at(-1)! <=
                [a.lastDate, b.lastDate, period?.to ?? '9999-12-31'].sort()[0]! &&
              a.countries.some((c) => b.countries.includes(c)),
          ),
        )
      )
        return true;
    }
  return false;
}

/**
 * A version filter counts the events filed under that version: records a release held unchanged
 * from an earlier one stay filed under the earlier version (docs/importing.md), so the filter leaves
 * them out. Said when a filtered version's imports held such records (the ledger's `unchanged`).
 */
export async function versionsFiledElsewhereNote(store: Store, f: EventFilter): Promise<string | null> {
  if (!f.sourceVersion?.length) return null;
  const imports = await memo(store, 'ledger', () => store.listImports());
  const parts: string[] = [];
  for (const v of f.sourceVersion)
    for (const source of [...new Set(imports.filter((i) => i.version === v).map((i) => i.source))]) {
      if (f.source?.length && !f.source.includes(source)) continue;
      const of = imports.filter((i) => i.version === v && i.source === source);
      const unchanged = of.reduce((n, i) => n + i.unchanged, 0);
      if (unchanged > 0)
        parts.push(
          `${source} ${v}: ${counted(unchanged, 'record')} of its ${grouped(of.reduce((n, i) => n + i.rowsRead, 0))} ${agree(unchanged, 'was', 'were')} unchanged from an earlier version and ${agree(unchanged, 'stays', 'stay')} filed under it`,
        );
    }
  return parts.length
    ? `${parts.join('; ')}: a filter on the version does not count ${parts.length === 1 && !parts[0]!.includes(' 1 record ') ? 'them' : 'such records'} (filter on the source alone for every record of the release)`
    : null;
}

/**
 * The countries an answer is about: the filter's (or those of its provinces or districts, given
 * `districts`), else every country of the relevant coverage.
 */
export function answerCountries(
  relevant: readonly Coverage[],
  f: EventFilter,
  districts?: FilterValues['admin2Countries'],
): string[] {
  return filterCountries(f, districts) ?? [...new Set(relevant.flatMap((c) => c.countries))].sort();
}

/**
 * The period an answer covers: the filter's from/to, with a missing end taken from what the
 * relevant loaded data cover (today's date would show an empty tail as calm), reaching further to
 * the matching published desk events when the filter includes them (`reachedPeriod`).
 */
export async function resolvePeriod(store: Store, f: EventFilter): Promise<{ from: string; to: string }> {
  const today = todayIso();
  return (await reachedPeriod(store, f)) ?? { from: today, to: today };
}

/**
 * The period an answer covers (resolvePeriod), or null when nothing bounds it: no from or to, no
 * relevant loaded source version and no matching published desk event. A missing end is taken from
 * what the relevant source versions cover and, when the filter includes desk events, from the
 * earliest or latest matching one: desk events of December, past datasets that end in July, are
 * in the answer's period (and its coverage warning names those days as covered by no dataset).
 * `all`: the coverage the answer has read already, else it is read here.
 */
export async function reachedPeriod(
  store: Store,
  f: EventFilter,
  all?: readonly Coverage[],
): Promise<{ from: string; to: string } | null> {
  const range = coveredRange(await filterCoverage(store, f, false, all));
  const desk = await deskDates(store, f, range, all);
  let from = f.from ?? earlier(range?.from, desk?.first);
  let to = f.to ?? later(range?.to, desk?.last);
  if (!from && !to) return null;
  // An open side whose held data lie wholly beyond the other bound (`--from 2030` with data to 2026,
  // `--to 1980` with data from 1989), or with no data at all: the open end is today (or, for a start
  // past today, the end of its year) and the open start the first day of the end's year. It was the
  // given day alone, a one-day answer cut short.
  if (f.from && !f.to && (!to || to < f.from))
    to = f.from <= todayIso() ? todayIso() : `${f.from.slice(0, 4)}-12-31`;
  if (f.to && !f.from && (!from || from > f.to)) from = `${f.to.slice(0, 4)}-01-01`;
  return { from: from ?? to!, to: to ?? from! };
}

// The earlier or later of two dates, either of which may be missing.
const earlier = (a?: string, b?: string) => (a && b ? (a < b ? a : b) : (a ?? b));
const later = (a?: string, b?: string) => (a && b ? (a > b ? a : b) : (a ?? b));

/**
 * The start dates of the earliest and latest published desk event matching a filter that includes
 * desk events, on the sides its dates leave open; undefined on a side the datasets' `range` already
 * holds every desk event of (the memoised coverage bounds them all), so that most answers read
 * nothing more, and an answer that does reads one event per open side. `all` as reachedPeriod.
 */
async function deskDates(
  store: Store,
  f: EventFilter,
  range: { from: string; to: string } | null,
  all?: readonly Coverage[],
): Promise<{ first?: string; last?: string } | null> {
  if (!deskIncluded(f) || (f.from && f.to)) return null;
  if (f.source?.length && !f.source.includes(DESK_SOURCE)) return null;
  const desk = (all ?? (await loadCoverage(store))).filter((c) => c.source === DESK_SOURCE);
  if (!desk.length) return null;
  const openFrom = !f.from && (!range || desk.some((c) => c.firstDate < range.from));
  const openTo = !f.to && (!range || desk.some((c) => c.lastDate > range.to));
  if (!openFrom && !openTo) return null;
  const one = async (sort: 'date' | '-date') =>
    (await store.queryListingEvents({ ...f, source: [DESK_SOURCE], sort, limit: 1 })).rows[0]?.dateStart;
  const [first, last] = await Promise.all([
    openFrom ? one('date') : undefined,
    openTo ? one('-date') : undefined,
  ]);
  return { first, last };
}
