import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { syntheticForecastInput } from '../../../test/helpers/synthetic-panel.ts';
import { HORIZON_BANDS } from './bands.ts';
import { conflictologyBaseline, zeroBaseline } from './baselines.ts';
import { betaTransformSorted } from './beta-pool.ts';
import { combinationHoldout } from './combination-holdout.ts';
import { ensemble, poolDraws, quantileAverage, roundHalfEven } from './ensemble.ts';
import { nbarMethod } from './model-nbar.ts';
import { addMonths, monthRange } from './months.ts';
import { quantileSorted, sortedCopy } from './quantile.ts';
import { scoreForecasts } from './scores.ts';
import { pooledScores } from './tune-ensemble.ts';
import type { UnitMonthDraws } from './types.ts';

const everyBand = (shares: number[]) => HORIZON_BANDS.map(() => shares);
const row = (draws: number[], horizon = 1): UnitMonthDraws => ({
  unit: 'U',
  month: '2020-01',
  horizon,
  draws,
});

describe('combining the ensemble by quantile averaging (Vincentization)', () => {
  it('rounds half to even, after snapping float noise', () => {
    assert.deepEqual(
      [0.5, 1.5, 2.5, 7.5, 2.4, 2.6, 0.45 + 0.05 + 2].map(roundHalfEven),
      [0, 2, 2, 8, 2, 3, 2],
    );
    assert.equal(roundHalfEven(0.1 * 3 + 0.2), 0);
  });

  it("gives draw i as the share-weighted mean of the components' i-th smallest draws, computed by hand", () => {
    // 0.25·(0, 2, 4, 6) + 0.75·(10, 10, 10, 10) = 7.5, 8, 8.5, 9 -> 8, 8, 8, 9 (halves to even)
    assert.deepEqual(
      quantileAverage(
        [
          [0, 2, 4, 6],
          [10, 10, 10, 10],
        ],
        [0.25, 0.75],
        4,
      ),
      [8, 8, 8, 9],
    );
    // components given unsorted: poolDraws sorts each one's first m draws; a half share of zeros halves every quantile
    const pooled = poolDraws(
      [[row([3, 1, 2, 0])], [row([0, 0, 0, 0])]],
      everyBand([0.5, 0.5]),
      4,
      undefined,
      'quantile-average',
    );
    assert.deepEqual(pooled[0]!.draws, [0, 0, 1, 2]);
    assert.throws(() => quantileAverage([[1, 2], undefined], [0.5, 0.5], 2), {
      message: 'quantile averaging needs 2 draws of component 1, got 0',
    });
  });

  it('is narrower than the linear pool of the same components: two disjoint components average to the middle', () => {
    const low = Array.from({ length: 10 }, (_, i) => i);
    const high = low.map((x) => x + 100);
    const parts = [[row(low)], [row(high)]];
    const averaged = poolDraws(parts, everyBand([0.5, 0.5]), 10, undefined, 'quantile-average')[0]!.draws;
    assert.deepEqual(averaged, [50, 51, 52, 53, 54, 55, 56, 57, 58, 59]);
    const mixture = poolDraws(parts, everyBand([0.5, 0.5]), 10)[0]!.draws;
    assert.deepEqual(sortedCopy(mixture), Float64Array.from([0, 1, 2, 3, 4, 100, 101, 102, 103, 104]));
    // 90% intervals (type 7): the average's 50.45 … 58.55, the mixture's 0.45 … 103.55, so 30 is inside only the mixture's
    const interval = (d: number[]) => [0.05, 0.95].map((p) => +quantileSorted(sortedCopy(d), p).toFixed(2));
    assert.deepEqual(interval(averaged), [50.45, 58.55]);
    assert.deepEqual(interval(mixture), [0.45, 103.55]);
    assert.equal(scoreForecasts([{ ...row(averaged), observed: 30 }]).coverage90, 0);
    assert.equal(scoreForecasts([{ ...row(mixture), observed: 30 }]).coverage90, 1);
  });

  it('the ensemble under quantile averaging runs every used component for m draws, is deterministic under a seed, and its fast scores match', () => {
    const input = syntheticForecastInput();
    const weights = {
      components: ['nbar', 'conflictology', 'zero'],
      weights: [
        [0.6, 0.3, 0.1],
        [0.4, 0.6, 0],
        [0.2, 0.6, 0.2],
      ],
      rule: 'quantile-average' as const,
    };
    const methods = [nbarMethod(), conflictologyBaseline, zeroBaseline];
    const a = ensemble(methods, weights)(input);
    assert.deepEqual(ensemble(methods, weights)(input), a);
    const parts = methods.map((m) => m(input));
    for (const [i, r] of a.entries()) {
      const w = weights.weights[Math.min(2, r.horizon <= 3 ? 0 : r.horizon <= 6 ? 1 : 2)]!;
      const expected = quantileAverage(
        parts.map((p) => sortedCopy(p[i]!.draws)),
        w,
        40,
      );
      assert.deepEqual(r.draws, expected, `${r.unit} ${r.month}`);
    }
    assert.notDeepEqual(a, ensemble(methods, { ...weights, rule: 'linear-pool' })(input));
    const observed = a.map((r) => r.horizon % 5);
    const fast = pooledScores(
      { parts, observed },
      weights.weights,
      40,
      undefined,
      undefined,
      'quantile-average',
    );
    HORIZON_BANDS.forEach((band, b) => {
      const rows = a
        .map((r, i) => ({ ...r, observed: observed[i]! }))
        .filter((r) => r.horizon >= band.from && r.horizon <= band.to);
      assert.ok(Math.abs(fast[b]!.crps - scoreForecasts(rows).crps) < 1e-9, band.label);
      assert.equal(fast[b]!.coverage90, scoreForecasts(rows).coverage90);
    });
    assert.throws(() => ensemble(methods, { ...weights, rule: 'median' as never }), {
      message: 'invalid combination rule: median (use linear-pool or quantile-average)',
    });
  });
});

describe('beta-transformed linear pool', () => {
  it('maps sorted draws monotonically through the Beta quantile: a = b = 1 leaves them, a = b = 2 pulls the tails in', () => {
    const sorted = Array.from({ length: 101 }, (_, i) => i);
    assert.deepEqual([...betaTransformSorted(sorted, 1)], sorted);
    const narrowed = betaTransformSorted(sorted, 2);
    // Beta(2, 2): 3p² − 2p³ = 0.1 at p ≈ 0.1958, so draw 10 of 0..100 becomes 20; the median and the ends stay
    assert.equal(narrowed[10], 20);
    assert.deepEqual([narrowed[0], narrowed[50], narrowed[100]], [0, 50, 100]);
    for (let i = 1; i < narrowed.length; i++) assert.ok(narrowed[i]! >= narrowed[i - 1]!);
    assert.throws(() => betaTransformSorted(sorted, 0), {
      message: 'invalid beta parameters: 0, 0 (use numbers > 0; 1, 1 leaves draws as they are)',
    });
  });
});

describe('the combination rule hold-out check', () => {
  it('never adopts a rule that changes nothing: with one component, quantile averaging is the pool itself', () => {
    // synthetic collected draws: one unit, monthly origins 1990-12 … 1999-11, 20 draws each
    const origins = monthRange('1990-12', '1999-11');
    const rows = origins.flatMap((o, k) =>
      Array.from({ length: 12 }, (_, h) => ({
        unit: 'U',
        month: addMonths(o, h + 1),
        horizon: h + 1,
        draws: Array.from({ length: 20 }, (_, d) => (d * 7 + k * 3 + h) % 23),
      })),
    );
    const observed = rows.map((_, i) => (i * 5) % 19);
    const check = combinationHoldout({ parts: [rows, rows], observed }, everyBand([1, 0]), 20);
    assert.deepEqual(check.years, [1997, 1998, 1999]); // 1996 has 50 earlier origins, fewer than 60
    const qa = check.rules.find((r) => r.rule === 'quantile-average')!;
    assert.equal(qa.gap_rule, qa.gap_pool);
    assert.equal(qa.crps_rule, qa.crps_pool);
    assert.equal(qa.adopted, false);
    const beta = check.rules.find((r) => r.rule === 'beta-pool')!;
    assert.equal(beta.learnt_by_year!.length, 3);
  });
});
