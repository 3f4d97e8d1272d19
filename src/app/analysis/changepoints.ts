/** The change-point use case: PELT on a dense monthly (or other) count series from the store. */
import { periodBounds, type Interval } from '../../analytics/aggregate/periods.ts';
import { detectChangepoints } from '../../analytics/trends/changepoints.ts';
import type { EventFilter } from '../../domain/query.ts';
import type { Store } from '../../storage/store.ts';
import { coverageOf, filterCoverage, type Meta } from './meta.ts';
import { isDeathMetric, type Metric } from './metrics.ts';
import { notesWithoutBand, querySeries } from './series.ts';
import { agree, counted } from '../../domain/plural.ts';

/** A change-point request: filters, metric (default events), interval (default month), PELT settings. */
export interface ChangepointQuery {
  filter: EventFilter;
  metric?: Metric;
  interval?: Interval;
  penalty?: number;
  dispersion?: 'estimate' | 'poisson';
  minSegment?: number;
}

/** A change point as returned: where the new level starts and how big the shift is. */
export interface ChangepointRow {
  period: string;
  /** First day of the first period of the new segment. */
  date: string;
  rate_before: number;
  rate_after: number;
  ratio: number | null;
  absolute_change: number;
}

/** Change points, segments, the series they were found in, settings, and meta. */
export interface ChangepointAnswer {
  changepoints: ChangepointRow[];
  segments: { start_period: string; end_period: string; mean: number }[];
  /** The counts searched; null for a period the loaded sources do not wholly cover (left out of the search). */
  series: { period: string; count: number | null }[];
  method: string;
  penalty: number;
  dispersion: number;
  min_segment: number;
  meta: Meta;
}

/** Most periods a change-point search takes: PELT's cost grows with the square of the length in the worst case. */
export const MAX_CHANGEPOINT_PERIODS = 5_000;

/** Finds the periods where the level of the series shifts (detectChangepoints, PELT with a Poisson cost). */
export async function changepointsQuery(store: Store, q: ChangepointQuery): Promise<ChangepointAnswer> {
  const metric = q.metric ?? 'events';
  const interval = q.interval ?? 'month';
  // A longer series (9,999-12-31 as an end, or days over decades) is a 413 naming the limit, not minutes of CPU.
  const s = await querySeries(
    store,
    { filter: q.filter, interval, metrics: [metric] },
    MAX_CHANGEPOINT_PERIODS,
  );
  // Unknown sums (null) count as 0 here; how many events that affects is in meta.notes.
  const counts = s.points.map((p) => Number(p[metric] ?? 0));
  const periods = s.points.map((p) => p.period);
  // A period the loaded sources do not wholly cover is left out: its zero (or its part of a month)
  // is not a level, and a search across a gap would find the gap's edges as change points.
  const relevant = await filterCoverage(store, q.filter);
  const { from, to } = s.meta.period!;
  const cover = coverageOf(relevant);
  const covered = periods.map((p) => {
    const b = periodBounds(p);
    return cover.status(b.start < from ? from : b.start, b.end > to ? to : b.end) === 'covered';
  });
  const runs: [number, number][] = [];
  covered.forEach((c, i) => {
    if (!c) return;
    const last = runs.at(-1);
    if (last && last[1] === i - 1) last[1] = i;
    else runs.push([i, i]);
  });
  const at = (idx: number[]) => ({
    periods: idx.map((i) => periods[i]!),
    counts: idx.map((i) => counts[i]!),
  });
  const all = at(covered.flatMap((c, i) => (c ? [i] : [])));
  // One penalty for every run: the one the covered periods would get as one series (or as given).
  const base = detectChangepoints({
    ...all,
    penalty: q.penalty,
    dispersion: q.dispersion,
    minSegment: q.minSegment,
  });
  // One covered run is the series searched already (same counts, penalty and minimum segment).
  const found =
    runs.length === 1
      ? [base]
      : runs.map(([a, b]) =>
          detectChangepoints({
            ...at(Array.from({ length: b - a + 1 }, (_, k) => a + k)),
            penalty: base.penalty,
            minSegment: base.minSegment,
          }),
        );
  const r = {
    changepoints: found.flatMap((x) => x.changepoints),
    segments: found.flatMap((x) => x.segments),
    method: base.method,
    penalty: base.penalty,
    dispersion: base.dispersion,
    minSegment: base.minSegment,
  };
  const notes = [
    ...notesWithoutBand(s.meta.notes),
    `a change point is the first ${interval} of a segment whose mean differs from the one before (PELT, Poisson cost, penalty ${round(r.penalty)} per change point); rate_before and rate_after are the mean ${metric} per ${interval} of the segments before and after it, ratio is rate_after / rate_before and absolute_change rate_after - rate_before`,
  ];
  const span = ([a, b]: [number, number]) => (a === b ? periods[a]! : `${periods[a]} to ${periods[b]}`);
  // An empty list of change points says what was searched, so it does not read as a failed search.
  if (runs.length && !r.changepoints.length) {
    const searched = `${metric} per ${interval} over ${runs.map(span).join('; ')} (${counted(all.counts.length, `covered ${interval}`)})`;
    notes.push(
      runs.every(([a, b]) => b - a + 1 < 2 * r.minSegment)
        ? `no change point found in ${searched}: a change point needs at least ${counted(r.minSegment, interval)} on each side (\`min_segment\`), and no covered run holds ${2 * r.minSegment}`
        : `no change point found in ${searched}: no shift in level beats the penalty of ${round(r.penalty)} per change point (\`penalty\`), with segments of at least ${counted(r.minSegment, interval)} (\`min_segment\`)`,
    );
  }
  if (runs.length !== 1 || runs[0]![0] !== 0 || runs[0]![1] !== periods.length - 1) {
    notes.push(
      runs.length
        ? `${covered.filter((c) => !c).length} ${interval}s that no loaded source version covers whole are left out (null in \`series\`): change points are searched within each covered run (${runs.map(span).join('; ')}), never across a gap`
        : `no ${interval} of the range is wholly covered by a loaded source version: there is nothing to search`,
    );
  }
  if (isDeathMetric(metric))
    notes.push('change points on deaths are dominated by single mass-casualty events; prefer events');
  const unknownKey = `${metric}_unknown`;
  const unknown = s.points.reduce((n, p) => n + Number(p[unknownKey] ?? 0), 0);
  if (unknown)
    notes.push(
      `${counted(unknown, 'event')} ${agree(unknown, 'has', 'have')} ${metric} unknown and ${agree(unknown, 'adds', 'add')} nothing to the counts`,
    );
  return {
    changepoints: r.changepoints.map((c) => ({
      period: c.period,
      date: periodBounds(c.period).start,
      rate_before: round(c.rateBefore),
      rate_after: round(c.rateAfter),
      ratio: c.ratio === null ? null : round(c.ratio),
      absolute_change: round(c.absoluteChange),
    })),
    segments: r.segments.map((g) => ({
      start_period: g.startPeriod,
      end_period: g.endPeriod,
      mean: round(g.mean),
    })),
    series: periods.map((period, i) => ({ period, count: covered[i] ? counts[i]! : null })),
    method: r.method,
    penalty: round(r.penalty),
    dispersion: round(r.dispersion),
    min_segment: r.minSegment,
    meta: { ...s.meta, notes },
  };
}

/** Rounds to 6 decimals so answers print and compare stably. */
export function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
