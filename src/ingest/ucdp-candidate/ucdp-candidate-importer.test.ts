import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importFile } from '../../app/import-dataset.ts';
import { createStore } from '../../storage/index.ts';
import { openSourceFile } from '../source-records.ts';
import { candidateVersion } from './ucdp-candidate-importer.ts';

const FIXTURE = new URL('./fixtures/GEDEvent_v26_0_7_sample.csv', import.meta.url).pathname;

describe('UCDP Candidate importer', () => {
  it('is told from GED by the file name, and reads the release from it', async () => {
    assert.equal((await openSourceFile(FIXTURE)).format.id, 'ucdp-candidate');
    assert.equal(candidateVersion('GEDEvent_v26_0_7.csv'), '26.0.7');
    assert.equal(candidateVersion('GEDEvent_v26_01_26_06_PAK_AFG.csv'), '26.0.6');
    assert.equal(candidateVersion('conflict_data_pak.csv'), null);
  });

  it('keeps the Check status, resolves XXX770 to the unidentified group and places Afghan events in AFG', async () => {
    const store = await createStore({ path: ':memory:' });
    const r = await importFile(store, FIXTURE);
    assert.deepEqual([r.ledger.accepted, r.ledger.rejected, r.ledger.version], [4, 0, '26.0.7']);
    const { rows } = await store.queryEvents({ limit: 10 });
    assert.ok(rows.every((e) => e.source === 'ucdp-candidate' && e.id.startsWith('ucdp-candidate:')));
    assert.ok(rows.some((e) => e.sourceSubtype?.startsWith('Check')));
    assert.ok(rows.some((e) => e.actorIds.includes('unknown')));
    assert.ok(rows.some((e) => e.country === 'AFG'));
    await store.close();
  });
});
