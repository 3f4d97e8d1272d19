import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng } from './rng.ts';
import { crps, ignBin, ignorance, intervalScore, scoreForecasts } from './scores.ts';

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
  it('rejects an empty set and a negative observation with one-line messages', () => {
    assert.throws(() => scoreForecasts([]), { message: 'no forecasts to score' });
    assert.throws(() => scoreForecasts([{ unit: 'PK-KP', month: '2015-01', draws: [1], observed: -1 }]), {
      message: 'invalid observation for PK-KP 2015-01: -1',
    });
  });
});
