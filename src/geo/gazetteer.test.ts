import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { admin1Index } from './boundaries.ts';
import { PLACE_ALIASES } from './gazetteer-aliases.ts';
import { resolvePlace } from './gazetteer.ts';

const first = (name: string, country?: string) => resolvePlace(name, { country })[0];

describe('resolvePlace', () => {
  it('resolves D.I. Khan and Dera Ismail Khan to the same place', () => {
    const a = first('D.I. Khan')!,
      b = first('Dera Ismail Khan')!;
    assert.equal(a.geonamesId, 1180281);
    assert.deepEqual([a.name, a.lat, a.lon, a.admin1Code], [b.name, b.lat, b.lon, b.admin1Code]);
    assert.deepEqual([a.matchedBy, b.matchedBy], ['alias', 'name']);
  });

  it('resolves Kech to Turbat, its headquarters, in Balochistan', () => {
    assert.equal(first('Kech')!.name, 'Turbat');
    assert.equal(first('Kech district')!.name, 'Turbat');
    assert.equal(first('Turbat')!.admin1Code, 'PK-BA');
  });

  it('finds Jalālābād from plain "Jalalabad" and Khōst from "khost"', () => {
    const j = first('Jalalabad')!;
    assert.deepEqual([j.name, j.country, j.admin1Code, j.matchedBy], ['Jalālābād', 'AFG', 'AF-NAN', 'name']);
    assert.equal(first('khost')!.name, 'Khōst');
    assert.equal(first('Lashkargah')!.name, 'Lashkar Gāh');
    assert.equal(first('Mazar-i-Sharif')!.name, 'Mazār-e Sharīf');
  });

  it('resolves the Waziristans to their headquarters and Torkham to its curated point', () => {
    assert.equal(first('North Waziristan')!.name, 'Miran Shah');
    assert.equal(first('South Waziristan')!.name, 'Wana');
    const torkham = first('Torkham')!;
    assert.deepEqual(
      [torkham.lat, torkham.lon, torkham.geonamesId, torkham.admin1Code],
      [34.11472, 71.08472, null, 'PK-KP'],
    );
    assert.equal(first('Chaman border')!.name, 'Chaman');
  });

  it('resolves province names and abbreviations to the admin-1 unit', () => {
    for (const name of ['Khyber Pakhtunkhwa', 'KP', 'NWFP']) {
      const kp = first(name)!;
      assert.deepEqual([kp.kind, kp.admin1Code, kp.matchedBy], ['admin1', 'PK-KP', 'admin1'], name);
    }
    const kabul = resolvePlace('Kabul');
    assert.deepEqual(
      kabul.map((p) => p.kind),
      ['place', 'admin1'],
    );
    assert.equal(kabul[0]!.population, 3043532);
  });

  it('filters by country and returns [] for unknown or empty names', () => {
    assert.deepEqual(resolvePlace('Kabul', { country: 'PAK' }), []);
    assert.ok(resolvePlace('Aliabad', { country: 'AFG' }).every((p) => p.country === 'AFG'));
    assert.deepEqual(resolvePlace('Atlantis'), []);
    assert.deepEqual(resolvePlace(' '), []);
  });

  it('reports unknown GeoNames population as null, not 0', () => {
    assert.equal(first('Parachinar')!.population, null);
  });

  it('gives every curated alias a target whose province matches point-in-polygon', () => {
    for (const alias of PLACE_ALIASES) {
      const place = first(alias.names[0]!)!;
      assert.ok(place, alias.names[0]);
      assert.equal(admin1Index().nearest(place.lon, place.lat)?.item.code, place.admin1Code, alias.names[0]);
    }
  });

  it("finds the villages UCDP geocodes that GeoNames lacks, at UCDP's point, saying so", () => {
    const spin = first('Spin Drand')!;
    assert.deepEqual(
      [spin.name, spin.country, spin.admin1Code, spin.lat, spin.lon, spin.kind, spin.matchedBy],
      ['Spin Drand', 'PAK', 'PK-KP', 33.912166, 70.880361, 'place', 'ucdp'],
    );
    assert.equal(spin.pointSource, `UCDP's geocoding (GED 22.1): "Spin Drand town", where_prec 1, 6 events`);
    assert.equal(first('sipah')!.matchedBy, 'ucdp');
    // A GeoNames name and a curated alias still win; their points name their source or none.
    assert.deepEqual([first('Peshawar')!.matchedBy, first('Peshawar')!.pointSource], ['name', null]);
    assert.match(first('Tirah')!.pointSource!, /^UCDP GED 22\.1 and Candidate/);
    assert.deepEqual(resolvePlace('Police'), []);
    assert.deepEqual(resolvePlace('Market'), []);
  });

  it('gives every UCDP place a province that matches point-in-polygon', () => {
    const rows = parse(readFileSync(new URL('../../data/gazetteer/ucdp-places.csv', import.meta.url)), {
      columns: true,
    }) as Record<string, string>[];
    assert.ok(rows.length > 500, `${rows.length} places`);
    for (const row of rows) {
      const code = admin1Index().locate(Number(row.lon), Number(row.lat))?.code ?? null;
      assert.equal(code, row.admin1_code, row.name);
      const place = resolvePlace(row.name!, { country: row.country }).find((p) => p.matchedBy === 'ucdp');
      assert.deepEqual([place?.lat, place?.lon], [Number(row.lat), Number(row.lon)], row.name);
    }
  });
});
