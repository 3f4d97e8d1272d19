import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  detectChangepoints,
  detectMeanShifts,
  differenceDispersion,
  poissonCost,
  type ChangepointInput,
} from './changepoints.ts';
import { createRng } from '../forecast/rng.ts';
import { mulberry32, negativeBinomialSample, poissonSeries } from '../../../test/helpers/seeded-random.ts';

const months = (n: number) =>
  Array.from(
    { length: n },
    (_, i) => `${2015 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
  );
const series = (counts: number[], extra: Partial<ChangepointInput> = {}) =>
  detectChangepoints({ periods: months(counts.length), counts, ...extra });
const repeat = (rate: number, n: number) => Array<number>(n).fill(rate);

// Exhaustive optimal partitioning (no pruning), to check that PELT's pruning never loses the optimum.
function optimalPartitioning(
  counts: number[],
  penalty: number,
  minSegment: number,
): { cost: number; starts: number[] } {
  const n = counts.length;
  const cost = (a: number, b: number) =>
    poissonCost(
      counts.slice(a, b).reduce((s, c) => s + c, 0),
      b - a,
    );
  const best: number[] = [-penalty];
  const from: number[] = [0];
  for (let t = 1; t <= n; t++) {
    best[t] = Infinity;
    for (let s = 0; s <= t - minSegment; s++) {
      if (s > 0 && s < minSegment) continue;
      const v = best[s]! + cost(s, t) + penalty;
      if (v < best[t]!) [best[t], from[t]] = [v, s];
    }
  }
  const starts: number[] = [];
  for (let t = from[n]!; t > 0; t = from[t]!) starts.unshift(t);
  return { cost: best[n]!, starts };
}

describe('detectChangepoints', () => {
  it('finds one change within ±1 month of month 24 when the rate jumps from 5 to 20 (20 seeds)', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const counts = poissonSeries([...repeat(5, 24), ...repeat(20, 24)], mulberry32(seed));
      const { changepoints } = series(counts);
      assert.equal(changepoints.length, 1, `seed ${seed}: ${JSON.stringify(changepoints)}`);
      assert.ok(
        Math.abs(changepoints[0]!.index - 24) <= 1,
        `seed ${seed}: change at ${changepoints[0]!.index}`,
      );
    }
  });

  it('finds both breaks of a rise and fall (5, then 15, then 5, 20 months each)', () => {
    const counts = poissonSeries([...repeat(5, 20), ...repeat(15, 20), ...repeat(5, 20)], mulberry32(42));
    const { changepoints, segments } = series(counts);
    assert.equal(changepoints.length, 2);
    assert.ok(Math.abs(changepoints[0]!.index - 20) <= 2 && Math.abs(changepoints[1]!.index - 40) <= 2);
    assert.equal(segments.length, 3);
    assert.ok(changepoints[0]!.ratio! > 2 && changepoints[1]!.ratio! < 0.5);
  });

  it('does not split a stationary series with one extreme month into many segments', () => {
    const counts = poissonSeries(repeat(10, 60), mulberry32(7));
    counts[30] = 80;
    const scaled = series(counts);
    assert.equal(
      scaled.changepoints.length,
      0,
      'the spike raises the dispersion estimate and is treated as noise',
    );
    // Under a pure Poisson model the spike is a real, justified short segment: at most one up and one down.
    const poisson = series(counts, { dispersion: 'poisson' });
    assert.ok(poisson.changepoints.length <= 2, JSON.stringify(poisson.changepoints));
    const spikeSegment = poisson.segments.find((s) => s.start <= 30 && 30 <= s.end)!;
    assert.ok(spikeSegment.end - spikeSegment.start + 1 <= 5);
  });

  it('keeps the stationary false-positive rate below 5% over 200 seeded Poisson series of 60 months at rate 10', (t) => {
    const uniform = mulberry32(2024);
    let withDefault = 0;
    let withPoisson = 0;
    for (let sim = 0; sim < 200; sim++) {
      const counts = poissonSeries(repeat(10, 60), uniform);
      if (series(counts).changepoints.length > 0) withDefault++;
      if (series(counts, { dispersion: 'poisson' }).changepoints.length > 0) withPoisson++;
    }
    t.diagnostic(
      `false-positive rate: default ${withDefault / 200}, dispersion 'poisson' ${withPoisson / 200}`,
    );
    assert.ok(withDefault / 200 <= 0.05);
    assert.ok(withPoisson / 200 <= 0.05);
  });

  it('keeps the false-positive rate below 5% on overdispersed counts (variance twice the mean) with the default dispersion scaling', (t) => {
    const uniform = mulberry32(99);
    let scaled = 0;
    let poisson = 0;
    for (let sim = 0; sim < 200; sim++) {
      const counts = Array.from({ length: 60 }, () => negativeBinomialSample(10, 2, uniform));
      if (series(counts).changepoints.length > 0) scaled++;
      if (series(counts, { dispersion: 'poisson' }).changepoints.length > 0) poisson++;
    }
    t.diagnostic(
      `overdispersed false-positive rate: default ${scaled / 200}, dispersion 'poisson' ${poisson / 200}`,
    );
    assert.ok(scaled / 200 <= 0.05);
    assert.ok(poisson > scaled, 'ignoring overdispersion finds more spurious changes');
  });

  it('returns the same optimum as exhaustive optimal partitioning (pruning is exact)', () => {
    const uniform = mulberry32(5);
    for (let sim = 0; sim < 30; sim++) {
      const rates = [...repeat(2 + (sim % 5), 15), ...repeat(8, 10), ...repeat(3, 15)];
      const counts = poissonSeries(rates, uniform);
      for (const minSegment of [1, 3, 5]) {
        for (const penalty of [2, 3 * Math.log(40)]) {
          const got = series(counts, { penalty, minSegment });
          const want = optimalPartitioning(counts, penalty, minSegment);
          assert.deepEqual(
            got.changepoints.map((c) => c.index),
            want.starts,
            `sim ${sim} minSegment ${minSegment} penalty ${penalty}`,
          );
        }
      }
    }
  });

  it('reports rates before and after, their ratio and difference, and the first period of the new segment', () => {
    const { changepoints, segments } = series([0, 0, 0, 0, 0, 9, 9, 9, 9, 9], { penalty: 1 });
    assert.deepEqual(changepoints, [
      { index: 5, period: '2015-06', rateBefore: 0, rateAfter: 9, ratio: null, absoluteChange: 9 },
    ]);
    assert.deepEqual(segments, [
      { start: 0, end: 4, startPeriod: '2015-01', endPeriod: '2015-05', mean: 0 },
      { start: 5, end: 9, startPeriod: '2015-06', endPeriod: '2015-10', mean: 9 },
    ]);
  });

  it('never makes a segment shorter than minSegment', () => {
    const counts = poissonSeries([...repeat(3, 10), ...repeat(30, 2), ...repeat(3, 10)], mulberry32(3));
    for (const seg of series(counts, { minSegment: 4, dispersion: 'poisson' }).segments)
      assert.ok(seg.end - seg.start + 1 >= 4);
  });

  it('returns a single segment for a series too short to split and none for an empty one', () => {
    assert.deepEqual(series([1, 50, 1, 50, 1]).segments.length, 1);
    assert.deepEqual(series([]).segments, []);
  });

  it('reports the dispersion factor used and the penalty it implies', () => {
    const r = series([10, 20, 10, 20, 10, 20, 10, 20]);
    assert.ok(Math.abs(r.dispersion - differenceDispersion([10, 20, 10, 20, 10, 20, 10, 20])!) < 1e-12);
    assert.ok(Math.abs(r.penalty - 3 * Math.log(8) * r.dispersion) < 1e-12);
    assert.equal(series([10, 20, 10], { penalty: 4 }).dispersion, 1);
  });

  it('rejects mismatched lengths, negative counts and bad settings', () => {
    assert.throws(() => detectChangepoints({ periods: ['2021-01'], counts: [1, 2] }), {
      message: 'invalid series: 1 periods but 2 counts',
    });
    assert.throws(() => series([1, -2]), { message: 'invalid count at 2015-02: -2' });
    assert.throws(() => series([1, 2], { penalty: -1 }), { message: 'invalid penalty: -1' });
    assert.throws(() => series([1, 2], { minSegment: 0 }), { message: 'invalid minSegment: 0' });
  });
});

describe('differenceDispersion', () => {
  it('is near 1 for long Poisson series and null when there is nothing to measure', () => {
    const phi = differenceDispersion(poissonSeries(repeat(10, 5000), mulberry32(11)))!;
    assert.ok(Math.abs(phi - 1) < 0.1, String(phi));
    assert.equal(differenceDispersion([0, 0, 0]), null);
    assert.equal(differenceDispersion([4]), null);
  });
});

describe('mean shifts of a signed series (normal cost)', () => {
  it('finds the one level shift of a negative-going index, with the means on either side', () => {
    // A seeded index: level +2 for 24 periods, then -3, with noise of sd 1.
    const rng = createRng(7, 'mean-shift');
    const values = Array.from({ length: 48 }, (_, i) => (i < 24 ? 2 : -3) + rng.normal());
    const periods = values.map((_, i) => `p${i}`);
    const r = detectMeanShifts({ periods, values });
    assert.deepEqual(
      r.shifts.map((s) => s.period),
      ['p24'],
    );
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    assert.ok(Math.abs(r.shifts[0]!.meanBefore - mean(values.slice(0, 24))) < 1e-9);
    assert.ok(Math.abs(r.shifts[0]!.meanAfter - mean(values.slice(24))) < 1e-9);
  });

  it('a flat noisy series has no shift', () => {
    const rng = createRng(8, 'flat');
    const values = Array.from({ length: 60 }, () => -1 + rng.normal());
    assert.deepEqual(detectMeanShifts({ periods: values.map((_, i) => `p${i}`), values }).shifts, []);
  });
});
