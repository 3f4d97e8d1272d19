/** The line `faultline import` prints after linking across sources, with counts of one in the singular. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../../test/helpers/in-process-cli.ts';
import { GED_FILE } from '../../../test/helpers/ged-rows.ts';
import { grouped } from '../../domain/format-number.ts';
import { importFile } from '../../app/import-dataset.ts';
import type { LinkSummary } from '../../app/linkage-runs.ts';
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

  it('says how many records were scored again when the stored links were extended, and --format json carries it', async () => {
    // The bundled GED file (real, 6,416 events of 1989-2021) linked alone, then the desk log's first record.
    const big = await createStore({ path: ':memory:' });
    try {
      await importFile(big, GED_FILE, { version: '22.1' });
      const [head, first] = readFileSync(`${FIX}desk-log-synthetic-from-ged-2021-03.csv`, 'utf8').split('\n');
      const file = join(dir, 'desk-log-one-again.csv');
      writeFileSync(file, `${head}\n${first}\n`);
      const mapping = `${FIX}desk-log-synthetic-from-ged-2021-03.mapping.yaml`;
      const r = await runCli(
        big,
        [registerImport],
        ['import', file, '--mapping', mapping, '--format', 'json'],
      );
      assert.equal(r.error, undefined, r.err);
      const [{ linkage }] = JSON.parse(r.out) as [{ linkage: LinkSummary }];
      assert.equal(linkage.extended, true);
      assert.ok(linkage.scored > 0 && linkage.scored < linkage.records / 100, JSON.stringify(linkage));
      assert.match(
        r.err,
        new RegExp(
          `^linked \\S+ to \\S+ across sources: ${grouped(linkage.records)} records \\(${grouped(linkage.scored)} scored again: those within reach of the days that changed\\), 1 link, 1 incident of two or more records`,
          'm',
        ),
      );
    } finally {
      await big.close();
    }
  });
});
