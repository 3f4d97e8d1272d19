import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  compare,
  liveTestOrigins,
  MONTHLY_TEST_ORIGINS,
  MONTHLY_VALIDATION_ORIGINS,
  runBacktest,
  TEST_ORIGINS,
  VALIDATION_ORIGINS,
} from './backtest.ts';
import type { EnsembleWeights } from './ensemble.ts';
import { ENSEMBLE_WEIGHTS } from './ensemble-weights.ts';
import { METHOD_NAMES, type MethodName } from './methods.ts';
import { monthIndex } from './months.ts';
import { syntheticPanel } from '../../../test/helpers/synthetic-panel.ts';
import { checkValidationOrigins } from './tune.ts';
import type { Panel, UnitMonthDraws } from './types.ts';

const panel = syntheticPanel(21);
const small = { origins: ['2014-12', '2015-12'], draws: 60, seed: 4 };

// The panel with every value after `origin` replaced by a huge count.
function tamperedAfter(p: Panel, origin: string): Panel {
  return p.map((s) => ({
    ...s,
    values: s.values.map((v, i) => (monthIndex(s.months[i]!) > monthIndex(origin) ? 1e6 + i : v)),
  }));
}

describe('runBacktest', () => {
  it('scores every method on units × 12 horizons × origins forecasts', () => {
    const r = runBacktest(panel, small);
    assert.deepEqual(Object.keys(r.methods).sort(), [...METHOD_NAMES].sort());
    for (const name of METHOD_NAMES) {
      assert.equal(r.methods[name]!.n, 3 * 12 * 2);
      assert.equal(r.byHorizon[name]!.length, 12);
      // Bands 1-3, 4-6 and 7-12 hold 3, 3 and 6 of the 12 horizons.
      assert.deepEqual(
        r.byBand[name]!.map((b) => b!.n),
        [3 * 3 * 2, 3 * 3 * 2, 3 * 6 * 2],
      );
      assert.ok(Number.isFinite(r.methods[name]!.crps) && Number.isFinite(r.methods[name]!.ign));
    }
    assert.deepEqual(
      r.comparisons.map((c) => c.model),
      ['nbar', 'nbar-mix'],
    );
  });
  it('never lets a method see data after the origin: draws are identical when every later value is changed (the shipped ensemble too)', () => {
    const collect = (p: Panel, ensemble: EnsembleWeights = ENSEMBLE_WEIGHTS.admin1) => {
      const seen = new Map<MethodName, UnitMonthDraws[]>();
      runBacktest(p, {
        ...small,
        ensemble,
        origins: ['2014-12'],
        onDraws: (_o, method, draws) => seen.set(method, draws),
      });
      return seen;
    };
    const clean = collect(panel);
    const tampered = collect(tamperedAfter(panel, '2014-12'));
    for (const name of METHOD_NAMES) assert.deepEqual(tampered.get(name), clean.get(name), name);
    // The same ensemble combined by quantile averaging (issue 16, fifth pass): its draws differ from the pool's, and ignore later values too.
    const averaged: EnsembleWeights = { ...ENSEMBLE_WEIGHTS.admin1, rule: 'quantile-average' };
    const cleanQa = collect(panel, averaged).get('nbar-mix');
    assert.notDeepEqual(cleanQa, clean.get('nbar-mix'));
    assert.deepEqual(collect(tamperedAfter(panel, '2014-12'), averaged).get('nbar-mix'), cleanQa);
  });
  it('returns identical results for the same seed', () => {
    assert.deepEqual(
      runBacktest(panel, { ...small, methods: ['nbar', 'conflictology'] }),
      runBacktest(panel, { ...small, methods: ['nbar', 'conflictology'] }),
    );
  });
  it('refuses an origin whose targets the panel does not reach', () => {
    assert.throws(() => runBacktest(panel, { ...small, origins: ['2016-06'], methods: ['zero'] }), {
      message: 'backtest origin 2016-06 needs data for U0 2017-01',
    });
  });
});

describe('compare', () => {
  it('takes the best baseline separately for CRPS, IGN and MIS', () => {
    const s = (crps: number, ign: number, mis: number) => ({
      crps,
      ign,
      mis,
      coverage90: 0.9,
      coverage50: 0.5,
      n: 1,
    });
    const [c] = compare({
      zero: s(10, 5, 50),
      conflictology: s(8, 3, 60),
      bootstrap: s(9, 2.5, 40),
      nbar: s(6, 2, 30),
    });
    assert.deepEqual(c, {
      model: 'nbar',
      best: { crps: 'conflictology', ign: 'bootstrap', mis: 'bootstrap' },
      crps_ratio: 0.75,
      ign_diff: -0.5,
      mis_ratio: 0.75,
    });
  });
});

describe('origins', () => {
  it('test origins are the Decembers 2014 … 2020 and validation targets all precede 2015', () => {
    assert.deepEqual(TEST_ORIGINS, [
      '2014-12',
      '2015-12',
      '2016-12',
      '2017-12',
      '2018-12',
      '2019-12',
      '2020-12',
    ]);
    checkValidationOrigins(VALIDATION_ORIGINS, 12);
    checkValidationOrigins(MONTHLY_VALIDATION_ORIGINS, 12);
  });
  it("a live forecast's test origins: every December from 2014-12 that the panel can score, later ones when newer data are loaded", () => {
    // Data to 2021 (as GED 22.1): the seven test Decembers, 2021-12 having no month after it.
    assert.deepEqual(liveTestOrigins(syntheticPanel(3, 2, 0.7, '1989-01', '2021-12'), 12), TEST_ORIGINS);
    // Data to 2024-12 (a newer release): 2021-12 … 2023-12 join; 2024-12 has no month after it.
    assert.deepEqual(liveTestOrigins(syntheticPanel(3, 2, 0.7, '1989-01', '2024-12'), 12), [
      ...TEST_ORIGINS,
      '2021-12',
      '2022-12',
      '2023-12',
    ]);
    // Every target inside the data: ending 2024-06, 2023-12's year is not whole, so it is left out.
    assert.deepEqual(liveTestOrigins(syntheticPanel(3, 2, 0.7, '1989-01', '2024-06'), 12).at(-1), '2022-12');
    // Months no source covers (NaN) score nothing: 2022-2025 missing, data again in 2026 (as the
    // bundled GED 22.1 and Candidate 2026), so 2021-12 … 2024-12 are left out.
    const gap = syntheticPanel(3, 2, 0.7, '1989-01', '2026-07').map((s) => ({
      ...s,
      values: s.values.map((v, i) => (s.months[i]! >= '2022-01' && s.months[i]! <= '2025-12' ? NaN : v)),
    }));
    assert.deepEqual(liveTestOrigins(gap, 12), TEST_ORIGINS);
    // Every month as origin: with data to 2021, the bench's monthly test origins.
    const toEnd2021 = syntheticPanel(3, 2, 0.7, '1989-01', '2021-12');
    assert.deepEqual(liveTestOrigins(toEnd2021, 12, 'monthly'), MONTHLY_TEST_ORIGINS);
    // History that starts late leaves the early Decembers out: each needs 12 months before it.
    assert.deepEqual(liveTestOrigins(syntheticPanel(3, 2, 0.7, '2016-01', '2021-12'), 12), [
      '2016-12',
      '2017-12',
      '2018-12',
      '2019-12',
      '2020-12',
    ]);
  });
  it('monthly origins: every month 1990-12 … 2013-12 for validation, 2014-12 … 2020-12 for test, none shared', () => {
    assert.equal(MONTHLY_VALIDATION_ORIGINS.length, 23 * 12 + 1);
    assert.equal(MONTHLY_TEST_ORIGINS.length, 6 * 12 + 1);
    assert.deepEqual([MONTHLY_TEST_ORIGINS[0], MONTHLY_TEST_ORIGINS.at(-1)], ['2014-12', '2020-12']);
    assert.ok(monthIndex(MONTHLY_VALIDATION_ORIGINS.at(-1)!) + 12 < monthIndex(MONTHLY_TEST_ORIGINS[0]!) + 1);
    assert.throws(() => checkValidationOrigins(['2014-06'], 12), {
      message: 'validation origin 2014-06 reaches into the test period',
    });
  });
});
