/** The NB2 log-likelihood and the profile step for its dispersion. */
import { digamma, logGamma, trigamma } from './linear.ts';

/** Range of γ₀ (log α at the mean of z): α from 1e-4 to 1e3. */
export const GAMMA0_RANGE: [number, number] = [Math.log(1e-4), Math.log(1e3)];
/** Range of γ₁. */
export const GAMMA1_RANGE: [number, number] = [-3, 3];

/** NB2 log-likelihood of counts y given means mu and dispersion alpha per row (alpha → 0 is Poisson). */
export function negBinLogLik(
  y: ArrayLike<number>,
  mu: ArrayLike<number>,
  alpha: ArrayLike<number>,
  weights?: ArrayLike<number>,
): number {
  return negBinLogLikGiven(gammaTerms(y, alpha), y, mu, alpha, weights);
}

/**
 * The terms of each row's log-likelihood that do not depend on its mean, log Γ(y+k) − log Γ(k) −
 * log Γ(y+1) with k = 1/α: computed once for a dispersion and reused while only the means change
 * (the steps of the coefficients).
 */
export function gammaTerms(y: ArrayLike<number>, alpha: ArrayLike<number>): Float64Array {
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const yi = y[i]!;
    const k = 1 / alpha[i]!;
    // y = 0 gives y+k = k: log Γ(k) computed once.
    const lgk = logGamma(k);
    out[i] = (yi === 0 ? lgk : logGamma(yi + k)) - lgk - logFactorial(yi);
  }
  return out;
}

/** negBinLogLik with the rows' gammaTerms(y, alpha) given: the same sum, term by term. */
export function negBinLogLikGiven(
  terms: Float64Array,
  y: ArrayLike<number>,
  mu: ArrayLike<number>,
  alpha: ArrayLike<number>,
  weights?: ArrayLike<number>,
): number {
  let ll = 0;
  for (let i = 0; i < y.length; i++) {
    const yi = y[i]!;
    const mi = mu[i]!;
    const k = 1 / alpha[i]!;
    const li = terms[i]! + k * Math.log(k / (k + mi)) + (yi > 0 ? yi * Math.log(mi / (k + mi)) : 0);
    ll += weights ? weights[i]! * li : li;
  }
  return ll;
}

// logGamma(y + 1) of the counts 0 … LOG_FACTORIALS − 1, kept as computed (NaN: not yet).
const LOG_FACTORIALS = 4096;
const logFactorials = new Float64Array(LOG_FACTORIALS).fill(NaN);

/** logGamma(y + 1), the same value, looked up for the small whole counts a fit sees again and again. */
function logFactorial(y: number): number {
  if (!(Number.isInteger(y) && y >= 0 && y < LOG_FACTORIALS)) return logGamma(y + 1);
  const kept = logFactorials[y]!;
  return kept === kept ? kept : (logFactorials[y] = logGamma(y + 1));
}

/** Per-row dispersion exp(γ₀ + γ₁z). */
export function dispersions(
  gamma: [number, number],
  z: ArrayLike<number> | undefined,
  n: number,
): Float64Array {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.exp(gamma[0] + gamma[1] * (z ? z[i]! : 0));
  return a;
}

/**
 * Maximises the NB2 log-likelihood over log α = γ₀ + γ₁z at fixed means, by Newton steps.
 */
// With k = 1/α and s = log α,
// ∂ℓ/∂k = ψ(y+k) − ψ(k) + log(k/(k+μ)) + (μ−y)/(k+μ) and ∂ℓ/∂s = −k ∂ℓ/∂k,
// ∂²ℓ/∂s² = k ∂ℓ/∂k + k² ∂²ℓ/∂k², ∂²ℓ/∂k² = ψ′(y+k) − ψ′(k) + 1/k − 1/(k+μ) − (μ−y)/(k+μ)².
export function profileDispersion(
  y: number[],
  mu: Float64Array,
  z: number[] | undefined,
  wt: number[] | undefined,
  start: [number, number],
): [number, number] {
  const n = y.length;
  const ll = (g: [number, number]): number => negBinLogLik(y, mu, dispersions(g, z, n), wt);
  const clamp = (g: [number, number]): [number, number] => [
    Math.min(Math.max(g[0], GAMMA0_RANGE[0]), GAMMA0_RANGE[1]),
    Math.min(Math.max(g[1], GAMMA1_RANGE[0]), GAMMA1_RANGE[1]),
  ];
  let gamma = start;
  let current = ll(gamma);
  for (let it = 0; it < 50; it++) {
    let g0 = 0;
    let g1 = 0;
    let h00 = 0;
    let h01 = 0;
    let h11 = 0;
    for (let i = 0; i < n; i++) {
      const zi = z ? z[i]! : 0;
      const k = Math.exp(-(gamma[0] + gamma[1] * zi));
      const yi = y[i]!;
      const m = mu[i]!;
      // y = 0 gives y+k = k: ψ(k) and ψ′(k) computed once.
      const psiK = digamma(k);
      const triK = trigamma(k);
      const dk = (yi === 0 ? psiK : digamma(yi + k)) - psiK + Math.log(k / (k + m)) + (m - yi) / (k + m);
      const dkk =
        (yi === 0 ? triK : trigamma(yi + k)) - triK + 1 / k - 1 / (k + m) - (m - yi) / ((k + m) * (k + m));
      const c = wt ? wt[i]! : 1;
      const ds = -k * dk * c;
      const dss = (k * dk + k * k * dkk) * c;
      g0 += ds;
      g1 += ds * zi;
      h00 += dss;
      h01 += dss * zi;
      h11 += dss * zi * zi;
    }
    // Newton direction on the negative Hessian, made positive definite if need be (then it is a scaled gradient step).
    let a00 = -h00;
    let a11 = z ? -h11 : 1;
    const a01 = z ? -h01 : 0;
    if (!(a00 > 1e-12 && a00 * a11 - a01 * a01 > 1e-12)) {
      a00 = Math.abs(a00) + n;
      a11 = Math.abs(a11) + n;
    }
    const det = a00 * a11 - a01 * a01;
    const step: [number, number] = [
      (a11 * g0 - a01 * (z ? g1 : 0)) / det,
      z ? (a00 * g1 - a01 * g0) / det : 0,
    ];
    let moved = false;
    for (let t = 1; t > 1e-6; t /= 2) {
      const trial = clamp([gamma[0] + t * step[0], gamma[1] + t * step[1]]);
      const value = ll(trial);
      if (value >= current) {
        moved = Math.abs(trial[0] - gamma[0]) + Math.abs(trial[1] - gamma[1]) > 1e-9;
        gamma = trial;
        current = value;
        break;
      }
    }
    if (!moved) break;
  }
  return gamma;
}
