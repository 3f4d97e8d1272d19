/**
 * The relations use case: a country pair's relations index per period, from every dyad index the
 * store holds (bundled: the GDELT-derived daily index of gzemo/gdelt-graph-data; a barometer built
 * from fetched GDELT rows would be a second series of the same answer). See docs/relations.md.
 */
import { grouped } from '../../domain/format-number.ts';
import { dayNumber } from '../../analytics/aggregate/dates.ts';
import {
  densePeriods,
  parsePeriod,
  periodBounds,
  periodCount,
  type Interval,
} from '../../analytics/aggregate/periods.ts';
import { ExportTooLargeError, RelationsTooLargeError } from '../errors.ts';
import { MAX_SERIES_ROWS } from '../analysis/series.ts';
import { createRng } from '../../analytics/forecast/rng.ts';
import { InvalidInputError, invalidParam, periodReversed } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';
import { DYAD_INDEX_DESCRIPTIONS } from '../../ingest/dyad-index/dyad-index-schema.ts';
import { toIso3 } from '../../ingest/countries.ts';
import type { RelationsFigure } from '../../claims/claim-sources.ts';
import type { DyadIndexSource, Store } from '../../storage/store.ts';
import type { RelationsAnswer, RelationsPoint, RelationsSeries } from '../answers.ts';
import { barometerSeries, GDELT_EXPORTS_A_DAY } from './barometer.ts';
import { meanShifts } from './mean-shifts.ts';
import { uncoveredSpans } from './uncovered-spans.ts';
import type { GdeltOrigin, GdeltUnkeptDay } from '../../domain/gdelt-barometer.ts';
import { sourceLicence } from '../data-credits.ts';
import { agree, counted } from '../../domain/plural.ts';

/** What to answer: a pair, an interval and optionally a range (dates or period keys). */
export interface RelationsQuery {
  a: string;
  b: string;
  interval: Interval;
  from?: string;
  to?: string;
  /** Only events with actor 1 in `a` and actor 2 in `b` (faultline's barometer; the bundled index is undirected). */
  directed?: boolean;
  /** A period (2022-04) whose top event codes and source URLs the barometer lists. */
  behind?: string;
}

/**
 * How to answer. `valuesOnly`: each period's figures without what is estimated around them (no
 * bootstrap interval: ci_low and ci_high null; no change points: none listed, penalty null; its
 * meta.method says so), for a caller that reads only the values, as a forecast's covariates do:
 * the intervals were about nine tenths of the answer's CPU. The values are the same either way.
 */
export interface RelationsOptions {
  valuesOnly?: boolean;
  /**
   * Most points (periods x series) the answer may hold: over it, RelationsTooLargeError before any
   * point is computed (the API's limit; months to year 9999 built 95,760 points to refuse them).
   */
  maxPoints?: number;
}

/** What meta.method says of the intervals and change points of an answer asked for its values only. */
const NOT_COMPUTED = 'not computed (the answer was asked for its values only)';

/** The licence of an index the credits part does not know (none is bundled), worded as the `licences:` line words it. */
const UNKNOWN_TERMS = 'terms unknown to faultline';

/** Bootstrap draws per period, and the seed (fixed: the same data give the same interval). */
const DRAWS = 1000;
const SEED = 14;
/** Fewest days covered for a bootstrap interval to mean anything. */
const MIN_DAYS_FOR_INTERVAL = 5;

/** Checks a country code given as `name` (a pair's `a` or `b`): `invalid a: "XYZ" (use an ISO 3166-1 alpha-3 code such as PAK)`. */
export function parsePairCountry(v: string, name = 'country'): string {
  const code = v.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code) || toIso3(code) !== code)
    throw invalidParam(name, `${quoteValue(v)} (use an ISO 3166-1 alpha-3 code such as PAK)`);
  return code;
}

/** parsePeriod, its error naming the parameter (`invalid from: "2024-02-30" (use ...)`). */
function periodOf(name: string, value: string) {
  try {
    return parsePeriod(value);
  } catch (e) {
    if (e instanceof InvalidInputError && e.message.startsWith('invalid period: '))
      throw invalidParam(name, e.message.slice('invalid period: '.length));
    if (e instanceof InvalidInputError)
      throw new InvalidInputError(e.message.replace(/^invalid period:/, `invalid ${name}:`));
    throw e;
  }
}

/**
 * The relations index of a pair per period, from every loaded dyad index. `indexes`: the store's
 * dyadIndexSources() when the caller has read them already (a briefing asks for three pairs).
 */
export async function relationsQuery(
  store: Store,
  q: RelationsQuery,
  indexes?: readonly DyadIndexSource[],
  options: RelationsOptions = {},
): Promise<RelationsAnswer> {
  const estimates = options.valuesOnly !== true;
  const a = parsePairCountry(q.a, 'a');
  const b = parsePairCountry(q.b, 'b');
  if (a === b)
    throw new InvalidInputError(
      `invalid pair: ${quoteValue(a)} ${quoteValue(b)} (name two different countries)`,
    );
  const [countryA, countryB] = [a, b].sort() as [string, string];
  const sources = (indexes ?? (await store.dyadIndexSources())).filter((s) =>
    s.pairs.includes(`${countryA}-${countryB}`),
  );
  const origins = (await store.gdeltOrigins?.()) ?? [];
  // An empty end is refused by periodOf (it was read as no end), as the API refuses `from=`.
  let from =
    q.from !== undefined
      ? periodOf('from', q.from).start
      : [...sources.map((s) => s.firstDate), ...origins.map((o) => o.firstDay)].sort()[0];
  let to =
    q.to !== undefined
      ? periodOf('to', q.to).end
      : [...sources.map((s) => s.lastDate), ...origins.map((o) => o.lastDay)].sort().at(-1);
  if (from && to && from > to) {
    if (q.from && q.to) throw periodReversed(q.from, q.to);
    // One end given, the other defaulted to the loaded index's: the answer is about the given
    // end's own period (`--from 2025` with an index to 2024: 2025, which no index covers).
    if (q.from) to = periodOf('from', q.from).end;
    else from = periodOf('to', q.to!).start;
  }
  if (from && to) {
    const count = periodCount(from, to, q.interval);
    if (count > MAX_SERIES_ROWS) throw new ExportTooLargeError(count, MAX_SERIES_ROWS);
  }
  if (q.behind !== undefined) periodOf('behind', q.behind);
  const directed = q.directed === true;
  const notes: string[] = [];
  if (!sources.length && !origins.length)
    notes.push(
      `no loaded relations index covers ${countryA}-${countryB} (faultline start imports the bundled GDELT dyad index of AFG, CHN, IND, IRN, PAK and USA)`,
    );
  const series: RelationsSeries[] = [];
  const answeredBy: RelationsAnswer['meta']['answered_by'] = [];
  const covered = new Set<string>();
  let penalty: number | null = null;
  // faultline's own barometer, from each origin of the store's GDELT rows that covers part of the period.
  const barometerOrigins = from && to ? origins.filter((o) => o.firstDay <= to && o.lastDay >= from) : [];
  // Every series has one point per period of the interval.
  if (from && to && options.maxPoints !== undefined) {
    const seriesCount = sources.length + barometerOrigins.length;
    const points = periodCount(from, to, q.interval) * seriesCount;
    if (points > options.maxPoints) throw new RelationsTooLargeError(points, seriesCount, options.maxPoints);
  }
  if (from && to)
    for (const s of sources) {
      const days = await store.dyadIndexDays({ source: s.source, countryA, countryB, from, to });
      days.forEach((d) => covered.add(d.date));
      const label = `${s.source}|${countryA}-${countryB}`;
      const points = periodPoints(days, from, to, q.interval, label, estimates);
      const shifts = estimates ? meanShifts(points) : null;
      if (shifts) penalty = shifts.penalty;
      const d = DYAD_INDEX_DESCRIPTIONS[s.source];
      // The licence's name, id, text and credit as the credits part gives them (one wording everywhere).
      const terms = sourceLicence(s.source, s.version);
      series.push({
        directed: false,
        source: {
          id: s.source,
          name: d?.name ?? s.source,
          version: s.version,
          licence: terms.licence ?? UNKNOWN_TERMS,
          licence_id: terms.licence_id,
          licence_url: terms.licence_url,
          credit: terms.credit,
          url: d?.url ?? '',
          method: d?.method ?? '',
          caveat: d?.caveat ?? '',
          kind: 'third_party_index',
        },
        points,
        changepoints: shifts?.changepoints ?? [],
      });
      answeredBy.push({ id: s.source, kind: 'third_party_index', days_covered: days.length });
    }
  for (const o of barometerOrigins) {
    const [x, y] = directed ? [a, b] : [countryA, countryB];
    const r = await barometerSeries(store, {
      origin: o.origin,
      a: x,
      b: y,
      directed,
      from: from!,
      to: to!,
      interval: q.interval,
      ...(q.behind !== undefined ? { behind: q.behind } : {}),
      ...(estimates ? {} : { valuesOnly: true }),
    });
    r.covered.forEach((d) => covered.add(d));
    // A day read from only some of its exports is covered, but its counts are of those files alone.
    if (r.short.length) notes.push(shortDaysNote(r.series.source.id, r.short));
    if (r.unkept.length) notes.push(unkeptNote(r.series.source.id, o.origin, x, y, r.unkept));
    series.push(r.series);
    answeredBy.push({ id: r.series.source.id, kind: 'faultline_barometer', days_covered: r.covered.length });
  }
  // The command that fetches them, with this period and pair filled in (a newcomer could not
  // guess what "--from --to --countries" wanted).
  if (!barometerOrigins.length)
    notes.push(
      `the store holds no GDELT rows for this period, so faultline's own barometer is not computed (faultline fetch gdelt --from ${from ?? 'YYYY-MM-DD'} --to ${to ?? 'YYYY-MM-DD'} --countries ${countryA},${countryB} fetches them: 96 files a day of 150-500 kB; or one query with --via bigquery, docs/fetching.md)`,
    );
  if (directed && sources.length)
    notes.push(`${sources.map((s) => s.source).join(', ')} is undirected: it answers for both directions`);
  else if (directed && !series.length)
    notes.push(
      `directed: nothing loaded answers ${a} to ${b} (faultline's barometer, from the store's own GDELT rows, is the one directed series), so the pair is unordered`,
    );
  if (q.behind !== undefined && !barometerOrigins.length)
    notes.push(
      `behind ${q.behind}: only faultline's barometer lists event codes and sources, and it has no rows here`,
    );
  const uncovered = from && to ? uncoveredSpans(from, to, covered) : [];
  const total = from && to ? dayNumber(to)! - dayNumber(from)! + 1 : 0;
  return {
    // Directed only where some series is: an undirected index alone answers for the unordered pair.
    pair: series.some((x) => x.directed)
      ? { a, b, directed: true }
      : { a: countryA, b: countryB, directed: false },
    interval: q.interval,
    series,
    meta: {
      period: from && to ? { from, to } : null,
      coverage_status:
        covered.size === 0 ? 'not_covered' : covered.size === total ? 'covered' : 'partly_covered',
      uncovered,
      metrics: {
        value:
          'mean daily index value over the days the source covers (negative: conflictual coverage outweighs cooperative)',
        ci_low: estimates
          ? `${grouped(DRAWS)}-draw bootstrap 95% interval of value (days resampled within the period; null under ${MIN_DAYS_FOR_INTERVAL} days)`
          : `null: the bootstrap interval was ${NOT_COMPUTED}`,
        value_sum: 'sum of the daily values over the days covered',
        per_1000_volume:
          'value_sum per 1,000 of the total absolute weight of all country pairs on the same days (normalised by news volume)',
        days_covered: 'days with a value; a period with none has null figures (not known), never 0',
        ...(barometerOrigins.length ? BAROMETER_METRICS : {}),
      },
      method: estimates
        ? {
            changepoints: 'PELT (normal mean-shift cost) over the periods with a value',
            penalty,
            bootstrap: `percentile, ${DRAWS} draws, seed ${SEED}`,
          }
        : { changepoints: NOT_COMPUTED, penalty: null, bootstrap: NOT_COMPUTED },
      answered_by: answeredBy,
      notes: [
        ...notes,
        ...(directed ? [] : ['the answer is undirected: A B and B A give the same answer']),
        ...(uncovered.length ? [uncoveredNote(uncovered, total - covered.size)] : []),
      ],
    },
  };
}

/** Spans of days without a value named in the note; more are counted and left to meta.uncovered. */
const UNCOVERED_SPANS_NAMED = 3;

/**
 * The note on the days no index has a value for. They are days, not periods: a month missing 3 of
 * its days still has a value, over its covered days (it said "60 spans of the period have no index
 * value (null, not 0)" under a table whose every month had one).
 */
function uncoveredNote(uncovered: readonly { from: string; to: string }[], days: number): string {
  const spans =
    uncovered.length <= UNCOVERED_SPANS_NAMED
      ? uncovered.map((u) => (u.from === u.to ? u.from : `${u.from} to ${u.to}`)).join(', ')
      : `in ${counted(uncovered.length, 'span')}, listed in meta.uncovered`;
  return `${counted(days, 'day')} of the period ${agree(days, 'has', 'have')} no index value (${spans}): each period's figures are over the days it covers (days_covered), and a period with none is null, not 0`;
}

/** Short days named in a note before the rest are counted ("and 12 more"). */
const SHORT_DAYS_NAMED = 5;

/**
 * The note on the covered days a barometer read from fewer than GDELT's 96 exports a day (a 404,
 * a damaged file, a fetch that began or ended mid-day): they count, but their events and volume
 * are of those files only, and the command that fetches the rest.
 */
function shortDaysNote(id: string, short: readonly { date: string; files: number }[]): string {
  const named = short
    .slice(0, SHORT_DAYS_NAMED)
    .map((d) => `${d.date}: ${d.files} of ${GDELT_EXPORTS_A_DAY}`)
    .join(', ');
  const more =
    short.length > SHORT_DAYS_NAMED ? `, and ${grouped(short.length - SHORT_DAYS_NAMED)} more` : '';
  return `${id}: ${counted(short.length, 'day')} covered ${agree(short.length, 'was', 'were')} read from fewer than the ${GDELT_EXPORTS_A_DAY} exports GDELT publishes a day (${named}${more}); ${agree(short.length, 'its', 'their')} volume and events count only those files' rows (value, a ratio of the same rows, less so); faultline fetch gdelt --from ${short[0]!.date} --to ${short.at(-1)!.date} fetches the rest, and lists as gaps what it cannot`;
}

/**
 * The note on the days a barometer read but does not count for the pair: their files were imported
 * with `--countries` (or a BigQuery query) keeping neither country, so the pair's events of them were
 * left out and a 0 would be no count. Names the scopes and the command that brings the rows in.
 */
function unkeptNote(
  id: string,
  origin: GdeltOrigin,
  a: string,
  b: string,
  unkept: readonly GdeltUnkeptDay[],
): string {
  const scopes = [...new Set(unkept.flatMap((d) => d.scopes))].sort();
  const countries = [...new Set([...scopes.flatMap((s) => s.split(',')), a, b])].filter(Boolean).sort();
  const [first, last] = [unkept[0]!.date, unkept.at(-1)!.date];
  const span = first === last ? first : `${first} to ${last}`;
  const how = origin === 'bigquery' ? 'fetch gdelt --via bigquery' : 'fetch gdelt';
  return `${id}: ${counted(unkept.length, 'day')} of the period (${span}) ${agree(unkept.length, 'was', 'were')} read from GDELT ${origin === 'bigquery' ? 'aggregates' : 'files'} imported with --countries ${scopes.join(' or ')}, which keep neither ${a} nor ${b}: not covered for this pair (null, not 0); faultline ${how} --from ${first} --to ${last} --countries ${countries.join(',')} imports their rows of it`;
}

/** What the barometer's own fields mean (in `meta.metrics` when a barometer series answers). */
const BAROMETER_METRICS: Record<string, string> = {
  barometer_value:
    "faultline's barometer: 1,000 x sum of Goldstein x NumMentions over the pair's GDELT events / GDELT's volume on the days covered (its ci is the same bootstrap of this ratio)",
  volume:
    "GDELT rows added on the days covered, every row read (in scope of the import's --countries or not): the denominator",
  files: `GDELT exports (15-minute files, ${GDELT_EXPORTS_A_DAY} a day) the volume was read from; null for BigQuery aggregates`,
  events: "the pair's GDELT events (news reports, not verified incidents)",
  events_per_100k_volume: 'events per 100,000 rows of volume',
  material_conflict_share: 'material_conflict (QuadClass 4) / events; null without events',
  goldstein_mention_weighted: 'sum of Goldstein x NumMentions / sum of NumMentions',
  mean_tone: 'mean AvgTone of the events',
};

/** Each loaded index's mean daily value for the pair over exactly `from`..`to`, with its bootstrap interval (claims). */
export async function relationsOverPeriod(
  store: Store,
  a: string,
  b: string,
  from: string,
  to: string,
): Promise<RelationsFigure[]> {
  const [countryA, countryB] = [a, b].sort() as [string, string];
  const sources = (await store.dyadIndexSources()).filter((s) => s.pairs.includes(`${countryA}-${countryB}`));
  const out: RelationsFigure[] = [];
  for (const s of sources) {
    const days = await store.dyadIndexDays({ source: s.source, countryA, countryB, from, to });
    const n = days.length;
    const ci =
      n >= MIN_DAYS_FOR_INTERVAL
        ? bootstrap(
            days.map((d) => d.value),
            `${s.source}|${countryA}-${countryB}|${days[0]!.date}..${days.at(-1)!.date}`,
          )
        : null;
    out.push({
      source: s.source,
      name: DYAD_INDEX_DESCRIPTIONS[s.source]?.name ?? s.source,
      version: s.version,
      daysCovered: n,
      daysInPeriod: dayNumber(to)! - dayNumber(from)! + 1,
      value: n ? round(days.reduce((x, d) => x + d.value, 0) / n) : null,
      ciLow: ci ? round(ci[0]) : null,
      ciHigh: ci ? round(ci[1]) : null,
      // The days themselves, for a change between two periods (a bootstrap of the difference).
      days: days.map((d) => ({ num: d.value, den: 1 })),
    });
  }
  return out;
}

/**
 * Per period of the interval: days covered, mean, bootstrap interval (null without `intervals`),
 * sum and volume-normalised sum.
 */
function periodPoints(
  days: readonly { date: string; value: number; dayTotalAbs: number }[],
  from: string,
  to: string,
  interval: Interval,
  label: string,
  intervals: boolean,
): RelationsPoint[] {
  const keys = densePeriods(from, to, interval);
  let k = 0;
  const out: RelationsPoint[] = [];
  for (const key of keys) {
    const bounds = periodBounds(key);
    const start = bounds.start < from ? from : bounds.start;
    const end = bounds.end > to ? to : bounds.end;
    const mine: { date: string; value: number; dayTotalAbs: number }[] = [];
    while (k < days.length && days[k]!.date <= end) {
      if (days[k]!.date >= start) mine.push(days[k]!);
      k++;
    }
    const n = mine.length;
    const sum = mine.reduce((s, d) => s + d.value, 0);
    const volume = mine.reduce((s, d) => s + d.dayTotalAbs, 0);
    const ci =
      intervals && n >= MIN_DAYS_FOR_INTERVAL
        ? bootstrap(
            mine.map((d) => d.value),
            `${label}|${mine[0]!.date}..${mine.at(-1)!.date}`,
          )
        : null;
    out.push({
      period: key,
      from: start,
      to: end,
      days_in_period: dayNumber(end)! - dayNumber(start)! + 1,
      days_covered: n,
      value: n ? round(sum / n) : null,
      ci_low: ci ? round(ci[0]) : null,
      ci_high: ci ? round(ci[1]) : null,
      value_sum: n ? round(sum) : null,
      per_1000_volume: n && volume > 0 ? round((1000 * sum) / volume) : null,
    });
  }
  return out;
}

/**
 * Percentile bootstrap 95% interval of the mean of `values`, seeded by `label`: the series and the
 * first and last day covered, so the same days give the same interval whatever period holds them
 * (February 2024, 2024-Q1 and 2024 of an index that ends on 23 February).
 */
function bootstrap(values: readonly number[], label: string): [number, number] {
  const rng = createRng(SEED, label);
  const n = values.length;
  const means = new Float64Array(DRAWS);
  for (let i = 0; i < DRAWS; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += values[rng.index(n)]!;
    means[i] = s / n;
  }
  means.sort();
  return [means[Math.floor(0.025 * (DRAWS - 1))]!, means[Math.ceil(0.975 * (DRAWS - 1))]!];
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
