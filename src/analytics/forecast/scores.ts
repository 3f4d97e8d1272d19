/**
 * Probabilistic scores as the ViEWS 2023/24 prediction challenge defines them: CRPS on raw counts,
 * the ignorance score on fixed bins, the 90% mean interval score, coverage and a PIT histogram.
 */
import { InvalidInputError } from '../../domain/errors.ts';
import { quantileSorted, sortedCopy } from './quantile.ts';

/** Bin edges of the ignorance score; the last bin is [1000.5, ∞). */
export const IGN_EDGES: readonly number[] = [0, 0.5, 2.5, 5.5, 10.5, 25.5, 50.5, 100.5, 250.5, 500.5, 1000.5];

/** Miscoverage of the interval score: 0.1 for the central 90% interval. */
export const MIS_ALPHA = 0.1;

/** Number of bins of the PIT histogram. */
export const PIT_BINS = 10;

/** One forecast to score: the draws for one unit-month and what happened. */
export interface ForecastRow {
  unit: string;
  month: string;
  draws: ArrayLike<number>;
  observed: number;
}

/** One target month's scores of one method, summed over its forecasts (every unit and origin), as
 * `scoreForecasts` sums them for skill-intervals.ts. */
export interface MonthSums {
  month: string;
  crps: number;
  ign: number;
  /** Forecasts whose 90% interval held the outcome. */
  covered: number;
  n: number;
}

/** Mean scores over a set of forecasts; `pit` holds the share of PIT mass in each of 10 bins. */
export interface ScoreSummary {
  crps: number;
  ign: number;
  mis: number;
  coverage90: number;
  /**
   * Share of observations inside the central 50% interval, between the type-7 25% and 75% quantiles
   * (bounds inside): the coverage of the q25-q75 band every forecast shows beside its 90% interval.
   */
  coverage50: number;
  /** Mean of the forecasts' own probability of their 90% interval: the coverage90 a calibrated forecaster with these draws would show. */
  expectedCoverage90: number;
  /** Mean of the forecasts' own probability of the smallest equal-tailed interval holding ≥ 90% of their draws. */
  equalTailCoverage90: number;
  /** Mean share of randomised-PIT mass inside [0.05, 0.95]: 0.9 when calibrated, whatever the discreteness. */
  pitCentral90: number;
  /** Share of observations below the 90% interval (the rest of the misses lie above it). */
  missBelow90: number;
  /** Mean share of randomised-PIT mass below 0.05 (the rest outside [0.05, 0.95] lies above 0.95). */
  pitBelow05: number;
  pit: number[];
  n: number;
}

/** CRPS of an ensemble: mean|xᵢ − y| − (1/2m²) ΣᵢΣⱼ|xᵢ − xⱼ|, the double sum in O(m log m) by sorting. */
export function crps(draws: ArrayLike<number>, observed: number): number {
  return crpsSorted(checkedSorted(draws), observed);
}

/** Ignorance score in bits: −log2 of the binned draw share of the observation's bin, one pseudo-draw per bin. */
export function ignorance(draws: ArrayLike<number>, observed: number): number {
  return ignoranceSorted(checkedSorted(draws), observed);
}

/** Interval score of the central (1 − alpha) interval between the alpha/2 and 1 − alpha/2 type-7 quantiles. */
export function intervalScore(draws: ArrayLike<number>, observed: number, alpha = MIS_ALPHA): number {
  return intervalScoreSorted(checkedSorted(draws), observed, alpha);
}

/**
 * The forecast's own probability of its 90% interval: the share of draws x with l ≤ x ≤ u, where
 * l, u are the type-7 5% and 95% quantiles that coverage90 uses. Above 0.9 for lumpy (count) draws:
 * all-zero draws give 1.
 */
export function expectedCoverage90(draws: ArrayLike<number>): number {
  return expectedCoverageSorted(checkedSorted(draws));
}

/**
 * The forecast's own probability of [Q(0.05), Q(0.95)] with inverse-CDF quantiles (Q(p) the
 * smallest draw with at least a share p of the draws at or below it): the smallest equal-tailed
 * interval that holds at least 90% of the draws, so never below 0.9.
 */
export function equalTailCoverage90(draws: ArrayLike<number>): number {
  return equalTailCoverageSorted(checkedSorted(draws));
}

/**
 * Share of the randomised PIT, U ~ Uniform(F(y−), F(y)) with F the draws' empirical CDF, that lies
 * in [0.05, 0.95]: the 90% interval's calibration read with the discreteness taken out (0.9 on
 * average when the observation comes from the draws' own distribution).
 */
export function pitCentral90(draws: ArrayLike<number>, observed: number): number {
  return pitCentralSorted(checkedSorted(draws), observed);
}

/** Share of the randomised PIT below 0.05: the lower-tail half of what pitCentral90 leaves out. */
export function pitBelow05(draws: ArrayLike<number>, observed: number): number {
  return pitBelowSorted(checkedSorted(draws), observed);
}

/** Index of the ignorance bin that holds a non-negative value. */
export function ignBin(value: number): number {
  if (!(value >= 0)) throw new InvalidInputError(`invalid count: ${value}`);
  let k = IGN_EDGES.length - 1;
  while (value < IGN_EDGES[k]!) k--;
  return k;
}

/** Mean CRPS, IGN, MIS, 90% coverage (observed, expected by the forecasts, PIT-central) and the expected randomised-PIT histogram over forecast rows. */
export function scoreForecasts(rows: readonly ForecastRow[]): ScoreSummary;
/** The same, with each target month's CRPS, IGN and covered count summed (skill-intervals.ts), months in order. */
export function scoreForecasts(
  rows: readonly ForecastRow[],
  options: { byMonth: true },
): ScoreSummary & { byMonth: MonthSums[] };
export function scoreForecasts(
  rows: readonly ForecastRow[],
  options?: { byMonth: true },
): ScoreSummary & { byMonth?: MonthSums[] } {
  if (rows.length === 0) throw new InvalidInputError('no forecasts to score');
  const months = options?.byMonth ? new Map<string, MonthSums>() : null;
  let sumCrps = 0;
  let sumIgn = 0;
  let sumMis = 0;
  let covered = 0;
  let covered50 = 0;
  let sumExpected = 0;
  let sumEqualTail = 0;
  let sumPitCentral = 0;
  let below = 0;
  let sumPitBelow = 0;
  const pit = new Array<number>(PIT_BINS).fill(0);
  for (const row of rows) {
    const y = row.observed;
    if (!(y >= 0)) throw new InvalidInputError(`invalid observation for ${row.unit} ${row.month}: ${y}`);
    const sorted = checkedSorted(row.draws);
    const rowCrps = crpsSorted(sorted, y);
    const rowIgn = ignoranceSorted(sorted, y);
    sumCrps += rowCrps;
    sumIgn += rowIgn;
    sumMis += intervalScoreSorted(sorted, y, MIS_ALPHA);
    const l = quantileSorted(sorted, MIS_ALPHA / 2);
    const u = quantileSorted(sorted, 1 - MIS_ALPHA / 2);
    const inside = y >= l && y <= u;
    if (inside) covered++;
    if (y >= quantileSorted(sorted, 0.25) && y <= quantileSorted(sorted, 0.75)) covered50++;
    sumExpected += shareWithin(sorted, l, u);
    sumEqualTail += equalTailCoverageSorted(sorted);
    // F(y−) and F(y), found once for the three PIT reads.
    const [lo, hi] = pitBounds(sorted, y);
    sumPitCentral += pitCentralOf(lo, hi);
    if (y < l) below++;
    sumPitBelow += pitBelowOf(lo, hi);
    addPit(pit, lo, hi);
    if (months) {
      let m = months.get(row.month);
      if (!m) months.set(row.month, (m = { month: row.month, crps: 0, ign: 0, covered: 0, n: 0 }));
      m.crps += rowCrps;
      m.ign += rowIgn;
      if (inside) m.covered++;
      m.n++;
    }
  }
  const n = rows.length;
  return {
    crps: sumCrps / n,
    ign: sumIgn / n,
    mis: sumMis / n,
    coverage90: covered / n,
    coverage50: covered50 / n,
    expectedCoverage90: sumExpected / n,
    equalTailCoverage90: sumEqualTail / n,
    pitCentral90: sumPitCentral / n,
    missBelow90: below / n,
    pitBelow05: sumPitBelow / n,
    pit: pit.map((c) => c / n),
    n,
    ...(months ? { byMonth: [...months.values()].sort((a, b) => (a.month < b.month ? -1 : 1)) } : {}),
  };
}

function checkedSorted(draws: ArrayLike<number>): Float64Array {
  if (draws.length === 0) throw new InvalidInputError('invalid draws: none given');
  const sorted = sortedCopy(draws);
  for (const x of sorted) if (!Number.isFinite(x)) throw new InvalidInputError(`invalid draw: ${x}`);
  return sorted;
}

/** CRPS of draws already sorted ascending (no checks; `crps` sorts and checks first). */
export function crpsSorted(x: ArrayLike<number>, y: number): number {
  const m = x.length;
  let absErr = 0;
  let spread = 0; // Σᵢ (2i − m − 1) x₍ᵢ₎ = ½ ΣᵢΣⱼ |xᵢ − xⱼ| with i counted from 1
  for (let i = 0; i < m; i++) {
    absErr += Math.abs(x[i]! - y);
    spread += (2 * (i + 1) - m - 1) * x[i]!;
  }
  return absErr / m - spread / (m * m);
}

function ignoranceSorted(x: Float64Array, y: number): number {
  const bin = ignBin(y);
  let inBin = 0;
  const lo = IGN_EDGES[bin]!;
  const hi = IGN_EDGES[bin + 1] ?? Number.POSITIVE_INFINITY;
  for (const v of x) if (v >= lo && v < hi) inBin++;
  return -Math.log2((inBin + 1) / (x.length + IGN_EDGES.length));
}

function intervalScoreSorted(x: Float64Array, y: number, alpha: number): number {
  const l = quantileSorted(x, alpha / 2);
  const u = quantileSorted(x, 1 - alpha / 2);
  const below = y < l ? (2 / alpha) * (l - y) : 0;
  const above = y > u ? (2 / alpha) * (y - u) : 0;
  return u - l + below + above;
}

// Draws below v (strict) or at most v, in sorted draws: a binary search, not a pass over them.
function countBelow(x: Float64Array, v: number, orEqual: boolean): number {
  let lo = 0;
  let hi = x.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (x[mid]! < v || (orEqual && x[mid] === v)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// Share of the sorted draws in [l, u].
function shareWithin(x: Float64Array, l: number, u: number): number {
  return (countBelow(x, u, true) - countBelow(x, l, false)) / x.length;
}

function expectedCoverageSorted(x: Float64Array): number {
  return shareWithin(x, quantileSorted(x, MIS_ALPHA / 2), quantileSorted(x, 1 - MIS_ALPHA / 2));
}

// Inverse-CDF quantiles at 5% and 95%: x₍⌈pm⌉₎, with ⌈pm⌉ in integers so 0.05·300 stays 15.
function equalTailCoverageSorted(x: Float64Array): number {
  const m = x.length;
  const lo = Math.max(Math.ceil((m * 5) / 100), 1) - 1;
  const hi = Math.ceil((m * 95) / 100) - 1;
  return shareWithin(x, x[lo]!, x[hi]!);
}

// F(y−) and F(y) of the sorted draws' empirical CDF.
function pitBounds(x: Float64Array, y: number): [number, number] {
  return [countBelow(x, y, false) / x.length, countBelow(x, y, true) / x.length];
}

function pitCentralSorted(x: Float64Array, y: number): number {
  return pitCentralOf(...pitBounds(x, y));
}

function pitBelowSorted(x: Float64Array, y: number): number {
  return pitBelowOf(...pitBounds(x, y));
}

// Share of U ~ Uniform(lo, hi) in [0.05, 0.95] (a point mass when lo = hi).
function pitCentralOf(lo: number, hi: number): number {
  const a = MIS_ALPHA / 2;
  if (hi === lo) return lo >= a && lo <= 1 - a ? 1 : 0;
  return Math.max(0, Math.min(hi, 1 - a) - Math.max(lo, a)) / (hi - lo);
}

// Share of U ~ Uniform(lo, hi) below 0.05.
function pitBelowOf(lo: number, hi: number): number {
  const a = MIS_ALPHA / 2;
  if (hi === lo) return lo < a ? 1 : 0;
  return Math.max(0, Math.min(hi, a) - lo) / (hi - lo);
}

// Randomised PIT for counts: U ~ Uniform(F(y−), F(y)). We add its exact expected histogram
// (Czado, Gneiting & Held 2009) instead of one random draw, so the histogram needs no seed.
function addPit(pit: number[], lo: number, hi: number): void {
  if (hi === lo) {
    pit[Math.min(Math.floor(lo * PIT_BINS), PIT_BINS - 1)]! += 1;
    return;
  }
  for (let b = 0; b < PIT_BINS; b++) {
    const overlap = Math.min(hi, (b + 1) / PIT_BINS) - Math.max(lo, b / PIT_BINS);
    if (overlap > 0) pit[b]! += overlap / (hi - lo);
  }
}
