import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gammaTerms, negBinLogLikGiven } from './nb-likelihood.ts';
import { fitNegBin, negBinLogLik } from './nb-regression.ts';
import { createRng } from './rng.ts';

// 4000 rows of y ~ NB(exp(0.5 + 0.8x), α) with x ~ U(0, 3); α = exp(γ₀ + γ₁x) when γ₁ ≠ 0.
function simulate(gamma: [number, number]) {
  const rng = createRng(3, 'nb-regression');
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < 4000; i++) {
    const xi = 3 * rng.uniform();
    x.push([1, xi]);
    y.push(rng.negBinomial(Math.exp(0.5 + 0.8 * xi), Math.exp(gamma[0] + gamma[1] * xi)));
  }
  return { x, y };
}

describe('negBinLogLik', () => {
  it('equals log(1/2) for y = 0, μ = 1, α = 1 (a geometric with p = 1/2)', () => {
    assert.ok(Math.abs(negBinLogLik([0], [1], [1]) - Math.log(0.5)) < 1e-12);
  });
  it('approaches the Poisson log-likelihood as α → 0', () => {
    const poisson = 3 * Math.log(2) - 2 - Math.log(6);
    assert.ok(Math.abs(negBinLogLik([3], [2], [1e-8]) - poisson) < 1e-6);
  });
});

describe('fitNegBin', () => {
  it('recovers β = (0.5, 0.8) and α = 0.5 from 4000 simulated rows', () => {
    const { x, y } = simulate([Math.log(0.5), 0]);
    const fit = fitNegBin(x, y, { ridge: 0 });
    // Standard errors here are about 0.03 for β and 0.03 for log α; 0.12 is four of them.
    assert.ok(Math.abs(fit.beta[0]! - 0.5) < 0.12, `β₀ = ${fit.beta[0]}`);
    assert.ok(Math.abs(fit.beta[1]! - 0.8) < 0.12, `β₁ = ${fit.beta[1]}`);
    assert.ok(Math.abs(fit.gamma[0] - Math.log(0.5)) < 0.12, `γ₀ = ${fit.gamma[0]}`);
    assert.equal(fit.gamma[1], 0);
  });
  it('recovers a dispersion that falls with a covariate (γ₁ = −0.6)', () => {
    const { x, y } = simulate([0.5, -0.6]);
    const fit = fitNegBin(x, y, { ridge: 0, dispersionCovariate: x.map((r) => r[1]!) });
    assert.ok(Math.abs(fit.gamma[1] + 0.6) < 0.15, `γ₁ = ${fit.gamma[1]}`);
    assert.ok(Math.abs(fit.beta[1]! - 0.8) < 0.12, `β₁ = ${fit.beta[1]}`);
  });
  it('gives a symmetric covariance with positive variances', () => {
    const { x, y } = simulate([0, 0]);
    const { covariance } = fitNegBin(x, y);
    assert.ok(covariance[0]![0]! > 0 && covariance[1]![1]! > 0);
    assert.equal(covariance[0]![1], covariance[1]![0]);
  });
  it('gives, bit for bit, the numbers of the plain sums it was first written with (the fast paths change nothing)', () => {
    // Zero columns (a lag of 0, the other units' intercepts), zero counts, weights and a dispersion
    // covariate: every shortcut of fisher() and of the likelihood's terms is taken. The expected
    // values are the fit's before those shortcuts (commit 0932b41), printed with all their digits.
    const rng = createRng(5, 'nb-pin');
    const x: number[][] = [];
    const y: number[] = [];
    const weights: number[] = [];
    for (let i = 0; i < 600; i++) {
      const u = i % 3;
      const lag = rng.uniform() < 0.4 ? 0 : Math.log1p(Math.floor(10 * rng.uniform()));
      x.push([1, lag, u === 1 ? 1 : 0, u === 2 ? 1 : 0]);
      y.push(rng.negBinomial(Math.exp(0.3 + 0.6 * lag + 0.4 * (u === 1 ? 1 : 0)), 0.7));
      weights.push(0.5 ** ((600 - i) / 200));
    }
    assert.equal(y.filter((v) => v === 0).length, 150);
    const fit = fitNegBin(x, y, { ridge: 1e-3, weights, dispersionCovariate: x.map((r) => r[1]!) });
    assert.deepEqual(
      fit.beta,
      [0.32038869138081083, 0.526988403031883, 0.5252871755545229, -0.08081157642437096],
    );
    assert.deepEqual(fit.gamma, [-0.19323569202027369, -0.15866661739158444]);
    assert.equal(fit.logLik, -527.6901178315746);
    assert.equal(fit.iterations, 3);
    assert.equal(fit.covariance[0]![0], 0.019559039765048716);
    assert.equal(fit.covariance[3]![1], -0.00023103384718817178);
  });
});

describe('negBinLogLikGiven', () => {
  it('equals negBinLogLik exactly, its gamma terms computed once for the dispersions', () => {
    const [y, mu, alpha, w] = [
      [0, 3, 12, 0, 1],
      [0.5, 2.5, 9, 4, 0.1],
      [0.7, 0.2, 1.5, 1e-4, 1e3],
      [1, 0.5, 0.25, 2, 1],
    ];
    assert.equal(negBinLogLik([0, 3, 12], [0.5, 2.5, 9], [0.7, 0.2, 1.5]), -5.977475082238683);
    assert.equal(negBinLogLikGiven(gammaTerms(y, alpha), y, mu, alpha), negBinLogLik(y, mu, alpha));
    assert.equal(negBinLogLikGiven(gammaTerms(y, alpha), y, mu, alpha, w), negBinLogLik(y, mu, alpha, w));
  });
});
