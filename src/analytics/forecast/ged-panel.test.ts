import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  buildGedPanels,
  GED_ADM1_TO_PROVINCE,
  PAK_PROVINCE_NEIGHBOURS,
  readGedEvents,
  type GedEventRow,
} from './ged-panel.ts';
import { validatePanel, valueAt } from './panel.ts';

// Expected figures computed independently with Python's csv module from data/ucdp-ged/conflict_data_pak.csv.
describe('GED 22.1 Pakistan panels', () => {
  let events: GedEventRow[];
  before(async () => {
    events = await readGedEvents();
  });
  it('reads all 6,416 events, skipping the HXL tag row', () => {
    assert.equal(events.length, 6416);
  });
  it('monthly deaths at country level equal the sum of best by month of date_start, plus a twelfth of 2009 and 2010', () => {
    const { country } = buildGedPanels(events, 'fatalities');
    const pak = country[0]!;
    assert.equal(pak.unit, 'PAK');
    assert.equal(
      pak.values.reduce((a, b) => a + b, 0),
      43225,
    );
    // 2009-05: 1,189 deaths of the month's own events and 119 of the TTP's 1,428 of 2009.
    assert.deepEqual(
      [valueAt(pak, '1989-01'), valueAt(pak, '2009-05'), valueAt(pak, '2021-12')],
      [3, 1189 + 119, 37],
    );
  });
  it('spreads the 10 records dated only to a year (date_prec 5) evenly over the months of their span, not into their start month', () => {
    const coarse = events.filter((e) => e.through !== undefined);
    assert.equal(coarse.length, 10);
    assert.equal(
      coarse.reduce((a, e) => a + e.best, 0),
      2247,
    );
    const pak = buildGedPanels(events, 'fatalities').country[0]!;
    // January holds its own events and one month's share: before, 2009-01 held 1,707 and 2010-01 1,352.
    assert.equal(valueAt(pak, '2009-01'), 279 + 1428 / 12);
    assert.equal(valueAt(pak, '2009-12'), 474 + 1428 / 12);
    // 728 deaths of 2010 in whole deaths: 61, 61, 60 and again, the larger shares spaced from January.
    assert.deepEqual(
      ['2010-01', '2010-02', '2010-03'].map((m) => valueAt(pak, m)),
      [624 + 61, 498 + 61, 661 + 60],
    );
    // 15 deaths of 2013-01-01 to 2013-02-02 (Sindh): 8 and 7, at both levels.
    assert.equal(valueAt(pak, '2013-02'), 394 + 7);
    const sd = buildGedPanels(events, 'fatalities').admin1.find((s) => s.unit === 'PK-SD')!;
    assert.deepEqual([valueAt(sd, '2013-01'), valueAt(sd, '2013-02')], [4 + 8, 0 + 7]);
    // Every month stays a whole count, as draws are.
    assert.ok(pak.values.every(Number.isInteger));
  });
  it('counts events per month when asked for events, a record of a span as one event in its start month', () => {
    const pak = buildGedPanels(events, 'events').country[0]!;
    assert.deepEqual(
      [valueAt(pak, '1989-01'), valueAt(pak, '2009-05'), valueAt(pak, '2021-12')],
      [1, 108, 18],
    );
    assert.ok(pak.values.every(Number.isInteger));
  });
  it('merges ex-FATA into PK-KP and leaves the 45 events without adm_1 (2,384 deaths) out of the provinces', () => {
    const { admin1, droppedFromAdmin1 } = buildGedPanels(events, 'fatalities');
    const totals = Object.fromEntries(admin1.map((s) => [s.unit, s.values.reduce((a, b) => a + b, 0)]));
    assert.deepEqual(totals, {
      'PK-BA': 3384,
      'PK-GB': 42,
      'PK-IS': 119,
      'PK-JK': 697,
      'PK-KP': 33063,
      'PK-PB': 1399,
      'PK-SD': 2137,
    });
    assert.equal(droppedFromAdmin1, 45);
    assert.equal(43225 - Object.values(totals).reduce((a, b) => a + b, 0), 2384);
    assert.equal(
      valueAt(
        admin1.find((s) => s.unit === 'PK-KP')!,
        '2009-05',
      ),
      1157,
    );
  });
  it('builds dense panels from 1989-01 to 2021-12 (396 months) that pass validation', () => {
    const { country, admin1 } = buildGedPanels(events, 'fatalities');
    for (const p of [country, admin1]) {
      validatePanel(p);
      for (const s of p) assert.equal(s.months.length, 396);
    }
  });
  it('gives every province neighbours that list it back, and only provinces GED maps to', () => {
    const provinces = new Set(Object.values(GED_ADM1_TO_PROVINCE));
    assert.equal(PAK_PROVINCE_NEIGHBOURS.size, 7);
    for (const [unit, list] of PAK_PROVINCE_NEIGHBOURS) {
      assert.ok(provinces.has(unit));
      for (const n of list)
        assert.ok(PAK_PROVINCE_NEIGHBOURS.get(n)!.includes(unit), `${n} does not list ${unit}`);
    }
    assert.equal(
      [...PAK_PROVINCE_NEIGHBOURS.values()].reduce((a, l) => a + l.length, 0),
      22,
    );
  });
});
