import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  learnThreshold,
  regimeFeature,
  regimeHoldout,
  regimeScores,
  type RegimeRow,
} from './regime-holdout.ts';

/** A row: band 0, its origin, feature, and whether the pool (0) and the quantile average (1) cover; CRPS 2 for the pool, 1 for the average. */
const row = (origin: number, feature: number, pool: boolean, qa: boolean): RegimeRow => ({
  band: 0,
  origin,
  feature,
  covered: [pool, qa],
  crps: [2, 1],
  ign: [3, 3],
});

describe('regime-switched combination', () => {
  it('computes each feature from the months up to the origin only', () => {
    const values = [...new Array<number>(21).fill(1), 10, 10, 10, 999];
    // At index 23: the last 3 months are 10s, the last 24 hold 21 ones and 3 tens.
    const e = Math.log(11 / ((21 + 30) / 24 + 1));
    assert.ok(Math.abs(regimeFeature(values, 23, 'escalation') - e) < 1e-12);
    assert.ok(Math.abs(regimeFeature(values, 23, 'de-escalation') + e) < 1e-12);
    assert.ok(regimeFeature(new Array<number>(12).fill(5), 11, 'volatility') < 1e-12);
    // A missing month is left out, not read as 0.
    assert.equal(regimeFeature([1, NaN, 1, 1], 3, 'escalation'), regimeFeature([1, 1, 1], 2, 'escalation'));
    assert.ok(Number.isNaN(regimeFeature([NaN, NaN], 1, 'volatility')));
  });

  it('learns the threshold whose coverage is nearest 90%, the average taken at or under it', () => {
    // Features 0.00 … 0.99; the pool covers every row, the average only rows above 0.20.
    const rows = Array.from({ length: 100 }, (_, i) => row(0, i / 100, true, i / 100 > 0.2));
    // Under t = 0.10 the eleven rows 0.00 … 0.10 take the average and miss: 89%, the nearest 90%.
    assert.equal(learnThreshold(rows), 0.1);
    assert.equal(regimeScores(rows, 0.1).coverage90, 0.89);
    assert.equal(regimeScores(rows, -Infinity).coverage90, 1);
    // A NaN feature keeps the pool.
    assert.equal(regimeScores([row(0, NaN, true, false)], Infinity).coverage90, 1);
  });

  it('judges each held-out year with thresholds learnt before it, and adopts only a rule that narrows the gap', () => {
    // 10 years of monthly origins. Calm rows (feature 0) are covered by both; rows with feature 1 by the pool alone.
    // Within every year, 1 row in 10 is such an escalation row: the average on calm rows is right.
    const rows: RegimeRow[] = [];
    for (let origin = 1990 * 12; origin < 2000 * 12; origin++)
      for (let j = 0; j < 10; j++) rows.push(row(origin, j === 0 ? 1 : 0, j !== 9, true));
    const h = regimeHoldout(rows, 'escalation');
    // Held-out years need 60 earlier origins whose targets precede them: 1996 onwards.
    assert.deepEqual(h.years, [1996, 1997, 1998, 1999]);
    assert.equal(h.n, 4);
    // The pool misses 1 row in 10 (j = 9): 90% already. Taking the average on calm rows would cover
    // them all (100%), so the thresholds learnt keep the pool: nothing to adopt.
    assert.equal(h.gap_pool, 0);
    assert.equal(h.gap_rule, h.gap_pool);
    assert.equal(h.adopted, false);
    // Now the pool covers every row (100%) and the average misses the calm row j = 9: the rule learns
    // to take the average on calm rows, which brings each held-out year to 90% at a lower CRPS.
    const wide = rows.map((r, i) => ({ ...r, covered: [true, i % 10 !== 9] }));
    const w = regimeHoldout(wide, 'escalation');
    assert.ok(Math.abs(w.gap_pool - 0.1) < 1e-12);
    assert.ok(w.gap_rule < 1e-12, 'every held-out year-band at 90%');
    assert.ok(w.crps_rule < w.crps_pool);
    assert.equal(w.adopted, true);
  });
});
