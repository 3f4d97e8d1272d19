import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { loadBoundarySet } from './boundary-set.ts';
import { admin1Index } from './boundaries.ts';
import type { PlaceInput } from './placement.ts';
import { createPlacer } from './placer.ts';

type Row = Record<string, string>;

/** GED 22.1 Pakistan rows, read independently of the importer; the HDX file's second row is HXL tags. */
const ged: Row[] = (
  parse(readFileSync(new URL('../../data/ucdp-ged/conflict_data_pak.csv', import.meta.url)), {
    columns: true,
    skip_empty_lines: true,
    bom: true,
  }) as Row[]
).filter((row) => !row.year!.startsWith('#'));

const input = (row: Row): PlaceInput => ({
  country: 'PAK',
  lat: Number(row.latitude),
  lon: Number(row.longitude),
  exact: Number(row.where_prec) <= 3,
  admin1Label: row.adm_1 || null,
  admin2Label: row.adm_2 || null,
  date: row.date_start!.slice(0, 10),
});

const place = createPlacer();
const event = (over: Partial<PlaceInput>): PlaceInput => ({
  country: 'PAK',
  lat: null,
  lon: null,
  exact: true,
  admin1Label: null,
  admin2Label: null,
  ...over,
});
const PESHAWAR = { lat: 34.008, lon: 71.57849 };
const MIRAN_SHAH = { lat: 33.0, lon: 70.07 };

describe('placing GED Pakistan events', () => {
  const placed = ged.map((row) => ({ row, placement: place(input(row)) }));

  it('counts 2021 by canonical province from the labels: KP with ex-FATA 118 events and 247 deaths, Balochistan 62 and 184', () => {
    const totals = new Map<string, { events: number; deaths: number }>();
    for (const { row, placement } of placed.filter(({ row }) => row.year === '2021')) {
      const t = totals.get(placement.labelAdmin1Code ?? 'none') ?? { events: 0, deaths: 0 };
      t.events += 1;
      t.deaths += Number(row.best);
      totals.set(placement.labelAdmin1Code ?? 'none', t);
    }
    assert.deepEqual(totals.get('PK-KP'), { events: 118, deaths: 247 });
    assert.deepEqual(totals.get('PK-BA'), { events: 62, deaths: 184 });
  });

  it('agrees with the label for at least 99.5% of exact events (measured 6,090 of 6,102, 99.80%)', () => {
    const exact = placed.filter(({ row }) => Number(row.where_prec) <= 3);
    const agree = exact.filter(({ placement }) => placement.method === 'agree').length;
    const disagree = exact.filter(({ placement }) => placement.method === 'disagree').length;
    // The 4 crossings and passes whose point lies just inside Afghanistan: placed on Pakistan's nearest unit.
    const snapped = exact.filter(({ placement }) => placement.method === 'border_snap').length;
    assert.deepEqual([agree, disagree, snapped], [6090, 8, 4]);
    assert.equal(
      agree + disagree + snapped,
      exact.length,
      'every exact GED event has both a point and a label result',
    );
    const share = agree / exact.length;
    assert.ok(share >= 0.995, `agreement ${share}`);
  });

  it('keeps both codes on disagreement and takes the point for exact events', () => {
    const disagreements = placed.filter(({ placement }) => placement.method === 'disagree');
    assert.ok(disagreements.length > 0);
    for (const { placement } of disagreements) {
      assert.notEqual(placement.pointAdmin1Code, placement.labelAdmin1Code);
      assert.equal(placement.admin1Code, placement.pointAdmin1Code);
    }
  });

  it('snaps each 2019–2021 AJK event outside every polygon (23) to PK-JK within 10 km and flags it', () => {
    const outside = placed.filter(
      ({ row }) =>
        row.adm_1 === 'Azad Jammu & Kashmir' &&
        Number(row.year) >= 2019 &&
        admin1Index().locate(Number(row.longitude), Number(row.latitude)) === null,
    );
    assert.equal(outside.length, 23);
    for (const { placement } of outside) {
      assert.equal(placement.pointAdmin1Code, 'PK-JK');
      assert.ok(placement.snappedKm !== null && placement.snappedKm > 0 && placement.snappedKm <= 10);
    }
  });

  it('names the districts of AJK, which no 2023 unit holds, as other districts are named: "Muzaffarabad", not "Muzaffarabad district"', () => {
    const ajk = placed.filter(({ row }) => row.adm_1 === 'Azad Jammu & Kashmir' && row.adm_2);
    assert.equal(ajk.length, 282);
    for (const { row, placement } of ajk) {
      assert.equal(placement.admin2Code, null, row.id);
      assert.equal(placement.admin2Name, row.adm_2!.replace(/ district$/, ''), row.id);
    }
    assert.deepEqual([...new Set(ajk.map(({ placement }) => placement.admin2Name))].sort(), [
      'Bagh',
      'Bhimber',
      'Hattian Bala',
      'Haveli',
      'Kotli',
      'Mirpur',
      'Muzaffarabad',
      'Neelam',
      'Poonch',
    ]);
    const suffixed = placed.filter(({ placement }) => / district$/i.test(placement.admin2Name ?? ''));
    assert.deepEqual(
      suffixed.map(({ row }) => row.id),
      [],
    );
    // A label naming a unit of another province stays unnamed: that name would count it in Peshawar.
    const elsewhere = place(
      event({ exact: false, admin1Label: 'Punjab province', admin2Label: 'Peshawar district' }),
    );
    assert.deepEqual([elsewhere.admin2Code, elsewhere.admin2Name], [null, null]);
  });

  it('marks every exact event labelled FATA as historical FATA and a pre-merger label', () => {
    const fata = placed.filter(
      ({ row, placement }) =>
        row.adm_1 === 'Federally Administered Tribal Areas' && placement.method === 'agree',
    );
    assert.ok(fata.length > 3000);
    assert.ok(fata.every(({ placement }) => placement.historicalUnit === 'FATA' && placement.preMergerLabel));
  });
});

/** The bundled Candidate 2026 rows (January to June), read independently of the importer. */
const candidate: Row[] = parse(
  readFileSync(new URL('../../data/ucdp-candidate/GEDEvent_v26_01_26_06_PAK_AFG.csv', import.meta.url)),
  { columns: true, skip_empty_lines: true, bom: true },
) as Row[];
const ISO3: Record<string, string> = { Pakistan: 'PAK', Afghanistan: 'AFG' };

describe("an event's province lies in its source's country", () => {
  // Every bundled event whose exact point lies in the other country's province: GED's crossings and
  // passes (Torkham, Nawa Pass twice, Kaga Pass) and three Candidate interstate clashes of 2026, all
  // 0.1 to 3.7 km from the line. They counted in the other country's province (an Afghan clash at
  // Torkham town in Khyber Pakhtunkhwa's figures, a Pakistani one at the crossing in Nangarhar's).
  const cases: [string, Row, string, string, string, string][] = [
    // source id, row, country, province placed, province of the point, district placed
    ['ucdp-ged:57680', ged.find((r) => r.id === '57680')!, 'PAK', 'PK-KP', 'AF-NAN', 'Khyber'],
    ['ucdp-ged:58751', ged.find((r) => r.id === '58751')!, 'PAK', 'PK-KP', 'AF-KNR', 'Bajaur'],
    ['ucdp-ged:60623', ged.find((r) => r.id === '60623')!, 'PAK', 'PK-KP', 'AF-KNR', 'Bajaur'],
    ['ucdp-ged:153107', ged.find((r) => r.id === '153107')!, 'PAK', 'PK-KP', 'AF-KNR', 'Bajaur'],
    [
      'ucdp-candidate:618277',
      candidate.find((r) => r.id === '618277')!,
      'AFG',
      'AF-NAN',
      'PK-KP',
      'Muhmand Dara',
    ],
    ['ucdp-candidate:620664', candidate.find((r) => r.id === '620664')!, 'PAK', 'PK-KP', 'AF-NAN', 'Khyber'],
    ['ucdp-candidate:622878', candidate.find((r) => r.id === '622878')!, 'AFG', 'AF-KNR', 'PK-KP', 'Nari'],
  ];

  for (const [id, row, country, placedIn, pointIn, district] of cases)
    it(`${id} (${row.where_coordinates}, ${country}) is placed in ${placedIn}, its point's ${pointIn} kept beside it`, () => {
      assert.equal(ISO3[row.country!] ?? 'PAK', country);
      const p = place({ ...input(row), country });
      assert.deepEqual(
        [p.method, p.admin1Code, p.pointAdmin1Code, p.labelAdmin1Code, p.admin2Name],
        ['border_snap', placedIn, pointIn, placedIn, district],
      );
      // Snapped as far as the point lies from its own country's province, within the line's error.
      assert.ok(p.snappedKm! > 0 && p.snappedKm! <= 5, `${p.snappedKm} km`);
      assert.ok(p.borderKm! <= 5, `${p.borderKm} km`);
      // The side of the border is still the point's outline; the border views decide it from there.
      assert.equal(p.borderSide, pointIn.startsWith('PK') ? 'PAK' : 'AFG');
    });

  it('leaves a point farther inside the other country without a province, as other_country, saying where the point is', () => {
    // GED's Torkham crossing row (57680, PAK) with its point moved to Jalalabad, 50 km inside Afghanistan:
    // the point and the source's country contradict each other, and neither is taken.
    const row = ged.find((r) => r.id === '57680')!;
    const p = place({ ...input(row), lat: 34.4342, lon: 70.4478 });
    assert.deepEqual(
      [p.method, p.admin1Code, p.pointAdmin1Code, p.labelAdmin1Code, p.admin2Name, p.admin2Code, p.snappedKm],
      ['other_country', null, 'AF-NAN', 'PK-KP', null, null, null],
    );
    assert.ok(p.borderKm! > 5, `${p.borderKm} km`);
    assert.equal(p.borderSide, 'AFG');
  });

  // Real GED rows with their country changed (the bundled files hold only Pakistani and Afghan
  // rows): Mand town, Kech (55573), as if an Iranian record across the line from it, and Bhimber
  // town in Azad Kashmir (373472, India - Pakistan) as if India's. Both counted in the Pakistani
  // province their point lies in, an Iranian event in Balochistan's totals.
  for (const [id, country, pointIn] of [
    ['55573', 'IRN', 'PK-BA'],
    ['373472', 'IND', 'PK-JK'],
  ] as const)
    it(`gives no province to an event of a country without bundled provinces whose point lies in one (GED ${id} as ${country}: ${pointIn} kept as the point's)`, () => {
      const row = ged.find((r) => r.id === id)!;
      const p = place({ ...input(row), country });
      assert.deepEqual(
        [p.method, p.admin1Code, p.admin1Name, p.pointAdmin1Code, p.labelAdmin1Code],
        ['other_country', null, null, pointIn, null],
      );
      assert.deepEqual([p.admin2Code, p.admin2Name, p.snappedKm, p.historicalUnit], [null, null, null, null]);
      // The same row as the source gave it (PAK) is placed in that province.
      assert.equal(place(input(row)).admin1Code, pointIn);
    });

  it('gives no province to an event of another country near the Afghanistan-Pakistan line either (an Iranian one at the tripoint)', () => {
    // Within 5 km of the line, where a Pakistani or Afghan event would snap to its own country's unit:
    // Iran has none, and Natural Earth's Afghan outline holds the point.
    const p = place(event({ country: 'IRN', lat: 29.85, lon: 60.87 }));
    assert.ok(p.borderKm! < 5, `${p.borderKm} km`);
    assert.deepEqual([p.method, p.admin1Code, p.pointAdmin1Code], ['other_country', null, 'AF-NIM']);
  });
});

describe('placement rules', () => {
  it('agrees when point and label give the same unit', () => {
    const p = place(
      event({ ...PESHAWAR, admin1Label: 'Khyber Pakhtunkwa province', admin2Label: 'Peshawar district' }),
    );
    assert.equal(p.method, 'agree');
    assert.equal(p.admin1Code, 'PK-KP');
    assert.equal(p.admin1Name, 'Khyber Pakhtunkhwa');
    assert.equal(p.historicalUnit, null);
    assert.equal(p.snappedKm, null);
    assert.equal(p.borderSide, 'PAK');
    assert.equal(p.borderZone, true);
    assert.ok(p.h3Coarse !== null && p.h3Fine !== null);
  });

  it('keeps the point for an exact event whose label disagrees, and reports both', () => {
    const p = place(event({ ...PESHAWAR, admin1Label: 'Balochistan province' }));
    assert.deepEqual(
      [p.method, p.admin1Code, p.pointAdmin1Code, p.labelAdmin1Code],
      ['disagree', 'PK-KP', 'PK-KP', 'PK-BA'],
    );
  });

  it("takes the label for coarse coordinates, still reporting the point unit, with the province's border range and no side or H3 values", () => {
    const p = place(event({ ...PESHAWAR, exact: false, admin1Label: 'Balochistan province' }));
    assert.deepEqual([p.method, p.admin1Code, p.pointAdmin1Code], ['label', 'PK-BA', 'PK-KP']);
    assert.deepEqual(
      [p.borderMethod, p.borderSide, p.borderZone, p.h3Coarse, p.h3Fine, p.admin2Name],
      ['province', null, null, null, null, null],
    );
    assert.ok(p.borderKmLow! < 1 && p.borderKmHigh! > 300, `${p.borderKmLow}..${p.borderKmHigh}`);
  });

  it('uses the point alone without a label, and says none when neither is usable', () => {
    assert.equal(place(event({ ...PESHAWAR })).method, 'point');
    const coarse = place(event({ ...PESHAWAR, exact: false }));
    assert.deepEqual([coarse.method, coarse.admin1Code, coarse.pointAdmin1Code], ['none', null, 'PK-KP']);
    const nothing = place(event({}));
    assert.equal(nothing.method, 'none');
    assert.ok(
      Object.entries(nothing).every(([k, v]) =>
        k === 'method' ? v === 'none' : k === 'preMergerLabel' ? v === false : v === null,
      ),
    );
  });

  it('treats (0, 0) and out-of-range coordinates as missing', () => {
    assert.equal(place(event({ lat: 0, lon: 0, admin1Label: 'Sindh' })).pointAdmin1Code, null);
    assert.equal(place(event({ lat: 95, lon: 71, admin1Label: 'Sindh' })).method, 'label');
  });

  it('places Miran Shah in PK-KP as historical FATA; a 2026 "North Waziristan" label is not a pre-merger label', () => {
    const old = place(
      event({ ...MIRAN_SHAH, admin1Label: 'Federally Administered Tribal Areas', date: '2021-03-01' }),
    );
    assert.deepEqual([old.admin1Code, old.historicalUnit, old.preMergerLabel], ['PK-KP', 'FATA', true]);
    const now = place(
      event({
        ...MIRAN_SHAH,
        admin1Label: 'Khyber Pakhtunkwa province',
        admin2Label: 'North Waziristan',
        date: '2026-03-01',
      }),
    );
    assert.deepEqual([now.admin1Code, now.historicalUnit, now.preMergerLabel], ['PK-KP', 'FATA', false]);
    const coarse = place(
      event({ exact: false, admin1Label: 'Khyber Pakhtunkwa province', admin2Label: 'Kurram agency' }),
    );
    assert.deepEqual([coarse.method, coarse.historicalUnit, coarse.preMergerLabel], ['label', 'FATA', true]);
  });

  it('resolves Panjshir and Daykundi by code, from Candidate labels and from points', () => {
    const pan = place(
      event({ country: 'AFG', lat: 35.31292, lon: 69.51519, admin1Label: 'Panjsher province' }),
    );
    assert.deepEqual([pan.method, pan.admin1Code, pan.admin1Name], ['agree', 'AF-PAN', 'Panjshir']);
    const day = place(
      event({ country: 'AFG', lat: 33.72178, lon: 66.13023, admin1Label: 'Daykundi province' }),
    );
    assert.deepEqual([day.method, day.admin1Code], ['agree', 'AF-DAY']);
  });

  it('names the Afghan district of an exact point, and none for a coarse one', () => {
    const kabul = place(
      event({ country: 'AFG', lat: 34.52813, lon: 69.17233, admin1Label: 'Kabul province' }),
    );
    assert.deepEqual([kabul.admin2Name, kabul.admin2Code], ['Kabul', '17698898B53195345217503']);
    assert.equal(place(event({ country: 'AFG', lat: 31.00575, lon: 66.40001 })).admin2Name, 'Spin Boldak');
    const coarse = place(
      event({ country: 'AFG', lat: 34.52813, lon: 69.17233, exact: false, admin1Label: 'Kabul province' }),
    );
    assert.deepEqual([coarse.admin2Name, coarse.admin2Code], [null, null]);
  });

  it("names Pakistan's 2023 census districts, and a user's set replaces them", () => {
    const bundled = place(event({ ...PESHAWAR }));
    assert.deepEqual(
      [bundled.admin2Name, bundled.admin2Code, bundled.admin2Method],
      ['Peshawar', 'kp_peshawar', 'point'],
    );
    const set = loadBoundarySet(
      {
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { ADM2_EN: 'Peshawar', ADM2_PCODE: 'PK401' },
            geometry: {
              type: 'Polygon',
              coordinates: [
                [
                  [71.3, 33.8],
                  [71.8, 33.8],
                  [71.8, 34.2],
                  [71.3, 34.2],
                  [71.3, 33.8],
                ],
              ],
            },
          },
        ],
      },
      { level: 'admin2', nameProperty: 'ADM2_EN', codeProperty: 'ADM2_PCODE', country: 'PAK' },
    );
    const withDistricts = createPlacer({ districts: [set] });
    const p = withDistricts(event({ ...PESHAWAR }));
    assert.deepEqual([p.admin2Name, p.admin2Code], ['Peshawar', 'PK401']);
  });

  it('snaps a point just outside the Line of Control and flags it; leaves a point far out at sea unplaced', () => {
    const loc = place(event({ lat: 33.360266, lon: 74.167202, admin1Label: 'Azad Jammu & Kashmir' }));
    assert.equal(loc.method, 'agree');
    assert.equal(loc.admin1Code, 'PK-JK');
    assert.ok(loc.snappedKm !== null && loc.snappedKm > 4 && loc.snappedKm < 6);
    const sea = place(event({ lat: 22, lon: 64, admin1Label: 'Balochistan province' }));
    assert.deepEqual(
      [sea.method, sea.admin1Code, sea.pointAdmin1Code, sea.snappedKm],
      ['label', 'PK-BA', null, null],
    );
  });

  it("snaps only to a unit of the event's own country: an Indian point 8 km east of the Line of Control stays unplaced", () => {
    const poonch = place(
      event({ country: 'IND', lat: 33.766147, lon: 74.103019, admin1Label: 'Jammu and Kashmir territory' }),
    );
    assert.deepEqual(
      [poonch.method, poonch.admin1Code, poonch.pointAdmin1Code, poonch.snappedKm],
      ['none', null, null, null],
    );
  });

  it('keeps the border zone to events in Pakistan or Afghanistan: Iranian events at the tripoint are near the line, not in the zone', () => {
    // About 29.85N 60.87E: the Pakistan-Afghanistan-Iran tripoint, within a km of the line.
    const at = { lat: 29.85, lon: 60.87 };
    for (const country of ['PAK', 'AFG'])
      assert.equal(place(event({ country, ...at })).borderZone, true, country);
    const iran = place(event({ country: 'IRN', ...at }));
    assert.ok(iran.borderKm! < 1, `${iran.borderKm} km`);
    assert.equal(iran.borderZone, false);
    // Without an exact point too: a place text on the line, in an Iranian record.
    const named = place(event({ country: 'IRN', exact: false, place: 'Pak-Afghan border' }));
    assert.deepEqual([named.borderMethod, named.borderZone], ['border_name', false]);
  });

  it('rejects a negative snap distance with a one-line error', () => {
    assert.throws(() => createPlacer({ snapKm: -1 }), { message: 'invalid snap distance: -1 km' });
  });
});
