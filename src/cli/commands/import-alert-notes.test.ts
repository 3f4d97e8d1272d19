import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeCandidateCut } from '../../../test/helpers/ged-rows.ts';
import { runCli } from '../../../test/helpers/in-process-cli.ts';
import { addAlertRule, listAlertRules } from '../../app/alerts/rules.ts';
import { createStore } from '../../storage/index.ts';
import type { Store } from '../../storage/store.ts';
import { registerImport } from './import.ts';

// Real rows: the bundled GED 22.1 events of Balochistan province in UCDP Candidate's layout. They
// end in 2012, long before any evaluation now, so a surge rule's evaluation has a note saying so.
const writeCut = (dir: string, name: string, from: string, to: string) =>
  writeCandidateCut(dir, name, 'Balochistan province', from, to);

describe('faultline import and the alert rules it evaluates', () => {
  let dir: string;
  let store: Store;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'faultline-import-notes-'));
    store = await createStore({ path: join(dir, 'store.duckdb') });
  });

  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("prints each rule's note on stderr, one line each, as it prints their errors (it printed no note)", async () => {
    const feb = writeCut(dir, 'GEDEvent_v09_01_12_02.csv', '2009-01-01', '2012-02-29');
    assert.equal((await runCli(store, [registerImport], ['import', feb])).error, undefined);
    const { rule } = await addAlertRule(store, { kind: 'surge', admin1: 'Balochistan province' });
    const march = writeCut(dir, 'GEDEvent_v12_0_3.csv', '2012-03-01', '2012-03-31');
    const r = await runCli(store, [registerImport], ['import', march]);
    assert.equal(r.error, undefined);
    const [listed] = await listAlertRules(store);
    assert.match(listed!.last_note ?? '', /^the loaded data end on 2012-\d\d-\d\d, \d+ days before /);
    const lines = r.err.split('\n').filter((l) => l.startsWith('alert rule'));
    assert.deepEqual(lines, [`alert rule ${rule.id} note: ${listed!.last_note}`]);
  });
});
