import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { syntheticPanel } from '../../../test/helpers/synthetic-panel.ts';
import { runBacktest } from './backtest.ts';
import type { MethodName } from './methods.ts';
import { monthRange } from './months.ts';
import type { MonthSums } from './scores.ts';
import { skillIntervals, yearlySkill } from './skill-intervals.ts';
import { skillIntervalTable, yearlySkillTable } from './table.ts';

// Per-month sums from per-month mean scores, one forecast per month.
const sums = (months: string[], crps: (i: number) => number, covered = (_i: number) => 1, ign = crps) =>
  months.map((month, i) => ({ month, crps: crps(i), ign: ign(i), covered: covered(i), n: 1 }));
const months = monthRange('2015-01', '2021-12');

describe('skillIntervals', () => {
  it('gives a point interval when every month says the same: a model half the baseline in each month', () => {
    const r = skillIntervals(
      {
        bootstrap: sums(months, () => 10),
        nbar: sums(months, () => 5),
      },
      { seed: 1, resamples: 200 },
    );
    const nbar = r.models.find((m) => m.model === 'nbar')!;
    assert.deepEqual(nbar.intervals.crps_ratio, { lo: 0.5, hi: 0.5 });
    assert.deepEqual(nbar.intervals.ign_diff, { lo: -5, hi: -5 });
    assert.deepEqual(nbar.intervals.coverage90, { lo: 1, hi: 1 });
    assert.equal(r.months, 84);
    assert.equal(r.blockMonths, 12);
  });

  it('widens with the months that disagree, holds the full-sample ratio, and reports how often a goal holds', () => {
    // The model beats the baseline in calm months and loses badly in one escalation year.
    const model = (i: number) => (months[i]!.startsWith('2018') ? 30 : 8);
    const byMonth = {
      bootstrap: sums(months, () => 10),
      'nbar-mix': sums(months, model, (i) => (i % 10 ? 1 : 0)),
    };
    const r = skillIntervals(byMonth, { seed: 7, resamples: 2000, goals: { crps_ratio: [-Infinity, 0.9] } });
    const mix = r.models[0]!;
    assert.equal(mix.model, 'nbar-mix');
    const full = (8 * 72 + 30 * 12) / 84 / 10; // 1.114
    assert.ok(
      mix.intervals.crps_ratio.lo < full && full < mix.intervals.crps_ratio.hi,
      JSON.stringify(mix.intervals),
    );
    // A resample without 2018 scores 0.8; one with 2018 twice scores about 1.4.
    assert.ok(
      mix.intervals.crps_ratio.lo < 0.9 && mix.intervals.crps_ratio.hi > 1.3,
      JSON.stringify(mix.intervals),
    );
    const share = mix.goalShares.crps_ratio!;
    assert.ok(share > 0.05 && share < 0.6, `share of resamples with crps_ratio <= 0.9: ${share}`);
    assert.ok(mix.intervals.coverage90.lo < 0.9 && mix.intervals.coverage90.hi > 0.9);
  });

  it('chooses the best baseline again in each resample, as compare does', () => {
    // Each baseline wins in half of the years; the model equals the better one month by month.
    const a = (i: number) => (Number(months[i]!.slice(0, 4)) % 2 ? 5 : 20);
    const b = (i: number) => (Number(months[i]!.slice(0, 4)) % 2 ? 20 : 5);
    const r = skillIntervals(
      {
        bootstrap: sums(months, a),
        conflictology: sums(months, b),
        nbar: sums(months, (i) => Math.min(a(i), b(i))),
      },
      { seed: 3, resamples: 500 },
    );
    // a + b = 25 in every month, so the better baseline's mean is at most 12.5 and the ratio at
    // least 5 / 12.5 = 0.4 in every resample. Against bootstrap alone it would fall under 0.4
    // whenever a resample drew more even years than odd ones.
    const nbar = r.models[0]!;
    assert.ok(nbar.intervals.crps_ratio.lo >= 0.4 - 1e-12, JSON.stringify(nbar.intervals));
    assert.ok(
      nbar.intervals.crps_ratio.lo < 0.6 && nbar.intervals.crps_ratio.hi <= 1,
      JSON.stringify(nbar.intervals),
    );
  });

  it('is deterministic under its seed and moves with it', () => {
    const byMonth: Partial<Record<MethodName, MonthSums[]>> = {
      zero: sums(months, (i) => 10 + (i % 7)),
      nbar: sums(months, (i) => 6 + ((i * 5) % 11)),
    };
    const once = skillIntervals(byMonth, { seed: 11, resamples: 300 });
    assert.deepEqual(skillIntervals(byMonth, { seed: 11, resamples: 300 }), once);
    assert.notDeepEqual(skillIntervals(byMonth, { seed: 12, resamples: 300 }).models, once.models);
  });

  it('refuses settings it cannot use, quoting them', () => {
    const byMonth = { zero: sums(months, () => 1), nbar: sums(months, () => 1) };
    assert.throws(() => skillIntervals(byMonth, { seed: 1, resamples: 0 }), /invalid resamples: 0/);
    assert.throws(
      () => skillIntervals(byMonth, { seed: 1, blockMonths: 1.5 }),
      /invalid block length: 1.5 months/,
    );
    assert.throws(() => skillIntervals(byMonth, { seed: 1, level: 1 }), /invalid interval level: 1/);
    assert.throws(
      () => skillIntervals({ zero: byMonth.zero }, { seed: 1 }),
      /need per-month scores of a baseline and a model/,
    );
  });
});

describe('yearlySkill', () => {
  it('gives each target year its own ratio to the named baseline and its coverage', () => {
    const y = (i: number) => Number(months[i]!.slice(0, 4));
    const rows = yearlySkill(
      {
        bootstrap: sums(months, (i) => (y(i) === 2016 ? 40 : 10)),
        conflictology: sums(months, () => 1), // better, but not the baseline asked for
        'nbar-mix': sums(
          months,
          (i) => (y(i) === 2016 ? 60 : 5),
          (i) => (y(i) === 2021 && i % 2 ? 0 : 1),
        ),
      },
      'bootstrap',
    );
    assert.deepEqual(
      rows.map((r) => [r.year, r.crps_ratio, r.coverage90, r.n]),
      [
        ['2015', 0.5, 1, 12],
        ['2016', 1.5, 1, 12],
        ['2017', 0.5, 1, 12],
        ['2018', 0.5, 1, 12],
        ['2019', 0.5, 1, 12],
        ['2020', 0.5, 1, 12],
        ['2021', 0.5, 0.5, 12],
      ],
    );
    const table = yearlySkillTable(rows, 'bootstrap');
    assert.match(table, /^CRPS ratio to bootstrap \(coverage90\) by target year/);
    assert.match(table, /\| nbar-mix \| 0\.500 \(100\.0%\) \| 1\.500 \(100\.0%\) \|/);
    assert.throws(
      () => yearlySkill({ nbar: sums(months, () => 1) }, 'bootstrap'),
      /no per-month scores of the baseline bootstrap/,
    );
  });

  it('prints the intervals as a table: one row per block length and model, with the goal shares', () => {
    const byMonth = { bootstrap: sums(months, () => 10), nbar: sums(months, () => 5) };
    const runs = [12, 6].map((blockMonths) =>
      skillIntervals(byMonth, {
        seed: 1,
        resamples: 100,
        blockMonths,
        goals: { crps_ratio: [-Infinity, 0.9] },
      }),
    );
    const lines = skillIntervalTable(runs).split('\n');
    assert.match(
      lines[0]!,
      /^Skill intervals: moving-block bootstrap .*; 84 target months, 100 resamples, central 90%$/,
    );
    assert.deepEqual(lines.slice(-2), [
      '| 12 | nbar | 0.500 to 0.500 | 100% | -5.000 to -5.000 |  | 100.0% to 100.0% |  |',
      '| 6 | nbar | 0.500 to 0.500 | 100% | -5.000 to -5.000 |  | 100.0% to 100.0% |  |',
    ]);
    // Without goals, no goal columns.
    const plain = skillIntervalTable([skillIntervals(byMonth, { seed: 1, resamples: 100 })]).split('\n');
    assert.equal(
      plain[2],
      '| block (months) | model | crps_ratio interval | ign_diff interval | coverage90 interval |',
    );
    assert.equal(plain.at(-1), '| 12 | nbar | 0.500 to 0.500 | -5.000 to -5.000 | 100.0% to 100.0% |');
  });
});

describe('runBacktest byMonth', () => {
  it('sums to the overall scores: per-month sums add up to mean × n for every method', () => {
    const r = runBacktest(syntheticPanel(21), {
      origins: ['2014-12', '2015-12'],
      draws: 60,
      seed: 4,
      byMonth: true,
    });
    for (const [name, s] of Object.entries(r.methods)) {
      const m = r.byMonth![name as MethodName]!;
      assert.deepEqual(
        m.map((x) => x.month),
        [...new Set(m.map((x) => x.month))].sort(),
      );
      assert.equal(m.length, 24); // targets 2015-01 … 2016-12
      const total = (k: 'crps' | 'ign' | 'covered' | 'n') => m.reduce((a, x) => a + x[k], 0);
      assert.equal(total('n'), s.n);
      assert.ok(Math.abs(total('crps') / s.n - s.crps) < 1e-9 * Math.max(1, s.crps));
      assert.ok(Math.abs(total('ign') / s.n - s.ign) < 1e-9 * Math.max(1, s.ign));
      assert.equal(total('covered'), Math.round(s.coverage90 * s.n));
    }
    assert.equal(
      runBacktest(syntheticPanel(21), { origins: ['2014-12'], draws: 20, seed: 4 }).byMonth,
      undefined,
    );
  });
});
