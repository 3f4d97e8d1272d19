/** Negative-binomial (NB2, log link) regression: Fisher scoring for the coefficients, profile likelihood for the dispersion. */
import { InvalidInputError } from '../../domain/errors.ts';
import { cholesky, choleskySolve, type Matrix } from './linear.ts';
import { dispersions, gammaTerms, negBinLogLikGiven, profileDispersion } from './nb-likelihood.ts';

/** The NB2 log-likelihood, re-exported for callers of the regression. */
export { negBinLogLik } from './nb-likelihood.ts';

/** A fitted NB2 regression: E[y] = exp(xβ), Var[y] = μ + αμ², log α = γ₀ + γ₁z. */
export interface NegBinFit {
  beta: number[];
  /** Dispersion coefficients [γ₀, γ₁]; γ₁ is 0 unless a dispersion covariate z was given. */
  gamma: [number, number];
  /** Log-likelihood at the estimate (without the ridge penalty). */
  logLik: number;
  /** Outer iterations (β step, then α step) until the penalised log-likelihood stopped rising. */
  iterations: number;
  /** Inverse of the penalised Fisher information XᵀWX + R at the estimate: the approximate covariance of β. */
  covariance: Matrix;
}

/** Options of `fitNegBin`: a ridge penalty on every coefficient but the first (the intercept). */
export interface NegBinOptions {
  ridge?: number;
  /** Case weights (for example, decaying with the age of the row); all 1 when absent. */
  weights?: number[];
  /** Covariate z of the log dispersion, one per row; constant dispersion when absent. */
  dispersionCovariate?: number[];
  maxIterations?: number;
}

const ETA_MAX = 30; // keeps exp(η) finite while early steps overshoot
/** Fits an NB2 regression of y on the rows of x (the first column should be the intercept 1). */
export function fitNegBin(x: number[][], y: number[], options: NegBinOptions = {}): NegBinFit {
  const n = y.length;
  const p = x[0]?.length ?? 0;
  if (n === 0 || p === 0 || x.length !== n) throw new InvalidInputError(`invalid regression data: ${n} rows`);
  const ridge = options.ridge ?? 1e-4;
  const maxIterations = options.maxIterations ?? 50;
  const meanY = y.reduce((a, b) => a + b, 0) / n;
  let beta = [Math.log(meanY + 0.5), ...new Array<number>(p - 1).fill(0)];
  // Centre z so that γ₀ and γ₁ are nearly uncorrelated and the alternation with β converges in a few rounds.
  const zMean = options.dispersionCovariate ? options.dispersionCovariate.reduce((a, b) => a + b, 0) / n : 0;
  const z = options.dispersionCovariate?.map((v) => v - zMean);
  const wt = options.weights;
  let gamma: [number, number] = [0, 0];
  let alpha = dispersions(gamma, z, n);
  const penalty = (b: number[]): number => (ridge / 2) * b.reduce((s, v, j) => s + (j > 0 ? v * v : 0), 0);
  // The means at the current β, kept with it: each is computed once per β, not again by every step that reads them.
  let mu = means(x, beta);
  // The log-likelihood's terms that depend on α only, kept while α is (the steps of β change μ only).
  let terms = gammaTerms(y, alpha);
  let current = negBinLogLikGiven(terms, y, mu, alpha, wt) - penalty(beta);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const before = current;
    // Fisher scoring for β at fixed α (a few steps), each halved until the objective does not fall.
    for (let inner = 0; inner < 5; inner++) {
      const start = current;
      const { info, score } = fisher(x, y, beta, mu, alpha, ridge, wt);
      const step = choleskySolve(cholesky(info), score);
      for (let t = 1; t > 1e-6; t /= 2) {
        const trial = beta.map((b, j) => b + t * step[j]!);
        const trialMu = means(x, trial);
        const value = negBinLogLikGiven(terms, y, trialMu, alpha, wt) - penalty(trial);
        if (value >= current) {
          beta = trial;
          mu = trialMu;
          current = value;
          break;
        }
      }
      if (current - start < 1e-10 * (1 + Math.abs(current))) break;
    }
    // Profile the dispersion at fixed β: Newton steps on (γ₀, γ₁) with the exact gradient and Hessian.
    gamma = profileDispersion(y, mu, z, wt, gamma);
    alpha = dispersions(gamma, z, n);
    terms = gammaTerms(y, alpha);
    current = negBinLogLikGiven(terms, y, mu, alpha, wt) - penalty(beta);
    if (Math.abs(current - before) < 1e-7 * (1 + Math.abs(current))) break;
  }
  const { info } = fisher(x, y, beta, mu, alpha, ridge, wt);
  const l = cholesky(info);
  const inverse = info.map((_, j) =>
    choleskySolve(
      l,
      info.map((__, i) => (i === j ? 1 : 0)),
    ),
  );
  const covariance = inverse.map((row, i) => row.map((v, j) => (v + inverse[j]![i]!) / 2)); // exactly symmetric
  return {
    beta,
    gamma: [gamma[0] - gamma[1] * zMean, gamma[1]],
    logLik: negBinLogLikGiven(terms, y, mu, alpha, wt),
    iterations: iterations + 1,
    covariance,
  };
}

/** exp(xβ) for each row, with η capped so that the means stay finite. */
export function means(x: number[][], beta: number[]): Float64Array {
  const mu = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) mu[i] = Math.exp(Math.min(dot(x[i]!, beta), ETA_MAX));
  return mu;
}

function dot(a: number[], b: number[]): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j]! * b[j]!;
  return s;
}

// Penalised expected information XᵀWX + R (W = μ/(1+αμ)) and penalised score Xᵀ(y−μ)/(1+αμ) − Rβ, at β whose means are mu.
function fisher(
  x: number[][],
  y: number[],
  beta: number[],
  mu: Float64Array,
  alpha: ArrayLike<number>,
  ridge: number,
  wt?: number[],
) {
  const p = beta.length;
  // Summed in a flat lower triangle, in the same order and with the same products as w·x_a·x_b. A
  // column that is 0 in a row (the other units' intercepts, a lag of 0) adds ±0 to sums that start
  // at +0, which leaves every sum as it is: those products are skipped, and the sums are the same.
  const sums = new Float64Array(p * p);
  const score = beta.map((b, j) => (j > 0 ? -ridge * b : 0));
  for (let i = 0; i < x.length; i++) {
    const row = x[i]!;
    const c = wt ? wt[i]! : 1;
    const w = (c * mu[i]!) / (1 + alpha[i]! * mu[i]!);
    const r = (c * (y[i]! - mu[i]!)) / (1 + alpha[i]! * mu[i]!);
    for (let a = 0; a < p; a++) {
      const ra = row[a]!;
      score[a]! += ra * r;
      if (ra === 0) continue;
      const wa = w * ra;
      const at = a * p;
      for (let b = 0; b <= a; b++) sums[at + b]! += wa * row[b]!;
    }
  }
  const info: Matrix = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let a = 0; a < p; a++) {
    for (let b = 0; b <= a; b++) info[a]![b] = sums[a * p + b]!;
    if (a > 0) info[a]![a]! += ridge;
    for (let b = 0; b < a; b++) info[b]![a] = info[a]![b]!;
  }
  return { info, score };
}
