import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { binomialTestTwoSided, logBinomialPmf, logGamma } from './binomial.ts';

describe('logGamma', () => {
  it('matches log((n-1)!) and log(sqrt(pi)) to 1e-12', () => {
    assert.ok(Math.abs(logGamma(10) - Math.log(362880)) < 1e-12);
    assert.ok(Math.abs(logGamma(1)) < 1e-12 && Math.abs(logGamma(2)) < 1e-12);
    assert.ok(Math.abs(logGamma(0.5) - 0.5 * Math.log(Math.PI)) < 1e-12);
    // log(170!) from the exact factorial, well inside double range.
    let f = 0;
    for (let k = 2; k <= 170; k++) f += Math.log(k);
    assert.ok(Math.abs(logGamma(171) - f) < 1e-9);
  });
});

describe('binomial', () => {
  it('probabilities of Binomial(10, 0.3) sum to 1', () => {
    let total = 0;
    for (let k = 0; k <= 10; k++) total += Math.exp(logBinomialPmf(k, 10, 0.3));
    assert.ok(Math.abs(total - 1) < 1e-12);
    assert.equal(logBinomialPmf(11, 10, 0.3), -Infinity);
  });

  it('two-sided test of 3 successes in 10 at p 0.5 gives 0.34375 (R binom.test)', () => {
    assert.ok(Math.abs(binomialTestTwoSided(3, 10, 0.5) - 0.34375) < 1e-12);
    assert.ok(Math.abs(binomialTestTwoSided(5, 10, 0.5) - 1) < 1e-12);
  });
});
