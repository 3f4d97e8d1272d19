/**
 * Recalibration of pooled draws: each draw moved towards (or away from) the draws' median by a
 * factor per horizon band, learnt on validation origins so that their 90% intervals cover ~90%.
 * The map is monotone and needs no random numbers, so recalibrated draws stay deterministic.
 */
import { InvalidInputError } from '../../domain/errors.ts';
import { quantileSorted, sortedCopy } from './quantile.ts';

/** Validation coverage90 the spread factors aim for. */
export const COVERAGE_TARGET = 0.9;

/** Factors `chooseSpread` tries: 0.30, 0.35, … 1.50 (below 1 narrows the intervals, above widens). */
export const SPREAD_GRID: readonly number[] = Array.from({ length: 25 }, (_, i) => 0.3 + i * 0.05).map(
  (s) => Math.round(s * 100) / 100,
);

/** Throws `invalid spread factor: …` unless the factor is a positive finite number. */
export function checkSpread(factor: number): void {
  if (!(factor > 0) || !Number.isFinite(factor))
    throw new InvalidInputError(
      `invalid spread factor: ${factor} (use a number > 0, 1 leaves draws as they are)`,
    );
}

/** One draw after recalibration: median + factor·(x − median), rounded to a count, never below 0. */
export function spreadDraw(x: number, median: number, factor: number): number {
  return Math.max(0, Math.round(median + factor * (x - median)));
}

/** Draws recalibrated around their own median (type-7) by `factor`, in their original order; factor 1 returns them unchanged. */
export function spreadAround(draws: readonly number[], factor: number): number[] {
  checkSpread(factor);
  if (factor === 1 || draws.length === 0) return [...draws];
  const median = quantileSorted(sortedCopy(draws), 0.5);
  return draws.map((x) => spreadDraw(x, median, factor));
}

/** Ascending-sorted draws recalibrated in place (the map is monotone, so they stay sorted). */
export function spreadSortedInPlace(sorted: Float64Array, factor: number): void {
  if (factor === 1) return;
  const median = quantileSorted(sorted, 0.5);
  for (let i = 0; i < sorted.length; i++) sorted[i] = spreadDraw(sorted[i]!, median, factor);
}

/** One candidate factor's validation coverage90 and mean CRPS. */
export interface SpreadCandidate {
  factor: number;
  coverage90: number;
  crps: number;
}

/**
 * The factor whose validation coverage90 is nearest COVERAGE_TARGET (ties: the lower CRPS, then
 * the factor nearest 1), given each candidate's scores on validation origins only.
 */
export function pickSpread(candidates: readonly SpreadCandidate[]): SpreadCandidate {
  if (candidates.length === 0) throw new InvalidInputError('no spread factors to choose from');
  const gap = (c: SpreadCandidate) => Math.abs(c.coverage90 - COVERAGE_TARGET);
  return candidates.reduce((best, c) => {
    if (gap(c) < gap(best) - 1e-12) return c;
    if (gap(c) > gap(best) + 1e-12) return best;
    if (c.crps < best.crps - 1e-12) return c;
    if (c.crps > best.crps + 1e-12) return best;
    return Math.abs(c.factor - 1) < Math.abs(best.factor - 1) ? c : best;
  });
}
