import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runBacktest } from '../../analytics/forecast/backtest.ts';
import { ENSEMBLE_WEIGHTS } from '../../analytics/forecast/ensemble-weights.ts';
import { NBAR_DEFAULTS } from '../../analytics/forecast/model-nbar.ts';
import type { Panel } from '../../analytics/forecast/types.ts';
import { syntheticPanel } from '../../../test/helpers/synthetic-panel.ts';
import { KEPT_BACKTESTS, keptBacktest, type KeptBacktestOptions } from './kept-backtests.ts';

const panel = syntheticPanel(31);
const options: KeptBacktestOptions = {
  origins: ['2014-12'],
  draws: 20,
  seed: 4,
  methods: ['zero', 'nbar-mix'],
  ensemble: ENSEMBLE_WEIGHTS.admin1,
  neighbours: new Map([['U0', ['U1']]]),
  byMonth: true,
};
// Equal arguments in other arrays, maps and objects (keys in another order), as a second request builds them.
const copyOf = (p: Panel): Panel => p.map((s) => ({ ...s, months: [...s.months], values: [...s.values] }));
const sameOptions = (): KeptBacktestOptions => {
  const o = Object.fromEntries(Object.entries(options).reverse()) as KeptBacktestOptions;
  return { ...o, neighbours: new Map([['U0', ['U1']]]), methods: ['zero', 'nbar-mix'] };
};

describe('kept backtests', () => {
  it('reuse the result of equal arguments, which is the one runBacktest gives', () => {
    const first = keptBacktest(copyOf(panel), options);
    assert.deepEqual(first, runBacktest(panel, options));
    assert.equal(keptBacktest(copyOf(panel), sameOptions()), first);
  });

  it('run again when any argument differs, down to one value’s bits or a neighbour', () => {
    const first = keptBacktest(panel, options);
    const changed = (p: Panel, o: KeptBacktestOptions) => {
      const r = keptBacktest(p, o);
      assert.notEqual(r, first);
      assert.deepEqual(r, runBacktest(p, o));
    };
    const oneValue = (v: number) => {
      const p = copyOf(panel);
      p[2]!.values[100] = v;
      return p;
    };
    changed(oneValue(panel[2]!.values[100]! + 1), options);
    changed(oneValue(NaN), options);
    changed(panel, { ...options, seed: 5 });
    changed(panel, { ...options, neighbours: new Map([['U0', ['U2']]]) });
    changed(panel, { ...options, methods: ['zero', 'nbar'] });
    changed(panel, { ...options, ensemble: ENSEMBLE_WEIGHTS.country });
    changed(
      panel.map((s) => ({ ...s, covariates: { g: s.values.map(() => 1) } })),
      { ...options, nbar: { ...NBAR_DEFAULTS, covariates: ['g'] } },
    );
  });

  it(`keeps the ${KEPT_BACKTESTS} used last`, () => {
    const quick: KeptBacktestOptions = { origins: ['2014-12'], draws: 5, seed: 0, methods: ['zero'] };
    const first = keptBacktest(panel, quick);
    for (let seed = 1; seed <= KEPT_BACKTESTS; seed++) keptBacktest(panel, { ...quick, seed });
    const again = keptBacktest(panel, quick);
    assert.notEqual(again, first);
    assert.deepEqual(again, first);
  });
});
