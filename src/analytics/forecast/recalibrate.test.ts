import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { syntheticForecastInput, syntheticPanel } from '../../../test/helpers/synthetic-panel.ts';
import { HORIZON_BANDS } from './bands.ts';
import { conflictologyBaseline, zeroBaseline } from './baselines.ts';
import { ensemble } from './ensemble.ts';
import { ENSEMBLE_WEIGHTS } from './ensemble-weights.ts';
import { addMonths, monthIndex, monthRange } from './months.ts';
import { COVERAGE_TARGET, pickSpread, spreadAround } from './recalibrate.ts';
import { spreadHoldout } from './spread-holdout.ts';
import { chooseSpread, pooledScores, tuneEnsemble } from './tune-ensemble.ts';
import type { Panel, UnitMonthDraws } from './types.ts';

// Constructed (synthetic) validation draws: every row's 100 draws are 0 … 99, but what happens is
// spread evenly over 25 … 75, so the raw 90% interval [5, 94] covers everything: far too wide.
function tooWide(rows: number): { parts: UnitMonthDraws[][]; observed: number[] } {
  const draws = Array.from({ length: 100 }, (_, i) => i);
  const parts = [
    Array.from({ length: rows }, (_, i) => ({ unit: 'U', month: '2010-01', horizon: 1 + (i % 12), draws })),
  ];
  const observed = Array.from({ length: rows }, (_, i) => 25 + Math.round((50 * i) / (rows - 1)));
  return { parts, observed };
}

// Constructed (synthetic) validation draws over monthly origins 1990-12 … 2013-12 at horizon 1:
// draws 0 … 99; what happens is spread over 25 … 75 (intervals too wide), or, from `switchYear`
// on, over 0 … 99 like the draws (intervals right: shrinking them would make them too narrow).
function overYears(switchYear?: number): { parts: UnitMonthDraws[][]; observed: number[] } {
  const draws = Array.from({ length: 100 }, (_, i) => i);
  const origins = monthRange('1990-12', '2013-12');
  const rows = origins.map((o) => ({ unit: 'U', month: addMonths(o, 1), horizon: 1, draws }));
  const observed = origins.map((o, i) => {
    const u = (i * 37) % 100; // spread evenly over 0 … 99 within every year
    const late = switchYear !== undefined && Number(o.slice(0, 4)) >= switchYear;
    return late ? u : 25 + Math.round(u / 2);
  });
  return { parts: [rows], observed };
}

describe('recalibration of the ensemble draws', () => {
  it('moves draws towards their median by the factor, rounds to counts, never below 0, keeps their order', () => {
    assert.deepEqual(spreadAround([20, 0, 10], 0.5), [15, 5, 10]);
    assert.deepEqual(spreadAround([0, 4, 5, 6], 3), [0, 3, 6, 9]);
    const same = [3, 1, 2];
    assert.deepEqual(spreadAround(same, 1), same);
    assert.throws(() => spreadAround(same, 0), {
      message: 'invalid spread factor: 0 (use a number > 0, 1 leaves draws as they are)',
    });
  });

  it('learns on validation draws a factor that moves coverage90 from 100% to about 90% and lowers CRPS', () => {
    const collected = tooWide(241);
    const before = pooledScores(
      collected,
      HORIZON_BANDS.map(() => [1]),
      100,
    );
    const chosen = chooseSpread(collected, [1], 100, 0);
    assert.equal(before[0]!.coverage90, 1);
    assert.ok(chosen.factor < 1, `factor ${chosen.factor}`);
    assert.ok(
      Math.abs(chosen.coverage90 - COVERAGE_TARGET) < Math.abs(before[0]!.coverage90 - COVERAGE_TARGET),
    );
    assert.ok(chosen.coverage90 >= 0.85 && chosen.coverage90 <= 0.95, `coverage ${chosen.coverage90}`);
    assert.ok(chosen.crps < before[0]!.crps);
    // Half-width 22.5 of 44.5 covers 90% of 25 … 75: the factor is about 0.5.
    assert.ok(chosen.factor >= 0.45 && chosen.factor <= 0.55, `factor ${chosen.factor}`);
  });

  it('the hold-out check adopts recalibration when a factor learnt on earlier validation years holds in later ones', () => {
    const h = spreadHoldout(
      overYears(),
      HORIZON_BANDS.map(() => [1]),
      100,
    );
    assert.equal(h.years[0], 1997); // the first year with 60 origins whose targets precede it
    assert.equal(h.years.at(-1), 2013);
    assert.ok(h.gap_recalibrated < h.gap_raw, JSON.stringify(h));
    assert.equal(h.adopted, true);
  });

  it('the hold-out check rejects recalibration when the earlier years mislead about the later ones', () => {
    const h = spreadHoldout(
      overYears(2005),
      HORIZON_BANDS.map(() => [1]),
      100,
    );
    assert.ok(h.gap_recalibrated >= h.gap_raw, JSON.stringify(h));
    assert.equal(h.adopted, false);
  });

  it('picks the coverage nearest 90%, then the lower CRPS, then the factor nearest 1', () => {
    const c = (factor: number, coverage90: number, crps: number) => ({ factor, coverage90, crps });
    assert.equal(pickSpread([c(0.5, 0.8, 1), c(0.7, 0.88, 2), c(1, 0.97, 0)]).factor, 0.7);
    assert.equal(pickSpread([c(0.6, 0.92, 3), c(0.7, 0.88, 2)]).factor, 0.7);
    assert.equal(pickSpread([c(0.7, 0.9, 2), c(1.2, 0.9, 2)]).factor, 1.2);
  });

  it('is learnt from validation origins only: changing every value after the last validation target leaves the factors unchanged', () => {
    const panel = syntheticPanel(5);
    const options = {
      origins: ['2011-12', '2012-12', '2013-06'],
      components: ['nbar', 'conflictology', 'zero'] as const,
      draws: 40,
      seed: 2,
    };
    const tampered: Panel = panel.map((s) => ({
      ...s,
      values: s.values.map((v, i) => (monthIndex(s.months[i]!) > monthIndex('2014-06') ? 1e6 + i : v)),
    }));
    const a = tuneEnsemble(panel, { ...options, components: [...options.components] });
    const b = tuneEnsemble(tampered, { ...options, components: [...options.components] });
    assert.equal(a.spread.length, HORIZON_BANDS.length);
    assert.deepEqual(b.spread, a.spread);
    assert.deepEqual(b.bands, a.bands);
    assert.deepEqual(b.holdout, a.holdout);
    assert.deepEqual(a.learntSpread.length, HORIZON_BANDS.length);
    assert.throws(() => tuneEnsemble(panel, { ...options, components: ['zero'], origins: ['2014-12'] }), {
      message: 'validation origin 2014-12 reaches into the test period',
    });
  });

  it('the ensemble applies each band its factor to the pooled draws, deterministically', () => {
    const input = syntheticForecastInput();
    const shares = HORIZON_BANDS.map(() => [0.5, 0.5]);
    const plain = ensemble([zeroBaseline, conflictologyBaseline], {
      components: ['zero', 'c'],
      weights: shares,
    });
    const spread = [0.5, 1, 2];
    const calibrated = ensemble([zeroBaseline, conflictologyBaseline], {
      components: ['zero', 'c'],
      weights: shares,
      spread,
    });
    const raw = plain(input);
    const out = calibrated(input);
    out.forEach((r, i) => {
      const factor = spread[r.horizon <= 3 ? 0 : r.horizon <= 6 ? 1 : 2]!;
      assert.deepEqual(r.draws, spreadAround(raw[i]!.draws, factor));
    });
    assert.deepEqual(calibrated(input), out);
    assert.throws(
      () =>
        ensemble([zeroBaseline], {
          components: ['zero'],
          weights: HORIZON_BANDS.map(() => [1]),
          spread: [1],
        }),
      /1 spread factors/,
    );
  });

  it('ships one spread factor per band at each level', () => {
    for (const level of ['country', 'admin1'] as const) {
      const spread = ENSEMBLE_WEIGHTS[level].spread!;
      assert.equal(spread.length, HORIZON_BANDS.length);
      for (const f of spread) assert.ok(f > 0);
    }
  });
});
