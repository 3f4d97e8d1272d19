import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forecast } from './forecast.ts';
import { METHOD_NAMES } from './methods.ts';
import { NBAR_DEFAULTS } from './model-nbar.ts';
import { monthIndex } from './months.ts';
import { withRelations } from './relations-covariate.ts';
import { syntheticPanel } from '../../../test/helpers/synthetic-panel.ts';
import type { Panel } from './types.ts';

const panel = syntheticPanel(8);

describe('forecast', () => {
  it('returns every method × unit × horizon with draws, mean and ordered quantiles', () => {
    const out = forecast(panel, { origin: '2015-06', horizons: 3, draws: 200, seed: 1 });
    assert.equal(out.length, METHOD_NAMES.length * 3 * 3);
    for (const f of out) {
      assert.equal(f.draws.length, 200);
      const q = f.quantiles;
      assert.ok(
        q.q05 <= q.q10 &&
          q.q10 <= q.q25 &&
          q.q25 <= q.q50 &&
          q.q50 <= q.q75 &&
          q.q75 <= q.q90 &&
          q.q90 <= q.q95,
      );
      assert.ok(Math.abs(f.mean - f.draws.reduce((a, b) => a + b, 0) / 200) < 1e-9);
    }
    assert.deepEqual(
      out.filter((f) => f.method === 'nbar' && f.unit === 'U1').map((f) => f.month),
      ['2015-07', '2015-08', '2015-09'],
    );
  });
  it('runs one method when given its name, and rejects an unknown one', () => {
    const out = forecast(panel, { origin: '2015-06', horizons: 2, draws: 10, seed: 1, method: 'zero' });
    assert.ok(out.every((f) => f.method === 'zero' && f.quantiles.q95 === 0 && f.mean === 0));
    assert.throws(() => forecast(panel, { origin: '2015-06', seed: 1, method: 'oracle' as 'zero' }), {
      message: 'unknown forecast method: oracle',
    });
  });
  it('gives the same draws whatever the panel holds after the origin', () => {
    const later: Panel = panel.map((s) => ({
      ...s,
      values: s.values.map((v, i) => (monthIndex(s.months[i]!) > monthIndex('2015-06') ? 5000 : v)),
    }));
    const opts = { origin: '2015-06', horizons: 4, draws: 50, seed: 3 };
    assert.deepEqual(forecast(later, opts), forecast(panel, opts));
    // ...and whatever a relations covariate (relations-covariate.ts, signed, NaN before 2010) holds after it.
    const name = 'relations_synthetic_AFG_PAK';
    const index = (after: number) =>
      panel[0]!.months.map((m, i) =>
        m < '2010-01' ? NaN : monthIndex(m) > monthIndex('2015-06') ? after : 50 * Math.cos(i / 4),
      );
    const covs = (after: number) => [
      { name, pair: 'AFG-PAK', months: panel[0]!.months, values: index(after) },
    ];
    const withIndex = { ...opts, nbar: { ...NBAR_DEFAULTS, indexCovariates: [name] } };
    assert.deepEqual(
      forecast(withRelations(later, covs(-1e6)), withIndex),
      forecast(withRelations(panel, covs(0)), withIndex),
    );
    // ...and whatever an actor-group covariate (actor-groups.ts: deaths per unit-month, log1p in NBAR) holds after it.
    const groups = (p: Panel, after: number): Panel =>
      p.map((s) => ({
        ...s,
        covariates: {
          group_ttp: s.values.map((v, i) =>
            monthIndex(s.months[i]!) > monthIndex('2015-06')
              ? after
              : Number.isNaN(v)
                ? v
                : Math.floor(v / 2),
          ),
        },
      }));
    const withGroups = { ...opts, nbar: { ...NBAR_DEFAULTS, covariates: ['group_ttp'] } };
    const base = forecast(groups(panel, 0), withGroups);
    assert.deepEqual(forecast(groups(later, 1e6), withGroups), base);
    // The covariate does enter the model: a change up to the origin changes the draws.
    const before = (p: Panel): Panel =>
      p.map((s) => ({
        ...s,
        covariates: {
          group_ttp: s.covariates!.group_ttp!.map((x, i) => (s.months[i] === '2015-06' ? x + 500 : x)),
        },
      }));
    assert.notDeepEqual(forecast(before(groups(panel, 0)), withGroups), base);
  });
  it('rejects a bad origin and a panel that stops before it with one-line messages', () => {
    assert.throws(() => forecast(panel, { origin: '2015-13', seed: 1 }), {
      message: 'invalid month: 2015-13',
    });
    assert.throws(() => forecast(panel, { origin: '2017-06', seed: 1 }), {
      message: 'unit U0 ends at 2016-12, before origin 2017-06',
    });
  });
  it('treats months no source covers (NaN) as missing, not as zeros, in the model and every baseline', () => {
    // A year before the origin uncovered (2014-07 .. 2015-06 minus the last three months).
    const gap = (m: string) =>
      monthIndex(m) >= monthIndex('2014-07') && monthIndex(m) <= monthIndex('2015-03');
    const missing: Panel = panel.map((s) => ({
      ...s,
      values: s.values.map((v, i) => (gap(s.months[i]!) ? NaN : v)),
    }));
    const zeros: Panel = panel.map((s) => ({
      ...s,
      values: s.values.map((v, i) => (gap(s.months[i]!) ? 0 : v)),
    }));
    const opts = { origin: '2015-06', horizons: 3, draws: 400, seed: 5 };
    const a = forecast(missing, opts);
    const z = forecast(zeros, opts);
    const meanOf = (out: typeof a, method: string) =>
      out.filter((f) => f.method === method).reduce((t, f) => t + f.mean, 0);
    for (const m of ['nbar', 'nbar-mix', 'bootstrap', 'conflictology'])
      assert.notEqual(
        meanOf(a, m),
        meanOf(z, m),
        `${m}: filling the gap with zeros must change the forecast`,
      );
    // Conflictology draws only observed values: the last 12 observed months, which reach back before the gap.
    for (const s of missing) {
      const seen = new Set(s.values.filter((v) => !Number.isNaN(v)));
      const draws = a
        .filter((f) => f.method === 'conflictology' && f.unit === s.unit)
        .flatMap((f) => f.draws);
      assert.ok(draws.every((d) => seen.has(d)));
    }
    // With zeros in the gap the series looks calmer: every unit's bootstrap pool is mostly zeros.
    assert.ok(meanOf(z, 'bootstrap') < meanOf(a, 'bootstrap'));
    assert.ok(a.every((f) => f.draws.every((d) => Number.isFinite(d) && d >= 0)));
  });
});
