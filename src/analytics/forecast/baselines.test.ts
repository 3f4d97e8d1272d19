import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  bootstrapGlobalBaseline,
  conflictologyBaseline,
  poissonLastBaseline,
  recentLowMethod,
  zeroBaseline,
} from './baselines.ts';
import { monthRange } from './months.ts';
import type { MethodInput, Panel } from './types.ts';

const months = monthRange('2013-01', '2014-12');
// Unit A's last 12 months hold only 1, 2 and 3; its earlier months hold 100, which no window baseline may draw.
const panel: Panel = [
  { unit: 'A', months, values: months.map((_, i) => (i < 12 ? 100 : 1 + (i % 3))) },
  { unit: 'B', months, values: months.map((_, i) => (i < 12 ? 200 : i === 23 ? 20 : 50)) },
];
const input = (over: Partial<MethodInput> = {}): MethodInput => ({
  history: panel,
  origin: '2014-12',
  horizons: 12,
  draws: 4000,
  seed: 11,
  ...over,
});

describe('baselines', () => {
  it('forecast every unit for the 12 months after the origin', () => {
    const out = zeroBaseline(input({ draws: 3 }));
    assert.equal(out.length, 24);
    assert.deepEqual(
      out.filter((r) => r.unit === 'A').map((r) => `${r.horizon}:${r.month}`),
      monthRange('2015-01', '2015-12').map((m, h) => `${h + 1}:${m}`),
    );
  });
  it('recent low draws only the lowest of the last 12 observed months, skipping months no source covers', () => {
    // A's last 12 months are 1, 2, 3, ... (low 1); B's are 50 but the last, 20 (low 20); the earlier 100 and 200 are not in the window.
    const low = (p: Panel) =>
      Object.fromEntries(
        recentLowMethod(input({ history: p, draws: 5 })).map((r) => [r.unit, [...new Set(r.draws)]]),
      );
    assert.deepEqual(low(panel), { A: [1], B: [20] });
    // B's month of 20 uncovered (NaN): the window reaches one month further back (a 200); the low is 50.
    const gap: Panel = [panel[1]!].map((s) => ({
      ...s,
      values: s.values.map((v, i) => (i === 23 ? NaN : v)),
    }));
    assert.deepEqual(low(gap), { B: [50] });
    const quiet: Panel = [{ ...panel[0]!, values: panel[0]!.values.map((v, i) => (i === 15 ? 0 : v)) }];
    assert.deepEqual(low(quiet), { A: [0] });
  });
  it('zero draws only zeros', () => {
    assert.ok(zeroBaseline(input()).every((r) => r.draws.length === 4000 && r.draws.every((d) => d === 0)));
  });
  it('poisson-last draws have mean within 5 standard errors of the last value at every horizon', () => {
    // B's last value is 20: the mean of 4000 Poisson(20) draws has standard error √(20/4000) ≈ 0.071,
    // so |mean − 20| < 0.36 fails by chance with probability below 1e-6 (and the seed is fixed anyway).
    for (const r of poissonLastBaseline(input()).filter((f) => f.unit === 'B')) {
      const mean = r.draws.reduce((a, b) => a + b, 0) / r.draws.length;
      assert.ok(Math.abs(mean - 20) < 5 * Math.sqrt(20 / 4000), `horizon ${r.horizon}: mean ${mean}`);
      assert.ok(r.draws.every((d) => Number.isInteger(d) && d >= 0));
    }
  });
  it('poisson-last draws only zeros after a month with no deaths', () => {
    const quiet: Panel = [{ unit: 'Q', months, values: months.map((_, i) => (i === 23 ? 0 : 9)) }];
    assert.ok(poissonLastBaseline(input({ history: quiet })).every((r) => r.draws.every((d) => d === 0)));
  });
  it('bootstrap draws only values in the pooled last 12 months of all units, and all of them', () => {
    const pool = new Set([1, 2, 3, 50, 20]);
    const drawn = new Set(bootstrapGlobalBaseline(input()).flatMap((r) => r.draws));
    assert.deepEqual(
      [...drawn].sort((a, b) => a - b),
      [...pool].sort((a, b) => a - b),
    );
  });
  it('conflictology draws only values in the unit’s own last 12 months', () => {
    const out = conflictologyBaseline(input());
    assert.deepEqual(
      [...new Set(out.filter((r) => r.unit === 'A').flatMap((r) => r.draws))].sort(),
      [1, 2, 3],
    );
    assert.deepEqual(
      [...new Set(out.filter((r) => r.unit === 'B').flatMap((r) => r.draws))].sort(),
      [20, 50],
    );
  });
  it('give identical draws for the same seed and different draws for another seed', () => {
    for (const method of [poissonLastBaseline, bootstrapGlobalBaseline, conflictologyBaseline]) {
      assert.deepEqual(method(input({ draws: 50 })), method(input({ draws: 50 })));
      assert.notDeepEqual(method(input({ draws: 50 })), method(input({ draws: 50, seed: 12 })));
    }
  });
});
