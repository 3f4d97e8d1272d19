/**
 * faultline's relations barometer: a pair's GDELT events per period from the store's own GDELT rows
 * (fetched exports or BigQuery aggregates), normalised by GDELT's volume on the same days. Never
 * mixed with a third party's index: it is a series of its own. See docs/relations.md.
 */
import { dayNumber } from '../../analytics/aggregate/dates.ts';
import { densePeriods, parsePeriod, periodBounds, type Interval } from '../../analytics/aggregate/periods.ts';
import { deriveSeed } from '../../analytics/forecast/rng.ts';
import { invalidParam } from '../../domain/errors.ts';
import type { GdeltOrigin, GdeltPairDay, GdeltUnkeptDay } from '../../domain/gdelt-barometer.ts';
import { quoteValue } from '../../domain/quote.ts';
import type { Store } from '../../storage/store.ts';
import type { RelationsPoint, RelationsSeries } from '../answers.ts';
import { sourceLicence } from '../data-credits.ts';
import { meanShifts } from './mean-shifts.ts';
import { uncoveredSpans } from './uncovered-spans.ts';

// GDELT's terms are the same for every file: the version does not change them.
const GDELT_TERMS = sourceLicence('gdelt', '');

/** Bootstrap draws per period and the seed (fixed: the same rows give the same interval). */
export const BAROMETER_DRAWS = 1000;
export const BAROMETER_SEED = 14;
/** The 15-minute exports GDELT 2.0 publishes a day. */
export const GDELT_EXPORTS_A_DAY = 96;
/** Fewest days covered for a bootstrap interval. */
const MIN_DAYS = 5;
/** Event codes and source URLs listed behind a period. */
const BEHIND_LIMIT = 10;

const METHOD =
  "value = 1,000 x sum over the pair's GDELT events of GoldsteinScale x NumMentions, divided by GDELT's volume (rows added) on the days covered; positive: cooperative, negative: conflictual. Actors by Actor1/Actor2CountryCode, days by DATEADDED (UTC)";
const CAVEAT =
  'GDELT codes news reports by machine: reports, not verified incidents; CAMEO codes and actors are sometimes wrong; one event can be reported many times';

/** How each origin's series is named. */
export const BAROMETER_SOURCES: Record<GdeltOrigin, { id: string; name: string; volume: string }> = {
  exports: {
    id: 'faultline-gdelt-barometer',
    name: "faultline's GDELT relations barometer (computed from the GDELT 2.0 exports in this store)",
    volume:
      'every row of every imported GDELT file, in scope of --countries or not, counted per DATEADDED day',
  },
  bigquery: {
    id: 'faultline-gdelt-barometer-bigquery',
    name: "faultline's GDELT relations barometer (computed from GDELT aggregates fetched through BigQuery)",
    volume: 'every event of gdelt-bq.gdeltv2.events per DATEADDED day, counted by the same BigQuery query',
  },
};

/** What one barometer series needs. */
export interface BarometerQuery {
  origin: GdeltOrigin;
  a: string;
  b: string;
  directed: boolean;
  from: string;
  to: string;
  interval: Interval;
  /** A period key or date range whose top event codes and source URLs to list. */
  behind?: string;
  /** The periods' figures without bootstrap intervals (null) or change points (none): RelationsOptions.valuesOnly. */
  valuesOnly?: boolean;
}

/**
 * One origin's barometer series for the pair, the days with a volume (covered), the covered days
 * read from fewer files than GDELT's 96 exports a day (exports only), with how many, and the days
 * read but not covered for the pair: files imported with countries that keep neither of it.
 */
export async function barometerSeries(
  store: Store,
  q: BarometerQuery,
): Promise<{
  series: RelationsSeries;
  covered: string[];
  short: { date: string; files: number }[];
  unkept: GdeltUnkeptDay[];
}> {
  const pq = { origin: q.origin, a: q.a, b: q.b, directed: q.directed, from: q.from, to: q.to };
  const days = (await store.gdeltPairDays?.(pq)) ?? [];
  const label = `${q.origin}|${q.a}-${q.b}|${q.directed ? 'directed' : 'either'}`;
  const estimates = q.valuesOnly !== true;
  const points = barometerPoints(days, q.from, q.to, q.interval, label, estimates);
  const src = BAROMETER_SOURCES[q.origin];
  const series: RelationsSeries = {
    directed: q.directed === true,
    source: {
      id: src.id,
      name: src.name,
      version: `${days[0]?.date ?? q.from}..${days.at(-1)?.date ?? q.to}`,
      // The terms of the GDELT rows it is computed from, as the credits part's `gdelt` row gives them
      // (the licence was worded here a second way, with the credit and address inside it).
      licence: GDELT_TERMS.licence!,
      licence_id: GDELT_TERMS.licence_id,
      licence_url: GDELT_TERMS.licence_url,
      credit: GDELT_TERMS.credit,
      url: 'https://www.gdeltproject.org/',
      method: `${METHOD}. Volume: ${src.volume}`,
      caveat: CAVEAT,
      kind: 'faultline_barometer',
    },
    points,
    changepoints: estimates ? meanShifts(points).changepoints : [],
  };
  if (q.behind !== undefined) {
    const b = parsePeriod(q.behind);
    const from = b.start < q.from ? q.from : b.start;
    const to = b.end > q.to ? q.to : b.end;
    if (from > to)
      throw invalidParam('behind', `${quoteValue(q.behind)} (outside the period ${q.from} to ${q.to})`);
    // Read from the days the series covers only (the store's query keeps to them): a day whose files
    // were imported with countries keeping neither of the pair still holds some of its rows (kept by
    // the action's location), and until 2026-12-06 their codes were listed as if the day were read.
    const r = await store.gdeltBehind!({ ...pq, from, to, limit: BEHIND_LIMIT });
    const covered = days.filter((d) => d.date >= from && d.date <= to).map((d) => d.date);
    series.behind = {
      period: q.behind,
      from,
      to,
      days_covered: covered.length,
      uncovered: uncoveredSpans(from, to, covered),
      event_codes: r.eventCodes,
      source_urls: r.sources.map((s) => ({
        url: s.url,
        date: s.date,
        event_code: s.eventCode,
        quad_class: s.quadClass,
        mentions: s.mentions,
      })),
    };
  }
  const short = days.flatMap((d) =>
    d.files !== null && d.files < GDELT_EXPORTS_A_DAY ? [{ date: d.date, files: d.files }] : [],
  );
  const unkept = (await store.gdeltPairUnkept?.(pq)) ?? [];
  return { series, covered: days.map((d) => d.date), short, unkept };
}

/**
 * Per period: the days with a volume, the pair's figures over them, and the index with its
 * bootstrap interval (null without `intervals`: each period's is seeded by its own label, so the
 * others are the same either way).
 */
export function barometerPoints(
  days: readonly GdeltPairDay[],
  from: string,
  to: string,
  interval: Interval,
  label: string,
  intervals = true,
): RelationsPoint[] {
  const out: RelationsPoint[] = [];
  let k = 0;
  for (const key of densePeriods(from, to, interval)) {
    const bounds = periodBounds(key);
    const start = bounds.start < from ? from : bounds.start;
    const end = bounds.end > to ? to : bounds.end;
    const mine: GdeltPairDay[] = [];
    while (k < days.length && days[k]!.date <= end) {
      if (days[k]!.date >= start) mine.push(days[k]!);
      k++;
    }
    out.push(point(key, start, end, mine, `${label}|${key}`, intervals));
  }
  return out;
}

function point(
  period: string,
  from: string,
  to: string,
  days: readonly GdeltPairDay[],
  label: string,
  intervals: boolean,
): RelationsPoint {
  const sum = (f: (d: GdeltPairDay) => number) => days.reduce((s, d) => s + f(d), 0);
  const n = days.length;
  const volume = sum((d) => d.volume);
  const gm = sum((d) => d.goldsteinMentions);
  const q = [sum((d) => d.q1), sum((d) => d.q2), sum((d) => d.q3), sum((d) => d.q4)] as const;
  const events = q[0] + q[1] + q[2] + q[3];
  const mentions = sum((d) => d.mentions);
  const known = n > 0 && volume > 0;
  const ci = intervals && known && n >= MIN_DAYS ? bootstrapRatio(days, label) : null;
  const orNull = (ok: boolean, v: () => number) => (ok ? round(v()) : null);
  return {
    period,
    from,
    to,
    days_in_period: dayNumber(to)! - dayNumber(from)! + 1,
    days_covered: n,
    value: orNull(known, () => (1000 * gm) / volume),
    ci_low: ci ? round(ci[0]) : null,
    ci_high: ci ? round(ci[1]) : null,
    value_sum: orNull(known, () => gm),
    per_1000_volume: orNull(known, () => (1000 * gm) / volume),
    volume: known ? volume : null,
    // BigQuery aggregates are no files: null there, as for a period with no day read.
    files: known && days.every((d) => d.files !== null) ? sum((d) => d.files!) : null,
    events: known ? events : null,
    events_per_100k_volume: orNull(known, () => (100_000 * events) / volume),
    verbal_cooperation: known ? q[0] : null,
    material_cooperation: known ? q[1] : null,
    verbal_conflict: known ? q[2] : null,
    material_conflict: known ? q[3] : null,
    material_conflict_share: orNull(known && events > 0, () => q[3] / events),
    goldstein_mention_weighted: orNull(known && mentions > 0, () => gm / mentions),
    mean_tone: orNull(known && events > 0, () => sum((d) => d.toneSum) / events),
  };
}

/** Percentile bootstrap 95% interval of 1,000 x sum(Goldstein x mentions) / sum(volume), days resampled. */
function bootstrapRatio(days: readonly GdeltPairDay[], label: string): [number, number] {
  // mulberry32 seeded from the label: millions of draws per answer (120 months x 1,000 x ~30 days),
  // where the forecasters' MT19937 stream cost more than the SQL (bench/barometer.bench.ts).
  let state = deriveSeed(BAROMETER_SEED, label);
  const n = days.length;
  const gms = Float64Array.from(days, (d) => d.goldsteinMentions);
  const vols = Float64Array.from(days, (d) => d.volume);
  const draws = new Float64Array(BAROMETER_DRAWS);
  for (let i = 0; i < BAROMETER_DRAWS; i++) {
    let gm = 0;
    let v = 0;
    for (let j = 0; j < n; j++) {
      // mulberry32, inlined (the hot loop of an answer: ~3.6M draws for 120 months).
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      const k = ((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n) | 0;
      gm += gms[k]!;
      v += vols[k]!;
    }
    draws[i] = (1000 * gm) / v;
  }
  draws.sort();
  return [
    draws[Math.floor(0.025 * (BAROMETER_DRAWS - 1))]!,
    draws[Math.ceil(0.975 * (BAROMETER_DRAWS - 1))]!,
  ];
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
