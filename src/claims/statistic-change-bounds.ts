/**
 * A change between two periods ("returns from Pakistan in 2025 exceeded 2024") when no publisher
 * gives a figure for both exact periods: one publisher's figures over each period itself, a part of
 * it or a period containing it bound its count there (statistic-bounds.ts), and a floor of the later
 * period against a ceiling of the baseline bounds the rate ratio from below, a ceiling against a
 * floor from above. Like every bound, it supports a claim and never contradicts it. See
 * docs/claims.md, "Changes from figures over other periods".
 */
import { publisherOf } from './attribution.ts';
import type { DayRange } from './claim-periods.ts';
import { definitionMismatch, definitionNote } from './definitions.ts';
import { evidence, type ChangeBound, type Evidence, type PeriodBound } from './evidence.ts';
import { ratioWords } from '../domain/format-number.ts';
import type { ResolvedClaim } from './resolved-claim.ts';
import {
  ADDITIVE_METRICS,
  COUNT_UNITS,
  highEnd,
  lowEnd,
  qualified,
  relation,
  unitOf,
} from './statistic-bounds.ts';
import {
  samePlace,
  STATISTIC_METRICS,
  statisticFigures,
  type ClaimStatistic,
  type StatisticFigure,
  type StatisticQuery,
} from './statistic-figures.ts';
import { acceptedRange, describeRange, formatNumber } from './tolerances.ts';
import { counted } from '../domain/plural.ts';

/** One bound of a period's count and the figure that gives it. */
interface Side {
  bound: PeriodBound;
  figure: StatisticFigure;
  /** The bound in words: "at least 931,700 (a figure of UNHCR for 2025-04-01 to 2025-12-13, a part of it)". */
  text: string;
  /** The figure in words, without the bound: "(a figure of UNHCR for 2025-04-01 to 2025-04-30, the period itself)". */
  where: string;
}

/** The floor and the ceiling one publisher's figures give a period's count, of figures from one place as written. */
interface Bounds {
  floor: Side | null;
  ceiling: Side | null;
}

const UP = new Set(['increase', 'surge', 'alarming_increase']);
const DOWN = new Set(['decrease', 'sharp_decrease', 'plunge']);

/**
 * One evidence item per publisher (and place as written) whose figures bound both the later
 * period's count and the baseline's, leaving out the publishers in `answered` (a figure of each
 * exact period already answers for them). Empty when no publisher bounds both.
 */
export function changeBoundEvidence(
  r: ResolvedClaim,
  stats: readonly ClaimStatistic[],
  q: (p: DayRange) => StatisticQuery,
  periods: { period: DayRange; baseline: DayRange },
  head: { geography: string; measure: (f: StatisticFigure) => string; answered: ReadonlySet<string> },
): Evidence[] {
  const { period, baseline } = periods;
  const later = sideBounds(r, stats, q(period), period);
  const before = sideBounds(r, stats, q(baseline), baseline);
  const items: Evidence[] = [];
  for (const [key, p] of later) {
    const b = before.get(key);
    if (!b || head.answered.has(key.split('|')[0]!)) continue;
    const item = judged(r, p, b, periods, head);
    if (item) items.push(item);
  }
  return items.sort((x, y) => cmp(x.source, y.source) || cmp(x.report ?? '', y.report ?? ''));
}

/** The bounds each publisher's figures give the count over `side`, by publisher and place as written. */
function sideBounds(
  r: ResolvedClaim,
  stats: readonly ClaimStatistic[],
  q: StatisticQuery,
  side: DayRange,
): Map<string, Bounds> {
  const alternatives = new Set(STATISTIC_METRICS[q.metric].flat());
  const counts = stats.filter(
    (s) =>
      alternatives.has(s.metric) &&
      ADDITIVE_METRICS.has(s.metric) &&
      COUNT_UNITS.has(unitOf(s)) &&
      samePlace(s, q) &&
      s.periodStart !== null &&
      (relation(s.periodStart, s.periodEnd, side) !== null ||
        (s.periodStart === side.from && s.periodEnd === side.to)),
  );
  const out = new Map<string, Bounds>();
  for (const span of new Set(counts.map((s) => `${s.periodStart}|${s.periodEnd}`))) {
    const [from, to] = span.split('|') as [string, string];
    const how = relation(from, to, side);
    for (const f of statisticFigures(counts, { ...q, from, to })) {
      if (f.missing || definitionMismatch(r.definition, f.definitionClass)) continue;
      const key = `${publisherOf(f.organisation)}|${f.rows.map((x) => x.geography ?? '').join('+')}`;
      const bounds = out.get(key) ?? { floor: null, ceiling: null };
      const where =
        how === null ? 'the period itself' : how === 'lower' ? 'a part of it' : 'a period containing it';
      const at = (kind: 'lower' | 'upper', value: number): Side => {
        const figure = `(a figure of ${f.organisation} for ${from} to ${to}, ${where}`;
        const published = qualified(f, kind).replace(/^ \((.*)\)$/, '; $1');
        return {
          bound: {
            kind,
            value,
            figure_period: { from, to },
            statistic_ids: f.rows.map((x) => x.statistic_id),
          },
          figure: f,
          text: `${kind === 'lower' ? 'at least' : 'at most'} ${formatNumber(value)} ${figure}${published})`,
          where: `${figure})`,
        };
      };
      const lo = how === 'upper' ? null : lowEnd(f);
      const hi = how === 'lower' ? null : highEnd(f);
      if (lo !== null && (!bounds.floor || lo > bounds.floor.bound.value)) bounds.floor = at('lower', lo);
      if (hi !== null && (!bounds.ceiling || hi < bounds.ceiling.bound.value))
        bounds.ceiling = at('upper', hi);
      out.set(key, bounds);
    }
  }
  return out;
}

/** The item for one publisher's bounds of both periods, or null when they bound no ratio. */
function judged(
  r: ResolvedClaim,
  p: Bounds,
  b: Bounds,
  periods: { period: DayRange; baseline: DayRange },
  head: { geography: string; measure: (f: StatisticFigure) => string },
): Evidence | null {
  const { period, baseline } = periods;
  const kind = r.spec.comparator.kind;
  // The ratio of two counts per day: a later bound over a baseline bound other than 0.
  const ratio = (over: Side | null, under: Side | null) =>
    over && under && under.bound.value > 0
      ? over.bound.value / period.days / (under.bound.value / baseline.days)
      : null;
  const low = ratio(p.floor, b.ceiling);
  const high = ratio(p.ceiling, b.floor);
  if (low === null && high === null) return null;
  // A floor above a ceiling of one period: the publisher's figures of it disagree (a revision, or
  // another definition), so at least one of them is no bound, and nothing is judged on them.
  const clash = !consistent(p) ? 'period' : !consistent(b) ? 'baseline' : null;
  const t = r.tolerance;
  let holds: boolean;
  let need: string;
  let against: boolean;
  if (UP.has(kind)) {
    need = t.minRatio <= 1 ? 'above 1' : `at least ${formatNumber(t.minRatio, 2)}`;
    holds = low !== null && (t.minRatio <= 1 ? low > t.minRatio : low >= t.minRatio);
    against = high !== null && high <= 1;
  } else if (DOWN.has(kind)) {
    need = t.maxRatio >= 1 ? 'below 1' : `at most ${formatNumber(t.maxRatio, 2)}`;
    holds = high !== null && (t.maxRatio >= 1 ? high < 1 : high <= t.maxRatio);
    against = low !== null && low >= 1;
  } else {
    const range = acceptedRange('about', r.spec.comparator.value!, t);
    need = describeRange(range, 2);
    holds = low !== null && high !== null && low >= range.lo && high <= range.hi;
    against = (low !== null && low > range.hi) || (high !== null && high < range.lo);
  }
  const round = (x: number | null) => (x === null ? null : Math.round(x * 10_000) / 10_000);
  const bound: ChangeBound = {
    low: round(low),
    high: round(high),
    period: { lower: p.floor?.bound ?? null, upper: p.ceiling?.bound ?? null },
    baseline: { lower: b.floor?.bound ?? null, upper: b.ceiling?.bound ?? null },
    why: `the period's count (${period.from} to ${period.to}, ${counted(period.days, 'day')}) is ${sideText(p)}; the baseline's (${baseline.from} to ${baseline.to}, ${counted(baseline.days, 'day')}) is ${sideText(b)}; so the rate ratio (the period's count per day over the baseline's) is ${ratioWords(low, high)}`,
  };
  const word =
    kind === 'rate_ratio' ? 'the claim' : `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind.replace('_', ' ')}`;
  if (clash) [holds, against] = [false, false];
  const settles = clash
    ? `; but the figures of the ${clash} disagree with each other (a floor above a ceiling: a revision, or another definition), so these bounds settle nothing`
    : holds
      ? `; ${word} means a ratio ${need}`
      : `; ${word} means a ratio ${need}, which these bounds do not settle${
          // A ratio bound on the wrong side of the claim is shown, never held against it.
          against
            ? ': not judged against the claim, as bounds from figures over other periods support a claim but do not contradict it (docs/claims.md)'
            : ''
        }`;
  // The item is the later period's figure, as a change's is; the baseline's is named in a note.
  const down = DOWN.has(kind);
  const later = (down ? (p.ceiling ?? p.floor) : (p.floor ?? p.ceiling))!.figure;
  const earlier = (down ? (b.floor ?? b.ceiling) : (b.ceiling ?? b.floor))!.figure;
  const value = low !== null && high !== null && low === high ? low : down ? (high ?? low) : (low ?? high);
  const figures = [
    ...new Set([b.floor, b.ceiling, p.floor, p.ceiling].flatMap((x) => (x ? [x.figure] : []))),
  ];
  return {
    ...evidence({
      source: later.organisation,
      kind: 'statistic',
      report: later.report,
      version: later.reportVersion,
      published: later.published,
      measure: head.measure(later),
      definition: later.definition,
      definition_class: later.definitionClass,
      geography: head.geography,
      period: { from: period.from, to: period.to },
      baseline: { from: baseline.from, to: baseline.to },
      value: round(value),
      reference_value: null,
      qualifier:
        low !== null && low === high
          ? 'rate_ratio'
          : value === low
            ? 'rate_ratio_lower_bound'
            : 'rate_ratio_upper_bound',
      parts: figures.flatMap((f) => f.rows),
      outcome: holds ? 'holds' : 'inconclusive',
      reason: `${bound.why}${settles}`,
      notes: [
        definitionNote(r.spec.metric, later.definitionClass, later.rows),
        ...(earlier === later
          ? []
          : [
              `baseline from ${earlier.organisation}, ${earlier.report} (${earlier.reportVersion}${earlier.published ? `, published ${earlier.published}` : ''}), as published: "${earlier.definition}"`,
            ]),
        'both periods are bounded by figures of one publisher from one place as written; figures are never added across periods or publishers, and two definitions of one publisher may still differ: read both',
      ],
    }),
    change_bound: bound,
  };
}

/** Whether a period's floor is at most its ceiling (its figures do not disagree). */
function consistent(s: Bounds): boolean {
  return !(s.floor && s.ceiling && s.floor.bound.value > s.ceiling.bound.value);
}

/** A period's bounds in words: "at least 931,700 (...)", "at least 145,200 and at most 145,200 (...)". */
function sideText(s: Bounds): string {
  if (
    s.floor &&
    s.ceiling &&
    s.floor.bound.value === s.ceiling.bound.value &&
    s.floor.figure === s.ceiling.figure
  )
    return `${formatNumber(s.floor.bound.value)} ${s.floor.where}`;
  return [s.floor, s.ceiling].flatMap((x) => (x ? [x.text] : [])).join(' and ');
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
