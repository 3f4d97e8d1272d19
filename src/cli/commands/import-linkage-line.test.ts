/** The line `faultline import` prints after linking across sources, with counts of one in the singular. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../../test/helpers/in-process-cli.ts';
import { importFile } from '../../app/import-dataset.ts';
import { createStore, type Store } from '../../storage/index.ts';
import { registerImport } from './import.ts';

const FIX = new URL('../../../test/fixtures/linkage/', import.meta.url).pathname;

describe('faultline import: the linkage line', () => {
  let store: Store;
  const dir = mkdtempSync(join(tmpdir(), 'faultline-linkage-line-'));
  before(async () => {
    store = await createStore({ path: ':memory:' });
    await importFile(store, `${FIX}ged-22.1-pak-2021-03-01-to-10.csv`, { version: '22.1' });
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says one link and one incident in the singular (it read "1 links, 1 incidents")', async () => {
    // The desk log's first record alone: a synthetic copy of one GED record, so one link.
    const [head, first] = readFileSync(`${FIX}desk-log-synthetic-from-ged-2021-03.csv`, 'utf8').split('\n');
    const file = join(dir, 'desk-log-one.csv');
    writeFileSync(file, `${head}\n${first}\n`);
    const r = await runCli(
      store,
      [registerImport],
      ['import', file, '--mapping', `${FIX}desk-log-synthetic-from-ged-2021-03.mapping.yaml`],
    );
    assert.equal(r.error, undefined, r.err);
    assert.match(
      r.err,
      /^linked \S+ to \S+ across sources: \d+ records, 1 link, 1 incident of two or more records \(faultline disagreements\)$/m,
      r.err,
    );
  });
});
