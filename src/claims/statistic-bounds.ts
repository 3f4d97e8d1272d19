/**
 * Published figures over other periods than a claim's, read as bounds of the claim's count. A count
 * that only grows as its period grows (people killed, returns, attacks), published over a part of
 * the claim's period, is a lower bound of the claim's count; one over a period that contains the
 * claim's is an upper bound. Each figure bounds on its own, with its publisher's definition:
 * figures are never added across periods or organisations. Shares, rates, single-day or movement
 * counts and stocks are refused. See docs/claims.md, "Figures over other periods".
 */
import type { DayRange } from './claim-periods.ts';
import { definitionGaps, definitionMismatch, definitionNote } from './definitions.ts';
import { evidence, type Evidence, type FigureBound } from './evidence.ts';
import { judgeValue } from './judge.ts';
import type { ResolvedClaim } from './resolved-claim.ts';
import {
  samePlace,
  statisticPart,
  STATISTIC_METRICS,
  STATISTIC_UNITS,
  statisticFigures,
  type ClaimStatistic,
  type StatisticFigure,
  type StatisticQuery,
} from './statistic-figures.ts';
import { DEFAULT_TOLERANCES, formatNumber } from './tolerances.ts';
import { OWN_PERIOD } from '../domain/statistic.ts';

/** Statistic metrics that count what happened over a period, so a longer period never counts fewer. */
export const ADDITIVE_METRICS: ReadonlySet<string> = new Set([
  'killed',
  'injured',
  'attacks',
  'incidents',
  'returns',
  'deportations',
]);

/**
 * Units of such counts, as written: people and incidents. Anything else is refused: a percentage,
 * a daily average, "persons (single day)", "movements" (one person can cross twice).
 */
export const COUNT_UNITS: ReadonlySet<string> = new Set([
  'persons',
  'people',
  'individuals',
  'attacks',
  'incidents',
]);

/**
 * The statistic metric among `metrics` that `metric` is another form of, named after it with a
 * suffix (`returns_daily_average` of `returns`: a daily average, a share), or null. Such a figure
 * never bounds a count; it is listed near a claim with its reason, as a share of returns is.
 */
export function formOf(metric: string, metrics: ReadonlySet<string>): string | null {
  for (const m of metrics) if (metric.startsWith(`${m}_`)) return m;
  return null;
}

/** How far an "about" figure may be from the true count: the house reading of "about" (10% either way). */
const ABOUT = DEFAULT_TOLERANCES.about.below;

/**
 * The bounds that loaded figures over other periods give the claim's count over `period`, one
 * evidence item per figure (report version and period); figures that give none (in a unit that does
 * not add up, or over a period that overlaps the claim's only in part) are listed as unavailable with
 * the reason. Empty when no figure is over a part of the period, one containing it or one crossing it.
 */
export function boundEvidence(
  r: ResolvedClaim,
  stats: readonly ClaimStatistic[],
  q: StatisticQuery,
  period: DayRange,
  head: { geography: string; measure: (f: StatisticFigure) => string },
): Evidence[] {
  const alternatives = new Set(STATISTIC_METRICS[q.metric].flat());
  const related = stats.filter(
    (s) =>
      (alternatives.has(s.metric) || formOf(s.metric, alternatives) !== null) &&
      samePlace(s, q) &&
      s.periodStart !== null &&
      (relation(s.periodStart, s.periodEnd, period) !== null || crosses(s.periodStart, s.periodEnd, period)),
  );
  const counts = related.filter((s) => ADDITIVE_METRICS.has(s.metric) && COUNT_UNITS.has(unitOf(s)));
  const usable = counts.filter((s) => relation(s.periodStart!, s.periodEnd, period) !== null);
  const items: Evidence[] = [];
  for (const span of [...new Set(usable.map((s) => `${s.periodStart}|${s.periodEnd}`))]) {
    const [from, to] = span.split('|') as [string, string];
    const at = { ...q, from, to };
    for (const f of statisticFigures(usable, at))
      items.push(bounded(r, f, relation(from, to, period)!, at, period, head));
  }
  // A figure in a unit that does not add up (a share, a daily average) is named with its unit, one
  // of another form of the measure (returns_daily_average) with its metric and unit, and a count over
  // a period that overlaps the claim's only in part with both periods, so nothing is left out
  // without saying so.
  const claimSpan = `${period.from} to ${period.to}`;
  for (const s of related.filter((x) => !usable.includes(x))) {
    const span = `${s.periodStart} to ${s.periodEnd}`;
    const [reason, noBound] = counts.includes(s)
      ? [
          `not a bound: its period (${span}) overlaps the claim's (${claimSpan}) only in part, so it neither contains nor lies within it`,
          "over a period that overlaps the claim's only in part",
        ]
      : alternatives.has(s.metric)
        ? [
            `not a bound: its unit (${s.unit}) is not a count of people or incidents that adds up over time`,
            `in ${s.unit}, not a count that adds up over time`,
          ]
        : [
            `not a bound: ${s.metric} (${s.unit}) is another form of ${formOf(s.metric, alternatives)}, not a count that adds up over time`,
            `${s.metric} in ${s.unit}, not a count that adds up over time`,
          ];
    items.push(noAnswer(s, head.geography, reason, noBound));
  }
  return items.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      cmp(a.period!.from, b.period!.from) ||
      cmp(a.period!.to, b.period!.to) ||
      cmp(a.source, b.source),
  );
}

/**
 * Figures for the claim's place and its very period that answer nothing: of its metric in a unit
 * that is not a count of people (`percent of returns`, `movements`, `persons (single day)`), or of
 * another form of it (`returns_daily_average`). Listed as unavailable with why, as the figures over
 * other periods that give no bound are, so that none is left out without a word (the three shares
 * of April 2025's returns beside UNHCR's count of them were).
 */
export function samePeriodNonCounts(
  stats: readonly ClaimStatistic[],
  q: StatisticQuery,
  geography: string,
): Evidence[] {
  const alternatives = new Set(STATISTIC_METRICS[q.metric].flat());
  const units = STATISTIC_UNITS[q.metric];
  const items: Evidence[] = [];
  for (const s of stats) {
    if (!samePlace(s, q) || s.periodStart !== q.from || s.periodEnd !== q.to) continue;
    const form = alternatives.has(s.metric) ? null : formOf(s.metric, alternatives);
    if (form === null && !(alternatives.has(s.metric) && units && !units.includes(s.unit))) continue;
    const [reason, noBound] =
      form === null
        ? [
            `not an answer: its unit (${s.unit}) is not a count of people`,
            `${OWN_PERIOD}, in ${s.unit}, not a count`,
          ]
        : [
            `not an answer: ${s.metric} (${s.unit}) is another form of ${form}, not a count`,
            `${OWN_PERIOD}, ${s.metric} in ${s.unit}, not a count`,
          ];
    items.push(noAnswer(s, geography, reason, noBound));
  }
  return items.sort(
    (a, b) => cmp(a.source, b.source) || cmp(a.reason, b.reason) || (a.value ?? 0) - (b.value ?? 0),
  );
}

/** A figure listed whole that neither answers nor bounds the claim: `reason` in full, `noBound` in a few words. */
function noAnswer(s: ClaimStatistic, geography: string, reason: string, noBound: string): Evidence {
  return {
    ...evidence({
      source: s.organisation,
      kind: 'statistic',
      report: s.report,
      version: s.reportVersion,
      published: s.published,
      measure: s.metric,
      definition: `${s.metric}: ${s.definition}`,
      geography,
      period: { from: s.periodStart!, to: s.periodEnd },
      qualifier: s.qualifier,
      parts: [statisticPart(s)],
      value: s.value,
      outcome: 'unavailable',
      reason,
    }),
    no_bound: noBound,
  };
}

/** True when [from, to] shares days with the period but neither contains it nor lies within it. */
function crosses(from: string, to: string, p: DayRange): boolean {
  return from <= p.to && to >= p.from && !(from >= p.from && to <= p.to) && !(from <= p.from && to >= p.to);
}

/** `lower` when [from, to] is a part of the period, `upper` when it contains it, null otherwise (or the same period). */
export function relation(from: string, to: string, p: DayRange): 'lower' | 'upper' | null {
  if (from === p.from && to === p.to) return null;
  if (from >= p.from && to <= p.to) return 'lower';
  if (from <= p.from && to >= p.to) return 'upper';
  return null;
}

function bounded(
  r: ResolvedClaim,
  f: StatisticFigure,
  kind: 'lower' | 'upper',
  at: { from: string; to: string },
  period: DayRange,
  head: { geography: string; measure: (f: StatisticFigure) => string },
): Evidence {
  const base = common(f, at, head);
  if (f.missing)
    return {
      ...evidence({ ...base, outcome: 'unavailable', reason: f.missing }),
      no_bound: 'lacking a part the claim adds up',
    };
  const mismatch = definitionMismatch(r.definition, f.definitionClass);
  if (mismatch)
    return {
      ...evidence({ ...base, outcome: 'unavailable', reason: `definition does not match: ${mismatch}` }),
      no_bound: 'of a definition the claim rules out',
    };
  const value = kind === 'lower' ? lowEnd(f) : highEnd(f);
  const span = `${at.from} to ${at.to}`;
  const claimSpan = `${period.from} to ${period.to}`;
  if (value === null)
    return {
      ...evidence({
        ...base,
        outcome: 'unavailable',
        reason:
          kind === 'lower'
            ? `not a bound: ${span} is a part of the claim's period, but the figure is only an upper bound (at most ${formatNumber(f.value)}), so it sets no floor`
            : `not a bound: ${span} contains the claim's period, but the figure is only a lower bound (at least ${formatNumber(f.value)}), so it sets no ceiling`,
      }),
      no_bound:
        kind === 'lower'
          ? 'only an upper bound ("at most") over a part of the claim\'s period, so no floor'
          : 'only a lower bound ("at least") over a period containing the claim\'s, so no ceiling',
    };
  const what = head.measure(f);
  const why =
    kind === 'lower'
      ? `a lower bound: ${span} is a part of the claim's period (${claimSpan}), and ${what} over a part cannot exceed ${what} over the whole, so the claim's count is at least ${formatNumber(value)}${qualified(f, 'lower')}`
      : `an upper bound: ${span} contains the claim's period (${claimSpan}), and ${what} over a part cannot exceed ${what} over the whole, so the claim's count is at most ${formatNumber(value)}${qualified(f, 'upper')}`;
  const judged = judgeValue(
    r.bound!,
    r.tolerance,
    kind === 'lower' ? { lo: value, hi: Infinity } : { lo: 0, hi: value },
  );
  // A bound supports a claim, never contradicts it: a figure over another period may count what the
  // claim counts otherwise (IOM's returns against UNHCR's), and only a figure over the claim's own
  // period sets that disagreement beside the claim. One that disagrees is shown, not decisive.
  const j =
    judged.outcome === 'fails'
      ? {
          outcome: 'inconclusive' as const,
          reason: `${judged.reason}; not judged against the claim: a figure over another period supports a claim but does not contradict it (it may count otherwise than the claim's source; docs/claims.md)`,
        }
      : judged;
  const bound: FigureBound = { kind, value, claim_period: { from: period.from, to: period.to }, why };
  return {
    ...evidence({
      ...base,
      value,
      qualifier: kind === 'lower' ? 'lower_bound' : 'upper_bound',
      outcome: j.outcome,
      reason: `${why}; ${j.reason}`,
      notes: [
        definitionNote(r.spec.metric, f.definitionClass, f.rows),
        ...definitionGaps(r.definition, f.definitionClass),
        'a figure over another period is never added to another: each bounds the claim on its own',
      ],
    }),
    bound,
  };
}

/** The evidence fields every figure over another period shows: its source, report and its own period. */
function common(
  f: StatisticFigure,
  at: { from: string; to: string },
  head: { geography: string; measure: (f: StatisticFigure) => string },
) {
  return {
    source: f.organisation,
    kind: 'statistic' as const,
    report: f.report,
    version: f.reportVersion,
    published: f.published,
    measure: head.measure(f),
    definition: f.definition,
    definition_class: f.definitionClass,
    geography: head.geography,
    period: { from: at.from, to: at.to },
    qualifier: f.qualifier,
    parts: f.rows,
    value: f.missing ? null : f.value,
  };
}

/** The least the figure allows, part by part: "about" 10% below, "at most" nothing (null: no floor). */
export function lowEnd(f: StatisticFigure): number | null {
  let n = 0;
  for (const p of f.rows) {
    if (p.qualifier === 'at_most') return null;
    n += p.qualifier === 'about' ? p.value * (1 - ABOUT) : p.value;
  }
  // Counts are whole: a count of at least 1,151,999.9 is at least 1,152,000.
  return Math.ceil(n - 1e-9);
}

/** The most the figure allows: "about" 10% above, "at least" anything (null: no ceiling). */
export function highEnd(f: StatisticFigure): number | null {
  let n = 0;
  for (const p of f.rows) {
    if (p.qualifier === 'at_least') return null;
    n += p.qualifier === 'about' ? p.value * (1 + ABOUT) : p.value;
  }
  return Math.floor(n + 1e-9);
}

/** How the figure was published, when its bound is not its bare value: ` (published as "at least")`, or "". */
export function qualified(f: StatisticFigure, kind: 'lower' | 'upper'): string {
  const about = f.rows.filter((p) => p.qualifier === 'about');
  if (about.length)
    return ` (published as "about ${about.map((p) => formatNumber(p.value)).join(' + ')}": read as up to ${Math.round(ABOUT * 100)}% ${kind === 'lower' ? 'below' : 'above'} it)`;
  const open = f.rows.filter((p) => p.qualifier === (kind === 'lower' ? 'at_least' : 'at_most'));
  return open.length ? ` (published as ${kind === 'lower' ? '"at least"' : '"at most"'})` : '';
}

/** The figure's unit as compared with COUNT_UNITS (trimmed, lower case). */
export function unitOf(s: ClaimStatistic): string {
  return s.unit.trim().toLowerCase();
}

// Lower bounds first, then upper bounds, then figures that give neither.
function rank(e: Evidence): number {
  return e.bound ? (e.bound.kind === 'lower' ? 0 : 1) : 2;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
