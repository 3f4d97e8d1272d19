import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';
import { compareRates } from './rate-ratio.ts';

// Independent route to the exact limits: bisection on the binomial CDF instead of beta quantiles.
// Lower limit for p solves P(X >= x | p) = alpha/2, upper solves P(X <= x | p) = alpha/2.
function bisect(f: (p: number) => number, target: number, increasing: boolean): number {
  let [lo, hi] = [0, 1];
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < target === increasing) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function limitsByBisection(
  c1: number,
  e1: number,
  c2: number,
  e2: number,
  confidence = 0.95,
): [number, number] {
  const n = c1 + c2;
  const a = (1 - confidence) / 2;
  const pLow = bisect((p) => 1 - binomialCdf(c2 - 1, n, p), a, true);
  const pHigh = bisect((p) => binomialCdf(c2, n, p), a, false);
  const rr = (p: number) => (p * e1) / ((1 - p) * e2);
  return [rr(pLow), rr(pHigh)];
}

// Independent route to the p-value: probabilities from CDF differences rather than log-gamma.
function pValueByCdf(x: number, n: number, p: number): number {
  const pmf = (k: number) => binomialCdf(k, n, p) - (k > 0 ? binomialCdf(k - 1, n, p) : 0);
  const observed = pmf(x);
  let total = 0;
  for (let k = 0; k <= n; k++) if (pmf(k) <= observed * (1 + 1e-7)) total += pmf(k);
  return Math.min(1, total);
}

describe('compareRates', () => {
  it('TTP-involved GED events in Pakistan, 71 in 2020 (366 days) and 119 in 2021 (365 days): RR 1.68 with an exact interval matching bisection to 1e-6', () => {
    const r = compareRates({ count1: 71, exposure1: 366, count2: 119, exposure2: 365 });
    assert.ok(Math.abs(r.rateRatio! - 119 / 365 / (71 / 366)) < 1e-12);
    assert.ok(Math.abs(r.rateRatio! - 1.680648) < 1e-6);
    const [low, high] = limitsByBisection(71, 366, 119, 365);
    assert.ok(Math.abs(r.ciLow! - low) < 1e-6, `${r.ciLow} vs ${low}`);
    assert.ok(Math.abs(r.ciHigh! - high) < 1e-6, `${r.ciHigh} vs ${high}`);
    // scipy.stats.binomtest(119, 190, 365/731).proportion_ci(method='exact') transformed: (1.242290, 2.287867), p 0.000475
    assert.ok(Math.abs(r.ciLow! - 1.24229) < 1e-5 && Math.abs(r.ciHigh! - 2.287867) < 1e-5);
    assert.ok(Math.abs(r.pValue - pValueByCdf(119, 190, 365 / 731)) < 1e-9);
    assert.ok(Math.abs(r.pValue - 0.000475009) < 1e-8);
    assert.equal(r.confidence, 0.95);
    assert.equal(r.note, undefined);
  });

  it('with equal exposures the ratio is 119/71 = 1.676 and the interval matches bisection', () => {
    const r = compareRates({ count1: 71, exposure1: 365, count2: 119, exposure2: 365 });
    assert.ok(Math.abs(r.rateRatio! - 1.676056338) < 1e-9);
    const [low, high] = limitsByBisection(71, 1, 119, 1);
    assert.ok(Math.abs(r.ciLow! - low) < 1e-6 && Math.abs(r.ciHigh! - high) < 1e-6);
    assert.ok(Math.abs(r.pValue - pValueByCdf(119, 190, 0.5)) < 1e-9);
  });

  it('10 against 20 events in equal periods: RR 2, exact 95% interval (0.8935, 4.7846), p 0.0987', () => {
    // Often quoted as (0.89, 4.76); bisection on the binomial CDF and scipy both give an upper limit of 4.7846.
    const r = compareRates({ count1: 10, exposure1: 30, count2: 20, exposure2: 30 });
    const [low, high] = limitsByBisection(10, 30, 20, 30);
    assert.equal(r.rateRatio, 2);
    assert.ok(Math.abs(r.ciLow! - low) < 1e-6 && Math.abs(r.ciHigh! - high) < 1e-6);
    assert.ok(Math.abs(r.ciLow! - 0.893509) < 1e-6 && Math.abs(r.ciHigh! - 4.784552) < 1e-6);
    assert.ok(Math.abs(r.pValue - 0.0987371467) < 1e-9);
  });

  it('a 90% interval is narrower than a 95% one and still matches bisection', () => {
    const r = compareRates({ count1: 10, exposure1: 30, count2: 20, exposure2: 30, confidence: 0.9 });
    const [low, high] = limitsByBisection(10, 30, 20, 30, 0.9);
    assert.ok(Math.abs(r.ciLow! - low) < 1e-6 && Math.abs(r.ciHigh! - high) < 1e-6);
    assert.ok(r.ciHigh! < 4.78);
  });

  it('no events in period 1 gives an infinite ratio as null, an open upper limit and no NaN in JSON', () => {
    const r = compareRates({ count1: 0, exposure1: 10, count2: 5, exposure2: 10 });
    assert.equal(r.rateRatio, null);
    assert.equal(r.ciHigh, null);
    assert.ok(Math.abs(r.ciLow! - 0.916356) < 1e-6);
    assert.ok(Math.abs(r.pValue - 0.0625) < 1e-12);
    assert.match(r.note!, /infinite/);
    assert.doesNotMatch(JSON.stringify(r), /NaN|Infinity/);
  });

  it('no events in period 2 gives a ratio of 0 with lower limit 0', () => {
    const r = compareRates({ count1: 5, exposure1: 10, count2: 0, exposure2: 10 });
    assert.equal(r.rateRatio, 0);
    assert.equal(r.ciLow, 0);
    assert.ok(Math.abs(r.ciHigh! - 1.091279) < 1e-6);
    assert.ok(Math.abs(r.pValue - 0.0625) < 1e-12);
  });

  it('no events at all gives an undefined ratio, p-value 1 and a note', () => {
    const r = compareRates({ count1: 0, exposure1: 10, count2: 0, exposure2: 20 });
    assert.deepEqual([r.rateRatio, r.ciLow, r.ciHigh, r.pValue], [null, 0, null, 1]);
    assert.match(r.note!, /undefined/);
    assert.doesNotMatch(JSON.stringify(r), /NaN|Infinity/);
  });

  it('equal rates give p-value 1', () => {
    assert.equal(compareRates({ count1: 20, exposure1: 30, count2: 20, exposure2: 30 }).pValue, 1);
  });

  it('stays finite for counts in the thousands', () => {
    const r = compareRates({ count1: 4000, exposure1: 365, count2: 4400, exposure2: 365 });
    const [low, high] = limitsByBisection(4000, 1, 4400, 1);
    assert.ok(Math.abs(r.ciLow! - low) < 1e-6 && Math.abs(r.ciHigh! - high) < 1e-6);
    assert.ok(r.pValue > 0 && r.pValue < 0.001);
  });

  it('rejects negative or fractional counts, non-positive exposures and impossible confidence levels', () => {
    assert.throws(() => compareRates({ count1: -1, exposure1: 1, count2: 1, exposure2: 1 }), {
      message: 'invalid count1: -1',
    });
    assert.throws(() => compareRates({ count1: 1, exposure1: 1, count2: 2.5, exposure2: 1 }), {
      message: 'invalid count2: 2.5',
    });
    assert.throws(() => compareRates({ count1: 1, exposure1: 0, count2: 1, exposure2: 1 }), {
      message: 'invalid exposure1: 0',
    });
    assert.throws(() => compareRates({ count1: 1, exposure1: 1, count2: 1, exposure2: 1, confidence: 95 }), {
      message: 'invalid confidence: 95',
    });
  });
});
