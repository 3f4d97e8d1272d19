import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { afghanDistricts } from './boundaries.ts';
import { resolveDistrict } from './district-search.ts';
import { pakistanDistricts } from './pakistan-districts.ts';
import { PipIndex } from './pip-index.ts';

describe('district names (bundled boundaries)', () => {
  it('a Pakistani district the town gazetteer lacks resolves to its unit, with a point inside it', () => {
    const [lakki, ...more] = resolveDistrict('Lakki Marwat');
    assert.deepEqual(more, []);
    assert.deepEqual(
      [lakki!.name, lakki!.country, lakki!.admin1Code, lakki!.admin1Name, lakki!.matchedBy],
      ['Lakki Marwat', 'PAK', 'PK-KP', 'Khyber Pakhtunkhwa', 'name'],
    );
    const inside = new PipIndex(pakistanDistricts().units, (u) => u.polygons).locate(lakki!.lon, lakki!.lat);
    assert.equal(inside?.code, lakki!.code);
  });

  it('older labels reach today\'s unit: "Bajaur Agency" by its name, "Bolan" through the crosswalk (now Kachhi)', () => {
    assert.deepEqual(
      resolveDistrict('Bajaur Agency').map((d) => [d.name, d.matchedBy]),
      [['Bajaur', 'name']],
    );
    assert.deepEqual(
      resolveDistrict('Bolan', { country: 'PAK' }).map((d) => [d.name, d.matchedBy]),
      [['Kachhi', 'crosswalk']],
    );
  });

  it('a district since split names its parts: "Dir" is Upper and Lower Dir, "Kohistan" (Pakistan) three units', () => {
    const parts = (name: string) =>
      resolveDistrict(name, { country: 'PAK' }).map((d) => [d.name, d.admin1Code, d.matchedBy]);
    assert.deepEqual(parts('Dir'), [
      ['Lower Dir', 'PK-KP', 'former'],
      ['Upper Dir', 'PK-KP', 'former'],
    ]);
    assert.deepEqual(parts('Kohistan'), [
      ['Kolai Palas Kohistan', 'PK-KP', 'former'],
      ['Lower Kohistan', 'PK-KP', 'former'],
      ['Upper Kohistan', 'PK-KP', 'former'],
    ]);
  });

  it('an Afghan district matches its other name in parentheses, with the province afghanDistricts() gives it', () => {
    const [khost, ...prefixed] = resolveDistrict('Khost', { country: 'AFG' });
    assert.deepEqual([khost!.name, khost!.matchedBy], ['Khost(Matun)', 'name']);
    assert.equal(khost!.admin1Code, afghanDistricts().units.find((u) => u.code === khost!.code)!.parentCode);
    assert.ok(prefixed.every((d) => d.matchedBy === 'prefix' && /^khost/i.test(d.name)));
    assert.deepEqual(
      resolveDistrict('Lakki').map((d) => [d.name, d.matchedBy]),
      [['Lakki Marwat', 'prefix']],
    );
    assert.deepEqual(resolveDistrict('Nowhere-on-earth'), []);
    assert.deepEqual(resolveDistrict('Lakki Marwat', { country: 'AFG' }), []);
  });
});
