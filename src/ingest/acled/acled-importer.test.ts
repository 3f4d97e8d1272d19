import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importFile } from '../../app/import-dataset.ts';
import { createStore } from '../../storage/index.ts';
import { openSourceFile } from '../source-records.ts';
import { acledCsvFormat } from './acled-importer.ts';

const FIXTURE = new URL('./fixtures/acled_2024-01-01-2024-03-31_synthetic.csv', import.meta.url).pathname;

describe('ACLED export importer', () => {
  it('detects an ACLED export and takes the version from the last date in its name', async () => {
    assert.equal((await openSourceFile(FIXTURE)).format.id, 'acled-csv');
    assert.deepEqual(acledCsvFormat.version('acled_2024-01-01-2024-03-31_synthetic.csv'), {
      version: '2024-03-31',
      inferred: false,
    });
  });

  it('maps event types to common types, fatalities to best only, and rejects a non-numeric fatality count', async () => {
    const store = await createStore({ path: ':memory:' });
    const r = await importFile(store, FIXTURE);
    assert.deepEqual([r.ledger.rowsRead, r.ledger.accepted, r.ledger.rejected], [3, 2, 1]);
    assert.equal(r.rejections[0]?.reason, 'fatalities: not an integer');
    const clash = await store.getEvent('acled:PAK90001');
    assert.equal(clash?.commonType, 'battle');
    assert.deepEqual([clash?.fatalitiesBest, clash?.fatalitiesLow, clash?.deathsCivilians], [3, null, null]);
    assert.ok(
      clash?.actorIds.includes('ttp'),
      'ACLED\'s "TTP: Tehreek-i-Taliban Pakistan" resolves to the TTP',
    );
    assert.equal(clash?.geoExact, true);
    const ied = await store.getEvent('acled:PAK90002');
    assert.equal(ied?.commonType, 'remote-violence');
    assert.equal(ied?.datePrecision, 'week');
    await store.close();
  });
});
