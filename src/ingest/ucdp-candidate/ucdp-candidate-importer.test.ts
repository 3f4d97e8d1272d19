import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { csvLine } from '../../../test/helpers/ged-rows.ts';
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

  it('a release without the optional columns code_status and source_article imports its events, not a database error', async () => {
    // Older GED releases, or a release whose columns changed: only the required columns must be there.
    const rows = parse(readFileSync(FIXTURE)) as string[][];
    const gone = ['code_status', 'source_article'].map((c) => rows[0]!.indexOf(c));
    const path = join(mkdtempSync(join(tmpdir(), 'faultline-candidate-')), 'GEDEvent_v26_0_7.csv');
    writeFileSync(path, rows.map((r) => `${csvLine(r.filter((_, i) => !gone.includes(i)))}\n`).join(''));
    const store = await createStore({ path: ':memory:' });
    const r = await importFile(store, path, { link: false, alerts: false });
    assert.deepEqual([r.parsedBy, r.ledger.accepted, r.ledger.rejected], ['duckdb', 4, 0]);
    const { rows: events } = await store.queryEvents({ limit: 10 });
    assert.ok(events.every((e) => e.sourceArticles.length === 0 && e.sourceSubtype === null));
    await store.close();
  });
});
