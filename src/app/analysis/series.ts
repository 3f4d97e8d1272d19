/** The series use case: dense counts per period (and group) with what they count and where they come from. */
import { dayNumber, isoDate } from '../../analytics/aggregate/dates.ts';
import { densePeriods, periodBounds, periodCount, type Interval } from '../../analytics/aggregate/periods.ts';
import { ACTORS } from '../../domain/actors.ts';
import { deskIncluded, type EventFilter } from '../../domain/query.ts';
import type { GroupBy } from '../../domain/aggregate.ts';
import type { Coverage, Store } from '../../storage/store.ts';
import type { ImprecisePoint, SeriesAnswer, SeriesPoint } from '../answers.ts';
import { ExportTooLargeError } from '../errors.ts';
import { TimeSlice } from '../loop-turn.ts';
import { knownFilterValues } from '../filters.ts';
import { iso3Of } from '../../ingest/countries.ts';
import { ADMIN1_UNITS } from '../../geo/units.ts';
import { pakistanDistricts } from '../../geo/pakistan-districts.ts';
import { agree, counted } from '../../domain/plural.ts';
import { aggregate, emptyTotals, type Totals } from './aggregate.ts';
import { dedupeBasis, prepareDedupe } from './dedupe.ts';
import {
  buildMeta,
  coverageStatus,
  filterCoverage,
  partlyCovered,
  partlyCoveredNote,
  cutPeriods,
  cutPeriodsNote,
  resolvePeriod,
} from './meta.ts';
import { definitionsOf, isDeathMetric, METRICS, UNKNOWN_DEFINITION, type Metric } from './metrics.ts';
import { noBoundariesNote } from './boundaries-note.ts';
import {
  per100k,
  PER_100K_DEFINITION,
  type Population,
  populationAgeNote,
  populationNote,
  populationOf,
  populationOfFilter,
} from './rates.ts';

/** A series request: filters, bucket interval, optional split, metrics (default all). */
export interface SeriesQuery {
  filter: EventFilter;
  interval: Interval;
  groupBy?: GroupBy;
  metrics?: Metric[];
  /** Add `<metric>_per_100k` beside each metric for groups (or the filtered unit) with a population. */
  per100k?: boolean;
  /** One count per incident across sources (stored linkage, docs/linkage.md). */
  dedupe?: boolean;
}

export type { ImprecisePoint, SeriesPoint } from '../answers.ts';

/** A dense series, its imprecise-date band (empty when every record fits a period) and its meta. */
export type SeriesResult = SeriesAnswer;

/**
 * Points from which the API builds and renders a series on a compute worker rather than on its
 * event loop (a daily series by province over decades has about 100,000; a monthly one, dozens).
 */
export const OFFLOAD_SERIES_POINTS = 10_000;

/** Most rows a series may have before it must be narrowed (periods x groups). */
export const MAX_SERIES_ROWS = 100_000;

/**
 * Most metric values one series answer of the API holds (points x metrics, twice that with
 * per_100k): about 11 MB of JSON. 100,000 points of every metric with rates were 68 MB.
 */
export const MAX_SERIES_VALUES = 200_000;

/**
 * A series' notes for an answer built on it that has no `imprecise` band of its own (signals, change
 * points): the note on records dated too coarsely for the series says they are left out.
 */
export function notesWithoutBand(notes: readonly string[]): string[] {
  return notes.map((n) =>
    n.replace(
      / (is|are) in `imprecise` under (its|their) own (.+?), not in any (\w+) of the series/,
      (_, verb: string, _own: string, _p: string, interval: string) =>
        ` ${verb} not counted: ${verb === 'is' ? 'it lies' : 'they lie'} in no ${interval} of the series (a series lists ${verb === 'is' ? 'it' : 'them'} in \`imprecise\`)`,
    ),
  );
}

/** Writes a cell's metrics into a point. */
export function pointValues(t: Totals, metrics: readonly Metric[]): Record<string, number | null> {
  return writeValues(t, metrics, {}) as Record<string, number | null>;
}

/** Writes a cell's metrics into `out` after its keys and returns it. */
function writeValues(t: Totals, metrics: readonly Metric[], out: Record<string, unknown>) {
  for (const m of metrics) {
    if (m === 'events') out.events = t.events;
    else {
      out[m] = t.sums[m]!;
      out[`${m}_unknown`] = t.unknown[m]!;
    }
  }
  return out;
}

/**
 * What a dense series is built from, read from the store: the periods, each group's sparse cells
 * (periods with events), label and population, the coverage that decides which empty periods are
 * null rather than zero, the imprecise band and the meta. Plain data, so a compute worker can
 * build and render a large series off the server's event loop (compute-tasks.ts).
 */
export interface SeriesInputs {
  metrics: Metric[];
  groupBy: GroupBy | null;
  per100k: boolean;
  periods: string[];
  groups: {
    key: string | null;
    label: string | null;
    population: number | null;
    cells: Map<string | null, Totals> | null;
    /**
     * The country of a province, district or side of the border: its empty periods are null where no
     * loaded source covers that country, whatever covers the others. Null for other splits.
     */
    country: string | null;
    /**
     * The source of a split by source: its empty periods are null where that source covers nothing
     * (GED 22.1 in 2026, the desk anywhere), whatever the others cover. Null for other splits.
     */
    source: string | null;
  }[];
  /** The loaded coverage that bears on the filter. */
  relevant: Coverage[];
  imprecise: ImprecisePoint[];
  meta: SeriesAnswer['meta'];
}

/**
 * Dense series: every period of `interval` from the filter's `from` to its `to` (taken from the
 * loaded data's coverage when absent), zeros where nothing was recorded, null sums where events
 * exist but none reports the figure. Split by a group, every group seen gets every period.
 */
export async function querySeries(
  store: Store,
  q: SeriesQuery,
  maxRows = MAX_SERIES_ROWS,
): Promise<SeriesResult> {
  return denseSeries(await seriesInputs(store, q, maxRows));
}

/** A series' points: the groups times the periods (what `denseSeries` will build). */
export function seriesSize(inputs: Pick<SeriesInputs, 'periods' | 'groups'>): number {
  return inputs.periods.length * inputs.groups.length;
}

/** A series' metric values: its points times its metrics, twice that with rates per 100,000 (what its size grows with). */
export function seriesValues(
  inputs: Pick<SeriesInputs, 'periods' | 'groups' | 'metrics' | 'per100k'>,
): number {
  return seriesSize(inputs) * inputs.metrics.length * (inputs.per100k ? 2 : 1);
}

/** Reads what a dense series is built from (see SeriesInputs); refuses a series over `maxRows` points. */
export async function seriesInputs(
  store: Store,
  q: SeriesQuery,
  maxRows = MAX_SERIES_ROWS,
): Promise<SeriesInputs> {
  const metrics = q.metrics?.length ? q.metrics : [...METRICS];
  const period = await resolvePeriod(store, q.filter);
  const filter: EventFilter = { ...q.filter, from: period.from, to: period.to };
  // Refuse a range too long before listing its periods: listing millions of days takes seconds.
  const count = periodCount(period.from, period.to, q.interval);
  if (count > maxRows) throw new ExportTooLargeError(count, maxRows);
  const periods = listPeriods(period.from, period.to, q.interval);
  if (periods.length > maxRows) throw new ExportTooLargeError(periods.length, maxRows);
  const links = q.dedupe ? await prepareDedupe(store, filter) : null;
  const folded = await aggregate(store, {
    filter,
    unit: q.interval,
    groupBy: q.groupBy,
    dedupe: q.dedupe,
    metrics: metrics.filter(isDeathMetric),
  });
  // Split by province or district, the units the filter names without an event are listed too:
  // a zero (where a source covers them) is an answer, an absent row reads as "not in the data".
  const quiet = q.groupBy ? quietUnits(q.groupBy, filter, folded.groups) : new Map<string, QuietUnit>();
  const keys = q.groupBy
    ? [...folded.groups.keys(), ...quiet.keys()].sort((a, b) =>
        a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0,
      )
    : [null];
  if (periods.length * keys.length > maxRows)
    throw new ExportTooLargeError(periods.length * keys.length, maxRows);
  const used = new Map<string, Population>();
  const populationFor = (g: string | null): Population | null => {
    if (!q.per100k) return null;
    const found =
      q.groupBy === 'admin1' || q.groupBy === 'admin2'
        ? populationOf(q.groupBy, g)
        : populationOfFilter(filter);
    if (found) used.set(found.code, found);
    return found;
  };
  const countryOf = await groupCountries(store, q.groupBy);
  const groups = keys.map((g) => ({
    key: g,
    label: q.groupBy
      ? groupLabel(q.groupBy, g, folded.groups.get(g) ?? (g === null ? null : (quiet.get(g)?.name ?? null)))
      : null,
    population: populationFor(g)?.population ?? null,
    cells: folded.byGroup.get(g) ?? null,
    country: g === null ? null : (quiet.get(g)?.country ?? countryOf(g)),
    source: q.groupBy === 'source' ? g : null,
  }));
  const imprecise: ImprecisePoint[] = [...folded.bands.values()]
    .sort((a, b) => cmp(a.period, b.period) || cmp(a.precision, b.precision) || cmp(a.group, b.group))
    .map((t) => {
      const head = q.groupBy
        ? { group: t.group, group_label: groupLabel(q.groupBy, t.group, folded.groups.get(t.group) ?? null) }
        : {};
      return {
        period: t.period,
        precision: t.precision,
        ...head,
        ...pointValues(t, metrics),
      } as ImprecisePoint;
    });
  // The runs the links came from, and the parts of the period no run covers (counted one per record).
  const basis = links ? await dedupeBasis(store, links, [filter], period) : null;
  const notes: string[] = links ? [links.note, ...(basis?.note ? [basis.note] : [])] : [];
  if (imprecise.length) {
    const n = [...folded.bands.values()].reduce((a, t) => a + t.events, 0);
    const precisions = [...new Set(imprecise.map((p) => p.precision))].join(' or ');
    notes.push(
      `${counted(n, 'event')} dated only to the ${precisions} ${n === 1 ? 'is' : 'are'} in \`imprecise\` under ${n === 1 ? 'its' : 'their'} own ${precisions}, not in any ${q.interval} of the series (docs/methods.md)`,
    );
  }
  if (q.groupBy === 'actor')
    notes.push(
      'split by actor: an event naming two registry actors counts once for each, and events naming none are left out, so groups do not add up to the total',
    );
  if (quiet.size)
    notes.push(
      `${counted(quiet.size, q.groupBy === 'admin1' ? 'province' : 'district')} of the filter's ${q.groupBy === 'admin1' ? 'countries' : 'provinces'} without events ${agree(quiet.size, 'is', 'are')} listed: zeros where a loaded source covers ${agree(quiet.size, 'it', 'them')}, empty where none does`,
    );
  if (q.groupBy && keys.includes(null))
    notes.push(
      'group null holds events without a value for the split (for example events not placed in a unit)',
    );
  const boundaries =
    q.groupBy === 'admin1' || q.groupBy === 'admin2' ? noBoundariesNote(filter.country) : null;
  if (boundaries) notes.push(boundaries);
  // A period the loaded sources cover only in part (the last month of a release, a quarter it ends
  // in) reads low beside whole ones: named in the meta and a note, never left to look like a drop.
  const relevant = await filterCoverage(store, filter);
  const partly =
    q.interval === 'day'
      ? []
      : partlyCovered(
          relevant,
          periods.map((key) => ({ key, ...periodBounds(key) })),
          period.from,
          period.to,
        );
  const partlyNote = partlyCoveredNote(partly, deskIncluded(filter));
  if (partlyNote) notes.push(partlyNote);
  // The first and last periods the answer's own dates cut short (the year a release ends in, when
  // the answer runs to the data's last day) are no more comparable with whole ones: named too.
  const cut =
    q.interval === 'day'
      ? []
      : cutPeriods(
          [...new Set([periods[0], periods.at(-1)])]
            .filter((k) => k !== undefined)
            .map((key) => ({ key, ...periodBounds(key) })),
          period.from,
          period.to,
        );
  const cutNote = cutPeriodsNote(cut);
  if (cutNote) notes.push(cutNote);
  const defs: Record<string, string> = definitionsOf(metrics);
  if (metrics.some(isDeathMetric)) defs['<metric>_unknown'] = UNKNOWN_DEFINITION;
  if (q.per100k) {
    defs['<metric>_per_100k'] = PER_100K_DEFINITION;
    // A rate of a month is a month's count, not a yearly rate: the table's columns do not say so.
    notes.push(
      populationNote([...used.values()], `${q.interval === 'day' ? 'a day' : `a ${q.interval}`}'s count`) ??
        noPopulationNote(filter, q.groupBy),
    );
    const age = populationAgeNote([...used.values()], period.from, period.to);
    if (age) notes.push(age);
  }
  const base = await buildMeta(store, {
    metrics: defs,
    filter,
    period,
    sources: folded.sources,
    notes,
    extra: {
      interval: q.interval,
      group_by: q.groupBy ?? null,
      periods: periods.length,
      ...(basis ? { dedupe: true, linkage: basis.linkage } : {}),
    },
  });
  return {
    metrics,
    groupBy: q.groupBy ?? null,
    per100k: !!q.per100k,
    periods,
    groups,
    // A period no loaded source version covers has no figures (null), not zeros.
    relevant,
    imprecise,
    meta: { ...base, partly_covered: partly, cut_periods: cut },
  };
}

/**
 * Builds the dense series from its inputs: one point per group and period, the cell's figures, zero
 * where a covered period has no cell, null where no loaded source covers it. Pure: no store.
 */
export async function denseSeries(inputs: SeriesInputs): Promise<SeriesResult> {
  const { metrics, groupBy, relevant } = inputs;
  // Only a period without a cell can be uncovered: the status is worked out for those alone, once
  // each (for a group of one country, against what covers that country).
  const notCovered = new Map<string, boolean>();
  const ofCountry = new Map<string, Coverage[]>();
  const uncovered = (p: string, country: string | null, source: string | null): boolean => {
    const k = `${country ?? ''}\u0000${source ?? ''}\u0000${p}`;
    let v = notCovered.get(k);
    if (v === undefined) {
      const b = periodBounds(p);
      let cover = relevant;
      if (country !== null) {
        cover = ofCountry.get(country) ?? relevant.filter((c) => c.countries.includes(country));
        ofCountry.set(country, cover);
      }
      if (source !== null) cover = cover.filter((c) => c.source === source);
      notCovered.set(k, (v = coverageStatus(cover, b.start, b.end) === 'not_covered'));
    }
    return v;
  };
  const points: SeriesPoint[] = [];
  // Dense daily series have tens of thousands of points: the loop gives the event loop turns.
  const slice = new TimeSlice();
  const empty = emptyTotals();
  const valueKeys = Object.keys(pointValues(empty, metrics));
  // The clock is read every 64 points, not at each: a point takes about a microsecond, and reading
  // the clock for each was a tenth of a daily series' build.
  let n = 0;
  for (const { key: g, label, population, cells, country, source } of inputs.groups) {
    for (const p of inputs.periods) {
      if ((++n & 63) === 0 && slice.due) await slice.turn();
      const cell = cells?.get(p);
      // One object a point, written in place: tens of thousands of points make garbage count.
      const point = writeValues(
        cell ?? empty,
        metrics,
        groupBy ? { period: p, group: g, group_label: label } : { period: p },
      );
      if (!cell && uncovered(p, country, source)) for (const k of valueKeys) point[k] = null;
      if (inputs.per100k) {
        for (const m of metrics) point[`${m}_per_100k`] = per100k(point[m] as number | null, population);
        point.population = population;
      }
      points.push(point as SeriesPoint);
    }
  }
  return { points, imprecise: inputs.imprecise, meta: inputs.meta };
}

/**
 * densePeriods, with days listed straight from the day numbers: a day's key is its date, and
 * densePeriods parses every key it makes (four patterns tried before the day's).
 */
function listPeriods(from: string, to: string, interval: Interval): string[] {
  const [a, b] = [dayNumber(from), dayNumber(to)];
  if (interval !== 'day' || a === null || b === null || b < a) return densePeriods(from, to, interval);
  const days: string[] = [];
  for (let d = a; d <= b; d++) days.push(isoDate(d));
  return days;
}

const cmp = (a: string | null, b: string | null): number =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1;

const actorNames = new Map(ACTORS.map((a) => [a.id, a.name]));

/** A readable name for a group key: the unit's name, the registry actor's name, or nothing. */
/**
 * The country of a group's key, for the splits whose groups lie in one country: a province (its
 * ISO 3166-2 code names it), a district (from the districts the loaded events lie in) and a side of
 * the border (the key is the country). Null for the others, and for a key of no known country.
 */
async function groupCountries(
  store: Store,
  by: GroupBy | undefined,
): Promise<(key: string) => string | null> {
  if (by === 'admin1') return (key) => iso3Of(key.split('-')[0]!);
  if (by === 'border_side') return (key) => (/^[A-Z]{3}$/.test(key) ? key : null);
  if (by === 'admin2') {
    const districts = new Map<string, string | null>();
    for (const d of (await knownFilterValues(store)).admin2Countries) {
      const k = d.value.toLowerCase();
      // A name two countries share names no one country.
      districts.set(k, districts.has(k) && districts.get(k) !== d.country ? null : d.country);
    }
    return (key) => districts.get(key.toLowerCase()) ?? null;
  }
  return () => null;
}

function groupLabel(by: GroupBy, key: string | null, seen: string | null): string | null {
  if (key === null) return 'not known';
  return by === 'actor' ? (actorNames.get(key) ?? null) : seen;
}

/**
 * Why no rate could be given: a filter naming several units of one level (a rate needs one place,
 * or a split by it), else no unit with a population figure.
 */
function noPopulationNote(filter: EventFilter, groupBy: SeriesQuery['groupBy']): string {
  const several = (['admin2', 'admin1', 'country'] as const).find((k) => (filter[k]?.length ?? 0) > 1);
  if (several && groupBy !== 'admin1' && groupBy !== 'admin2')
    return `every rate is null: a rate is per place, and the filter names ${filter[several]!.length} ${several === 'country' ? 'countries' : several === 'admin1' ? 'provinces' : 'districts'} (split with --by ${several === 'country' ? 'admin1' : several} (API: by) for a rate each)`;
  return 'no group of this series has a population figure, so every rate is null';
}

/** A unit a split lists without an event: its name and country. */
interface QuietUnit {
  name: string;
  country: string;
}

/**
 * The provinces (of the filter's countries, or the provinces it names by code) or Pakistani 2023
 * districts (of the provinces it names by code, or of Pakistan) that a split by admin1 or admin2
 * holds no event for. None without such a filter: an unfiltered split lists what the data hold.
 */
function quietUnits(
  by: GroupBy,
  f: EventFilter,
  seen: ReadonlyMap<string | null, unknown>,
): Map<string, QuietUnit> {
  const out = new Map<string, QuietUnit>();
  if ((by !== 'admin1' && by !== 'admin2') || f.admin2?.length) return out;
  const codes = f.admin1?.length
    ? f.admin1.every((a) => /^[A-Z]{2}-[A-Z0-9]{2,3}$/.test(a))
      ? f.admin1
      : null
    : undefined;
  if (codes === null) return out;
  const countries = f.country?.length ? f.country : codes ? undefined : null;
  if (countries === null) return out;
  const wanted = (country: string, province: string) =>
    (!countries || countries.includes(country)) && (!codes || codes.includes(province));
  if (by === 'admin1') {
    for (const u of ADMIN1_UNITS)
      if (wanted(u.country, u.code) && !seen.has(u.code))
        out.set(u.code, { name: u.name, country: u.country });
  } else {
    for (const d of pakistanDistricts().units)
      if (wanted('PAK', d.parentCode!) && !seen.has(d.code!))
        out.set(d.code!, { name: d.name, country: 'PAK' });
  }
  return out;
}
