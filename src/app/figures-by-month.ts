/**
 * Published figures month by month ("how many Afghans returned from Pakistan in each month of
 * 2025?"): for each month, the figures whose period lies within it, a figure of exactly that month
 * first. Figures of longer periods are never split or prorated, and figures are added up only when
 * the rule of `period_overlaps` (figure-overlaps.ts) says they share no day.
 */
import { nameKey, unitKey } from '../domain/statistic.ts';
import type { FigureInMonth, FiguresMonth, PartsSum } from './answers.ts';
import { periodOverlaps, type OverlapFields } from './figure-overlaps.ts';

/** The fields of a listed figure (GET /statistics' rows) the month view reads and gives. */
export type MonthInput = Omit<FigureInMonth, 'covers'>;

/** A figure's fields as a month lists them, whatever else its row holds. */
const pick = (f: MonthInput): MonthInput => ({
  id: f.id,
  organisation: f.organisation,
  report: f.report,
  published: f.published,
  definition: f.definition,
  metric: f.metric,
  country: f.country,
  geography: f.geography,
  country_to: f.country_to,
  origin: f.origin,
  revises: f.revises,
  revised_by: f.revised_by,
  period_start: f.period_start,
  period_end: f.period_end,
  value: f.value,
  qualifier: f.qualifier,
  unit: f.unit,
  period_overlaps: f.period_overlaps,
  url: f.url,
  quote: f.quote,
  secondary: f.secondary,
  file_sha256: f.file_sha256,
  line: f.line,
  also_recorded: f.also_recorded,
});

/**
 * How many months run from the one holding `from` to the one holding `to` (days or months,
 * YYYY-MM...), counted without listing them, so that a range too long to answer is refused before
 * anything is built; 0 when `to` falls in an earlier month.
 */
export function monthCount(from: string, to: string): number {
  const index = (d: string) => +d.slice(0, 4) * 12 + +d.slice(5, 7) - 1;
  return Math.max(0, index(to) - index(from) + 1);
}

/** The months from the one holding `from` to the one holding `to` (days or months, YYYY-MM...). */
export function monthsBetween(from: string, to: string): string[] {
  // Counted, not compared as text: "10000-01" sorts before "9999-12", and a loop that compared
  // them ran on to the year 99989 (1,187,880 months built for from=1000&to=9999).
  let [y, m] = [+from.slice(0, 4), +from.slice(5, 7)];
  return Array.from({ length: monthCount(from, to) }, () => {
    const month = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
    return month;
  });
}

/** The last day of a month (YYYY-MM-DD). */
export function monthEnd(month: string): string {
  return new Date(Date.UTC(+month.slice(0, 4), +month.slice(5, 7), 0)).toISOString().slice(0, 10);
}

const DAY_MS = 86_400_000;
const days = (start: string, end: string) => (Date.parse(end) - Date.parse(start)) / DAY_MS + 1;

/**
 * One row per month of `months` (consecutive, as monthsBetween gives them), in order: the figures
 * whose period lies within the month (a figure of exactly the month, then shorter ones by start,
 * then stocks known "as of" a day of it; of one period, the latest published first), or none, which is `no source` and never 0.
 * The month's answer is the strongest its counts give; a month whose figures are all shares or rates
 * (a percentage, a daily average) answers `share_or_rate`: no count of it is published. A figure
 * spanning more than the month is not in any row; `spanning` counts those that hold the month, so
 * an empty month says what it could not use. `figures` are each figure once (monthly-figures.ts
 * folds a figure compiled twice into one naming its other records): given twice, a figure would be
 * listed twice and, its copies sharing every day, never be added to its month's other parts.
 */
export function figuresByMonth(figures: readonly MonthInput[], months: readonly string[]): FiguresMonth[] {
  // Each figure is read once and put in the one month it lies within, or counted in the run of
  // months it spans, so the work grows with figures plus months, not with their product: read
  // anew for every month, 20,000 figures over 1,200 months took 1.3 s on the request thread.
  const inside: FigureInMonth[][] = months.map(() => []);
  const spanStarts = months.map(() => 0);
  const spanEnds = months.map(() => 0);
  const at = (day: string) => (months.length ? monthCount(months[0]!, day) - 1 : -1);
  const asked = (i: number) => i >= 0 && i < months.length;
  for (const f of figures) {
    const end = at(f.period_end);
    if (f.period_start === null) {
      if (asked(end)) inside[end]!.push({ ...pick(f), covers: 'as_of' });
      continue;
    }
    const start = at(f.period_start);
    if (start === end) {
      if (!asked(start)) continue;
      const month = months[start]!;
      const whole = f.period_start === `${month}-01` && f.period_end === monthEnd(month);
      inside[start]!.push({ ...pick(f), covers: whole ? 'month' : 'part' });
    } else if (start < months.length && end >= 0) {
      // Counted from the first to the last asked month it holds (a prefix sum below).
      spanStarts[Math.max(start, 0)]!++;
      spanEnds[Math.min(end, months.length - 1)]!++;
    }
  }
  let spanning = 0;
  return months.map((month, i) => {
    spanning += spanStarts[i]!;
    const figuresIn = inside[i]!.sort(monthOrder);
    // The strongest answer a count gives: the whole month, a part of it, a stock on one of its days.
    // Shares and rates answer no "how many": a month holding only them says so, its figures listed
    // (a percentage of April's returns said `month` as if April's count were known).
    const counts = figuresIn.filter((f) => isCount(f.unit));
    const answer =
      (['month', 'part', 'as_of'] as const).find((c) => counts.some((f) => f.covers === c)) ??
      (figuresIn.length ? 'share_or_rate' : 'no source');
    const row: FiguresMonth = {
      month,
      answer,
      figures: figuresIn,
      parts_sums: partsSums(figuresIn, days(`${month}-01`, monthEnd(month))),
      spanning,
    };
    spanning -= spanEnds[i]!;
    return row;
  });
}

const COVERS_ORDER = { month: 0, part: 1, as_of: 2 } as const;

function monthOrder(a: FigureInMonth, b: FigureInMonth): number {
  return (
    COVERS_ORDER[a.covers] - COVERS_ORDER[b.covers] ||
    // Counts before the shares and daily averages of the same period: the count answers "how many".
    Number(isCount(b.unit)) - Number(isCount(a.unit)) ||
    (a.period_start ?? '').localeCompare(b.period_start ?? '') ||
    a.period_end.localeCompare(b.period_end) ||
    // Of one period, the latest published first (a later report revises an earlier one: UNHCR's
    // update of 30 October 2024 gives about 38,000 for May 2024, its update of 1 June about 40,000);
    // a figure whose page shows no date after those that do.
    (b.published ?? '').localeCompare(a.published ?? '') ||
    a.id.localeCompare(b.id)
  );
}

/** Whether a unit counts something (persons, attacks), so that two of its figures can be added and one answers "how many"; shares and daily averages cannot. */
export const isCount = (unit: string) => !/percent|%|\bper\b/i.test(unit);

/**
 * Sums of the figures shorter than the month that one organisation (as nameKey compares it: "UNHCR "
 * is UNHCR) published of the same measure from and to the same place as written, only where no two
 * of them overlap by the rule of
 * `period_overlaps` (their periods share no day): its weeks 19-25 and 26-31 of a month add up, two
 * figures of the same week never do, nor two figures of one week at two crossings (their
 * definitions may say they count different people, but that is for a reader to judge). A week at
 * Torkham and the next in all Pakistan, or two organisations' weeks, are not added: their parts
 * would not count the same thing. Nor are an "at least" and an "at most" part (sumQualifier). The
 * sum covers only the days of its parts, which it says.
 */
function partsSums(inside: readonly FigureInMonth[], daysInMonth: number): PartsSum[] {
  const groups = new Map<string, FigureInMonth[]>();
  for (const f of inside) {
    if (f.covers !== 'part' || !isCount(f.unit)) continue;
    const k = [nameKey(f.organisation), f.metric, unitKey(f.unit), f.geography, f.country, f.country_to].join(
      '|',
    );
    groups.set(k, [...(groups.get(k) ?? []), f]);
  }
  const out: PartsSum[] = [];
  for (const parts of groups.values()) {
    if (parts.length < 2) continue;
    if (periodOverlaps(parts.map(overlapFields)).some((n) => n > 0)) continue;
    const qualifier = sumQualifier(parts.map((f) => f.qualifier));
    if (qualifier === null) continue;
    const [one] = parts as [FigureInMonth];
    // Parts are shorter than the month and all have a start (a stock "as of" a day is never a part).
    const starts = parts.map((f) => f.period_start!).sort();
    const ends = parts.map((f) => f.period_end).sort();
    out.push({
      organisation: one.organisation,
      metric: one.metric,
      country: one.country,
      geography: one.geography,
      country_to: one.country_to,
      // The parts share their places, so their origin.
      origin: one.origin,
      unit: one.unit,
      value: parts.reduce((s, f) => s + f.value, 0),
      qualifier,
      // The sum's period as a figure's is given: from the first part's first day to the last part's
      // last day, of which only days_covered are counted (the parts may leave days between them).
      period_start: starts[0]!,
      period_end: ends.at(-1)!,
      days_covered: parts.reduce((s, f) => s + days(f.period_start!, f.period_end), 0),
      days_in_month: daysInMonth,
      figures: parts.map((f) => f.id),
      // A sum cited from its own row keeps the warning its parts carry.
      secondary: parts.some((f) => f.secondary),
    });
  }
  return out;
}

const overlapFields = (f: FigureInMonth): OverlapFields => ({
  metric: f.metric,
  unit: f.unit,
  country: f.country,
  geography: f.geography,
  countryTo: f.country_to,
  periodStart: f.period_start,
  periodEnd: f.period_end,
});

/**
 * What a sum of qualified figures is: exact only when every part is; "at least" parts with exact
 * ones make at least (and "at most" at most); with an "about" part, about. A lower bound added to
 * an upper bound bounds nothing (at least 85,000 and at most 60,000 may be 85,001 or a million), so
 * such parts are not added: null.
 */
function sumQualifier(qs: readonly string[]): string | null {
  const set = new Set(qs.filter((q) => q !== 'exact'));
  if (set.has('at_least') && set.has('at_most')) return null;
  if (set.size === 0) return 'exact';
  if (set.size === 1) return [...set][0]!;
  return 'about';
}
