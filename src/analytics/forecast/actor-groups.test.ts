import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { syntheticPanel } from '../../../test/helpers/synthetic-panel.ts';
import { ACTOR_GROUP_COVARIATES, eventActorGroups } from './actor-groups.ts';
import { buildGedPanels } from './ged-panel.ts';
import { monthIndex } from './months.ts';
import { fitNbar, nbarMethod, nextMonthFeatures, NBAR_DEFAULTS } from './model-nbar.ts';
import { historyUpTo, validatePanel } from './panel.ts';
import type { Panel } from './types.ts';

// A synthetic panel whose units carry a TTP-deaths covariate (a share of their own counts).
function withTtp(p: Panel): Panel {
  return p.map((s) => ({ ...s, covariates: { group_ttp: s.values.map((v, i) => (i % 3 === 0 ? v : 0)) } }));
}

describe('actor-group covariates', () => {
  it('classifies events by their sides through the actor registry', () => {
    assert.deepEqual(eventActorGroups('Government of Pakistan', 'TTP', '2010-03-01'), ['group_ttp']);
    assert.deepEqual(eventActorGroups('Government of Pakistan', 'TTP - TA', '2015-03-01'), ['group_ttp']);
    assert.deepEqual(eventActorGroups('BLA', 'Civilians', '2012-01-01'), ['group_baloch_insurgents']);
    assert.deepEqual(eventActorGroups('IS', 'Civilians', '2017-02-16'), ['group_islamic_state']);
    assert.deepEqual(eventActorGroups('Government of India', 'Government of Pakistan', '2019-02-27'), [
      'group_interstate',
    ]);
    assert.deepEqual(eventActorGroups('Bangesh', 'Turi', '2008-01-01'), []);
  });

  it('GED panels carry each group deaths per unit-month, counted like the totals', () => {
    const { country, admin1 } = buildGedPanels(
      [
        { month: '2010-01', province: 'PK-KP', best: 7, groups: ['group_ttp'] },
        { month: '2010-01', province: 'PK-BA', best: 3, groups: ['group_baloch_insurgents'] },
        { month: '2010-02', province: null, best: 5, groups: ['group_ttp'] },
        { month: '2010-02', province: 'PK-SD', best: 2 },
      ],
      'fatalities',
      '2010-01',
      '2010-02',
    );
    validatePanel(country);
    assert.deepEqual(country[0]!.covariates!.group_ttp, [7, 5]);
    assert.deepEqual(country[0]!.covariates!.group_baloch_insurgents, [3, 0]);
    assert.deepEqual(admin1.find((s) => s.unit === 'PK-KP')!.covariates!.group_ttp, [7, 0]);
    assert.deepEqual(Object.keys(country[0]!.covariates!), [...ACTOR_GROUP_COVARIATES]);
  });

  it('enter NBAR, when asked, as log1p of their 12-month mean before the target', () => {
    const panel = withTtp(syntheticPanel(7));
    const options = { ...NBAR_DEFAULTS, covariates: ['group_ttp'] };
    const input = { history: historyUpTo(panel, '2014-12'), origin: '2014-12' };
    const fit = fitNbar(input, options);
    assert.ok(fit.features.includes('log1p_group_ttp_mean12'));
    assert.ok(!fitNbar(input).features.includes('log1p_group_ttp_mean12'));
    const last12 = input.history[0]!.covariates!.group_ttp!.slice(-12);
    assert.equal(
      nextMonthFeatures(input, options).get('U0')!.log1p_group_ttp_mean12,
      Math.log1p(last12.reduce((a, b) => a + b, 0) / 12),
    );
    assert.throws(() => fitNbar({ ...input, history: syntheticPanel(7) }, options), {
      message: 'NBAR covariate group_ttp is missing for unit U0',
    });
  });

  it('never leak: changing values and covariates after the origin leaves the draws unchanged', () => {
    const panel = withTtp(syntheticPanel(7));
    const origin = '2014-12';
    const tampered: Panel = panel.map((s) => {
      const after = (i: number) => monthIndex(s.months[i]!) > monthIndex(origin);
      return {
        ...s,
        values: s.values.map((v, i) => (after(i) ? 1e6 : v)),
        covariates: { group_ttp: s.covariates!.group_ttp!.map((v, i) => (after(i) ? 1e6 : v)) },
      };
    });
    const method = nbarMethod({ ...NBAR_DEFAULTS, covariates: ['group_ttp'] });
    const run = (p: Panel) =>
      method({ history: historyUpTo(p, origin), origin, horizons: 12, draws: 30, seed: 5 });
    assert.deepEqual(run(tampered), run(panel));
  });
});
