/** The compare use case: the rate in one period (or place) against another, with an exact interval. */
import { compareRates } from '../../analytics/trends/rate-ratio.ts';
import type { DeathMetric } from '../../domain/aggregate.ts';
import { InvalidInputError, invalidParam, ParamError } from '../../domain/errors.ts';
import { grouped } from '../../domain/format-number.ts';
import { quoteValue } from '../../domain/quote.ts';
import { agree, counted } from '../../domain/plural.ts';
import type { EventFilter } from '../../domain/query.ts';
import type { Store } from '../../storage/store.ts';
import type { CompareAnswer, Comparison } from '../answers.ts';
import { aggregate, emptyTotals, type Totals } from './aggregate.ts';
import { dedupeBasis, prepareDedupe } from './dedupe.ts';
import { checkFilter, knownFilterValues, parseFilter } from '../filters.ts';
import {
  answerCountries,
  buildMeta,
  datesBeyondNote,
  coveredDays,
  loadCoverage,
  relevantCoverage,
  resolvePeriod,
  supersededWhy,
  uncoveredSpans,
  wholeDates,
} from './meta.ts';
import {
  deskOffCoverage,
  deskOffCoverageNote,
  sourcesCounted,
  type DeskOffCoverage,
} from './compare-desk.ts';
import { samePlace } from './compare-sides.ts';
import { definitionsOf, isDeathMetric, type Metric } from './metrics.ts';
import {
  intervalNote,
  per100kNote,
  populationYearNotes,
  ratioDefinitions,
  rateDefinitions,
  type RateSide,
} from './compare-rates.ts';
import { parseDayRange, rangeDays } from './periods.ts';
import { per100k, populationOf, populationOfFilter, type Population } from './rates.ts';

/** Levels a place comparison can be made at. */
export type PlaceLevel = 'country' | 'admin1' | 'admin2';
export const PLACE_LEVELS: readonly PlaceLevel[] = ['country', 'admin1', 'admin2'];

/** Two periods under one filter, or two places over one period. Side 1 is the reference. */
export type CompareQuery = {
  filter: EventFilter;
  metric?: Metric;
  confidence?: number;
  /** One count per incident across sources (stored linkage, docs/linkage.md). */
  dedupe?: boolean;
  /**
   * `covered` (the default): each side's exposure is the days a loaded source version covers, and a
   * side no source covers has no count. `calendar`: every day of each period, whatever is loaded;
   * for callers that judge partial coverage themselves (claims, briefings).
   */
  exposure?: 'covered' | 'calendar';
  /**
   * `whole` (the default): a record dated only to a month or a year counts in a period only when the
   * period holds all of it, as in a series (the others are named in a note). `start`: on its start
   * date, for the claim checker, whose totals count so (docs/claims.md).
   */
  dates?: 'whole' | 'start';
} & (
  | { kind: 'periods'; period1: string; period2: string }
  | { kind: 'places'; level: PlaceLevel; place1: string; place2: string }
);

/** One flat row: both sides, their exposures in days, the rate ratio (2 over 1), interval and p-value. */
export type { Comparison } from '../answers.ts';

/** A comparison and its meta. */
export type CompareResult = CompareAnswer;

/** Day counts as a note says them: "365", or "366 and 365". */
const dayCounts = (d1: number, d2: number) => (d1 === d2 ? `${d1}` : `${d1} and ${d2}`);
const EXPOSURE_NOTE = (d1: number, d2: number) =>
  `exposure is the days of each period that a loaded source version covers (all of its ${dayCounts(d1, d2)} ${agree(Math.max(d1, d2), 'day', 'days')} when it is covered whole), so the rates per day (rate1_per_day, rate2_per_day) are per covered day and the rate ratio is (count2/covered_days2)/(count1/covered_days1)`;
const CALENDAR_NOTE = (d1: number, d2: number) =>
  `exposure is the true length of each period in days (${dayCounts(d1, d2)}), so the rates per day (rate1_per_day, rate2_per_day) are per day of the period and the rate ratio is (count2/days2)/(count1/days1)`;
const DEATHS_NOTE =
  'deaths come in clusters (one attack can kill dozens), so the Poisson interval and p-value are far too narrow for deaths: read the ratio as a plain ratio, or compare events';

/** parseDayRange, its refusal naming the parameter (`invalid period2: "2021-13" (use ...)`). */
function rangeOf(param: 'period1' | 'period2', v: string) {
  try {
    return parseDayRange(v);
  } catch (e) {
    if (e instanceof InvalidInputError && e.message.startsWith('invalid period: '))
      throw invalidParam(param, e.message.slice('invalid period: '.length));
    throw e;
  }
}

/** What a comparison was asked with, by its API names. */
export type ComparisonAsked = Partial<
  Record<'period1' | 'period2' | 'place1' | 'place2' | 'level' | 'from' | 'to', string>
>;

/**
 * Refuses periods and places asked together (another question than either), quoting what was
 * given; a level given with periods (it is the level of the places, and was ignored); and from or
 * to given with periods, quoted as typed (compareQuery refuses the days they stand for, unquoted).
 */
export function refuseMixedComparison(asked: ComparisonAsked): void {
  const periods = (['period1', 'period2'] as const).filter((k) => asked[k] !== undefined);
  const places = (['place1', 'place2'] as const).filter((k) => asked[k] !== undefined);
  if (periods.length && places.length)
    throw new ParamError(
      (n) =>
        `invalid comparison: ${[...periods, ...places].map((k) => `${n.field(k)} ${quoteValue(asked[k])}`).join(', ')} (give ${n.field('period1')} and ${n.field('period2')}, or ${n.field('place1')} and ${n.field('place2')}, not both)`,
    );
  const bounds = (['from', 'to'] as const).filter((k) => asked[k] !== undefined);
  if (periods.length && bounds.length)
    throw new ParamError(
      (n) =>
        `invalid parameter: ${bounds.map((k) => `${n.field(k)} ${quoteValue(asked[k])}`).join(' and ')} ${bounds.length > 1 ? 'do' : 'does'} not apply when comparing two periods (use ${n.field('period1')} and ${n.field('period2')})`,
    );
  if (periods.length && asked.level !== undefined)
    throw new ParamError(
      (n) =>
        `invalid ${n.field('level')}: ${quoteValue(asked.level)} (it applies to ${n.field('place1')} and ${n.field('place2')}, not to two periods; leave ${n.field('level')} out)`,
    );
}

/**
 * Refuses two periods of the same days (`2021` and `2021-01-01..2021-12-31` too), as the API and the
 * CLI take them: a period compared with itself says nothing. Not in compareQuery: the claim checker
 * compares a claim's baseline with its period as the claim gives them.
 */
export function refuseSamePeriods(period1: string, period2: string): void {
  const [p1, p2] = [rangeOf('period1', period1), rangeOf('period2', period2)];
  if (p1.from === p2.from && p1.to === p2.to)
    throw new ParamError(
      (n) =>
        `invalid comparison: ${n.field('period1')} ${quoteValue(period1)} and ${n.field('period2')} ${quoteValue(period2)} are the same period (name two different periods)`,
    );
}

/**
 * Compares side 2 with side 1 by the exact conditional binomial method (compareRates), with
 * exposures equal to the days of each period a loaded source version covers (or, by calendar, all
 * of them). A side no source covers has a null count and leaves the ratio, interval and test null.
 */
export async function compareQuery(store: Store, q: CompareQuery): Promise<CompareResult> {
  const metric = q.metric ?? 'events';
  let f1: EventFilter, f2: EventFilter;
  let labels: [string, string];
  let period: { from: string; to: string };
  if (q.kind === 'periods') {
    if (q.filter.from || q.filter.to)
      throw new ParamError(
        (n) =>
          `invalid parameter: ${n.field('from')} and ${n.field('to')} do not apply when comparing two periods (use ${n.field('period1')} and ${n.field('period2')})`,
      );
    const [p1, p2] = [rangeOf('period1', q.period1), rangeOf('period2', q.period2)];
    f1 = { ...q.filter, from: p1.from, to: p1.to };
    f2 = { ...q.filter, from: p2.from, to: p2.to };
    labels = [p1.label, p2.label];
    period = { from: p1.from < p2.from ? p1.from : p2.from, to: p1.to > p2.to ? p1.to : p2.to };
  } else {
    if (q.filter[q.level]?.length)
      throw new ParamError(
        (n) =>
          `invalid parameter: ${n.field(q.level)} does not apply when comparing two places at that level (use ${n.field('place1')} and ${n.field('place2')})`,
      );
    period = await resolvePeriod(store, q.filter);
    const base = { ...q.filter, ...period };
    // A refusal names the place's own parameter (`unknown place1: "PK-XX"`), not the filter it is read as.
    const naming = (param: 'place1' | 'place2') => (e: unknown) => {
      throw e instanceof ParamError ? e.renamed(q.level, param) : e;
    };
    const at = (place: string, param: 'place1' | 'place2'): EventFilter => {
      try {
        return { ...base, ...parseFilter({ [q.level]: place }) };
      } catch (e) {
        return naming(param)(e);
      }
    };
    [f1, f2] = [at(q.place1, 'place1'), at(q.place2, 'place2')];
    // A place the loaded data do not know is refused with the nearest ones, as a filter is: never a count of 0.
    for (const [f, param] of [
      [f1, 'place1'],
      [f2, 'place2'],
    ] as const)
      await checkFilter(store, { [q.level]: f[q.level] }).catch(naming(param));
    // Only the API and the CLI compare places, and a place compared with itself says nothing.
    if (await samePlace(store, q.level, f1, f2))
      throw new ParamError(
        (n) =>
          `invalid comparison: ${n.field('place1')} ${quoteValue(q.place1)} and ${n.field('place2')} ${quoteValue(q.place2)} are the same place (name two different places)`,
      );
    labels = [q.place1, q.place2];
  }
  // Two periods: the days between them are no part of the answer, so they are neither linked again
  // nor a gap of its basis when no run covers them.
  const spans = q.kind === 'periods' ? [f1, f2].map((f) => ({ from: f.from!, to: f.to! })) : [period];
  const links = q.dedupe ? await prepareDedupe(store, ...spans) : null;
  const sums = isDeathMetric(metric) ? [metric] : [];
  const byWhole = q.dates !== 'start';
  const counts = [byWhole ? wholeDates(f1) : f1, byWhole ? wholeDates(f2) : f2] as const;
  const [a, b] = await Promise.all([
    total(store, counts[0], sums, q.dedupe),
    total(store, counts[1], sums, q.dedupe),
  ]);
  const basis = links ? await dedupeBasis(store, links, counts, period, spans) : null;
  const count = (t: Totals) => (metric === 'events' ? t.events : (t.sums[metric] ?? 0));
  const unknown = (t: Totals) => (metric === 'events' ? 0 : t.unknown[metric]!);
  const [d1, d2] = [rangeDays(f1.from!, f1.to!), rangeDays(f2.from!, f2.to!)];
  const calendar = q.exposure === 'calendar';
  const coverage = calendar ? [] : await loadCoverage(store);
  // Districts name no country: their countries come from where the loaded events lie.
  const districts =
    !calendar && [f1, f2].some((f) => f.admin2?.length)
      ? (await knownFilterValues(store)).admin2Countries
      : undefined;
  const relevant = (f: EventFilter) => relevantCoverage(coverage, f, districts);
  const [e1, e2] = calendar
    ? [d1, d2]
    : [coveredDays(relevant(f1), f1.from!, f1.to!), coveredDays(relevant(f2), f2.from!, f2.to!)];
  const [pop1, pop2] =
    q.kind === 'places'
      ? [populationOf(q.level, q.place1), populationOf(q.level, q.place2)]
      : [populationOfFilter(q.filter), populationOfFilter(q.filter)];
  // Desk events on days no loaded source version covers: left out of a side's count, as those days are
  // out of its exposure (a rate's numerator and denominator are of the same days); a side no source
  // covers at all has no count, and its desk events are named too, never dropped unsaid.
  const offCoverage = (f: EventFilter, covered: number, days: number) =>
    calendar || covered === days
      ? Promise.resolve(null)
      : deskOffCoverage(store, f, uncoveredSpans(relevant(f), f.from!, f.to!), {
          metrics: sums,
          dedupe: q.dedupe,
          shape: byWhole ? wholeDates : (x) => x,
        });
  const [off1, off2] = await Promise.all([offCoverage(f1, e1, d1), offCoverage(f2, e2, d2)]);
  const offCount = (o: DeskOffCoverage | null) => (!o ? 0 : metric === 'events' ? o.events : o.sums[metric]!);
  const offUnknown = (o: DeskOffCoverage | null) => (!o || metric === 'events' ? 0 : o.unknown[metric]!);
  const [n1, n2] = [
    e1 > 0 ? count(a.totals) - offCount(off1) : null,
    e2 > 0 ? count(b.totals) - offCount(off2) : null,
  ];
  const sides = {
    metric,
    label1: labels[0],
    from1: f1.from!,
    to1: f1.to!,
    days1: d1,
    covered_days1: e1,
    count1: n1,
    unknown1: unknown(a.totals) - offUnknown(off1),
    label2: labels[1],
    from2: f2.from!,
    to2: f2.to!,
    days2: d2,
    covered_days2: e2,
    count2: n2,
    unknown2: unknown(b.totals) - offUnknown(off2),
  };
  const people = {
    population1: pop1?.population ?? null,
    population2: pop2?.population ?? null,
    rate1_per_100k: n1 === null ? null : per100k(n1, pop1?.population ?? null),
    rate2_per_100k: n2 === null ? null : per100k(n2, pop2?.population ?? null),
  };
  // An uncovered side is run as 0 over its whole period only so the confidence is checked; nothing
  // else of that test is kept: no zero is known there, so no ratio, interval or p-value either.
  const known = n1 !== null && n2 !== null;
  const r = compareRates({
    count1: n1 ?? 0,
    exposure1: e1 || d1,
    count2: n2 ?? 0,
    exposure2: e2 || d2,
    confidence: q.confidence,
  });
  // Two places of different size: the same test with each day's exposure weighted by the place's
  // people, so the ratio compares rates per person (the plain one compares rates per day).
  const perPerson =
    q.kind === 'places' && known && pop1 && pop2
      ? compareRates({
          count1: n1,
          exposure1: ((e1 || d1) * pop1.population) / 1e5,
          count2: n2,
          exposure2: ((e2 || d2) * pop2.population) / 1e5,
          confidence: q.confidence,
        })
      : null;
  // What is known of each side no source asked of covers: nothing, or, asked of Candidate alone on
  // days GED superseded, GED's record (the release is named, not "nothing is known").
  const uncovered = await Promise.all(
    (
      [
        [n1, `side 1 (${labels[0]})`, f1],
        [n2, `side 2 (${labels[1]})`, f2],
      ] as const
    )
      .filter(([n]) => n === null)
      .map(async ([, side, f]) => ({
        side,
        known: (await supersededWhy(store, f)) ?? 'nothing is known there (not zero)',
      })),
  );
  const unknownSides = uncovered.every((u) => u.known === uncovered[0]!.known)
    ? `${uncovered.map((u) => u.side).join(' and ')}: ${uncovered[0]?.known}`
    : uncovered.map((u) => `${u.side}: ${u.known}`).join('; nor of ');
  const comparison: Comparison = {
    ...sides,
    rate1_per_day: n1 === null ? null : r.rate1,
    rate2_per_day: n2 === null ? null : r.rate2,
    ...people,
    rate_ratio: known ? r.rateRatio : null,
    ci_low: known ? r.ciLow : null,
    ci_high: known ? r.ciHigh : null,
    confidence: r.confidence,
    p_value: known ? r.pValue : null,
    rate_ratio_per_person: perPerson?.rateRatio ?? null,
    ci_low_per_person: perPerson?.ciLow ?? null,
    ci_high_per_person: perPerson?.ciHigh ?? null,
    p_value_per_person: perPerson?.pValue ?? null,
    method: r.method,
    note: known
      ? (r.note ?? null)
      : `no loaded source version covers any day of ${unknownSides}, so there is no rate ratio`,
  };
  const notes = [
    (calendar ? CALENDAR_NOTE : EXPOSURE_NOTE)(d1, d2),
    ...(links ? [links.note] : []),
    ...(basis?.note ? [basis.note] : []),
  ];
  // A side covered in part: its count and rate rest on the covered days only.
  for (const [side, f, days, covered] of [
    [1, f1, d1, e1],
    [2, f2, d2, e2],
  ] as const)
    if (covered > 0 && covered < days) {
      const gaps = uncoveredSpans(relevant(f), f.from!, f.to!).map(([x, y]) =>
        x === y ? x : `${x} to ${y}`,
      );
      notes.push(
        `side ${side} (${labels[side - 1]}) is covered on ${grouped(covered)} of its ${grouped(days)} days (no loaded source version covers ${gaps.join(', ')}): its count is of those days, and its rate per covered day`,
      );
    }
  for (const [side, off, covered] of [
    [`side 1 (${labels[0]})`, off1, e1],
    [`side 2 (${labels[1]})`, off2, e2],
  ] as const) {
    const deskNote = deskOffCoverageNote(side, off, covered === 0);
    if (deskNote) notes.push(deskNote);
  }
  if (!known) notes.push(comparison.note!);
  // Two places, one without a population figure: no rate per person, and why.
  if (q.kind === 'places' && known && !perPerson) {
    const missing = [pop1 ? null : labels[0], pop2 ? null : labels[1]].filter((x): x is string => x !== null);
    notes.push(
      `no rate per person: faultline has no population figure for ${missing.join(' or ')} (Pakistan's 2023-census districts and provinces, Afghanistan's provinces and both countries have one; Gilgit-Baltistan, AJK and Afghan districts do not)`,
    );
  }
  // A final release against a preliminary one: part of the ratio may be the releases' own.
  if (q.kind === 'periods' && known) {
    const kinds = (used: readonly { source: string }[]) => [...new Set(used.map((x) => x.source))].sort();
    const [k1, k2] = [kinds(a.sources), kinds(b.sources)];
    const ucdp = (k: string[]) => k.length === 1 && (k[0] === 'ucdp-ged' || k[0] === 'ucdp-candidate');
    if (ucdp(k1) && ucdp(k2) && k1[0] !== k2[0])
      notes.push(
        `side 1 (${labels[0]}) counts ${k1[0]} and side 2 (${labels[1]}) ${k2[0]}: UCDP's final release (GED) and its monthly Candidate release differ in revision (Candidate events are preliminary and can change or go when GED covers them), so part of the ratio may be the releases', not the violence's`,
      );
    else if (k1.join() !== k2.join() && k1.length && k2.length)
      notes.push(
        `the two sides count different sources (side 1: ${k1.join(', ')}; side 2: ${k2.join(', ')}): part of the ratio may be the sources' coverage and coding, not the violence's`,
      );
  }
  if (perPerson)
    notes.push(
      `rate_ratio compares the places per covered day, not per person; rate_ratio_per_person weights each day by the place's people (${labels[0]} ${grouped(pop1!.population)}, ${labels[1]} ${grouped(pop2!.population)}): (count2/(covered_days2 x population2))/(count1/(covered_days1 x population1))`,
    );
  // Records dated only to a month or a year that a side holds in part: not counted, and said so.
  if (byWhole)
    for (const [side, f] of [
      [1, f1],
      [2, f2],
    ] as const) {
      const beyond = await datesBeyondNote(store, f, `side ${side} (${labels[side - 1]})`);
      if (beyond) notes.push(beyond);
    }
  // Two periods over several countries can count different ones: with the bundled data 2021 is
  // Pakistan alone (GED 22.1) and 2026 both countries (the Candidate files).
  if (!calendar && q.kind === 'periods' && known) {
    const countriesOn = (f: EventFilter) =>
      answerCountries(relevant(f), f, districts).filter(
        (c) =>
          coveredDays(
            relevant(f).filter((x) => x.countries.includes(c)),
            f.from!,
            f.to!,
          ) > 0,
      );
    const [c1, c2] = [countriesOn(f1), countriesOn(f2)];
    if (c1.join() !== c2.join())
      notes.push(
        `the two sides do not count the same countries: side 1 (${labels[0]}) counts ${c1.join(' and ') || 'none'}, side 2 (${labels[1]}) ${c2.join(' and ') || 'none'}, as no loaded source version covers the others there; the rate ratio compares different places (filter by country to compare like with like)`,
      );
  }
  if (isDeathMetric(metric)) notes.push(DEATHS_NOTE);
  if (comparison.unknown1 || comparison.unknown2)
    notes.push(
      `${counted(comparison.unknown1, 'event')} on side 1 and ${grouped(comparison.unknown2)} on side 2 have ${metric} unknown and add nothing to the counts`,
    );
  // What each rate counts, in meta.metrics and (per 100,000 people) under the table: per 100,000 of
  // which people (whose figure, from which source and year), over which days; read without it, a
  // reader takes them per year or per day. It names the population figures, as series' note does.
  const rateSide = (
    n: 1 | 2,
    f: EventFilter,
    days: number,
    covered: number,
    count: number | null,
    population: Population | null,
  ): RateSide => ({
    n,
    label: labels[n - 1],
    from: f.from!,
    to: f.to!,
    days,
    covered,
    count,
    population,
    noPopulation:
      q.kind === 'places'
        ? `faultline has no population figure for ${labels[n - 1]}`
        : 'the filter names no one country, province or district with a population figure',
  });
  const rateSides = [rateSide(1, f1, d1, e1, n1, pop1), rateSide(2, f2, d2, e2, n2, pop2)];
  const rateNote = per100kNote(metric, calendar, rateSides);
  if (rateNote) notes.push(rateNote);
  notes.push(...populationYearNotes(rateSides));
  // The interval's level is the one asked: a table of ci_low and ci_high does not say it otherwise.
  if (known) notes.push(intervalNote(r.confidence));
  const filter = q.kind === 'periods' ? q.filter : { ...q.filter, ...period };
  const meta = await buildMeta(store, {
    // Two places: the countries of the places (PAK against IND is about those two, not AFG).
    ...(q.kind === 'places'
      ? {
          countries: [
            ...new Set([
              ...answerCountries(relevant(f1), f1, districts),
              ...answerCountries(relevant(f2), f2, districts),
            ]),
          ].sort(),
        }
      : {}),
    metrics: {
      ...definitionsOf([metric]),
      ...rateDefinitions(metric, calendar, rateSides),
      ...ratioDefinitions(r.confidence, calendar),
    },
    filter,
    period,
    // Two periods: their coverage is that of the two, not of the days between them (2021 against 2026
    // is covered on both sides, the gap 2022-2025 in between is no part of the comparison).
    ...(q.kind === 'periods' ? { spans } : {}),
    // Two places: each side counts its covered days only, so desk events where its country is not
    // covered are left out of its count (and named in a note), not shown alone there.
    ...(q.kind === 'places' ? { deskLeftOutOfGaps: true } : {}),
    sources: sourcesCounted([...a.sources, ...b.sources], [off1, off2]),
    notes,
    extra: {
      ...(q.kind === 'periods' ? { compare: 'periods' } : { compare: 'places', level: q.level }),
      ...(basis ? { dedupe: true, linkage: basis.linkage } : {}),
    },
  });
  return { comparison, meta };
}

async function total(store: Store, filter: EventFilter, metrics: DeathMetric[], dedupe?: boolean) {
  const folded = await aggregate(store, { filter, dedupe, metrics });
  const totals = [...folded.cells.values()][0] ?? emptyTotals();
  return { totals, sources: folded.sources };
}
