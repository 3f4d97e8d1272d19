import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { syntheticPanel } from '../../../test/helpers/synthetic-panel.ts';
import { bandOf, HORIZON_BANDS } from './bands.ts';
import { conflictologyBaseline, recentLowMethod, zeroBaseline } from './baselines.ts';
import { drawCounts, ensemble, poolDraws } from './ensemble.ts';
import { ENSEMBLE_COMPONENTS, ENSEMBLE_WEIGHTS } from './ensemble-weights.ts';
import { methodByName, mixture } from './methods.ts';
import { nbarMethod } from './model-nbar.ts';
import { historyUpTo, valueAt } from './panel.ts';
import { scoreForecasts } from './scores.ts';
import { collectDraws, pooledScores, simplexGrid, tuneEnsemble } from './tune-ensemble.ts';

const panel = syntheticPanel(5);
const input = { history: historyUpTo(panel, '2014-12'), origin: '2014-12', horizons: 12, draws: 40, seed: 3 };
const everyBand = (shares: number[]) => HORIZON_BANDS.map(() => shares);

describe('skill-weighted ensemble', () => {
  it('splits m draws by cumulative rounding: the counts sum to m and two components take round(w·m) first', () => {
    assert.deepEqual(drawCounts([0.8, 0.2], 1000), [800, 200]);
    assert.deepEqual(drawCounts([1 / 3, 1 / 3, 1 / 3], 10), [3, 4, 3]);
    assert.deepEqual(drawCounts([0.45, 0.5, 0, 0.05], 300), [135, 150, 0, 15]);
    assert.throws(() => drawCounts([0.5, 0.6], 10), {
      message: 'invalid ensemble weights: 0.5, 0.6 (use shares >= 0 summing to 1)',
    });
  });

  it('with the same shares in every band draws exactly what the two-method mixture draws', () => {
    const weights = { components: ['nbar', 'conflictology'], weights: everyBand([0.8, 0.2]) };
    const a = ensemble([nbarMethod(), conflictologyBaseline], weights)(input);
    const b = mixture(nbarMethod(), conflictologyBaseline, 0.8)(input);
    assert.deepEqual(a, b);
  });

  it('takes each band its own shares: all zero draws at 1-3 months, all conflictology at 7-12', () => {
    const weights = {
      components: ['zero', 'conflictology'],
      weights: [
        [1, 0],
        [0.5, 0.5],
        [0, 1],
      ],
    };
    const out = ensemble([zeroBaseline, conflictologyBaseline], weights)(input);
    const own = conflictologyBaseline({ ...input, draws: 40 });
    for (const [i, r] of out.entries()) {
      assert.equal(r.draws.length, 40);
      if (r.horizon <= 3) assert.ok(r.draws.every((x) => x === 0));
      else if (r.horizon >= 7) assert.deepEqual(r.draws, own[i]!.draws);
      else assert.deepEqual(r.draws.slice(20), own[i]!.draws.slice(0, 20));
    }
  });

  it("with the floor at the recent low, the zero share draws each unit's lowest month of the last 12, and nothing after the origin", () => {
    const admin1 = ENSEMBLE_WEIGHTS.admin1;
    assert.equal(admin1.floor, 'recent-low');
    assert.equal(ENSEMBLE_WEIGHTS.country.floor, 'zero');
    const method = methodByName('nbar-mix', undefined, undefined, admin1);
    const out = method(input);
    const asZero = methodByName('nbar-mix', undefined, undefined, { ...admin1, floor: 'zero' })(input);
    const zero = admin1.components.indexOf('zero');
    const lows = new Map(recentLowMethod({ ...input, draws: 1 }).map((r) => [r.unit, r.draws[0]!]));
    assert.ok(
      [...lows.values()].some((v) => v > 0),
      'some unit has a recent low above 0',
    );
    // A band whose zero share is 0 (admin-1 1-3 months since the shares of 2026-12-06) has no floor draws.
    let floors = 0;
    for (const [i, r] of out.entries()) {
      const counts = drawCounts(admin1.weights[bandOf(r.horizon)]!, 40);
      const from = counts.slice(0, zero).reduce((a, b) => a + b, 0);
      const floor = r.draws.slice(from, from + counts[zero]!);
      floors += floor.length;
      assert.ok(floor.every((x) => x === lows.get(r.unit)));
      // The other components' draws are those of the pool with its floor at 0.
      assert.deepEqual(r.draws.slice(0, from), asZero[i]!.draws.slice(0, from));
      assert.ok(asZero[i]!.draws.slice(from, from + counts[zero]!).every((x) => x === 0));
    }
    assert.ok(floors > 0, 'some band draws from the floor');
    // No leakage: values after the origin changed, the draws are the same.
    const tampered = panel.map((s) => ({
      ...s,
      values: s.values.map((v, k) => (s.months[k]! > input.origin ? 1e6 : v)),
    }));
    assert.deepEqual(method({ ...input, history: historyUpTo(tampered, input.origin) }), out);
  });

  it('the fast pooled scores equal scoreForecasts on the pooled rows, band by band', () => {
    const collected = collectDraws(panel, {
      origins: ['2009-12', '2010-12'],
      components: ['nbar', 'conflictology', 'bootstrap'],
      draws: 50,
      seed: 9,
    });
    const weights = [
      [0.6, 0.4, 0],
      [0.2, 0.3, 0.5],
      [0, 0.5, 0.5],
    ];
    const pooled = poolDraws(collected.parts, weights, 50);
    const fast = pooledScores(collected, weights, 50);
    HORIZON_BANDS.forEach((band, b) => {
      const rows = pooled
        .map((r, i) => ({ ...r, observed: collected.observed[i]! }))
        .filter((r) => r.horizon >= band.from && r.horizon <= band.to);
      const slow = scoreForecasts(rows);
      assert.ok(Math.abs(fast[b]!.crps - slow.crps) < 1e-9, band.label);
      assert.equal(fast[b]!.coverage90, slow.coverage90);
    });
    assert.equal(collected.observed[0], valueAt(panel[0]!, '2010-01'));
  });

  it('tunes on validation origins only, and each band scores no worse than any one component inside the coverage band', () => {
    assert.throws(
      () => tuneEnsemble(panel, { origins: ['2014-06'], components: ['nbar', 'zero'], draws: 20, seed: 1 }),
      { message: 'validation origin 2014-06 reaches into the test period' },
    );
    const tuned = tuneEnsemble(panel, {
      origins: ['2011-12', '2012-06', '2012-12', '2013-06'],
      components: ['nbar', 'conflictology', 'zero'],
      draws: 40,
      seed: 2,
    });
    assert.equal(simplexGrid(3, 0.5).length, 6);
    for (const [b, band] of tuned.bands.entries()) {
      assert.ok(Math.abs(tuned.weights[b]!.reduce((x, y) => x + y, 0) - 1) < 1e-9);
      for (const single of Object.values(band.single)) {
        const inside = (c: number) => c >= 0.85 && c <= 0.95;
        if (single && inside(single.coverage90) === inside(band.coverage90))
          assert.ok(band.crps <= single.crps + 1e-9, `${band.label} ${band.crps} > ${single.crps}`);
      }
    }
  });

  it('ships one share list per band for each level over the named components', () => {
    for (const level of ['country', 'admin1'] as const) {
      const w = ENSEMBLE_WEIGHTS[level];
      assert.deepEqual(w.components, ENSEMBLE_COMPONENTS);
      assert.equal(w.weights.length, HORIZON_BANDS.length);
      for (const shares of w.weights) drawCounts(shares, 1000);
    }
    assert.throws(
      () =>
        methodByName('nbar-mix', undefined, undefined, { components: ['nbar-mix'], weights: everyBand([1]) }),
      {
        message: 'invalid ensemble: nbar-mix cannot be its own component',
      },
    );
  });
});
