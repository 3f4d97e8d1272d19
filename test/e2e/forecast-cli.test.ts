// test-run: alone, about 8 s (forecasts and backtests through the CLI and the API)
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { gedStoreCopy } from '../helpers/bundled-store.ts';
import { runProgram } from '../helpers/in-process-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'faultline-forecast-'));
const env: NodeJS.ProcessEnv = { ...process.env };
// In-process through the real program builder: the binary itself is test/e2e/bin.test.ts's and cli.test.ts's.
const run = (...args: string[]) => runProgram(env, args);

describe('faultline forecast', () => {
  // The bundled GED file imported and placed, as `faultline import` does it (a copy of the run's one store of it).
  before(async () => void (env.FAULTLINE_DB = await gedStoreCopy({ placed: true })));

  it('score prints the three means and coverage as JSON, matching a hand computation', async () => {
    const file = join(dir, 'draws.csv');
    // One unit-month, draws {0, 2}, observed 1: CRPS = 1 - (1/8)(2+2) = 0.5; IGN = -log2(2/13);
    // 90% interval (type-7 quantiles) = [0.1, 1.9], so MIS = 1.8 and the observation is covered.
    writeFileSync(file, 'unit,month,draw,value,observed\nPK-KP,2021-01,0,0,1\nPK-KP,2021-01,1,2,1\n');
    const r = await run('forecast', 'score', file);
    assert.equal(r.status, 0, r.stderr);
    const s = JSON.parse(r.stdout);
    assert.ok(Math.abs(s.crps - 0.5) < 1e-12);
    assert.ok(Math.abs(s.ign - -Math.log2(2 / 13)) < 1e-12);
    assert.ok(Math.abs(s.mis - 1.8) < 1e-12);
    assert.equal(s.coverage90, 1);
    // The same scores as a table, and the PIT histogram under it.
    const table = (await run('forecast', 'score', file, '--format', 'table')).stdout;
    assert.match(table, /^crps\s+ign\s+mis\s+coverage90\s+n\n/);
    assert.match(table, /\n +0\.5\s+/); // right-aligned under crps
    assert.match(
      table,
      new RegExp(`PIT histogram .*: ${s.pit.map((p: number) => p.toFixed(3)).join(' ')}\n$`),
    );
  });

  it('score refuses a bad file with one line', async () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'unit,month,draw,value,observed\nPK-KP,2021-01,0,x,1\n');
    const r = await run('forecast', 'score', file);
    assert.equal(r.status, 2);
    assert.equal(r.stderr, 'faultline: invalid forecast file: line 2: value "x" is not a number\n');
  });

  it('--across-border with the views format is refused with one line', async () => {
    const r = await run('forecast', '--across-border', '--format', 'views');
    assert.equal(r.status, 2);
    assert.equal(
      r.stderr,
      'faultline: invalid option: --across-border (not available with --format views yet: the export draws from the single-country model)\n',
    );
  });

  it('backtest --level country --format json gives every method and the model/best-baseline ratios', async () => {
    const r = await run('forecast', 'backtest', '--level', 'country', '--draws', '200', '--format', 'json');
    assert.equal(r.status, 0, r.stderr);
    const b = JSON.parse(r.stdout);
    for (const m of ['zero', 'poisson-last', 'bootstrap', 'conflictology', 'nbar', 'nbar-mix'])
      assert.ok(b.methods[m].crps > 0, m);
    assert.deepEqual(b.origins, [
      '2014-12',
      '2015-12',
      '2016-12',
      '2017-12',
      '2018-12',
      '2019-12',
      '2020-12',
    ]);
    const c = b.comparisons.find((x: { model: string }) => x.model === 'nbar-mix');
    const best = Math.min(
      ...['zero', 'poisson-last', 'bootstrap', 'conflictology'].map((m) => b.methods[m].crps),
    );
    assert.ok(Math.abs(c.crps_ratio - b.methods['nbar-mix'].crps / best) < 1e-9);
    assert.ok('ign_diff' in c && 'mis_ratio' in c);
    // How sure: every model's bootstrap intervals hold its ratio; the skill per target year.
    assert.deepEqual([b.intervals.level, b.intervals.months, b.intervals.block_months], [0.9, 84, 12]);
    for (const cmp of b.comparisons as { model: string; crps_ratio: number }[]) {
      const iv = b.intervals.models.find((m: { model: string }) => m.model === cmp.model);
      assert.ok(iv.crps_ratio.lo <= cmp.crps_ratio && cmp.crps_ratio <= iv.crps_ratio.hi, cmp.model);
    }
    assert.equal(b.yearly.baseline, c.best.crps);
    assert.deepEqual(
      [...new Set(b.yearly.rows.map((y: { year: string }) => y.year))],
      ['2015', '2016', '2017', '2018', '2019', '2020', '2021'],
    );
    const table = await run('forecast', 'backtest', '--level', 'country', '--draws', '200');
    assert.equal(table.status, 0, table.stderr);
    assert.match(table.stdout, /Skill intervals: moving-block bootstrap over target months/);
    assert.match(table.stdout, new RegExp(`CRPS ratio to ${c.best.crps} \\(coverage90\\) by target year`));
    // The table names the origins it scored.
    assert.match(
      table.stdout,
      /^Backtest over 7 origins \(each December, 2014-12 to 2020-12\), horizons 1-12, 200 draws per unit-month\n/,
    );
  });

  it('backtest --origins monthly scores every month from 2014-12 the data can score, as docs/forecasting.md', async () => {
    const { MONTHLY_TEST_ORIGINS } = await import('../../src/analytics/forecast/backtest.ts');
    const r = await run(
      'forecast',
      'backtest',
      '--level',
      'country',
      '--origins',
      'monthly',
      // Few draws: the test is about which origins are scored, and the 146 fits cost the same at any number.
      '--draws',
      '10',
      '--format',
      'json',
    );
    assert.equal(r.status, 0, r.stderr);
    const b = JSON.parse(r.stdout);
    assert.equal(b.origins_every, 'monthly');
    // GED 22.1 ends in 2021-12: the 73 origins 2014-12 … 2020-12, each scoring its 12 months ahead.
    assert.deepEqual(b.origins, MONTHLY_TEST_ORIGINS);
    assert.equal(b.methods['nbar-mix'].n, 73 * 12);
    assert.equal(b.intervals.months, 84);
    const bad = await run('forecast', 'backtest', '--origins', 'weekly');
    assert.equal(bad.status, 2);
    assert.equal(bad.stderr, 'faultline: invalid --origins: "weekly" (use december or monthly)\n');
  });

  it('forecast --level country shows quantiles with the backtest skill, and the API answers the same numbers', async () => {
    const r = await run('forecast', '--level', 'country', '--format', 'json');
    assert.equal(r.status, 0, r.stderr);
    const f = JSON.parse(r.stdout);
    assert.equal(f.origin, '2021-12');
    assert.equal(f.forecasts.length, 12);
    assert.deepEqual(f.forecasts.map((x: { month: string }) => x.month).slice(0, 2), ['2022-01', '2022-02']);
    assert.ok(
      f.forecasts.every((x: { q05: number; q50: number; q95: number }) => x.q05 <= x.q50 && x.q50 <= x.q95),
    );
    for (const k of ['crps_ratio', 'ign_diff', 'mis_ratio']) assert.equal(typeof f.skill[k], 'number');
    // docs/forecasting.md ("Using forecasts") quotes this skill for the bundled data: its December
    // origins 2014-2020 score GED months alone, so this store gives the same (the docs said 0.926,
    // the country pool's, after country forecasts became bottom up).
    const doc = readFileSync(new URL('../../docs/forecasting.md', import.meta.url), 'utf8').replace(
      /\s+/g,
      ' ',
    );
    const quoted =
      /its crps_ratio is ([\d.]+) \(country[^;]*; 90% bootstrap interval ([\d.]+) to ([\d.]+)\)/.exec(doc);
    assert.ok(quoted, 'docs/forecasting.md no longer quotes the country skill');
    assert.deepEqual(quoted.slice(1).map(Number), [
      f.skill.crps_ratio,
      f.skill.intervals.crps_ratio.lo,
      f.skill.intervals.crps_ratio.hi,
    ]);
    // The text says how many origins the skill rests on, and the ratio the JSON gives.
    const text = await run('forecast', '--level', 'country');
    assert.equal(text.status, 0, text.stderr);
    assert.match(
      text.stdout,
      new RegExp(
        `Backtest skill over ${f.skill.origins.length} origins \\(${f.skill.origins[0]} to ${f.skill.origins.at(-1)}\\)`,
      ),
    );
    assert.match(
      text.stdout,
      // The text prints three decimals (0.950 where the JSON gives 0.95).
      new RegExp(`crps_ratio ${f.skill.crps_ratio.toFixed(3)} \\(vs ${f.skill.best_baseline.crps}\\)`),
    );
    const { createStore } = await import('../../src/storage/index.ts');
    const { createApi } = await import('../../src/api/server.ts');
    const store = await createStore({ path: env.FAULTLINE_DB! });
    try {
      // A generous time limit: the default 10 s answers 503 when the suite loads the machine.
      const api = createApi({ store, anonymousRead: true, queryTimeoutMs: 120_000 });
      const res = await api.app.request('/api/v1/forecast?level=country');
      assert.equal(res.status, 200);
      const body = await res.json();
      assert.deepEqual(body.forecasts, f.forecasts);
      assert.deepEqual(body.skill, f.skill);
      // The calibration state at the origin, the same shape from CLI and API (none: not adopted).
      assert.deepEqual(body.calibration, f.calibration);
      assert.equal(f.calibration.method, 'none');
      assert.deepEqual(f.calibration.bands, ['1-3', '4-6', '7-12']);
      // Deaths at country level come from the country's own pool (bottom up is not shipped since
      // 2026-12-06): the country pool's rule and checks apply.
      assert.match(
        f.calibration.note,
        /^intervals are the ensemble's own draws, .*not adopted at country level by the nested hold-out check/,
      );
      assert.doesNotMatch(f.calibration.note, /sums of the admin-1/);
    } finally {
      await store.close();
    }
  });
});
