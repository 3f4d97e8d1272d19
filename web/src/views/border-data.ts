/**
 * The Border and relations view's arithmetic on the API's answers (GET /border, /relations,
 * /statistics): the range it asks for, months summed over the sides of the border, the spans no
 * source covers, and the period figures the briefing's border and relations section also gives.
 * A month no source covers stays null: it is never added as 0.
 */
import { apiUrl, filterParams, filtersNotTaken } from '../api/client.ts';
import type {
  BorderAnswer,
  BorderRow,
  IndicatorRow,
  IndicatorsAnswer,
  RelationsAnswer,
} from '../api/types.ts';
import { fmtFigure } from '../format.ts';
import { t, tMaybe } from '../i18n/t.ts';
import type { Filters } from '../state/url-state.ts';
import { BORDER_FILTER_KEYS, type FilterKey } from '../../../src/domain/filter-vocabulary.ts';
import { borderTotals, type BorderTotal as SharedBorderTotal } from '../../../src/domain/border-totals.ts';
import {
  newestFirstOrder,
  originExpected,
  RETURNS_METRICS,
  type MovementFields,
} from '../../../src/domain/statistic.ts';

/** The country pairs the view asks the relations index for, in order (the briefing's too). */
export const RELATION_PAIRS = [
  ['PAK', 'AFG'],
  ['PAK', 'IND'],
  ['AFG', 'IND'],
] as const;

/** The cross-border series, in the order the view stacks them. */
export const BORDER_SERIES = ['interstate', 'pakistani_strikes', 'ttp_near_border'] as const;

/** The first day the bundled relations index covers: the view's default start. */
export const DEFAULT_FROM = '2018-01-01';

const monthEnd = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);

/** A filter date as a day: 2021 → 2021-01-01 (or -12-31 for an end), 2021-03 → 2021-03-01 (or -31). */
function day(v: string, end: boolean): string {
  if (/^\d{4}$/.test(v)) return end ? `${v}-12-31` : `${v}-01-01`;
  if (/^\d{4}-\d{2}$/.test(v)) return end ? monthEnd(Number(v.slice(0, 4)), Number(v.slice(5))) : `${v}-01`;
  return v;
}

/** The range the view shows: the filter's dates, else 2018 (the index's start) to the end of this month. */
export function borderRange(f: Filters, today = new Date()): { from: string; to: string } {
  return {
    from: f.from ? day(f.from, false) : DEFAULT_FROM,
    to: f.to ? day(f.to, true) : monthEnd(today.getUTCFullYear(), today.getUTCMonth() + 1),
  };
}

/**
 * The GET /border request of a filter: every filter the route takes (dates, sources, versions, desk
 * events, distance to the border), the dates replaced by `range` when given (the view's range).
 */
export const borderUrl = (f: Filters, range?: { from: string; to: string }) =>
  apiUrl('/border', { ...filterParams(f, BORDER_FILTER_KEYS), ...range });

/** The set filters GET /border does not take (it would refuse them): the view names them as not applied. */
export const borderNotApplied = (f: Filters): FilterKey[] => filtersNotTaken(f, BORDER_FILTER_KEYS);

/** One month of the cross-border series, both sides added: null when no loaded source covers the month. */
export interface BorderMonth {
  month: string;
  interstate: number | null;
  pakistani_strikes: number | null;
  ttp_near_border: number | null;
}

/** The border answer's rows per month, the two sides of each series added. */
export function borderMonths(rows: readonly BorderRow[]): BorderMonth[] {
  const out = new Map<string, BorderMonth>();
  for (const r of rows) {
    const m = out.get(r.month) ?? {
      month: r.month,
      interstate: null,
      pakistani_strikes: null,
      ttp_near_border: null,
    };
    if (r.events !== null) m[r.series] = (m[r.series] ?? 0) + r.events;
    out.set(r.month, m);
  }
  return [...out.values()].sort((a, b) => (a.month < b.month ? -1 : 1));
}

/** Consecutive months (YYYY-MM, sorted) merged into spans of first and last day. */
export function monthSpans(months: readonly string[]): { from: string; to: string }[] {
  const out: { from: string; to: string }[] = [];
  let prev: string | null = null;
  for (const m of months) {
    const next = prev && nextMonth(prev) === m;
    const end = monthEnd(Number(m.slice(0, 4)), Number(m.slice(5, 7)));
    if (next) out[out.length - 1]!.to = end;
    else out.push({ from: `${m}-01`, to: end });
    prev = m;
  }
  return out;
}

function nextMonth(m: string): string {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
}

/** The months of the border answer no loaded source covers, as spans. */
export const borderUncovered = (a: BorderAnswer) =>
  monthSpans(
    borderMonths(a.rows)
      .filter((m) => m.interstate === null)
      .map((m) => m.month),
  );

/** A cross-border series over the whole range, on one side: summed over covered months, null when none is covered. */
/** Totals per series and side, in the answer's order: the briefing's border table uses the same function. */
export type BorderTotal = SharedBorderTotal<BorderRow['series']>;
export { borderTotals };

/** The mean daily index over the range: the sum of the covered days' values over their number; null when none is covered. */
export function relationsMean(s: RelationsAnswer['series'][number]): { value: number | null; days: number } {
  const days = s.points.reduce((n, p) => n + p.days_covered, 0);
  const sum = s.points.reduce((n, p) => n + (p.value_sum ?? 0), 0);
  return { value: days ? Math.round((sum / days) * 1000) / 1000 : null, days };
}

/**
 * Published returns and deportations figures, oldest period first; a figure compiled twice (same
 * metric, period, exact value, unit and places) is one row, with its other records in `also_recorded`, as
 * GET /statistics gives it (the API merges them; the dashboard folded them itself before).
 */
export const returnsFigures = (a: IndicatorsAnswer) =>
  a.statistics
    .filter((s) => RETURNS_METRICS.includes(s.metric))
    .sort((x, y) => ((x.period_start ?? x.period_end) < (y.period_start ?? y.period_end) ? -1 : 1));

/**
 * Figures by the end of their period, latest first (then the latest start): the table's order, the
 * API's and `faultline indicators`' (the same comparator, src/domain/statistic.ts).
 */
export const newestFirst = <T extends { period_start: string | null; period_end: string }>(
  rows: readonly T[],
) => [...rows].sort(newestFirstOrder);

/** Days in a span, both ends included. */
export const spanDays = (s: { from: string; to: string }) =>
  (Date.parse(`${s.to}T00:00:00Z`) - Date.parse(`${s.from}T00:00:00Z`)) / 86_400_000 + 1;

/** Gaps split into those of at least `minDays` (listed one by one) and the shorter ones (counted, with their days). */
export function splitGaps(spans: readonly { from: string; to: string }[], minDays = 28) {
  const long = spans.filter((s) => spanDays(s) >= minDays);
  const short = spans.filter((s) => spanDays(s) < minDays);
  return { long, short: short.length, shortDays: short.reduce((n, s) => n + spanDays(s), 0) };
}

/** A published count drawn on the timeline's returns panel: a line over the days of its period. */
export interface ReturnsSpan {
  from: string;
  to: string;
  value: number;
  /** What it counts and from where: "returns from Pakistan", "deportations from Iran". */
  series: string;
  /** The tip: organisation, metric, value with its qualifier and unit, and period. */
  label: string;
}

/** Where people left, for a figure's series: the country, or "several countries" ("Pakistan and Iran"). */
const origin = (r: Pick<IndicatorRow, 'country'>) =>
  r.country === null ? t('border.chart.severalCountries') : tMaybe(`country.${r.country}`, r.country);

/**
 * The returns panel's figures: counts of people (unit `persons`) over a period with a start, each in
 * the series of its metric and where people left. Shares, daily averages, border movements and
 * stocks known only "as of" a day are not counts over a period and stay in the table.
 */
export function returnsSpans(rows: readonly IndicatorRow[]): ReturnsSpan[] {
  return rows
    .filter((r) => r.unit === 'persons' && r.period_start !== null)
    .map((r) => ({
      from: r.period_start!,
      to: r.period_end,
      value: r.value,
      series: t('border.chart.returnsSeries', { metric: r.metric, from: origin(r) }),
      // With its qualifier ("≤ 760,000" for "close to 760,000"), as the table gives it.
      label: `${r.organisation}: ${r.metric} ${fmtFigure(r)} (${r.period_start} – ${r.period_end})`,
    }));
}

/**
 * The returns panel's series in the legend's order: Pakistan's first, then Iran's, then figures of
 * several countries together; returns before deportations within each.
 */
export function returnsSeriesOrder(spans: readonly ReturnsSpan[]): string[] {
  const rank = (s: string) =>
    [t('country.PAK'), t('country.IRN'), t('border.chart.severalCountries')].findIndex((o) => s.endsWith(o));
  const key = (s: string) => [rank(s) < 0 ? 9 : rank(s), s.startsWith('returns') ? 0 : 1, s] as const;
  return [...new Set(spans.map((s) => s.series))].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return x[0] - y[0] || x[1] - y[1] || (x[2] < y[2] ? -1 : 1);
  });
}

/**
 * The spans of the range no drawn figure's period covers: "not covered" on the returns panel, where
 * nothing was published that it could draw (never a count of 0).
 */
export function returnsUncovered(
  range: { from: string; to: string },
  spans: readonly { from: string; to: string }[],
) {
  const sorted = spans
    .map((s) => ({ from: s.from < range.from ? range.from : s.from, to: s.to > range.to ? range.to : s.to }))
    .filter((s) => s.from <= s.to)
    .sort((a, b) => (a.from < b.from ? -1 : 1));
  const out: { from: string; to: string }[] = [];
  let next = range.from;
  for (const s of sorted) {
    if (s.from > next) out.push({ from: next, to: dayBefore(s.from) });
    if (s.to >= next) next = dayAfterIso(s.to);
  }
  if (next <= range.to) out.push({ from: next, to: range.to });
  return out;
}

const shiftDay = (d: string, by: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + by * 86_400_000).toISOString().slice(0, 10);
const dayBefore = (d: string) => shiftDay(d, -1);
const dayAfterIso = (d: string) => shiftDay(d, 1);

/**
 * The returns panel's log scale: from the power of ten at or below the smallest figure to the one at
 * or above the largest, with a tick and gridline at each power only (1k, 10k, 100k, 1M). Plot's
 * own log ticks drew a line at every multiple (2k, 3k, ... 9k): 36 lines in 190 pixels, most of them
 * unlabelled. Null when there is no figure to draw.
 */
export function powerOfTenScale(
  values: readonly number[],
): { domain: [number, number]; ticks: number[] } | null {
  const positive = values.filter((v) => v > 0);
  if (!positive.length) return null;
  const lo = Math.floor(Math.log10(Math.min(...positive)));
  let hi = Math.ceil(Math.log10(Math.max(...positive)));
  if (hi === lo) hi = lo + 1;
  const ticks = Array.from({ length: hi - lo + 1 }, (_, i) => 10 ** (lo + i));
  return { domain: [10 ** lo, 10 ** hi], ticks };
}

/** The origin a figure names (its `origin`), in words: "Pakistan", "several countries together". */
export const originName = (origin: string): string =>
  origin === 'several' ? t('border.origin.several') : tMaybe(`country.${origin}`, origin);

/**
 * Where a figure's people left, in words, as under each listed figure: "from Pakistan", "from several
 * countries together", "no origin given (a figure of one place)" for a figure of people who moved
 * that names none, or null for a figure where origin is no notion (originExpected: a security
 * report's attacks, a stock of Afghans in Pakistan), which says nothing of it.
 */
export function originWords(f: MovementFields & { origin: string | null }): string | null {
  if (f.origin !== null) return t('border.origin.figure', { origin: originName(f.origin) });
  return originExpected(f) ? t('border.origin.none') : null;
}

/** The origins the figures give (Pakistan, Iran, the others, several together last), each with how many. */
export function originCounts(figures: readonly { origin: string | null }[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const f of figures) if (f.origin !== null) counts.set(f.origin, (counts.get(f.origin) ?? 0) + 1);
  const rank = (o: string) => (o === 'PAK' ? 0 : o === 'IRN' ? 1 : o === 'several' ? 3 : 2);
  return [...counts].sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : 1));
}

/** A figure as its revision names it: value and report, with its publication date when known. */
type Release = { value: number; qualifier: string; unit: string; report: string; published: string | null };

/**
 * Which release a figure is, in words, as the API's CSV `revision` cell says it: "revision of ≈40,000
 * persons (UNHCR RBAP External Update ..., publication date unknown)", "revised by ≈38,000 persons (..., 2024-10-30)"; null
 * for a figure no other revises or is revised by. `byId` holds the figures shown beside it.
 */
export function revisionText(
  f: { revises: string | null; revised_by: string | null },
  byId: ReadonlyMap<string, Release>,
): string | null {
  const named = (id: string) => {
    const o = byId.get(id);
    return o
      ? { figure: fmtFigure(o), report: `${o.report}, ${o.published ?? t('border.revision.undated')}` }
      : { figure: id, report: '' };
  };
  const words = [
    ...(f.revises ? [t('border.revision.of', named(f.revises))] : []),
    ...(f.revised_by ? [t('border.revision.by', named(f.revised_by))] : []),
  ];
  return words.length ? words.join('; ') : null;
}
