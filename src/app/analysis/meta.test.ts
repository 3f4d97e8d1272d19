import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Coverage } from '../../storage/store.ts';
import { relevantCoverage } from './meta.ts';

const version = (source: string, v: string, countries: string[]): Coverage => ({
  source,
  version: v,
  firstDate: '2021-01-01',
  lastDate: '2021-12-31',
  basis: 'declared',
  events: 1,
  countries,
});
const ged = version('ucdp-ged', '22.1', ['PAK']);
const candidate = version('ucdp-candidate', '26.0.6', ['AFG', 'PAK']);
const afgOnly = version('ucdp-candidate', 'afg', ['AFG']);
const all = [ged, candidate, afgOnly];
/** District names and codes as the loaded events place them (a name two countries share has both). */
const districts = [
  { value: 'Maymana', country: 'AFG' },
  { value: 'Peshawar', country: 'PAK' },
  { value: '17698898B62547569841807', country: 'AFG' },
  { value: 'Shared name', country: 'AFG' },
  { value: 'Shared name', country: 'PAK' },
];

describe('relevantCoverage: which loaded source versions a filter can draw on', () => {
  it("narrows to the filter's countries, or its provinces' (an ISO 3166-2 code names its country)", () => {
    assert.deepEqual(relevantCoverage(all, { country: ['PAK'] }), [ged, candidate]);
    assert.deepEqual(relevantCoverage(all, { admin1: ['AF-KAB'] }), [candidate, afgOnly]);
    assert.deepEqual(relevantCoverage(all, { admin1: ['Khyber Pakhtunkhwa'] }), all, 'a name: not narrowed');
  });

  it("narrows a district filter to its districts' countries, by name or code, whatever the case", () => {
    assert.deepEqual(relevantCoverage(all, { admin2: ['maymana'] }, districts), [candidate, afgOnly]);
    assert.deepEqual(relevantCoverage(all, { admin2: ['17698898B62547569841807'] }, districts), [
      candidate,
      afgOnly,
    ]);
    assert.deepEqual(relevantCoverage(all, { admin2: ['Peshawar'] }, districts), [ged, candidate]);
    assert.deepEqual(relevantCoverage(all, { admin2: ['Peshawar', 'Maymana'] }, districts), all);
    assert.deepEqual(relevantCoverage(all, { admin2: ['Shared name'] }, districts), all);
  });

  it('leaves a district filter unnarrowed when a district is unknown or no district table is given', () => {
    assert.deepEqual(relevantCoverage(all, { admin2: ['Maymana', 'Nowhere'] }, districts), all);
    assert.deepEqual(relevantCoverage(all, { admin2: ['Maymana'] }), all);
  });

  it('a country or province in the filter decides before its districts do', () => {
    assert.deepEqual(relevantCoverage(all, { country: ['PAK'], admin2: ['Maymana'] }, districts), [
      ged,
      candidate,
    ]);
  });
});
