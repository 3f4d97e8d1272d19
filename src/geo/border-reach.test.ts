import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createBorderMeter } from './border.ts';
import { BORDER_NAME_KM, CROSSING_KM, crossingIn, namesTheBorder } from './border-reach.ts';
import { admin1ByCode } from './boundaries.ts';
import { pakistanDistricts } from './pakistan-districts.ts';
import { createPlacer } from './placer.ts';

// Which country a few unit names lie in, for the "<unit>-<unit> border" rule.
const SIDES: Record<string, 'PAK' | 'AFG'> = {
  kunar: 'AFG',
  bajaur: 'PAK',
  'north waziristan': 'PAK',
  khost: 'AFG',
};
const sideOf = (name: string) => SIDES[name.toLowerCase()] ?? null;

describe('border names and crossings in place texts', () => {
  it('recognises the Afghanistan-Pakistan border by its names, and a pair of units on opposite sides', () => {
    for (const text of [
      'Afghanistan-Pakistan border',
      'Afghanistan-Pakistan border (Bajaur Agency)',
      'Pak-Afghan border',
      'Pakistan–Afghanistan border area',
      'Durand Line',
      'Kunar-Bajaur border',
      'near the Khost-North Waziristan border',
    ])
      assert.equal(namesTheBorder(text, sideOf), true, text);
  });

  it('does not take other borders for it: the Line of Control, the India-Pakistan border, a border between two districts', () => {
    for (const text of [
      'LoC near AJK & Punjab',
      'IB in Sialkot district',
      'India-Pakistan border',
      'Border North/South Waziristan',
      'Bajaur-North Waziristan border',
      'Wana-Jandola road (South Waziristan)',
    ])
      assert.equal(namesTheBorder(text, sideOf), false, text);
  });

  it('finds crossings by their spellings, and not a town that only shares a crossing name', () => {
    assert.equal(crossingIn('Torkham'), 'Torkham');
    assert.equal(crossingIn('near the Ghulam Khan crossing'), 'Ghulam Khan');
    assert.equal(crossingIn('Angor Adda (South Waziristan)'), 'Angoor Adda');
    assert.equal(crossingIn('Bab-e-Dosti'), 'Chaman');
    assert.equal(crossingIn('Chaman town'), null);
    assert.equal(crossingIn('Peshawar'), null);
  });
});

describe('border distance of events without an exact point', () => {
  const place = createPlacer();
  const meter = createBorderMeter();
  const coarse = { lat: 33, lon: 70, exact: false, date: '2026-03-01' };

  it('puts an event at "the Afghanistan-Pakistan border" at 0 km, within BORDER_NAME_KM, inside the zone', () => {
    const g = place({
      ...coarse,
      country: 'AFG',
      place: 'Afghanistan-Pakistan border',
      admin1Label: null,
      admin2Label: null,
    });
    assert.deepEqual(
      [g.borderMethod, g.borderKm, g.borderKmLow, g.borderKmHigh, g.borderZone],
      ['border_name', 0, 0, BORDER_NAME_KM, true],
    );
    assert.equal(g.borderSide, null, 'the side is left to the units: a border name does not say which side');
  });

  it('puts an event at a crossing within CROSSING_KM of the line', () => {
    const g = place({
      ...coarse,
      country: 'PAK',
      place: 'Torkham',
      admin1Label: 'Khyber Pakhtunkhwa',
      admin2Label: null,
    });
    assert.deepEqual([g.borderMethod, g.borderKmLow, g.borderKmHigh], ['crossing', 0, CROSSING_KM]);
  });

  it("gives an event placed by its district the district's range, which holds every vertex of the district", () => {
    const g = place({
      ...coarse,
      country: 'PAK',
      place: 'Lower Kurram tehsil',
      admin1Label: 'Federally Administered Tribal Areas',
      admin2Label: 'Kurram agency',
    });
    assert.equal(g.borderMethod, 'district');
    const kurram = pakistanDistricts().units.find((u) => u.code === g.admin2Code)!;
    assert.ok(kurram, `district ${g.admin2Code} is a bundled 2023 unit`);
    const distances = kurram.polygons.flat(2).map(([lon, lat]) => meter.distanceKm(lon!, lat!));
    assert.ok(Math.abs(g.borderKmLow! - Math.min(...distances)) < 1e-9, 'low is the nearest vertex');
    assert.ok(g.borderKmHigh! >= Math.max(...distances), 'high is at least the farthest vertex');
    assert.ok(g.borderKmLow! <= g.borderKm! && g.borderKm! <= g.borderKmHigh!);
    assert.ok(g.borderKmLow! < 2, 'Kurram lies on the border');
  });

  it('decides the zone from a province only when the whole province is on one side of the limit', () => {
    const punjab = place({
      ...coarse,
      country: 'PAK',
      place: 'Punjab province',
      admin1Label: 'Punjab province',
      admin2Label: null,
    });
    assert.equal(punjab.borderMethod, 'province');
    const vertices = admin1ByCode()
      .get('PK-PB')!
      .flatMap((u) => u.polygons.flat(2))
      .map(([lon, lat]) => meter.distanceKm(lon!, lat!));
    assert.ok(Math.abs(punjab.borderKmLow! - Math.min(...vertices)) < 1e-9);
    assert.ok(punjab.borderKmLow! > 50);
    assert.equal(punjab.borderZone, false, 'all of Punjab lies beyond 50 km');
    const kp = place({
      ...coarse,
      country: 'PAK',
      place: 'KP',
      admin1Label: 'Khyber Pakhtunkhwa',
      admin2Label: null,
    });
    assert.equal(kp.borderMethod, 'province');
    assert.equal(kp.borderZone, null, 'Khyber Pakhtunkhwa spans the limit: undecided');
  });

  it('leaves an event known only by its country without a border distance', () => {
    const g = place({ ...coarse, country: 'PAK', place: 'Pakistan', admin1Label: null, admin2Label: null });
    assert.deepEqual(
      [g.borderMethod, g.borderKm, g.borderKmLow, g.borderKmHigh, g.borderZone],
      [null, null, null, null, null],
    );
  });

  it('keeps an exact point’s distance as a range of one value', () => {
    const g = place({
      country: 'PAK',
      lat: 34.11472,
      lon: 71.08472,
      exact: true,
      admin1Label: null,
      admin2Label: null,
    });
    assert.equal(g.borderMethod, 'point');
    assert.equal(g.borderKmLow, g.borderKm);
    assert.equal(g.borderKmHigh, g.borderKm);
    assert.equal(g.borderKm, meter.distanceKm(71.08472, 34.11472));
  });
});
