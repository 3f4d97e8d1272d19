import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { importFile } from '../../app/import-dataset.ts';
import { createStore } from '../../storage/index.ts';
import { loadMapping } from './csv-mapped-importer.ts';

const CSV = new URL('./fixtures/incidents_synthetic.csv', import.meta.url).pathname;
const MAPPING = new URL('./fixtures/incidents_synthetic.mapping.yaml', import.meta.url).pathname;

describe('generic CSV with a column-mapping file', () => {
  it('reads each field from the mapped column, with constants and a type map; rejections name the source column', async () => {
    const store = await createStore({ path: ':memory:' });
    const r = await importFile(store, CSV, { mapping: MAPPING });
    assert.deepEqual(
      [r.ledger.format, r.ledger.version, r.ledger.accepted, r.ledger.rejected],
      ['csv-mapped', '2023-05', 2, 1],
    );
    assert.equal(r.rejections[0]?.reason, 'killed: not an integer');
    const e = await store.getEvent('csv:incident-log:A-1');
    assert.deepEqual(
      [e?.country, e?.commonType, e?.fatalitiesBest, e?.deathsCivilians, e?.admin1Label],
      ['PAK', 'remote-violence', 4, 1, 'Khyber Pakhtunkhwa'],
    );
    assert.ok(e?.actorIds.includes('ttp'));
    assert.equal(
      (await store.getEvent('csv:incident-log:A-2'))?.deathsCivilians,
      null,
      'an empty cell is unknown, not 0',
    );
    await store.close();
  });

  it('figures that contradict each other (more civilians than people killed) are kept and flagged, by either reader, and counted as warnings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-mapped-flags-'));
    const csv = join(dir, 'incidents-flags.csv');
    writeFileSync(
      csv,
      'incident_no,day,province,district,town,lat,lng,category,perpetrator,victims,killed,civilians_killed,summary\n' +
        'F-1,2023-05-02,Khyber Pakhtunkhwa,Bannu,Bannu,32.9889,70.6056,Bombing,TTP,Police,3,5,SYNTHETIC: civilians above the killed\n' +
        'F-2,2023-05-03,Khyber Pakhtunkhwa,Bannu,Bannu,32.9889,70.6056,Bombing,TTP,Police,3,2,SYNTHETIC: consistent\n',
    );
    for (const native of [true, false]) {
      const store = await createStore({ path: ':memory:' });
      const r = await importFile(store, csv, { mapping: MAPPING, native, link: false, alerts: false });
      assert.deepEqual([r.ledger.accepted, r.ledger.warnings], [2, 1], `native ${native}`);
      assert.deepEqual((await store.getEvent('csv:incident-log:F-1'))?.qualityFlags, ['civilians > best']);
      assert.deepEqual((await store.getEvent('csv:incident-log:F-2'))?.qualityFlags, []);
      await store.close();
    }
  });

  it('a mapping without the id column, or naming a column the file lacks, is refused with one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-map-'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'dataset: x\nversion: "1"\ncolumns:\n  date_start: day\nconstants:\n  country: PAK\n');
    assert.throws(() => loadMapping(bad), {
      message: 'invalid mapping file "bad.yaml": mapping: columns.source_id is required',
    });
    const semicolons = join(dir, 'two.yaml');
    writeFileSync(
      semicolons,
      'dataset: x\nversion: "1"\ndelimiter: ";;"\ncolumns:\n  source_id: id\n  date_start: day\nconstants:\n  country: PAK\n',
    );
    assert.throws(() => loadMapping(semicolons), {
      message:
        'invalid mapping file "two.yaml": delimiter: one ASCII character other than a quote or a line break',
    });
    const wrong = join(dir, 'wrong.yaml');
    writeFileSync(
      wrong,
      'dataset: x\nversion: "1"\ncolumns:\n  source_id: id\n  date_start: day\nconstants:\n  country: PAK\n',
    );
    const store = await createStore({ path: ':memory:' });
    await assert.rejects(importFile(store, CSV, { mapping: wrong }), {
      message: '"incidents_synthetic.csv": the mapping names column "id", which the header lacks',
    });
    await store.close();
  });
});
