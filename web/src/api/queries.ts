/** The API requests the views make, and the arithmetic on their answers (totals, previous period). */
import type { Filters } from '../state/url-state.ts';
import { apiUrl } from './client.ts';
import type { CoverageEntry, SeriesPoint } from './types.ts';

/** Metrics the key figures show. */
export const KPI_METRICS = [
  'events',
  'fatalities_best',
  'fatalities_low',
  'fatalities_high',
  'deaths_civilians',
] as const;
export type KpiMetric = (typeof KPI_METRICS)[number];

/** Totals of a filter: events, and per death metric its sum (null when no event reports it) and the events not reporting it. */
export interface Totals {
  events: number;
  sums: Record<Exclude<KpiMetric, 'events'>, number | null>;
  unknown: Record<Exclude<KpiMetric, 'events'>, number>;
}

/**
 * The series request behind the key figures: yearly buckets (the fewest rows) over the filter;
 * its points add up to the totals of the filter's period.
 */
export const totalsUrl = (f: Filters, period?: { from: string; to: string }) =>
  apiUrl('/series', { ...f, ...period, interval: 'year', metrics: KPI_METRICS.join(',') });

/** Adds series points into totals; a death sum stays null only when no point reports it. */
export function sumPoints(points: readonly SeriesPoint[]): Totals {
  const t: Totals = {
    events: 0,
    sums: { fatalities_best: null, fatalities_low: null, fatalities_high: null, deaths_civilians: null },
    unknown: { fatalities_best: 0, fatalities_low: 0, fatalities_high: 0, deaths_civilians: 0 },
  };
  for (const p of points) {
    t.events += Number(p.events ?? 0);
    for (const m of Object.keys(t.sums) as (keyof Totals['sums'])[]) {
      const v = p[m];
      if (v !== null && v !== undefined) t.sums[m] = (t.sums[m] ?? 0) + Number(v);
      t.unknown[m] += Number(p[`${m}_unknown`] ?? 0);
    }
  }
  for (const m of Object.keys(t.sums) as (keyof Totals['sums'])[])
    if (t.sums[m] === null && t.events === 0) t.sums[m] = 0;
  return t;
}

const DAY = 86_400_000;
const dayOf = (d: string) => Date.parse(`${d}T00:00:00Z`) / DAY;
const dateOf = (n: number) => new Date(n * DAY).toISOString().slice(0, 10);

/** Days in an inclusive date range. */
export const daysIn = (from: string, to: string) => dayOf(to) - dayOf(from) + 1;

/** The last day of a month (month 1–12). */
const monthEnd = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);

/**
 * The period of equal length that ends the day before `from`: the same number of calendar months
 * when the period is whole months (2021 → 2020, 2021-Q3 → 2021-Q2), else the same number of days.
 */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  if (fd === 1 && to === monthEnd(ty, tm)) {
    const months = (ty - fy) * 12 + (tm - fm) + 1;
    const start = new Date(Date.UTC(fy, fm - 1 - months, 1));
    return { from: start.toISOString().slice(0, 10), to: dateOf(dayOf(from) - 1) };
  }
  const days = daysIn(from, to);
  return { from: dateOf(dayOf(from) - days), to: dateOf(dayOf(from) - 1) };
}

/** Intervals the time chart uses. */
export type ChartInterval = 'month' | 'quarter' | 'year';

/**
 * The days the loaded data of a filter span, from the loaded coverage: the source versions of the
 * filter's countries and sources (desk events only when the filter counts them), first day to last.
 * Null when none of them applies.
 */
export function dataSpan(
  f: Filters,
  coverage: readonly CoverageEntry[],
): { from: string; to: string } | null {
  const list = (v: string | undefined) => v?.split(',').map((x) => x.trim()) ?? null;
  const countries = list(f.country?.toUpperCase());
  const sources = list(f.source);
  const desk = f.include_desk === 'true' || !!sources?.includes('faultline-desk');
  const used = coverage.filter(
    (c) =>
      (sources ? sources.includes(c.source) : desk || c.source !== 'faultline-desk') &&
      (!countries || c.countries.some((k) => countries.includes(k))),
  );
  if (!used.length) return null;
  return {
    from: used.reduce((m, c) => (c.first_date < m ? c.first_date : m), used[0]!.first_date),
    to: used.reduce((m, c) => (c.last_date > m ? c.last_date : m), used[0]!.last_date),
  };
}

/**
 * The chart's bucket: months up to 8 years, quarters up to 20, years beyond: a dense series split
 * by group has periods × groups rows, and 37 years of months by province would be 1.6 MB of JSON
 * for bars no one can tell apart. With no start date the period is the loaded data's: the span of
 * the coverage that applies (Afghanistan alone: 7 months of Candidate, a monthly chart, not one
 * yearly bar), or years while the coverage is not known.
 */
export function chartInterval(
  f: Filters,
  today = new Date().toISOString().slice(0, 10),
  coverage?: readonly CoverageEntry[],
): ChartInterval {
  const span = f.from ? null : coverage ? dataSpan(f, coverage) : null;
  const from = f.from ?? span?.from;
  if (!from) return 'year';
  const to = f.to ?? (span ? (span.to < today ? span.to : today) : today);
  const years = daysIn(from, to) / 365.25;
  return years <= 8 ? 'month' : years <= 20 ? 'quarter' : 'year';
}

/**
 * The series a chart shows, split by a group. It carries the key figures' metrics too: split by
 * province, every event is in exactly one group (unplaced ones in the null group), so its points
 * add up to the key figures and the overview needs one request fewer per filter change.
 */
export const chartUrl = (f: Filters, by: string, interval: ChartInterval) =>
  apiUrl('/series', { ...f, interval, by, metrics: KPI_METRICS.join(',') });

/** The first day of a period key: 2021 → 2021-01-01, 2021-Q3 → 2021-07-01, 2021-08 → 2021-08-01. */
export function periodStart(key: string): Date {
  const q = /^(\d{4})-Q([1-4])$/.exec(key);
  if (q) return new Date(Date.UTC(Number(q[1]), (Number(q[2]) - 1) * 3, 1));
  if (/^\d{4}$/.test(key)) return new Date(Date.UTC(Number(key), 0, 1));
  return new Date(`${key.slice(0, 7)}-01T00:00:00Z`);
}

/** The day after a period key's last day: 2021 → 2022-01-01, 2021-Q3 → 2021-10-01, 2021-08 → 2021-09-01. */
export function periodEnd(key: string): Date {
  const s = periodStart(key);
  const months = /^\d{4}$/.test(key) ? 12 : /-Q[1-4]$/.test(key) ? 3 : 1;
  return new Date(Date.UTC(s.getUTCFullYear(), s.getUTCMonth() + months, 1));
}

/** Totals per group over the whole filter period (yearly buckets summed by the caller). */
export const groupTotalsUrl = (f: Filters, by: string) =>
  apiUrl('/series', { ...f, interval: 'year', by, metrics: 'events,fatalities_best' });

/** Sums series points per group: events and deaths (best) per group key, with the group's label. */
export function totalsByGroup(
  points: readonly SeriesPoint[],
): Map<string | null, { label: string | null; events: number; deaths: number | null }> {
  const out = new Map<string | null, { label: string | null; events: number; deaths: number | null }>();
  for (const p of points) {
    const k = p.group ?? null;
    const g = out.get(k) ?? { label: p.group_label ?? null, events: 0, deaths: null };
    g.events += Number(p.events ?? 0);
    if (p.fatalities_best !== null && p.fatalities_best !== undefined)
      g.deaths = (g.deaths ?? 0) + Number(p.fatalities_best);
    out.set(k, g);
  }
  return out;
}
