/**
 * What the words of a claim mean, as numbers: the default tolerance of every comparator ("nearly
 * 3,000" accepts 2,700 to 3,000; a "surge" is a rate at least 1.5 times the baseline's), the words
 * the extractor maps to each comparator, and the range of values a comparator accepts.
 * docs/claims.md prints the same table; every default can be overridden per claim.
 */
import type { ComparatorKind, ToleranceOverride, VagueKind } from './claim-spec.ts';
import { formatNumber } from '../domain/format-number.ts';

/** The documented range of each vague quantity (both ends included). */
export const VAGUE_RANGES: Readonly<Record<VagueKind, { lo: number; hi: number; words: string[] }>> = {
  dozens: { lo: 24, hi: 99, words: ['dozens'] },
  hundreds: { lo: 200, hi: 999, words: ['hundreds'] },
  several_hundred: { lo: 200, hi: 999, words: ['several hundred'] },
  thousands: { lo: 2000, hi: 9999, words: ['thousands'] },
  several_thousand: { lo: 2000, hi: 9999, words: ['several thousand'] },
  tens_of_thousands: { lo: 20_000, hi: 99_999, words: ['tens of thousands'] },
  hundreds_of_thousands: { lo: 200_000, hi: 999_999, words: ['hundreds of thousands'] },
};

/** A comparator's tolerance with every field decided. */
export interface Tolerance {
  /** Largest shortfall below the stated number, as a share of it. */
  below: number;
  /** Largest excess above the stated number, as a share of it. */
  above: number;
  /** Smallest rate ratio an increase word allows; the ratio must exceed it when it is 1. */
  minRatio: number;
  /** Largest rate ratio a decrease allows; the ratio must be below it when it is 1. */
  maxRatio: number;
  /** Largest gap between a stated and a measured share, in percentage points. */
  points: number;
  /** Whether a change in counts of events (not deaths) must be significant at `confidence`. */
  requireSignificance: boolean;
  confidence: number;
}

const BASE: Tolerance = {
  below: 0,
  above: 0,
  minRatio: 1,
  maxRatio: 1,
  points: 5,
  requireSignificance: true,
  confidence: 0.95,
};

/** The default tolerance of each comparator. */
export const DEFAULT_TOLERANCES: Readonly<Record<ComparatorKind, Tolerance>> = {
  about: { ...BASE, below: 0.1, above: 0.1 },
  nearly: { ...BASE, below: 0.1, above: 0 },
  exactly: { ...BASE },
  at_least: { ...BASE },
  more_than: { ...BASE },
  over: { ...BASE },
  at_most: { ...BASE },
  less_than: { ...BASE },
  between: { ...BASE },
  dozens: { ...BASE },
  hundreds: { ...BASE },
  several_hundred: { ...BASE },
  thousands: { ...BASE },
  several_thousand: { ...BASE },
  tens_of_thousands: { ...BASE },
  hundreds_of_thousands: { ...BASE },
  increase: { ...BASE },
  decrease: { ...BASE },
  alarming_increase: { ...BASE, minRatio: 1.25 },
  surge: { ...BASE, minRatio: 1.5 },
  // The mirror images of alarming_increase and surge: a quarter lower (1 / 1.25), a third lower (1 / 1.5).
  sharp_decrease: { ...BASE, maxRatio: 0.8 },
  plunge: { ...BASE, maxRatio: 2 / 3 },
  rate_ratio: { ...BASE, below: 0.1, above: 0.1 },
  share: { ...BASE },
  majority: { ...BASE },
  rank: { ...BASE },
};

/** The tolerance of a comparator with a claim's overrides applied. */
export function toleranceFor(kind: ComparatorKind, o: ToleranceOverride | undefined): Tolerance {
  const d = DEFAULT_TOLERANCES[kind];
  return {
    below: o?.below ?? d.below,
    above: o?.above ?? d.above,
    minRatio: o?.min_ratio ?? d.minRatio,
    maxRatio: o?.max_ratio ?? d.maxRatio,
    points: o?.points ?? d.points,
    requireSignificance: o?.require_significance ?? d.requireSignificance,
    confidence: o?.confidence ?? d.confidence,
  };
}

/** A range of accepted values; `hi` is Infinity when there is no upper bound. */
export interface Range {
  lo: number;
  loOpen: boolean;
  hi: number;
  hiOpen: boolean;
}

/** The values a single-figure comparator accepts for stated number `n` (`max`: the high end of between). */
export function acceptedRange(kind: ComparatorKind, n: number, t: Tolerance, max?: number): Range {
  if (kind in VAGUE_RANGES) {
    const v = VAGUE_RANGES[kind as VagueKind];
    return { lo: v.lo, loOpen: false, hi: v.hi, hiOpen: false };
  }
  switch (kind) {
    case 'between':
      return { lo: n, loOpen: false, hi: max ?? n, hiOpen: false };
    case 'at_least':
      return { lo: n, loOpen: false, hi: Infinity, hiOpen: true };
    case 'more_than':
    case 'over':
      return { lo: n, loOpen: true, hi: Infinity, hiOpen: true };
    case 'at_most':
      return { lo: 0, loOpen: false, hi: n, hiOpen: false };
    case 'less_than':
      return { lo: 0, loOpen: false, hi: n, hiOpen: true };
    default:
      return { lo: n * (1 - t.below), loOpen: false, hi: n * (1 + t.above), hiOpen: false };
  }
}

/** Whether x lies in the range. */
export function inRange(x: number, r: Range): boolean {
  return (r.loOpen ? x > r.lo : x >= r.lo) && (r.hiOpen ? x < r.hi : x <= r.hi);
}

/** A range in words: "from 2,700 to 3,000", "more than 800", "at most 50". */
export function describeRange(r: Range, digits = 0): string {
  const f = (x: number) => formatNumber(x, digits);
  if (r.hi === Infinity) return `${r.loOpen ? 'more than' : 'at least'} ${f(r.lo)}`;
  if (r.lo === 0 && !r.loOpen) return `${r.hiOpen ? 'less than' : 'at most'} ${f(r.hi)}`;
  if (r.lo === r.hi) return `exactly ${f(r.lo)}`;
  return `from ${f(r.lo)} to ${f(r.hi)}`;
}

export { formatNumber };

/** One word or phrase of claims and the comparator it means (used by the extractor and printed in docs/claims.md). */
export interface Hedge {
  words: string[];
  kind: ComparatorKind;
  meaning: string;
}

/** The vocabulary of hedges and change words, most specific first (the extractor takes the first match). */
export const HEDGES: readonly Hedge[] = [
  {
    words: [
      'alarming increase',
      'alarming rise',
      'alarming surge',
      'alarming spike',
      'sharp increase',
      'sharp rise',
      'dramatic increase',
      'dramatic rise',
      'significant increase',
      'significant rise',
    ],
    kind: 'alarming_increase',
    meaning:
      'the rate is at least 1.25 times the baseline rate (and, for counts of events, significantly above it)',
  },
  {
    words: [
      'surge',
      'surged',
      'surging',
      'spike',
      'spiked',
      'soared',
      'skyrocketed',
      'upsurge',
      'resurgence',
    ],
    kind: 'surge',
    meaning:
      'the rate is at least 1.5 times the baseline rate (and, for counts of events, significantly above it)',
  },
  {
    words: [
      'fell sharply',
      'dropped sharply',
      'declined sharply',
      'sharp decline',
      'sharp drop',
      'sharp fall',
      'steep decline',
      'significant decline',
      'significant drop',
      'dramatic decline',
      'dramatic drop',
    ],
    kind: 'sharp_decrease',
    meaning:
      'the rate is at most 0.8 times the baseline rate (a fifth lower; the mirror of alarming increase), for counts of events significantly below it',
  },
  {
    words: ['plunged', 'plummeted', 'collapsed', 'nosedived', 'slumped'],
    kind: 'plunge',
    meaning:
      'the rate is at most two thirds of the baseline rate (the mirror of surge), for counts of events significantly below it',
  },
  {
    words: [
      'doubled',
      'tripled',
      'halved',
      'times as many',
      'times more',
      'fold',
      'rose by',
      'fell by',
      'dropped by',
      'increased by',
      'decreased by',
      'declined by',
      'up by',
      'down by',
    ],
    kind: 'rate_ratio',
    meaning:
      'the rate ratio is within 10% of the stated ratio (doubled 2, halved 0.5, "rose by 70%" 1.7, "dropped by 40%" 0.6)',
  },
  {
    words: [
      'increase',
      'increased',
      'increasing',
      'rise',
      'rose',
      'rising',
      'grew',
      'growing',
      'escalating',
      'escalated',
      'escalation',
      'mounting',
      'higher',
      'up from',
    ],
    kind: 'increase',
    meaning: 'the rate is above the baseline rate (for counts of events, significantly so)',
  },
  {
    words: [
      'decrease',
      'decreased',
      'decline',
      'declined',
      'declining',
      'fell',
      'fall',
      'falling',
      'drop',
      'dropped',
      'eased',
      'easing',
      'subsided',
      'receded',
      'lower',
      'down from',
      'reduction',
    ],
    kind: 'decrease',
    meaning: 'the rate is below the baseline rate (for counts of events, significantly so)',
  },
  {
    words: ['nearly', 'almost', 'close to', 'just under', 'approaching', 'short of'],
    kind: 'nearly',
    meaning: 'at most the stated number and no more than 10% below it (nearly 3,000: 2,700 to 3,000)',
  },
  {
    words: [
      'about',
      'around',
      'approximately',
      'roughly',
      'some',
      'an estimated',
      'estimated',
      'circa',
      'nearly as many as',
    ],
    kind: 'about',
    meaning: 'within 10% of the stated number either way (about 3,000: 2,700 to 3,300)',
  },
  {
    words: ['at least', 'no fewer than', 'no less than', 'a minimum of'],
    kind: 'at_least',
    meaning: 'the stated number or more',
  },
  {
    words: [
      'more than',
      'over',
      'above',
      'in excess of',
      'upwards of',
      'exceeding',
      'exceeded',
      'passed',
      'surpassed',
      'topped',
    ],
    kind: 'more_than',
    meaning: 'strictly more than the stated number ("over 1,000" is not true of 1,000)',
  },
  {
    words: ['at most', 'up to', 'no more than', 'a maximum of'],
    kind: 'at_most',
    meaning: 'the stated number or fewer',
  },
  {
    words: ['fewer than', 'less than', 'under', 'below'],
    kind: 'less_than',
    meaning: 'strictly fewer than the stated number',
  },
  {
    words: ['more than half', 'most of', 'majority of', 'the bulk of'],
    kind: 'majority',
    meaning: 'the part is more than half of the whole (share_of)',
  },
  {
    words: [
      'highest',
      'deadliest',
      'worst',
      'most violent',
      'record',
      'bloodiest',
      'lowest',
      'least violent',
      'fewest',
    ],
    kind: 'rank',
    meaning: 'the figure is the highest (or lowest) among the periods or places of `among`',
  },
  ...Object.entries(VAGUE_RANGES).map(([kind, v]) => ({
    words: v.words,
    kind: kind as ComparatorKind,
    meaning: `from ${formatNumber(v.lo)} to ${formatNumber(v.hi)}`,
  })),
  {
    words: ['between'],
    kind: 'between' as ComparatorKind,
    meaning: 'from the stated low end to the stated high end, both included (value, max)',
  },
  {
    words: ['percent', '%', 'per cent', 'share of', 'proportion of'],
    kind: 'share',
    meaning: 'the share is within 5 percentage points of the stated percentage',
  },
];
