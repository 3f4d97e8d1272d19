import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keysCover } from './duckdb-event-keys.ts';

test('a page is cut on event_keys only for the filters it holds', () => {
  const dates = { from: '2021-01-01', to: '2021-12-31', sort: '-fatalities' as const, limit: 100, offset: 0 };
  assert.equal(keysCover({}), true);
  assert.equal(keysCover({ ...dates, country: ['PAK'], admin1: ['PK-KP', 'pk-ba'] }), true);
  assert.equal(
    keysCover({ ...dates, source: ['ucdp-ged'], sourceVersion: ['25.1'], includeDesk: true }),
    true,
  );
  // Names of units, superseded events and every other filter field are read on events.
  assert.equal(keysCover({ ...dates, admin1: ['PK-KP', 'Balochistan'] }), false);
  assert.equal(keysCover({ ...dates, includeSuperseded: true }), false);
  assert.equal(keysCover({ ...dates, actorIds: ['ttp'] }), false);
  assert.equal(keysCover({ ...dates, victim: 'civilians' }), false);
  assert.equal(keysCover({ ...dates, datesWithin: 'whole' }), false);
  assert.equal(keysCover({ ...dates, admin2: ['Quetta'] }), false);
  // Fields left undefined name nothing.
  assert.equal(keysCover({ ...dates, actorIds: undefined, type: undefined }), true);
});
