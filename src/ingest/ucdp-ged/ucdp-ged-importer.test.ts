import { originalRecord } from '../../app/original-record.ts';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, it } from 'node:test';
import { createStore } from '../../storage/index.ts';
import { importFile } from '../../app/import-dataset.ts';
import { openSourceFile } from '../source-records.ts';
import { ucdpGedFormat } from './ucdp-ged-importer.ts';
import { splitGedArticles } from './ucdp-record.ts';
import { DATE_PRECISION } from './ucdp-ged-schema.ts';

const FIXTURE = new URL('./fixtures/conflict_data_pak_sample.csv', import.meta.url).pathname;

describe('UCDP GED importer', () => {
  it('detects the HDX extract from its header and infers version 22.1 from the last year covered', async () => {
    const file = await openSourceFile(FIXTURE);
    assert.equal(file.format.id, 'ucdp-ged');
    assert.equal(ucdpGedFormat.version('conflict_data_pak.csv'), null);
    assert.deepEqual(ucdpGedFormat.version('GEDEvent_v22_1.csv'), { version: '22.1', inferred: false });
    assert.equal(ucdpGedFormat.inferVersion!('2021-12-31'), '22.1');
  });

  it('maps real rows: ids, dates, classification, actors, fatalities and the untouched record; HXL row is metadata', async () => {
    const store = await createStore({ path: ':memory:' });
    const r = await importFile(store, FIXTURE);
    assert.deepEqual(
      [r.ledger.rowsRead, r.ledger.accepted, r.ledger.rejected, r.ledger.metadataRows],
      [5, 5, 0, 1],
    );
    const e = await store.getEvent('ucdp-ged:59553');
    assert.ok(e);
    assert.equal(e.dateStart, '1990-10-04');
    assert.equal(e.country, 'PAK');
    assert.equal(e.sourceType, 'state-based');
    assert.equal(e.commonType, 'battle');
    assert.deepEqual(e.actorIds.sort(), ['india', 'pakistan']);
    assert.deepEqual([e.fatalitiesBest, e.fatalitiesLow, e.fatalitiesHigh, e.deathsSideB], [2, 2, 2, 2]);
    assert.equal(e.admin1Label, 'Azad Jammu & Kashmir');
    assert.equal(e.geoPrecision, 2);
    assert.equal(e.geoExact, true);
    assert.equal((await originalRecord(store, e))!.fields.conflict_name, 'India - Pakistan');
    const ttp = (await store.queryEvents({ actorIds: ['ttp'] })).rows[0];
    assert.equal(ttp?.dateStart.slice(0, 4), '2021');
    await store.close();
  });

  it('maps date_prec 5 to year, the calendar year that holds the span (a few months, or the whole year) of every such bundled record', () => {
    assert.equal(DATE_PRECISION[5], 'year');
    const files = [
      'ucdp-ged/conflict_data_pak.csv',
      'ucdp-candidate/GEDEvent_v26_01_26_06_PAK_AFG.csv',
      'ucdp-candidate/GEDEvent_v26_0_7_PAK_AFG.csv',
    ];
    const spans = files.flatMap((f) => {
      const [header, ...rows] = parse(readFileSync(new URL(`../../../data/${f}`, import.meta.url)), {
        bom: true,
      }) as string[][];
      const at = (name: string) => header!.indexOf(name);
      return rows
        .filter((r) => r[at('date_prec')] === '5')
        .map((r) => [r[at('date_start')]!.slice(0, 10), r[at('date_end')]!.slice(0, 10)] as const);
    });
    assert.equal(spans.length, 15);
    assert.deepEqual(
      spans.filter(([from, to]) => from.slice(0, 4) !== to.slice(0, 4)),
      [],
    );
    // Two whole years (the TTP's 2009 and 2010 summaries); the others a few months (docs/methods.md).
    const whole = spans.filter(([from, to]) => from.endsWith('-01-01') && to.endsWith('-12-31'));
    assert.deepEqual(whole, [
      ['2009-01-01', '2009-12-31'],
      ['2010-01-01', '2010-12-31'],
    ]);
  });

  it('rejects a row without best deaths, and keeps an unknown deaths_unknown as null', () => {
    const rec = {
      id: '1',
      type_of_violence: '3',
      date_start: '2021-01-01 00:00:00.000',
      date_end: '2021-01-01 00:00:00.000',
      country: 'Pakistan',
      best: '',
      side_a: 'TTP',
      side_b: 'Civilians',
      deaths_unknown: '',
    };
    assert.deepEqual(ucdpGedFormat.map(rec, '22.1'), {
      ok: false,
      field: 'best',
      value: '',
      reason: 'is required',
    });
    const ok = ucdpGedFormat.map({ ...rec, best: '2' }, '22.1');
    assert.equal(ok.ok, true);
    if (ok.ok === true) {
      assert.equal(ok.value.deathsUnknown, null);
      assert.equal(ok.value.commonType, 'violence-against-civilians');
    }
  });
});

describe('GED source articles', () => {
  // Real values of data/ucdp-ged/conflict_data_pak.csv (22.1).
  it('splits a quoted list at each ";" between quotes, whatever case the next outlet starts with', () => {
    // ucdp-ged:374523's tail: the old rule (';' before a capital) kept these three as one article.
    const tail =
      '"Crisis Watch,2021-02-01,Pakistan JANUARY 2021";"the Balochistan Post,2021-01-03,11 Hazara coal miners killed by “religious extremists” in Mach";"the Balochistan Post,2021-01-03,Protestors block major highway against Hazara coal miners’ killing"';
    assert.deepEqual(splitGedArticles(tail), [
      '"Crisis Watch,2021-02-01,Pakistan JANUARY 2021"',
      '"the Balochistan Post,2021-01-03,11 Hazara coal miners killed by “religious extremists” in Mach"',
      '"the Balochistan Post,2021-01-03,Protestors block major highway against Hazara coal miners’ killing"',
    ]);
  });
  it("keeps a title's own ';' inside its article, quoted or free text", () => {
    // The old rule split each of these after the ';' (a capital follows).
    const quoted =
      '"International Crisis Group/Crisis Watch,2020-10-22,Tracking Conflict Worldwide; Asia (Kashmir; April 2019)"';
    assert.deepEqual(splitGedArticles(quoted), [quoted]);
    const free = '(1) UPDATE 4-Pakistan forces "kill 40"; U.S. officials in talks\n19 May 2010\nReuters News';
    assert.deepEqual(splitGedArticles(free), [free]);
    assert.deepEqual(splitGedArticles('  '), []);
  });
});
