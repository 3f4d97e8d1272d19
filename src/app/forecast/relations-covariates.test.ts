import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { bundledApi } from '../../../test/helpers/bundled-api.ts';
import { runCli } from '../../../test/helpers/in-process-cli.ts';
import { monthRange } from '../../analytics/forecast/months.ts';
import { registerForecast } from '../../cli/commands/forecast.ts';
import { exitCodeFor, failureLine } from '../../cli/fail.ts';
import type { ForecastAnswer } from '../answers.ts';
import { BUNDLED_FILES } from '../bundled-data.ts';
import { relationsQuery } from '../relations/relations.ts';
import { loadRelationsCovariates } from './relations-covariates.ts';

const DYAD_FILE = BUNDLED_FILES.find((f) => f.endsWith('gdelt_dyad_daily.csv'))!;

let dyadRows: Record<string, string>[] | undefined;

/** A pair's mean daily value per month, read straight from the bundled CSV (not through faultline; parsed once for every pair). */
function rawMeans(pair: string): Map<string, number> {
  const rows = (dyadRows ??= parse(readFileSync(DYAD_FILE), { columns: true }) as Record<string, string>[]);
  const sums = new Map<string, { sum: number; days: number }>();
  for (const r of rows) {
    if (r.pair !== pair) continue;
    const m = sums.get(r.date!.slice(0, 7)) ?? { sum: 0, days: 0 };
    sums.set(r.date!.slice(0, 7), { sum: m.sum + Number(r.value), days: m.days + 1 });
  }
  return new Map([...sums].map(([k, v]) => [k, v.sum / v.days]));
}

const { store, get, errorOf } = bundledApi();

describe('relations covariates from the store (issue 16)', () => {
  it('each month is the mean of the stored daily index values of that month; months the index does not cover are NaN', async () => {
    const months = monthRange('2017-10', '2024-05');
    const { covariates, info } = await loadRelationsCovariates(store(), 'PAK', months);
    assert.deepEqual(
      covariates.map((c) => c.name),
      ['relations_gdelt_dyad_index_AFG_PAK', 'relations_gdelt_dyad_index_IND_PAK'],
    );
    for (const c of covariates) {
      const raw = rawMeans(c.pair);
      for (const m of ['2018-01', '2020-06', '2022-04', '2022-12', '2023-09', '2024-02']) {
        const v = c.values[months.indexOf(m)]!;
        assert.ok(Math.abs(v - raw.get(m)!) < 1e-3, `${c.pair} ${m}: ${v} vs ${raw.get(m)}`);
      }
      for (const m of ['2017-10', '2017-12', '2024-03', '2024-05'])
        assert.ok(Number.isNaN(c.values[months.indexOf(m)]!), `${c.pair} ${m} is not covered, not 0`);
    }
    // The values the relations answer gives for the same months (asked in full: with its intervals).
    for (const c of covariates) {
      const [a, b] = c.pair.split('-') as [string, string];
      const full = await relationsQuery(store(), {
        a,
        b,
        interval: 'month',
        from: months[0],
        to: months.at(-1),
      });
      const byMonth = new Map(full.series[0]!.points.map((p) => [p.period, p.value ?? Number.NaN]));
      assert.deepEqual(
        c.values,
        months.map((m) => byMonth.get(m)),
      );
    }
    assert.deepEqual(info.covariates[0]!.covered, [{ from: '2018-01', to: '2024-02' }]);
    assert.equal(info.covariates[0]!.source.id, 'gdelt-dyad-index');
    assert.equal(info.covariates[0]!.source.version, 'to-2024-02-23');
    assert.equal(info.covariates[0]!.covered_at_origin, false); // the panel ends 2024-05
  });

  it('a country without relations pairs gets none, and says so', async () => {
    const r = await loadRelationsCovariates(store(), 'IND', monthRange('2019-01', '2019-12'));
    assert.deepEqual(r.covariates, []);
    assert.match(r.info.note, /^no relations pairs are defined for IND/);
  });

  it('`faultline forecast --relations` names the covariates, their source and months; a bad combination exits 2 in one line', async () => {
    const args = ['forecast', '--level', 'country', '--draws', '40', '--seed', '7', '--format', 'json'];
    const run = await runCli(store(), [registerForecast], [...args, '--relations']);
    assert.equal(run.error, undefined);
    const f = JSON.parse(run.out) as ForecastAnswer;
    assert.deepEqual(
      f.relations!.covariates.map((c) => `${c.name} ${c.pair} ${c.source.id} ${c.source.version}`),
      [
        'relations_gdelt_dyad_index_AFG_PAK AFG-PAK gdelt-dyad-index to-2024-02-23',
        'relations_gdelt_dyad_index_IND_PAK IND-PAK gdelt-dyad-index to-2024-02-23',
      ],
    );
    assert.deepEqual(f.relations!.covariates[1]!.covered, [{ from: '2018-01', to: '2024-02' }]);
    assert.match(
      f.counts,
      /; with relations covariates relations_gdelt_dyad_index_AFG_PAK, relations_gdelt_dyad_index_IND_PAK\)$/,
    );
    // Not covered in the months up to the origin (2026-07): the answer says so.
    assert.match(f.relations!.note, /not covered in the 3 months up to the origin/);
    const plain = JSON.parse((await runCli(store(), [registerForecast], args)).out) as ForecastAnswer;
    assert.equal(plain.relations, null, 'off by default');
    const bad = await runCli(store(), [registerForecast], ['forecast', '--relations', '--format', 'views']);
    assert.equal(exitCodeFor(bad.error), 2);
    assert.equal(
      failureLine(bad.error),
      'faultline: invalid option: --relations (not available with --format views yet: the export draws from the model without covariates)\n',
    );
  });

  it('GET /api/v1/forecast?relations=true answers the same covariates; a bad value is a one-line 400', async () => {
    const res = await get('/api/v1/forecast?level=country&relations=true&draws=40&seed=7');
    assert.equal(res.status, 200);
    const body = (await res.json()) as ForecastAnswer;
    assert.deepEqual(
      body.relations!.covariates.map((c) => c.name),
      ['relations_gdelt_dyad_index_AFG_PAK', 'relations_gdelt_dyad_index_IND_PAK'],
    );
    assert.ok(body.skill, 'shown with the skill of the model with the covariates');
    const bad = await get('/api/v1/forecast?level=country&relations=maybe');
    assert.equal(bad.status, 400);
    assert.match(await errorOf(bad), /^invalid relations: "maybe" \(use true, false, yes, no, 1 or 0\)$/);
    const views = await get('/api/v1/forecast?level=country&relations=true&format=views');
    assert.equal(views.status, 400);
    assert.match(await errorOf(views), /^invalid relations: "true" \(not available with format=views/);
  });
});
