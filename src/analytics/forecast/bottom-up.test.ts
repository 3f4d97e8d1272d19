import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { syntheticPanel } from '../../../test/helpers/synthetic-panel.ts';
import { runBacktest } from './backtest.ts';
import { bottomUpMethod, remainderParts, remainderSeries, sumByDraw } from './bottom-up.ts';
import { ENSEMBLE_WEIGHTS } from './ensemble-weights.ts';
import { methodByName } from './methods.ts';
import { monthIndex } from './months.ts';
import { historyUpTo } from './panel.ts';
import type { Panel } from './types.ts';

const months = ['2020-01', '2020-02', '2020-03'];

describe('bottom-up country forecasts', () => {
  it('sums the units’ draws draw by draw, per target month and horizon', () => {
    const rows = [
      { unit: 'A', month: '2020-02', horizon: 1, draws: [1, 2, 3] },
      { unit: 'B', month: '2020-02', horizon: 1, draws: [10, 0, 5] },
      { unit: 'A', month: '2020-03', horizon: 2, draws: [0, 0, 7] },
      { unit: 'B', month: '2020-03', horizon: 2, draws: [4, 1, 1] },
    ];
    assert.deepEqual(sumByDraw(rows, 'PAK', 2), [
      { unit: 'PAK', month: '2020-02', horizon: 1, draws: [11, 2, 8] },
      { unit: 'PAK', month: '2020-03', horizon: 2, draws: [4, 1, 8] },
    ]);
  });

  it('keeps the same month at two horizons (two origins) apart', () => {
    const rows = [
      { unit: 'A', month: '2020-03', horizon: 1, draws: [1] },
      { unit: 'A', month: '2020-03', horizon: 2, draws: [5] },
    ];
    assert.deepEqual(
      sumByDraw(rows, 'T', 1).map((r) => [r.horizon, r.draws[0]]),
      [
        [1, 1],
        [2, 5],
      ],
    );
  });

  it('refuses a group missing a unit, a unit twice, or unequal draws', () => {
    const a = { unit: 'A', month: '2020-02', horizon: 1, draws: [1, 2] };
    assert.throws(() => sumByDraw([a], 'T', 2), /1 rows of 1 units, expected 2/);
    assert.throws(() => sumByDraw([a, a], 'T', 2), /2 rows of 1 units, expected 2/);
    assert.throws(
      () => sumByDraw([a, { ...a, unit: 'B', draws: [1] }], 'T', 2),
      /different numbers of draws/,
    );
  });

  it('gives the total’s remainder beyond its parts, missing where any is missing', () => {
    const total = { unit: 'PAK', months, values: [10, NaN, 7] };
    const parts = [
      { unit: 'A', months, values: [4, 1, 7] },
      { unit: 'B', months, values: [3, 2, 0] },
    ];
    const r = remainderSeries(total, parts, 'PAK-none');
    assert.equal(r.unit, 'PAK-none');
    assert.deepEqual(r.months, months);
    assert.deepEqual(r.values, [3, NaN, 0]);
    assert.throws(
      () => remainderSeries({ ...total, values: [6, 3, 7] }, parts, 'x'),
      /remainder of PAK in 2020-01: its parts hold 7, more than its 6/,
    );
    assert.throws(
      () => remainderSeries(total, [{ unit: 'C', months: months.slice(1), values: [1, 1] }], 'x'),
      /C does not share its months/,
    );
  });

  // Three provinces and a country holding them plus 1 death a month without a province.
  const provinces = syntheticPanel(9, 3);
  const country = {
    unit: 'C',
    months: provinces[0]!.months,
    values: provinces[0]!.values.map((_, i) => provinces.reduce((a, p) => a + p.values[i]!, 1)),
  };
  const parts = remainderParts(country, provinces);
  const admin1 = methodByName('nbar-mix', undefined, undefined, ENSEMBLE_WEIGHTS.admin1);
  const origin = '2014-12';
  const input = (p: Panel) => ({ history: historyUpTo(p, origin), origin, horizons: 12, draws: 50, seed: 4 });

  it('makes the parts of a country: its provinces and its remainder as one more unit', () => {
    assert.deepEqual(
      parts.map((p) => p.unit),
      ['U0', 'U1', 'U2', 'C-none'],
    );
    assert.ok(parts[3]!.values.every((v) => v === 1));
  });

  it('forecasts a country as the sum of its parts’ ensemble draws, from their history up to the origin only', () => {
    const method = bottomUpMethod({ parts, method: admin1 });
    const out = method(input([country]));
    assert.deepEqual(out, sumByDraw(admin1(input(parts)), 'C', 4));
    assert.equal(out.length, 12);
    // Leakage: the parts' values after the origin changed, the draws are the same.
    const tampered = parts.map((s) => ({
      ...s,
      values: s.values.map((v, i) => (monthIndex(s.months[i]!) > monthIndex(origin) ? 1e6 : v)),
    }));
    assert.deepEqual(bottomUpMethod({ parts: tampered, method: admin1 })(input([country])), out);
    assert.throws(() => method(input(provinces)), /a bottom-up forecast is of one unit, got 3/);
  });

  it('in a backtest, makes only nbar-mix bottom up: the baselines still forecast the country', () => {
    const seen = new Map<string, unknown>();
    const run = (bottomUp?: { parts: Panel; ensemble: typeof ENSEMBLE_WEIGHTS.admin1 }) =>
      runBacktest([country], {
        origins: [origin],
        draws: 50,
        seed: 4,
        methods: ['conflictology', 'nbar-mix'],
        ensemble: ENSEMBLE_WEIGHTS.country,
        ...(bottomUp ? { bottomUp } : {}),
        onDraws: (_o, m, d) => seen.set(`${bottomUp ? 'up' : 'pool'} ${m}`, d),
      });
    const pool = run();
    const up = run({ parts, ensemble: ENSEMBLE_WEIGHTS.admin1 });
    assert.deepEqual(seen.get('up conflictology'), seen.get('pool conflictology'));
    assert.deepEqual(seen.get('up nbar-mix'), sumByDraw(admin1(input(parts)), 'C', 4));
    assert.notDeepEqual(up.methods['nbar-mix'], pool.methods['nbar-mix']);
  });
});
