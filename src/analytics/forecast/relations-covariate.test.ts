import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { syntheticPanel } from '../../../test/helpers/synthetic-panel.ts';
import { forecast } from './forecast.ts';
import { fitNbar, nextMonthFeatures, NBAR_DEFAULTS } from './model-nbar.ts';
import { monthIndex } from './months.ts';
import { historyUpTo } from './panel.ts';
import {
  coveredRuns,
  indexFeatures,
  monthlyMeans,
  relationsCovariateName,
  signedLog1p,
  withRelations,
} from './relations-covariate.ts';
import type { Panel } from './types.ts';

const NAME = relationsCovariateName('gdelt-dyad-index', 'PAK', 'AFG');
const ORIGIN = '2015-06';
const nbar = { ...NBAR_DEFAULTS, indexCovariates: [NAME] };
const opts = { origin: ORIGIN, horizons: 3, draws: 200, seed: 9, method: 'nbar' as const, nbar };

// A synthetic signed index (a seeded sine with noise, negative half the time), covered from 2010-01
// on: NaN before, as a relations index is missing before its first day.
function synthetic(panel: Panel, fill: (m: string) => number = () => Number.NaN): Panel {
  const months = panel[0]!.months;
  const values = months.map((m, i) =>
    monthIndex(m) < monthIndex('2010-01') ? fill(m) : 80 * Math.sin(i / 5) + ((i * 37) % 23) - 11,
  );
  return withRelations(panel, [{ name: NAME, pair: 'AFG-PAK', months, values }]);
}
const base = syntheticPanel(21);

describe('relations covariates (issue 16)', () => {
  it('a month of the covariate is the mean of the index days of that month, NaN for a month without one', () => {
    // Real rows: the fixture's AFG-PAK days of April 2022 (2022-04-01 and -02; its damaged rows left out).
    const text = readFileSync(new URL('../../ingest/dyad-index/fixtures/dyad_sample.csv', import.meta.url));
    const rows = (parse(text, { columns: true }) as Record<string, string>[]).slice(0, 31);
    const days = rows
      .filter((r) => r.pair === 'AFG-PAK')
      .map((r) => ({ date: r.date!, value: Number(r.value) }));
    assert.equal(days.length, 2);
    const [march, april, may] = monthlyMeans(days, ['2022-03', '2022-04', '2022-05']);
    assert.equal(april, (days[0]!.value + days[1]!.value) / 2);
    assert.ok(Number.isNaN(march!) && Number.isNaN(may!), 'a month without a day is not covered, not 0');
    assert.deepEqual(coveredRuns(['2022-03', '2022-04', '2022-05'], [march!, april!, may!]), [
      { from: '2022-04', to: '2022-04' },
    ]);
  });

  it('a row reads the signed log of the mean over the observed months among the 3 before it, and a covered flag', () => {
    const xs = [Number.NaN, 10, -40, Number.NaN, Number.NaN, Number.NaN];
    assert.deepEqual(indexFeatures(xs, 3), [signedLog1p(-15), 1]);
    assert.deepEqual(indexFeatures(xs, 4), [signedLog1p(-15), 1]);
    assert.deepEqual(indexFeatures(xs, 6), [0, 0]); // nothing covered: the indicator, not a value of 0
    assert.deepEqual(indexFeatures([0, 0, 0], 3), [0, 1]); // an index value of 0 is covered
    assert.equal(signedLog1p(-15), -Math.log1p(15));
  });

  it('an uncovered month is not read as 0: filling it with zeros changes the forecast, leaving it missing does not', () => {
    const missing = synthetic(base);
    const zeros = synthetic(base, () => 0);
    const meanOf = (p: Panel, o: object = opts) =>
      forecast(p, { ...opts, ...o }).reduce((t, f) => t + f.mean, 0);
    assert.notEqual(
      meanOf(missing),
      meanOf(zeros),
      'filling the uncovered years with zeros must change the forecast',
    );
    // The design rows say why: 2008-01 has nothing covered before it, zeros claim it is covered.
    const row = (p: Panel) =>
      nextMonthFeatures({ history: historyUpTo(p, '2007-12'), origin: '2007-12' }, nbar).get('U0')!;
    assert.equal(row(missing)[`${NAME}_covered`], 0);
    assert.equal(row(zeros)[`${NAME}_covered`], 1);
    // The default (no relations covariate asked) is the same forecast whatever the panel carries.
    const plain = { nbar: NBAR_DEFAULTS };
    assert.equal(meanOf(missing, plain), meanOf(base, plain));
    assert.equal(meanOf(zeros, plain), meanOf(base, plain));
  });

  it('never lets the covariate after the origin change the draws (leakage)', () => {
    const panel = synthetic(base);
    assert.deepEqual(
      fitNbar({ history: historyUpTo(panel, ORIGIN), origin: ORIGIN }, nbar).droppedCovariates,
      [],
    );
    const later: Panel = panel.map((s) => ({
      ...s,
      values: s.values.map((v, i) => (monthIndex(s.months[i]!) > monthIndex(ORIGIN) ? 5000 : v)),
      covariates: {
        [NAME]: s.covariates![NAME]!.map((x, i) =>
          monthIndex(s.months[i]!) > monthIndex(ORIGIN) ? -1e6 : x,
        ),
      },
    }));
    const all = { ...opts, method: undefined };
    assert.deepEqual(forecast(later, all), forecast(panel, all));
    // ...while a change before the origin does change them: the covariate is in use.
    const earlier: Panel = panel.map((s) => ({
      ...s,
      covariates: { [NAME]: s.covariates![NAME]!.map((x) => (Number.isNaN(x) ? x : x + 100)) },
    }));
    assert.notDeepEqual(forecast(earlier, opts), forecast(panel, opts));
  });

  it('leaves out a covariate covered in fewer than 12 training months: the fit is the one without it', () => {
    const panel = synthetic(base);
    const origin = '2010-06'; // targets 2010-02 … 2010-06 have a covered month before them: 5 months
    const fit = fitNbar({ history: historyUpTo(panel, origin), origin }, nbar);
    assert.deepEqual(fit.droppedCovariates, [NAME]);
    const o = { ...opts, origin };
    assert.deepEqual(
      forecast(panel, o).map((f) => f.draws),
      forecast(panel, { ...o, nbar: NBAR_DEFAULTS }).map((f) => f.draws),
    );
    assert.deepEqual(
      fitNbar({ history: historyUpTo(panel, origin), origin }, { ...nbar, minCoveredMonths: 5 })
        .droppedCovariates,
      [],
    );
  });
});
