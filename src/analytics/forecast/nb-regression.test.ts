import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
});
