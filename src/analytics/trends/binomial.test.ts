import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { binomialTestTwoSided, logBinomialPmf, logGamma, nonZeroRange } from './binomial.ts';

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

describe('binomial test over the non-zero range', () => {
  // The test as it was: every outcome from 0 to n.
  const everyOutcome = (x: number, n: number, p: number) => {
    const observed = logBinomialPmf(x, n, p) + Math.log1p(1e-7);
    let total = 0;
    for (let k = 0; k <= n; k++) {
      const l = logBinomialPmf(k, n, p);
      if (l <= observed) total += Math.exp(l);
    }
    return Math.min(1, total);
  };

  it('gives the p-value of the sum over every outcome, bit for bit', () => {
    const cases: [number, number, number][] = [
      [3, 10, 0.5],
      [0, 40, 0.2],
      [40, 40, 0.2],
      [48_000, 100_000, 366 / 731],
      [51_200, 100_000, 0.5],
      [120, 250_000, 0.0004],
      [7, 200_000, 0.999],
    ];
    for (const [x, n, p] of cases) assert.equal(binomialTestTwoSided(x, n, p), everyOutcome(x, n, p));
  });

  it('leaves out only outcomes whose probability is exactly 0 in doubles', () => {
    const [lo, hi] = nonZeroRange(100_000, 0.5);
    assert.ok(lo > 0 && hi < 100_000, `range ${lo}..${hi} is narrower than 0..n`);
    assert.equal(Math.exp(logBinomialPmf(lo - 1, 100_000, 0.5)), 0);
    assert.equal(Math.exp(logBinomialPmf(hi + 1, 100_000, 0.5)), 0);
  });
});
