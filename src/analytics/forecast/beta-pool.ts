/**
 * The beta-transformed linear pool (Ranjan & Gneiting 2010): the pool's CDF F passed through a
 * Beta(a, b) CDF, G = B(F; a, b). Applied to sorted draws as a monotone map with no random numbers:
 * the i-th of m sorted draws becomes round(Q(B⁻¹(i/(m−1); a, b))), Q the pool's type-7 quantile
 * function. a = b > 1 narrows the pool symmetrically in probability, a = b < 1 widens it.
 */
import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';
import { InvalidInputError } from '../../domain/errors.ts';
import { quantileSorted } from './quantile.ts';

/** Beta parameters a = b the tuning tries (1 leaves the pool as it is). */
export const BETA_GRID: readonly number[] = [0.6, 0.7, 0.8, 0.9, 1, 1.1, 1.2, 1.35, 1.5, 1.75, 2, 2.5, 3];

const tables = new Map<string, Float64Array>();

// B⁻¹(i/(m−1); a, b) for i = 0..m−1, memoised per (a, b, m): the map is the same for every unit-month.
function levels(a: number, b: number, m: number): Float64Array {
  const key = `${a}:${b}:${m}`;
  let t = tables.get(key);
  if (!t) {
    t = Float64Array.from({ length: m }, (_, i) => (m === 1 ? 0.5 : betaQuantile(i / (m - 1), a, b)));
    if (tables.size > 64) tables.clear();
    tables.set(key, t);
  }
  return t;
}

/** Throws `invalid beta parameters: …` unless a and b are positive finite numbers. */
export function checkBeta(a: number, b: number): void {
  if (!(a > 0 && b > 0 && Number.isFinite(a) && Number.isFinite(b)))
    throw new InvalidInputError(
      `invalid beta parameters: ${a}, ${b} (use numbers > 0; 1, 1 leaves draws as they are)`,
    );
}

/** Ascending draws after the beta transform (a new array; a = b = 1 returns a copy), rounded to counts. */
export function betaTransformSorted(sorted: ArrayLike<number>, a: number, b = a): Float64Array {
  checkBeta(a, b);
  const m = sorted.length;
  if (a === 1 && b === 1) return Float64Array.from(sorted);
  const p = levels(a, b, m);
  const out = new Float64Array(m);
  for (let i = 0; i < m; i++) out[i] = Math.round(quantileSorted(sorted, p[i]!));
  return out;
}
