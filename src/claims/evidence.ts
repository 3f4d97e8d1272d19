/** Verdicts and the evidence behind them: every figure a claim was checked against, with where it came from. */
import type { RateComparison } from '../analytics/trends/rate-ratio.ts';
import type { LinkageBasis } from '../domain/linkage-basis.ts';
import type { EventFilter } from '../domain/query.ts';
import type { DefinitionClass } from './definitions.ts';

/** The verdict on a claim. */
export type Verdict = 'supported' | 'partly_supported' | 'contradicted' | 'not_checkable';
export const VERDICTS: readonly Verdict[] = [
  'supported',
  'partly_supported',
  'contradicted',
  'not_checkable',
];

/**
 * What one figure says about the claim: it `holds`, it `fails`, it is `inconclusive` (consistent
 * with the claim without establishing it: a bound, too few events), or the source cannot answer
 * (`unavailable`, with the reason and what would be needed).
 */
export type Outcome = 'holds' | 'fails' | 'inconclusive' | 'unavailable';

/** One published figure that went into an evidence item (casualties add killed and injured). */
export interface StatisticPart {
  statistic_id: string;
  metric: string;
  admin1: string | null;
  value: number;
  qualifier: string;
  definition: string;
  /** Indicator series: the page, the sentence that gives the figure, and the geography as written. */
  url?: string;
  quote?: string;
  geography?: string;
  /** The sha256 of the imported (compiled) file the figure was read from, when the store knows it. */
  file_sha256?: string | null;
  /** The 1-based line of that file the figure's record starts on; null when the store does not know it. */
  line?: number | null;
}

/**
 * A published figure over another period than the claim's, read as a bound of the claim's count
 * (docs/claims.md, "Figures over other periods"): a count over a part of the claim's period is a
 * lower bound of it, a count over a period containing the claim's an upper bound.
 */
export interface FigureBound {
  kind: 'lower' | 'upper';
  /** The bound on the claim's count (the figure's value, or the low or high end its qualifier allows). */
  value: number;
  /** The claim's period; the evidence's `period` is the figure's. */
  claim_period: { from: string; to: string };
  /** Why the figure bounds the claim's count, in words. */
  why: string;
}

/** A period's count as one publisher's figure bounds it: at least (`lower`) or at most (`upper`) `value`. */
export interface PeriodBound {
  kind: 'lower' | 'upper';
  value: number;
  /** The figure's own period: the period itself, a part of it (a lower bound) or one containing it (an upper bound). */
  figure_period: { from: string; to: string };
  /** The published figures that give it (more than one when a report adds parts). */
  statistic_ids: string[];
}

/** The floor and the ceiling one publisher's figures give a period's count (null: none gives one). */
export interface PeriodBounds {
  lower: PeriodBound | null;
  upper: PeriodBound | null;
}

/**
 * A change judged from bounds (docs/claims.md, "Changes from figures over other periods"): one
 * publisher's bounds on the later period's count and on the baseline's, and the bounds they give the
 * rate ratio (the later count per day over the baseline's): the later floor over the baseline's
 * ceiling is the ratio's floor (`low`), the later ceiling over the baseline's floor its ceiling (`high`).
 */
export interface ChangeBound {
  /** The least the rate ratio can be; null when no floor and ceiling give it. */
  low: number | null;
  /** The most the rate ratio can be; null when no ceiling and floor give it. */
  high: number | null;
  period: PeriodBounds;
  baseline: PeriodBounds;
  /** Why, in words: each bound, the figure that gives it, and the ratio. */
  why: string;
}

/** One period or place a rank compares with, and its figure. */
export interface RankedFigure {
  label: string;
  from: string;
  to: string;
  value: number | null;
  /** Events: the query behind the figure; statistics: the report it comes from. */
  query: EventQueryEvidence | null;
  report: string | null;
}

/** The exact rate test behind a change, as compareRates / the API's compare report it. */
export interface RateTest {
  count1: number;
  count2: number;
  days1: number;
  days2: number;
  rate_ratio: number | null;
  ci_low: number | null;
  ci_high: number | null;
  confidence: number;
  p_value: number;
  method: string;
  note: string | null;
}

/** A rate comparison whose exposures are days, as evidence shows it (a `note` replaces the comparison's own). */
export function rateTest(c: RateComparison, note: string | null = c.note ?? null): RateTest {
  return {
    count1: c.count1,
    count2: c.count2,
    days1: c.exposure1,
    days2: c.exposure2,
    rate_ratio: c.rateRatio,
    ci_low: c.ciLow,
    ci_high: c.ciHigh,
    confidence: c.confidence,
    p_value: c.pValue,
    method: c.method,
    note,
  };
}

/** The query behind an events figure: the filter, the store read that counted it, and event ids. */
export interface EventQueryEvidence {
  filter: EventFilter;
  counterpart_ids: string[] | null;
  /** The store's named read (`aggregate`, `aggregate by admin1`, `events by deaths`), engine-neutral. */
  query_id: string;
  /** Events counted (deadliest first), at most 25. */
  event_ids: string[];
}

/** One figure from one source (and report version), and what it says about the claim. */
export interface Evidence {
  /** Publishing organisation (CRSS, PIPS) or event dataset (ucdp-ged). */
  source: string;
  kind: 'statistic' | 'events' | 'index';
  /** Report title for statistics; null for events. */
  report: string | null;
  /** Report version (annual, first release, revision) or dataset versions (22.1). */
  version: string;
  published: string | null;
  /** What is counted, e.g. `casualties (killed + injured)`, `deaths (best estimate)`. */
  measure: string;
  /** The publisher's (or dataset's) definition in words. */
  definition: string;
  definition_class: DefinitionClass | null;
  geography: string;
  period: { from: string; to: string } | null;
  baseline: { from: string; to: string } | null;
  /** The figure compared with the claim (a count, a ratio or a percentage); null when unavailable. */
  value: number | null;
  /** Value of the baseline period (changes) or of the whole (shares). */
  reference_value: number | null;
  /** Low and high estimates of deaths (events), when the source gives them. */
  low: number | null;
  high: number | null;
  /**
   * How the value is qualified: exact, at_least (800+), at_most, about, lower_bound (deaths of
   * casualties; a figure over a part of the claim's period), upper_bound (a figure over a period
   * containing the claim's).
   */
  qualifier: string;
  parts: StatisticPart[];
  test: RateTest | null;
  /** The query behind the figure (for a change: the claim's period). */
  query: EventQueryEvidence | null;
  /** Changes: the query behind the baseline figure. */
  baseline_query: EventQueryEvidence | null;
  /** Shares and majorities: the query behind the whole. */
  whole_query: EventQueryEvidence | null;
  /** Ranks: every other period or place compared, with its figure. */
  among: RankedFigure[];
  /** Days of the period the source covers, when it covers only part of it. */
  covered: { days: number; of: number; ranges: { from: string; to: string }[] } | null;
  outcome: Outcome;
  /** One line: why the figure holds, fails, is inconclusive, or what data would be needed. */
  reason: string;
  /** `decisive` figures make the verdict; `context` ones (non-preferred sources) are shown only. */
  role: 'decisive' | 'context';
  notes: string[];
  /**
   * A deduplicated figure (`dedupe`) only: the stored linkage runs its links came from, each with the
   * part of its periods it supplied and its records there, and the parts of its periods no run
   * covers, as a deduplicated series names them in `meta.linkage` (docs/linkage.md).
   */
  linkage?: LinkageBasis;
  /** A published figure over another period than the claim's only: the bound it gives and why. */
  bound?: FigureBound;
  /** A change read from one publisher's bounds on both periods only: the ratio's bound and why. */
  change_bound?: ChangeBound;
  /**
   * A published figure over another period that gives no bound, only: why, in a few words shared by
   * every such figure for the same cause ("in percent of returns, not a count that adds up over
   * time"), so that a listing can count them in one line (`noBoundSummary`) and keep them whole.
   */
  no_bound?: string;
}

/** The check of one claim. */
export interface ClaimResult {
  id: string;
  text: string;
  verdict: Verdict;
  explanation: string;
  /** The values the claim's words accept, in words ("from 2,700 to 3,000"). */
  accepts: string;
  evidence: Evidence[];
}

/** An evidence item with the defaults filled in, fields in a fixed order (source first). */
export function evidence(
  e: Pick<Evidence, 'source' | 'kind' | 'version' | 'measure' | 'outcome' | 'reason'> & Partial<Evidence>,
): Evidence {
  return {
    source: e.source,
    kind: e.kind,
    report: e.report ?? null,
    version: e.version,
    published: e.published ?? null,
    measure: e.measure,
    definition: e.definition ?? '',
    definition_class: e.definition_class ?? null,
    geography: e.geography ?? '',
    period: e.period ?? null,
    baseline: e.baseline ?? null,
    value: e.value ?? null,
    reference_value: e.reference_value ?? null,
    low: e.low ?? null,
    high: e.high ?? null,
    qualifier: e.qualifier ?? 'exact',
    parts: e.parts ?? [],
    test: e.test ?? null,
    query: e.query ?? null,
    baseline_query: e.baseline_query ?? null,
    whole_query: e.whole_query ?? null,
    among: e.among ?? [],
    covered: e.covered ?? null,
    outcome: e.outcome,
    reason: e.reason,
    role: e.role ?? 'decisive',
    notes: e.notes ?? [],
  };
}
