import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng } from './rng.ts';
import {
  crps,
  equalTailCoverage90,
  expectedCoverage90,
  ignBin,
  ignorance,
  intervalScore,
  pitBelow05,
  pitCentral90,
  scoreForecasts,
} from './scores.ts';

const close = (actual: number, expected: number, tol = 1e-12) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${actual} is not within ${tol} of ${expected}`);

// The O(m²) definition, to check the sorted O(m log m) form against.
function crpsNaive(x: number[], y: number): number {
  const m = x.length;
  let a = 0;
  let b = 0;
  for (const xi of x) {
    a += Math.abs(xi - y);
    for (const xj of x) b += Math.abs(xi - xj);
  }
  return a / m - b / (2 * m * m);
}

describe('crps', () => {
  it('equals 2/9 for draws 1,2,3 and observation 2 (hand-computed)', () => {
    close(crps([3, 1, 2], 2), 2 / 3 - 8 / 18);
  });
  it('handles ties: draws 0,0,4,4 and observation 0 give 2 − 32/32 = 1', () => {
    close(crps([4, 0, 4, 0], 0), 1);
  });
  it('of a point mass equals the absolute error', () => {
    close(crps([5, 5, 5], 2), 3);
    close(crps([0, 0, 0, 0], 7), 7);
  });
  it('charges the full distance when the observation lies outside every draw', () => {
    close(crps([1, 2], 10), 8.5 - 2 / 8);
  });
  it('matches the O(m²) double sum and is never negative on random ensembles', () => {
    const rng = createRng(7, 'crps');
    for (let t = 0; t < 200; t++) {
      const m = 1 + rng.index(40);
      const x = Array.from({ length: m }, () => rng.index(6) * (rng.uniform() < 0.2 ? 50 : 1));
      const y = rng.index(30);
      close(crps(x, y), crpsNaive(x, y), 1e-9);
      assert.ok(crps(x, y) >= 0);
    }
  });
  it('rejects an empty ensemble with a one-line message', () => {
    assert.throws(() => crps([], 1), { message: 'invalid draws: none given' });
  });
});

describe('ignorance', () => {
  it('puts values on the bin edges 0, 0.5, 2.5, …, 1000.5 into the bin that starts there', () => {
    assert.deepEqual(
      [0, 0.49, 0.5, 2, 2.5, 5.5, 10.5, 25.5, 50.5, 100.5, 250.5, 500.5, 1000.5, 1e6].map(ignBin),
      [0, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10],
    );
  });
  it('equals −log2((m+1)/(m+11)) when every draw is in the observation’s bin', () => {
    close(ignorance([0, 0, 0, 0], 0), -Math.log2(5 / 15));
    close(ignorance([3, 4, 5, 3, 4], 4), -Math.log2(6 / 16));
  });
  it('equals −log2(1/(m+11)) when no draw is in the observation’s bin', () => {
    close(ignorance([0, 0, 0, 0], 3), Math.log2(15));
    close(ignorance([0, 0], 5000), Math.log2(13));
  });
  it('counts only the draws in the observation’s bin: 2 of 4 draws in [2.5, 5.5)', () => {
    close(ignorance([0, 3, 5, 6], 4), -Math.log2(3 / 15));
  });
  it('rejects a negative observation', () => {
    assert.throws(() => ignorance([1], -1), { message: 'invalid count: -1' });
  });
});

describe('intervalScore', () => {
  const zeroTo100 = Array.from({ length: 101 }, (_, i) => i);
  it('is the width of the 5–95% interval when the observation is inside it', () => {
    close(intervalScore(zeroTo100, 50), 90);
  });
  it('adds (2/α) times the distance to the interval outside it', () => {
    close(intervalScore(zeroTo100, 0), 90 + 20 * 5);
    close(intervalScore(zeroTo100, 100), 90 + 20 * 5);
  });
  it('uses type-7 quantiles: draws 0 and 10 give the interval [0.5, 9.5]', () => {
    close(intervalScore([10, 0], 20), 9 + 20 * 10.5);
  });
  it('of all-zero draws is 20 times the observation', () => {
    close(intervalScore([0, 0, 0], 3), 60);
  });
});

describe('scoreForecasts', () => {
  const tenValues = Array.from({ length: 10 }, (_, i) => i);
  it('averages CRPS, IGN and MIS over rows and counts them', () => {
    const rows = [
      { unit: 'A', month: '2015-01', draws: [1, 2, 3], observed: 2 },
      { unit: 'B', month: '2015-01', draws: [0, 0, 0, 0], observed: 7 },
    ];
    const s = scoreForecasts(rows);
    close(s.crps, (2 / 9 + 7) / 2);
    close(s.ign, (-Math.log2(3 / 14) + Math.log2(15)) / 2);
    close(s.mis, ((3 - 1) * 0.9 + 20 * 7) / 2);
    assert.equal(s.n, 2);
  });
  it('counts an observation on the interval bound as covered', () => {
    const rows = [
      { unit: 'A', month: '2015-01', draws: [0, 0, 0], observed: 0 },
      { unit: 'A', month: '2015-02', draws: [0, 0, 0], observed: 1 },
      { unit: 'A', month: '2015-03', draws: [2, 2, 2], observed: 2 },
      { unit: 'A', month: '2015-04', draws: [2, 2, 2], observed: 0 },
    ];
    assert.equal(scoreForecasts(rows).coverage90, 0.5);
  });
  it('counts the 50% band between the type-7 25% and 75% quantiles as coverage50, bounds inside', () => {
    // Draws 0..9 give [2.25, 6.75]: 2 and 7 lie outside, 3 and 6 inside; 0, 0, 0, 4 give [0, 1], 0 on its bound.
    const rows = [2, 3, 6, 7].map((observed) => ({
      unit: 'A',
      month: '2015-01',
      draws: tenValues,
      observed,
    }));
    assert.equal(scoreForecasts(rows).coverage50, 0.5);
    const tie = [{ unit: 'A', month: '2015-01', draws: [0, 0, 0, 4], observed: 0 }];
    assert.equal(scoreForecasts(tie).coverage50, 1);
  });
  it('spreads the randomised PIT of a tie uniformly over [F(y−), F(y)]', () => {
    const pit = scoreForecasts([{ unit: 'A', month: '2015-01', draws: [0, 0], observed: 0 }]).pit;
    pit.forEach((p) => close(p, 0.1));
    const mid = scoreForecasts([{ unit: 'A', month: '2015-01', draws: tenValues, observed: 3 }]).pit;
    assert.deepEqual(mid, [0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
  });
  it('puts the PIT of an observation above every draw in the last bin and below every draw in the first', () => {
    const rows = [
      { unit: 'A', month: '2015-01', draws: [0, 0], observed: 5 },
      { unit: 'A', month: '2015-02', draws: [4, 6], observed: 1 },
    ];
    assert.deepEqual(scoreForecasts(rows).pit, [0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0.5]);
  });
  it('averages the expected coverage, equal-tail coverage and PIT-central share over rows', () => {
    const rows = [
      { unit: 'A', month: '2015-01', draws: [0, 0, 0, 0], observed: 0 },
      { unit: 'A', month: '2015-02', draws: tenValues, observed: 0 },
    ];
    const s = scoreForecasts(rows);
    close(s.expectedCoverage90, (1 + 0.8) / 2); // 0..9 gives [0.45, 8.55]
    close(s.equalTailCoverage90, (1 + 1) / 2);
    close(s.pitCentral90, (0.9 + 0.5) / 2);
    close(s.pitBelow05, (0.05 + 0.5) / 2);
  });
  it('counts the misses below the interval: of 0, 5, 2, 1 under draws 2, 2, 2, two lie below and one above', () => {
    const rows = [
      { unit: 'A', month: '2015-01', draws: [2, 2, 2], observed: 0 },
      { unit: 'A', month: '2015-02', draws: [2, 2, 2], observed: 5 },
      { unit: 'A', month: '2015-03', draws: [2, 2, 2], observed: 2 },
      { unit: 'A', month: '2015-04', draws: [2, 2, 2], observed: 1 },
    ];
    const s = scoreForecasts(rows);
    assert.equal(s.missBelow90, 0.5);
    assert.equal(s.coverage90, 0.25);
  });
  it('rejects an empty set and a negative observation with one-line messages', () => {
    assert.throws(() => scoreForecasts([]), { message: 'no forecasts to score' });
    assert.throws(() => scoreForecasts([{ unit: 'PK-KP', month: '2015-01', draws: [1], observed: -1 }]), {
      message: 'invalid observation for PK-KP 2015-01: -1',
    });
  });
});

describe('expectedCoverage90', () => {
  it('of all-zero draws is 1: the interval [0, 0] holds every draw', () => {
    assert.equal(expectedCoverage90([0, 0, 0, 0]), 1);
  });
  it('is 0.96 when 96 of 100 draws are zero (l = u = 0), as in the brief', () => {
    assert.equal(expectedCoverage90([...Array<number>(96).fill(0), 1, 2, 3, 4]), 0.96);
  });
  it('counts the draws tied at an integer-indexed quantile: 0, 0, 1×8, 3 gives [0, 2] and 10 of 11', () => {
    // m = 11: h = 0.5 and 9.5, so l = (0 + 0)/2 = 0 and u = (1 + 3)/2 = 2.
    close(expectedCoverage90([0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 3]), 10 / 11);
  });
  it('leaves out a draw the interpolated bound steps over: 0, 2×10 gives [1, 2] and 10 of 11', () => {
    close(expectedCoverage90([2, 2, 2, 2, 2, 0, 2, 2, 2, 2, 2]), 10 / 11);
  });
  it('can fall below 0.9 for lumpy draws: 0, 1×17, 5, 9 gives [0.95, 5.2] and 18 of 20, 0, 1×16, 5, 9 gives [0.9, 5.4] and 17 of 19', () => {
    close(expectedCoverage90([0, ...Array<number>(17).fill(1), 5, 9]), 0.9);
    close(expectedCoverage90([9, 5, 0, ...Array<number>(16).fill(1)]), 17 / 19); // [0.9, 5.4]
  });
  it('is exactly 0.9 for 1000 distinct continuous draws (x₅₀ … x₉₄₉ inside)', () => {
    const rng = createRng(11, 'continuous');
    close(expectedCoverage90(Array.from({ length: 1000 }, () => rng.normal())), 0.9);
  });
});

describe('equalTailCoverage90', () => {
  it('takes the inverse-CDF quantiles x₍₁₎ and x₍₁₉₎ of 20 draws: 0, 1×17, 5, 9 gives [0, 5] and 19 of 20', () => {
    close(equalTailCoverage90([9, 0, 5, ...Array<number>(17).fill(1)]), 0.95);
  });
  it('is 1 for all-zero draws and 0.901 for 1000 distinct draws (x₅₀ … x₉₅₀)', () => {
    assert.equal(equalTailCoverage90([0, 0, 0]), 1);
    const rng = createRng(11, 'continuous');
    close(equalTailCoverage90(Array.from({ length: 1000 }, () => rng.normal())), 0.901);
  });
  it('counts 0.05·300 as 15 (no rounding up to 16): 15 zeros, 270 ones, 15 twos give [0, 1]', () => {
    assert.equal(
      equalTailCoverage90([
        ...Array<number>(15).fill(0),
        ...Array<number>(270).fill(1),
        ...Array<number>(15).fill(2),
      ]),
      0.95,
    );
    assert.equal(
      equalTailCoverage90([
        ...Array<number>(14).fill(0),
        ...Array<number>(272).fill(1),
        ...Array<number>(14).fill(2),
      ]),
      272 / 300,
    );
  });
});

describe('pitCentral90', () => {
  const tenValues = Array.from({ length: 10 }, (_, i) => i);
  it('is 0.9 for an observed zero under all-zero draws (PIT uniform on [0, 1]) and 0 above them', () => {
    close(pitCentral90([0, 0, 0, 0], 0), 0.9);
    assert.equal(pitCentral90([0, 0, 0, 0], 3), 0);
  });
  it('is the share of Uniform(F(y−), F(y)) inside [0.05, 0.95]: 1 in the middle, 1/2 at either end', () => {
    assert.equal(pitCentral90(tenValues, 3), 1);
    close(pitCentral90(tenValues, 0), 0.5);
    close(pitCentral90(tenValues, 9), 0.5);
    close(pitCentral90([0, 0, 0, 5], 0), 0.7 / 0.75);
  });
  it('is 1 or 0 for an observation between draws, by whether F(y) lies in [0.05, 0.95]', () => {
    assert.equal(pitCentral90([0, 10], 5), 1);
    assert.equal(pitCentral90([1, 2], 0), 0);
    assert.equal(pitCentral90([1, 2], 3), 0);
  });
});

describe('pitBelow05', () => {
  it('is the share of Uniform(F(y−), F(y)) below 0.05, the lower half of what pitCentral90 leaves out', () => {
    const tenValues = Array.from({ length: 10 }, (_, i) => i);
    close(pitBelow05(tenValues, 0), 0.5);
    assert.equal(pitBelow05(tenValues, 9), 0);
    close(pitBelow05([0, 0, 0, 5], 0), 0.05 / 0.75);
    close(pitBelow05([0, 0, 0, 5], 0) + pitCentral90([0, 0, 0, 5], 0), 1);
  });
  it('is 1 below every draw and 0 above every draw', () => {
    assert.equal(pitBelow05([1, 2], 0), 1);
    assert.equal(pitBelow05([1, 2], 3), 0);
  });
});

describe('coverage of observations drawn from the forecast itself (seeded)', () => {
  // Zero-inflated Poisson draws with random rates; the outcome is one more draw from the same
  // empirical distribution, so the forecaster is calibrated by construction.
  const rng = createRng(2026, 'calibrated');
  const rows = Array.from({ length: 4000 }, (_, i) => {
    const lambda = 0.05 + 6 * rng.uniform() ** 2;
    const zeroShare = rng.uniform() * 0.9;
    const draws = Array.from({ length: 200 }, () => (rng.uniform() < zeroShare ? 0 : rng.poisson(lambda)));
    return { unit: 'A', month: `${i}`, draws, observed: draws[rng.index(draws.length)]! };
  });
  const s = scoreForecasts(rows);
  it('covers as often as the forecasts expect, far above 90% for these lumpy counts', () => {
    assert.ok(s.expectedCoverage90 > 0.94, `expectedCoverage90 ${s.expectedCoverage90}`);
    close(s.coverage90, s.expectedCoverage90, 0.015);
  });
  it('puts 90% of the randomised PIT inside [0.05, 0.95] and 5% below it', () => {
    close(s.pitCentral90, 0.9, 0.015);
    close(s.pitBelow05, 0.05, 0.01);
  });
  it('reads over-dispersion: draws from a lognormal mixture of Poissons around a plain Poisson outcome', () => {
    const r = createRng(2026, 'over-dispersed');
    const wide = scoreForecasts(
      Array.from({ length: 4000 }, (_, i) => {
        const lambda = 0.05 + 6 * r.uniform() ** 2;
        const draws = Array.from({ length: 200 }, () => r.poisson(lambda * Math.exp(r.normal() - 0.5)));
        return { unit: 'A', month: `${i}`, draws, observed: r.poisson(lambda) };
      }),
    );
    assert.ok(wide.pitCentral90 > 0.93, `pitCentral90 ${wide.pitCentral90}`);
    assert.ok(
      wide.coverage90 > wide.expectedCoverage90 + 0.02,
      `${wide.coverage90} vs ${wide.expectedCoverage90}`,
    );
  });
});
