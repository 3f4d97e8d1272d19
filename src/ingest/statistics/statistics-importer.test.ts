import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importFile } from '../../app/import-dataset.ts';
import { createStore } from '../../storage/index.ts';
import { mapStatistic } from './statistics-importer.ts';

const FIXTURE = new URL('./fixtures/statistics_sample.csv', import.meta.url).pathname;

describe('published-statistics importer', () => {
  it('stores each figure with its organisation, report version, definition and qualifier', async () => {
    const store = await createStore({ path: ':memory:' });
    const r = await importFile(store, FIXTURE);
    assert.deepEqual([r.ledger.format, r.ledger.accepted, r.ledger.rejected], ['statistics', 5, 0]);
    const stats = (await store.listStatistics()).filter((s) => [s.country, s.countryTo].includes('PAK'));
    const picss = stats.find((s) => s.organisation === 'PICSS' && s.metric === 'killed');
    assert.deepEqual([picss?.value, picss?.qualifier, picss?.periodStart], [1100, 'at_least', '2024-01-01']);
    const crss = stats.filter((s) => s.organisation === 'CRSS');
    assert.deepEqual(crss.map((s) => s.value).sort(), [1463, 1524, 789]);
    assert.ok(crss.every((s) => s.reportVersion === 'annual (first release)'));
    await store.close();
  });

  it('rejects a figure that is not a whole number, and an unknown qualifier', () => {
    const base = {
      source_org: 'X',
      report: 'R',
      report_version: 'v',
      published: '2024',
      metric: 'killed',
      definition: 'd',
      country: 'PAK',
      admin1: '',
      period_start: '2023-01-01',
      period_end: '2023-12-31',
      value: '10',
      value_qualifier: 'exact',
      unit: 'people',
    };
    assert.deepEqual(mapStatistic({ ...base, value: 'about 10' }), {
      ok: false,
      field: 'value',
      value: 'about 10',
      reason: 'not an integer',
    });
    assert.deepEqual(mapStatistic({ ...base, value_qualifier: 'roughly' }), {
      ok: false,
      field: 'value_qualifier',
      value: 'roughly',
      reason: 'not one of exact, at_least, at_most, about',
    });
  });
});
