import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { COMMON_NAMES, deriveUcdpPlaces, placeName } from '../scripts/derive-ucdp-places.ts';
import { nameKey } from '../src/geo/normalize.ts';

const committed = readFileSync(new URL('../data/gazetteer/ucdp-places.csv', import.meta.url), 'utf8');
const rows = parse(committed, { columns: true }) as Record<string, string>[];

describe('data/gazetteer/ucdp-places.csv', () => {
  const derived = deriveUcdpPlaces();

  it('is what scripts/derive-ucdp-places.ts derives from the bundled UCDP files (npm run derive:ucdp-places)', () => {
    assert.equal(derived.csv, committed, 'the file is stale: run npm run derive:ucdp-places');
  });

  it('leaves out names UCDP gives two points at where_prec 1, or another point more than 25 km away, and counts them', () => {
    // Sui: two points at where_prec 1. Nazarabad: a town of Swat at where_prec 1, and a village of
    // Kech at where_prec 2 (Candidate event 611882), 1,476 km apart.
    for (const name of ['Sui', 'Nazarabad']) {
      assert.ok(derived.leftOut.ambiguous.includes(`${name} (PAK)`), name);
      assert.ok(!rows.some((r) => r.name === name), name);
    }
    assert.equal(derived.leftOut.ambiguous.length, 17);
  });

  it('holds no name GeoNames, the aliases or the districts already give, and no common word or person', () => {
    const keys = new Set(rows.map((r) => nameKey(r.name!)));
    for (const name of ['Peshawar', 'Mir Ali', 'Tirah', 'Miranshah', 'Lakki Marwat', 'Swat', ...COMMON_NAMES])
      assert.ok(!keys.has(nameKey(name)), name);
    for (const name of ['Police', 'Market', 'Bahrain', 'Hazara', 'Kamar', 'Salim Khan', 'Gul Shah'])
      assert.ok(!keys.has(nameKey(name)), name);
  });

  it('keeps one point per name and country, each placed by UCDP at where_prec 1', () => {
    const ids = rows.map((r) => `${nameKey(r.name!)}|${r.country}`);
    assert.equal(new Set(ids).size, ids.length);
    assert.ok(rows.every((r) => r.where_prec === '1' && Number(r.exact_events) >= 1));
    assert.ok(rows.every((r) => Number(r.events) >= Number(r.exact_events)));
    const sipah = rows.find((r) => r.name === 'Sipah')!;
    assert.deepEqual(
      [sipah.country, sipah.admin1_code, sipah.lat, sipah.lon, sipah.where_coordinates, sipah.sources],
      ['PAK', 'PK-KP', '33.887778', '70.908333', 'Sipah town', 'GED 22.1; Candidate 26.0.7'],
    );
  });

  it('names a place without the settlement word UCDP adds, or the parts after a comma', () => {
    assert.equal(placeName('Mir Ali town'), 'Mir Ali');
    assert.equal(placeName('Spinkai village, Raghzai locality'), 'Spinkai');
    assert.equal(placeName('Khazana Town (Peshawar)'), 'Khazana');
    assert.equal(placeName('Tarlai Kalan suburb of Islamabad'), 'Tarlai Kalan');
    assert.equal(placeName('Nawa Pass'), 'Nawa Pass');
  });
});
