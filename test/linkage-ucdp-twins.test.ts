import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ucdpTwins } from '../scripts/linkage-ucdp-twins.ts';
import { importFile } from '../src/app/import-dataset.ts';
import { createStore } from '../src/storage/index.ts';
import { csvLine, GED_FILE, gedRows } from './helpers/ged-rows.ts';

const CANDIDATE = new URL('../data/ucdp-candidate/GEDEvent_v26_01_26_06_PAK_AFG.csv', import.meta.url)
  .pathname;

describe('linkage against UCDP ids: scripts/linkage-ucdp-twins.ts (npm run eval:ucdp-twins)', () => {
  it('finds nothing to measure in the bundled data, and says which days each source covers', async () => {
    const store = await createStore({ path: ':memory:' });
    try {
      await importFile(store, GED_FILE, { version: '22.1' });
      await importFile(store, CANDIDATE);
      const r = await ucdpTwins(store);
      assert.deepEqual([r.period, r.truth, r.precision, r.recall], [null, 0, null, null]);
      assert.equal(
        r.note,
        'nothing to measure: no day is covered by both ucdp-ged and ucdp-candidate (ucdp-candidate 26.0.6 covers 2026-01-01 to 2026-07-01 (AFG, PAK); ucdp-ged 22.1 covers 1989-01-01 to 2021-12-31 (PAK))',
      );
    } finally {
      await store.close();
    }
  });

  it('scores the links of a Candidate release against the GED events of the same ids', async () => {
    // A Candidate-format file of the real GED rows of March 2021 (SYNTHETIC: the rows as they are,
    // ids kept, two of them moved; see the disagreements test for the same construction).
    const { header, rows } = gedRows();
    const at = (n: string) => header.indexOf(n);
    const march = rows.filter((r) => r[at('date_start')]!.startsWith('2021-03'));
    const out = march.map((r, k) => {
      const c = [...r];
      c[at('active_year')] = c[at('active_year')] === '1' ? 'true' : 'false';
      // The first row dated 30 days later: out of the window, a true pair no link can find.
      if (k === 0) c[at('date_start')] = c[at('date_end')] = '2021-03-31 00:00:00.000';
      return csvLine(c.filter((_, i) => i !== at('iso3')));
    });
    const dir = join(mkdtempSync(join(tmpdir(), 'faultline-twins-')), 'synthetic-from-ged-22.1');
    mkdirSync(dir);
    const file = join(dir, 'GEDEvent_v21_0_3.csv');
    writeFileSync(file, [csvLine(header.filter((_, i) => i !== at('iso3'))), ...out].join('\n') + '\n');
    const store = await createStore({ path: ':memory:' });
    try {
      await importFile(store, GED_FILE, { version: '22.1' });
      await importFile(store, file);
      const r = await ucdpTwins(store);
      assert.equal(r.truth, march.length);
      assert.deepEqual(
        r.missed.map((m) => m.ged),
        [`ucdp-ged:${march[0]![at('id')]}`],
      );
      assert.equal(r.correct, march.length - 1 - r.wrong.length);
      assert.equal(r.recall, Math.round((r.correct / march.length) * 1000) / 1000);
      assert.match(r.note, /^\d+ of \d+ linked Candidate-GED pairs share their UCDP id/);
    } finally {
      await store.close();
    }
  });
});
