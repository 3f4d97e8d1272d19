import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { importFile } from '../../app/import-dataset.ts';
import { isSecondary } from '../../domain/statistic.ts';
import { createStore } from '../../storage/index.ts';
import type { Store } from '../../storage/store.ts';
import { detectFormat } from '../formats.ts';
import { mapSeriesRow, periodBound } from './series-importer.ts';

const FIXTURE = new URL('./fixtures/returns_sample_hxl.csv', import.meta.url).pathname;

// One store: the first test imports the fixture, the second reads what it stored.
let store: Store;
before(async () => {
  store = await createStore({ path: ':memory:' });
});
after(() => store.close());

describe('indicator-series importer', () => {
  it('imports a series with an HXL row: reconciled, rejected rows kept with line, field, value and reason', async () => {
    const records = (parse(readFileSync(FIXTURE)) as string[][]).length - 2; // header and hashtag row
    const r = await importFile(store, FIXTURE);
    const l = r.ledger;
    assert.deepEqual([l.format, l.rowsRead, l.metadataRows], ['series', records, 1]);
    assert.equal(l.accepted + l.rejected, records);
    assert.deepEqual([l.accepted, l.rejected], [6, 4]);
    const rej = await store.listRejections(l.id);
    assert.deepEqual(
      rej.map((x) => [x.line, x.field, x.value, x.reason]),
      [
        [6 + 6, null, null, 'duplicate statistic (first at line 6)'],
        [9, 'value', 'about 40,000', 'value: not a number'],
        [10, 'qualifier', 'roughly', 'qualifier: not one of exact, at_least, at_most, about'],
        [11, 'period_end', '2023-13', 'period_end: not a valid month'],
      ].sort((a, b) => (a[0] as number) - (b[0] as number)),
    );
    const again = await importFile(store, FIXTURE);
    assert.equal(again.alreadyImported, true);
  });

  it('keeps each figure with its pair of countries, qualifier, page, quote and the [secondary] flag', async () => {
    const stats = (await store.listStatistics()).filter((s) => [s.country, s.countryTo].includes('PAK'));
    const dep = stats.find((s) => s.metric === 'deportations')!;
    assert.deepEqual(
      [dep.country, dep.countryTo, dep.geography, dep.value, dep.qualifier, dep.periodStart, dep.periodEnd],
      ['PAK', 'AFG', 'Pakistan (Torkham + Chaman BCPs)', 998, 'exact', '2023-07-01', '2023-09-30'],
    );
    assert.match(dep.quote!, /forcibly returned 998 individuals/);
    assert.equal(dep.url, 'https://dtm.iom.int/fr/node/30261');
    const secondary = stats.filter(isSecondary);
    assert.equal(secondary.length, 1);
    assert.match(secondary[0]!.report, /^\[secondary: Dawn\]/);
    const stock = (await store.listStatistics()).find((s) => s.periodStart === null)!;
    assert.ok(stock, 'a stock figure keeps no period start');
  });

  it('reads YYYY and YYYY-MM period bounds as the first or last day', () => {
    assert.deepEqual(
      [
        periodBound('p', '2023', false),
        periodBound('p', '2023', true),
        periodBound('p', '2024-02', true),
        periodBound('p', '2023-10', false),
      ],
      ['2023-01-01', '2023-12-31', '2024-02-29', '2023-10-01'],
    );
    const row = {
      organisation: 'UNHCR',
      report: 'R',
      indicator: 'returns',
      geography: 'Pakistan and Iran',
      geography_to: 'Afghanistan',
      period_end: '2024-03',
      value: '12.5',
      unit: 'percent of returns',
      url: 'ftp://x',
    };
    assert.deepEqual(mapSeriesRow(row), {
      ok: false,
      field: 'url',
      value: 'ftp://x',
      reason: 'not an http(s) URL',
    });
    const ok = mapSeriesRow({ ...row, url: 'https://example.org/r' });
    assert.ok(ok.ok === true);
    assert.deepEqual([ok.value.country, ok.value.countryTo, ok.value.value], [null, 'AFG', 12.5]);
    assert.deepEqual(ok.warnings, ['geography Pakistan and Iran names no single country']);
  });

  it('is detected by its columns under any of their names; forced on another file, it names what is missing', () => {
    const afghan =
      'organisation,report,publication_date,url,metric,definition,geography_from,geography_to,period_start,period_end,value,qualifier,unit,quote';
    assert.equal(detectFormat(afghan.split(','), 'any-name.csv').id, 'series');
    const stats =
      'source_org,report,report_version,published,metric,definition,country,admin1,period_start,period_end,value,value_qualifier,unit';
    assert.equal(detectFormat(stats.split(','), 'reports.csv').id, 'statistics');
    assert.throws(() => detectFormat(['organisation', 'report', 'value'], 'x.csv', 'series'), {
      message: '"x.csv": not a series file: missing column indicator, geography, period_end, unit',
    });
  });
});
