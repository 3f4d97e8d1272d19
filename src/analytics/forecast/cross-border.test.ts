import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { syntheticPanel } from '../../../test/helpers/synthetic-panel.ts';
import { crossBorderPanel } from './cross-border.ts';
import { fitNbar, nextMonthFeatures } from './model-nbar.ts';
import { historyUpTo } from './panel.ts';
import type { Panel } from './types.ts';

// A synthetic two-country admin-1 panel: two Pakistani provinces to 2016-12; across the border
// Nangarhar (a border province) and Herat (not one), 2010-01 … 2016-12, and Kunar, whose data end
// in 2012 (nothing in the last 12 months: it must not join).
const rename = (p: Panel, units: string[]): Panel => p.map((s, i) => ({ ...s, unit: units[i]! }));
const own = rename(syntheticPanel(11, 2), ['PK-KP', 'PK-BA']);
const afghan = [
  ...rename(syntheticPanel(12, 2, 0.7, '2010-01', '2016-12'), ['AF-NAN', 'AF-HER']),
  ...rename(syntheticPanel(13, 1, 0.7, '2008-01', '2012-12'), ['AF-KNR']),
];
const pakNeighbours = new Map([
  ['PK-KP', ['PK-BA']],
  ['PK-BA', ['PK-KP']],
]);

describe('pooling across the border (synthetic panel)', () => {
  it('joins only the other country units observed in the last 12 months, missing (not zero) before their data', () => {
    const pooled = crossBorderPanel(own, afghan, { own: pakNeighbours });
    assert.deepEqual(pooled.joined, ['AF-NAN', 'AF-HER']);
    const nan = pooled.panel.find((s) => s.unit === 'AF-NAN')!;
    assert.deepEqual(nan.months, own[0]!.months);
    assert.ok(Number.isNaN(nan.values[0]!)); // 2005-01: before Nangarhar's data
    assert.equal(nan.values.at(-1), afghan[0]!.values.at(-1));
    assert.deepEqual(pooled.neighbours.get('PK-KP'), ['AF-NAN', 'PK-BA']);
    assert.deepEqual(pooled.neighbours.get('AF-NAN'), ['PK-KP']);
    assert.deepEqual(pooled.neighbours.get('AF-HER'), []);
    assert.deepEqual(crossBorderPanel(own, [afghan[2]!]).joined, []);
  });

  it('the cross-border lag enters the features: KP neighbour mean counts Nangarhar last month', () => {
    const pooled = crossBorderPanel(own, afghan, { own: pakNeighbours });
    const input = {
      history: historyUpTo(pooled.panel, '2016-06'),
      origin: '2016-06',
      neighbours: pooled.neighbours,
    };
    const kp = nextMonthFeatures(input).get('PK-KP')!;
    const last = (u: string) => input.history.find((s) => s.unit === u)!.values.at(-1)!;
    assert.equal(kp.log1p_neighbour_mean_lag1, Math.log1p((last('PK-BA') + last('AF-NAN')) / 2));
    // Without the other country, only Balochistan.
    const alone = nextMonthFeatures({
      ...input,
      history: historyUpTo(own, '2016-06'),
      neighbours: pakNeighbours,
    });
    assert.equal(alone.get('PK-KP')!.log1p_neighbour_mean_lag1, Math.log1p(last('PK-BA')));
    // The pooled fit is estimated on both countries' provinces.
    const fit = fitNbar(input);
    assert.ok(fit.features.includes('unit_AF-NAN') && fit.features.includes('log1p_neighbour_mean_lag1'));
  });
});
