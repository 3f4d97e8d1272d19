/** Whether one figure bears a claim out: a value against the claim's range, a rate ratio against its change word, a share against its percentage. */
import { counted } from '../domain/plural.ts';
import type { ComparatorKind } from './claim-spec.ts';
import type { Outcome, RateTest } from './evidence.ts';
import { acceptedRange, describeRange, formatNumber, inRange, type Tolerance } from './tolerances.ts';

/** An outcome and its one-line reason. */
export interface Judgement {
  outcome: Outcome;
  reason: string;
}

/** A figure as an interval: exact figures have lo = hi; "800+" has hi = Infinity. */
export interface FigureRange {
  lo: number;
  hi: number;
}

/** The interval a published figure stands for, from its qualifier. */
export function figureRange(value: number, qualifier: string): FigureRange {
  if (qualifier === 'at_least' || qualifier === 'lower_bound') return { lo: value, hi: Infinity };
  if (qualifier === 'at_most') return { lo: 0, hi: value };
  return { lo: value, hi: value };
}

/** Judges one figure against a single-figure comparator ("nearly 3,000", "several hundred"). */
export function judgeValue(
  b: { kind: ComparatorKind; value: number; max?: number; words: string },
  t: Tolerance,
  f: FigureRange,
): Judgement {
  const r = acceptedRange(b.kind, b.value, t, b.max);
  const words = b.words;
  const shown =
    f.lo === f.hi
      ? formatNumber(f.lo)
      : f.hi === Infinity
        ? `at least ${formatNumber(f.lo)}`
        : f.lo === 0
          ? `at most ${formatNumber(f.hi)}`
          : `between ${formatNumber(f.lo)} and ${formatNumber(f.hi)}`;
  const accepts = describeRange(r);
  if (inRange(f.lo, r) && (f.hi === f.lo || inRange(f.hi, r) || (f.hi === Infinity && r.hi === Infinity)))
    return { outcome: 'holds', reason: `${shown} is ${accepts}, as "${words}" means` };
  const below = r.loOpen ? f.hi <= r.lo : f.hi < r.lo;
  const above = r.hiOpen ? f.lo >= r.hi : f.lo > r.hi;
  if (below || above) return { outcome: 'fails', reason: `${shown} is not ${accepts}, as "${words}" means` };
  return {
    outcome: 'inconclusive',
    reason: `${shown} may or may not be ${accepts}: the figure is ${f.hi === Infinity || f.lo === 0 ? 'a bound' : 'a range'}`,
  };
}

/**
 * Judges a share known only to lie between two values (records dated only to a month or a year that
 * may or may not belong to the period): `lo` is the part without them over the whole with all of the
 * whole's, `hi` the part with its own over the whole with those alone. Holds when the whole range
 * does, fails when it lies wholly outside what the claim accepts, and is inconclusive otherwise.
 * `stated` is null for a majority ("most", more than half).
 */
export function judgeShareBetween(
  stated: number | null,
  t: Tolerance,
  lo: { part: number; whole: number },
  hi: { part: number; whole: number },
): Judgement {
  const [pLo, pHi] = [(100 * lo.part) / lo.whole, (100 * hi.part) / hi.whole];
  const end = (x: { part: number; whole: number }) =>
    stated === null
      ? judgeMajority((100 * x.part) / x.whole, x.part, x.whole)
      : judgeShare(stated, (100 * x.part) / x.whole, t, x.part, x.whole);
  const reason = `between ${fmt(pLo, 1)}% and ${fmt(pHi, 1)}% (${end(lo).reason}; ${end(hi).reason})`;
  const [accLo, accHi] = stated === null ? [50, Infinity] : [stated - t.points, stated + t.points];
  const inside = (x: number) => (stated === null ? x > 50 : x >= accLo && x <= accHi);
  if (inside(pLo) && inside(pHi)) return { outcome: 'holds', reason };
  if ((stated === null ? pHi <= 50 : pHi < accLo) || pLo > accHi) return { outcome: 'fails', reason };
  return { outcome: 'inconclusive', reason: `${reason}: the share may or may not be what the claim says` };
}

/**
 * Judges a rate test against a change word. Increases need a rate ratio above 1 (at least
 * `minRatio` when that is above 1), decreases one below 1 (at most `maxRatio` when below 1); for
 * counts of events the exact interval must also exclude 1. Deaths cluster, so for death figures
 * the interval is shown but not required.
 */
export function judgeChange(
  kind: ComparatorKind,
  stated: number | undefined,
  t: Tolerance,
  test: RateTest,
  countsEvents: boolean,
): Judgement {
  const rr = test.rate_ratio;
  const pct = Math.round(t.confidence * 100);
  const ci = `${pct}% interval ${fmt(test.ci_low)} to ${test.ci_high === null ? 'open' : fmt(test.ci_high)}`;
  // The claim's period first, then its baseline (test.count1 is the baseline's), each named: the bare
  // "189 in 869 days against 46 in 869 days" read as a later 189 where the later period had 46.
  const counts = `${formatNumber(test.count2)} in the period's ${counted(test.days2, 'day')} against ${formatNumber(test.count1)} in the baseline's ${counted(test.days1, 'day')}`;
  if (test.count1 === 0 && test.count2 === 0)
    return { outcome: 'inconclusive', reason: `nothing recorded in either period (${counts})` };
  const testNeeded = countsEvents && t.requireSignificance;
  if (kind === 'rate_ratio') {
    if (rr === null)
      return {
        outcome: 'fails',
        reason: `the baseline is 0, so the ratio is infinite, not ${stated} (${counts})`,
      };
    const r = acceptedRange('about', stated!, t);
    return inRange(rr, r)
      ? { outcome: 'holds', reason: `rate ratio ${fmt(rr)} (${ci}) is ${describeRange(r, 2)} (${counts})` }
      : {
          outcome: 'fails',
          reason: `rate ratio ${fmt(rr)} (${ci}) is not ${describeRange(r, 2)} (${counts})`,
        };
  }
  const up = kind !== 'decrease' && kind !== 'sharp_decrease' && kind !== 'plunge';
  const name = kind.replace('_', ' ');
  if (up) {
    const meets = rr === null || (t.minRatio <= 1 ? rr > t.minRatio : rr >= t.minRatio);
    const need = t.minRatio <= 1 ? 'above 1' : `at least ${fmt(t.minRatio)}`;
    if (!meets)
      return {
        outcome: 'fails',
        reason: `rate ratio ${fmt(rr)} (${ci}); ${a(name)} means a ratio ${need} (${counts})`,
      };
    if (testNeeded && !(test.ci_low !== null && test.ci_low > 1))
      return {
        outcome: 'inconclusive',
        reason: `rate ratio ${rr === null ? 'infinite' : fmt(rr)} but the ${ci} includes 1: too few events to tell (${counts})`,
      };
    return {
      outcome: 'holds',
      reason: `rate ratio ${rr === null ? 'infinite (nothing in the baseline)' : fmt(rr)} (${ci}); ${a(name)} means a ratio ${need} (${counts})`,
    };
  }
  const meets = rr !== null && (t.maxRatio >= 1 ? rr < 1 : rr <= t.maxRatio);
  const need = t.maxRatio >= 1 ? 'below 1' : `at most ${fmt(t.maxRatio)}`;
  if (!meets)
    return {
      outcome: 'fails',
      reason: `rate ratio ${rr === null ? 'infinite' : fmt(rr)} (${ci}); ${a(name)} means a ratio ${need} (${counts})`,
    };
  if (testNeeded && !(test.ci_high !== null && test.ci_high < 1))
    return {
      outcome: 'inconclusive',
      reason: `rate ratio ${fmt(rr)} but the ${ci} includes 1: too few events to tell (${counts})`,
    };
  return {
    outcome: 'holds',
    reason: `rate ratio ${fmt(rr)} (${ci}); ${a(name)} means a ratio ${need} (${counts})`,
  };
}

/** Judges a measured share (percent) against "more than half". */
export function judgeMajority(measured: number, part: number, whole: number): Judgement {
  const text = `${formatNumber(part)} of ${formatNumber(whole)} is ${fmt(measured, 1)}%`;
  return measured > 50
    ? { outcome: 'holds', reason: `${text}, more than half` }
    : { outcome: 'fails', reason: `${text}, not more than half` };
}

/** Judges a measured share (percent) against a stated one. */
export function judgeShare(
  stated: number,
  measured: number,
  t: Tolerance,
  part: number,
  whole: number,
): Judgement {
  const gap = Math.abs(measured - stated);
  const text = `${formatNumber(part)} of ${formatNumber(whole)} is ${fmt(measured, 1)}%`;
  return gap <= t.points
    ? { outcome: 'holds', reason: `${text}, within ${t.points} points of ${stated}%` }
    : { outcome: 'fails', reason: `${text}, more than ${t.points} points from ${stated}%` };
}

function fmt(x: number | null, digits = 2): string {
  return x === null ? 'undefined' : formatNumber(x, digits);
}

function a(word: string): string {
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}

/**
 * Judges a count over the covered part of a period against a single-figure claim about the whole
 * period. Counts only grow with more days, so the covered count is a lower bound of the whole:
 * reaching a lower bound settles it (holds), passing an upper end settles it (fails), and anything
 * else is inconclusive, since the uncovered days could still add to it.
 */
export function judgeCoveredPart(
  b: { kind: ComparatorKind; value: number; max?: number; words: string },
  t: Tolerance,
  covered: number,
  part: string,
): Judgement {
  const r = acceptedRange(b.kind, b.value, t, b.max);
  const j = judgeValue(b, t, figureRange(covered, 'lower_bound'));
  const n = formatNumber(covered);
  const accepts = describeRange(r);
  if (j.outcome === 'holds')
    return {
      outcome: 'holds',
      reason: `${n} ${part} is already ${accepts}, as "${b.words}" means; the rest of the period can only add to it`,
    };
  if (j.outcome === 'fails')
    return {
      outcome: 'fails',
      reason: `${n} ${part} is already more than ${accepts} allows, as "${b.words}" means; the rest of the period can only add to it`,
    };
  return {
    outcome: 'inconclusive',
    reason: `${n} ${part} is not yet ${accepts}, but the uncovered days could still make it so (or take it past); the whole period is needed to settle "${b.words}"`,
  };
}

/**
 * Judges a change whose later period is covered in part, from a test whose later count is the
 * covered count over the whole period's days (a lower bound of its rate): an increase that the
 * lower bound already shows holds, a decrease (or a stated ratio) that it already rules out
 * fails, and everything else is inconclusive.
 */
export function judgeChangeCoveredPart(
  kind: ComparatorKind,
  stated: number | undefined,
  t: Tolerance,
  test: RateTest,
  countsEvents: boolean,
  part: string,
): Judgement {
  const j = judgeChange(kind, stated, t, test, countsEvents);
  const rr = test.rate_ratio;
  const up = kind !== 'decrease' && kind !== 'sharp_decrease' && kind !== 'plunge' && kind !== 'rate_ratio';
  const tail = `counting ${part} only, a lower bound of the later period's rate`;
  if (up && j.outcome === 'holds')
    return { outcome: 'holds', reason: `${j.reason}, ${tail}: the rest of the period can only raise it` };
  const tooHigh =
    kind === 'rate_ratio'
      ? rr === null || rr > acceptedRange('about', stated!, t).hi
      : !up && j.outcome === 'fails';
  if (tooHigh)
    return {
      outcome: 'fails',
      reason: `${kind === 'rate_ratio' ? `rate ratio ${rr === null ? 'infinite' : fmt(rr)} is already above ${describeRange(acceptedRange('about', stated!, t), 2)}` : j.reason}, ${tail}: the rest of the period can only raise it`,
    };
  return {
    outcome: 'inconclusive',
    reason: `${j.reason}, ${tail}: the uncovered days could still change the answer, so the whole period is needed`,
  };
}
