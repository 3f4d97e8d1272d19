/**
 * Change points in a count series by PELT (Killick, Fearnhead & Eckley 2012) with a Poisson segment cost:
 * each segment gets its own constant rate, and a new segment must lower twice the negative Poisson
 * log-likelihood by more than the penalty. See docs/methods.md ("Change points").
 */
import { InvalidInputError } from '../../domain/errors.ts';

/** A dense count series (one count per period, zeros included) and the detection settings. */
export interface ChangepointInput {
  /** Period keys in order, e.g. months "2021-01" ... */
  periods: string[];
  /** Events (or deaths) in each period; non-negative. */
  counts: number[];
  /** Cost reduction a new change point must buy, used as given; default 3·ln(n) times the dispersion factor. */
  penalty?: number;
  /**
   * 'estimate' (default): multiply the default penalty by max(1, φ), φ the variance-to-mean ratio estimated
   * from month-to-month differences, so overdispersed counts do not split on noise; 'poisson': φ = 1.
   * Ignored when `penalty` is given.
   */
  dispersion?: 'estimate' | 'poisson';
  /** Fewest periods in a segment, default 3. */
  minSegment?: number;
}

/** A change point: the first period of a new segment and how the mean count changed there. */
export interface Changepoint {
  /** Index in the series of the first period of the new segment. */
  index: number;
  /** Key of the first period of the new segment. */
  period: string;
  /** Mean count per period in the segment before. */
  rateBefore: number;
  /** Mean count per period in the new segment. */
  rateAfter: number;
  /** rateAfter / rateBefore; null when rateBefore is 0. */
  ratio: number | null;
  /** rateAfter - rateBefore, in counts per period. */
  absoluteChange: number;
}

/** A run of periods with one constant rate; `start` and `end` are inclusive indexes. */
export interface Segment {
  start: number;
  end: number;
  startPeriod: string;
  endPeriod: string;
  /** Mean count per period over the segment (its Poisson rate estimate). */
  mean: number;
}

/** Detected change points, the segments between them and the settings used. */
export interface ChangepointResult {
  changepoints: Changepoint[];
  segments: Segment[];
  method: 'PELT (Poisson cost)';
  /** The penalty per change point actually used. */
  penalty: number;
  /** Factor applied to the base penalty 3·ln(n): 1 for pure Poisson or a given penalty. */
  dispersion: number;
  minSegment: number;
}

/** Base penalty for a series of n periods: 3·ln(n), chosen for a false-positive rate under 5% (docs/methods.md). */
export function defaultPenalty(n: number): number {
  return 3 * Math.log(Math.max(n, 2));
}

/**
 * Variance-to-mean ratio estimated from first differences, sum((y[t] - y[t-1])^2) / (2(n-1)) / mean(y):
 * about 1 for Poisson counts, larger when overdispersed, and little affected by a few level shifts.
 * Null when it cannot be estimated (fewer than 2 periods or no counts).
 */
export function differenceDispersion(counts: readonly number[]): number | null {
  const n = counts.length;
  const total = sumOf(counts, 0, n);
  if (n < 2 || total === 0) return null;
  let squares = 0;
  for (let i = 1; i < n; i++) squares += (counts[i]! - counts[i - 1]!) ** 2;
  return squares / (2 * (n - 1)) / (total / n);
}

/** Twice the negative Poisson log-likelihood of a segment at its MLE rate, dropping the sum of log(y!) (the same for every segmentation). */
export function poissonCost(sum: number, length: number): number {
  return sum > 0 ? 2 * (sum - sum * Math.log(sum / length)) : 0;
}

/** Finds change points in a count series by PELT with a Poisson cost. */
export function detectChangepoints(input: ChangepointInput): ChangepointResult {
  const { periods, counts } = input;
  const n = counts.length;
  if (periods.length !== n)
    throw new InvalidInputError(`invalid series: ${periods.length} periods but ${n} counts`);
  counts.forEach((c, i) => {
    if (!Number.isFinite(c) || c < 0) throw new InvalidInputError(`invalid count at ${periods[i]}: ${c}`);
  });
  const estimate = input.penalty === undefined && (input.dispersion ?? 'estimate') === 'estimate';
  const dispersion = estimate ? Math.max(1, differenceDispersion(counts) ?? 1) : 1;
  const penalty = input.penalty ?? defaultPenalty(n) * dispersion;
  const minSegment = input.minSegment ?? 3;
  if (!Number.isFinite(penalty) || penalty < 0) throw new InvalidInputError(`invalid penalty: ${penalty}`);
  if (!Number.isInteger(minSegment) || minSegment < 1)
    throw new InvalidInputError(`invalid minSegment: ${minSegment}`);

  const prefix = prefixSums(counts);
  const cost = (a: number, b: number) => poissonCost(prefix[b]! - prefix[a]!, b - a);
  const starts = n === 0 ? [] : [0, ...pelt(n, cost, penalty, minSegment)];
  const segments = starts.map((start, k) => {
    const end = (starts[k + 1] ?? n) - 1;
    const mean = sumOf(counts, start, end + 1) / (end - start + 1);
    return { start, end, startPeriod: periods[start]!, endPeriod: periods[end]!, mean };
  });
  const changepoints = segments.slice(1).map((seg, k) => {
    const before = segments[k]!.mean;
    return {
      index: seg.start,
      period: seg.startPeriod,
      rateBefore: before,
      rateAfter: seg.mean,
      ratio: before === 0 ? null : seg.mean / before,
      absoluteChange: seg.mean - before,
    };
  });
  return { changepoints, segments, method: 'PELT (Poisson cost)', penalty, dispersion, minSegment };
}

function prefixSums(values: readonly number[]): number[] {
  const prefix = [0];
  for (const c of values) prefix.push(prefix[prefix.length - 1]! + c);
  return prefix;
}

/** A change in the mean level of a signed series (an index): the first period of the new segment. */
export interface MeanShift {
  index: number;
  period: string;
  meanBefore: number;
  meanAfter: number;
  /** meanAfter - meanBefore. */
  change: number;
}

/**
 * Shifts in the mean of a signed series (values may be negative, so the Poisson cost does not apply)
 * by the same PELT search with a normal mean-shift cost: a segment costs its sum of squared
 * deviations over σ², σ estimated robustly from first differences (MAD / 0.6745 / √2), so that a
 * few level shifts do not inflate it; penalty 3·ln(n) per change point unless given.
 */
export function detectMeanShifts(input: {
  periods: readonly string[];
  values: readonly number[];
  penalty?: number;
  minSegment?: number;
}): {
  shifts: MeanShift[];
  method: 'PELT (normal mean-shift cost)';
  penalty: number;
  sigma: number | null;
  minSegment: number;
} {
  const { periods, values } = input;
  const n = values.length;
  if (periods.length !== n)
    throw new InvalidInputError(`invalid series: ${periods.length} periods but ${n} values`);
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new InvalidInputError(`invalid value at ${periods[i]}: ${v}`);
  });
  const penalty = input.penalty ?? defaultPenalty(n);
  const minSegment = input.minSegment ?? 3;
  const diffs = values
    .slice(1)
    .map((v, i) => Math.abs(v - values[i]!))
    .sort((a, b) => a - b);
  const mad = diffs.length ? diffs[Math.floor((diffs.length - 1) / 2)]! : 0;
  const sigma = mad > 0 ? mad / 0.6745 / Math.SQRT2 : null;
  if (sigma === null || n < 2 * minSegment)
    return { shifts: [], method: 'PELT (normal mean-shift cost)', penalty, sigma, minSegment };
  const sum = prefixSums(values);
  const squares = prefixSums(values.map((v) => v * v));
  const cost = (a: number, b: number) => {
    const s = sum[b]! - sum[a]!;
    return (squares[b]! - squares[a]! - (s * s) / (b - a)) / (sigma * sigma);
  };
  const starts = [0, ...pelt(n, cost, penalty, minSegment)];
  const means = starts.map((start, k) => {
    const end = starts[k + 1] ?? n;
    return (sum[end]! - sum[start]!) / (end - start);
  });
  const shifts = starts.slice(1).map((start, k) => ({
    index: start,
    period: periods[start]!,
    meanBefore: means[k]!,
    meanAfter: means[k + 1]!,
    change: means[k + 1]! - means[k]!,
  }));
  return { shifts, method: 'PELT (normal mean-shift cost)', penalty, sigma, minSegment };
}

/** Optimal segment starts (excluding 0) minimising total cost + penalty per change point; exact, with pruning. */
function pelt(
  n: number,
  cost: (a: number, b: number) => number,
  penalty: number,
  minSegment: number,
): number[] {
  if (n < 2 * minSegment) return [];

  const best = new Float64Array(n + 1).fill(Infinity);
  const lastStart = new Int32Array(n + 1);
  best[0] = -penalty;
  // The candidate starts in the order added, each with the step it was found prunable at (Infinity
  // until then) and its cost to the current step, worked out once for the search and the pruning
  // (a logarithm each). Kept in typed arrays, compacted in place: at most one candidate per step.
  const taus = new Int32Array(n + 1);
  const prunedAt = new Float64Array(n + 1).fill(Infinity);
  const costs = new Float64Array(n + 1);
  let m = 1;
  for (let t = minSegment; t <= n; t++) {
    // A candidate found prunable at time s can still end the best path for t < s + minSegment, so it
    // is only dropped from then on (the pruning argument needs a last segment starting at s).
    let kept = 0;
    for (let k = 0; k < m; k++)
      if (t < prunedAt[k]! + minSegment) {
        taus[kept] = taus[k]!;
        prunedAt[kept++] = prunedAt[k]!;
      }
    m = kept;
    for (let k = 0; k < m; k++) {
      const tau = taus[k]!;
      const c = (costs[k] = cost(tau, t));
      if (t - tau < minSegment) continue;
      const value = best[tau]! + c + penalty;
      if (value < best[t]!) {
        best[t] = value;
        lastStart[t] = tau;
      }
    }
    for (let k = 0; k < m; k++)
      if (prunedAt[k] === Infinity && best[taus[k]!]! + costs[k]! > best[t]!) prunedAt[k] = t;
    taus[m] = t;
    prunedAt[m++] = Infinity;
  }
  const starts: number[] = [];
  for (let t = lastStart[n]!; t > 0; t = lastStart[t]!) starts.unshift(t);
  return starts;
}

function sumOf(values: readonly number[], from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += values[i]!;
  return s;
}
