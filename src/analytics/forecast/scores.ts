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

/** Mean scores over a set of forecasts; `pit` holds the share of PIT mass in each of 10 bins. */
export interface ScoreSummary {
  crps: number;
  ign: number;
  mis: number;
  coverage90: number;
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

/** Index of the ignorance bin that holds a non-negative value. */
export function ignBin(value: number): number {
  if (!(value >= 0)) throw new InvalidInputError(`invalid count: ${value}`);
  let k = IGN_EDGES.length - 1;
  while (value < IGN_EDGES[k]!) k--;
  return k;
}

/** Mean CRPS, IGN, MIS, 90% coverage and the expected randomised-PIT histogram over forecast rows. */
export function scoreForecasts(rows: readonly ForecastRow[]): ScoreSummary {
  if (rows.length === 0) throw new InvalidInputError('no forecasts to score');
  let sumCrps = 0;
  let sumIgn = 0;
  let sumMis = 0;
  let covered = 0;
  const pit = new Array<number>(PIT_BINS).fill(0);
  for (const row of rows) {
    const y = row.observed;
    if (!(y >= 0)) throw new InvalidInputError(`invalid observation for ${row.unit} ${row.month}: ${y}`);
    const sorted = checkedSorted(row.draws);
    sumCrps += crpsSorted(sorted, y);
    sumIgn += ignoranceSorted(sorted, y);
    sumMis += intervalScoreSorted(sorted, y, MIS_ALPHA);
    const l = quantileSorted(sorted, MIS_ALPHA / 2);
    const u = quantileSorted(sorted, 1 - MIS_ALPHA / 2);
    if (y >= l && y <= u) covered++;
    addPit(pit, sorted, y);
  }
  const n = rows.length;
  return {
    crps: sumCrps / n,
    ign: sumIgn / n,
    mis: sumMis / n,
    coverage90: covered / n,
    pit: pit.map((c) => c / n),
    n,
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

// Randomised PIT for counts: U ~ Uniform(F(y−), F(y)). We add its exact expected histogram
// (Czado, Gneiting & Held 2009) instead of one random draw, so the histogram needs no seed.
function addPit(pit: number[], x: Float64Array, y: number): void {
  let below = 0;
  let atMost = 0;
  for (const v of x) {
    if (v < y) below++;
    if (v <= y) atMost++;
  }
  const lo = below / x.length;
  const hi = atMost / x.length;
  if (hi === lo) {
    pit[Math.min(Math.floor(lo * PIT_BINS), PIT_BINS - 1)]! += 1;
    return;
  }
  for (let b = 0; b < PIT_BINS; b++) {
    const overlap = Math.min(hi, (b + 1) / PIT_BINS) - Math.max(lo, b / PIT_BINS);
    if (overlap > 0) pit[b]! += overlap / (hi - lo);
  }
}
