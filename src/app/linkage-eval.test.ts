import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { csvLine, gedRows } from '../../test/helpers/ged-rows.ts';
import { perturbedTruth, scoreLinkage } from '../../test/helpers/linkage-eval.ts';
import { perturbGed, PERTURBED_MAPPING } from '../../test/helpers/perturbed-ged.ts';
import { createStore } from '../storage/index.ts';
import { importFile } from './import-dataset.ts';

// Recorded on the cut below (docs/linkage.md, "Evaluation"): a hard quarter, many same-day
// clashes in the same districts (83 of 85 predicted pairs right, 83 of 86 copies found; 78 of 81
// and 78 of 86 before ambiguous groups were matched as a whole, 2026-12-06). The
// weights and margin were tuned on another draw (seed 99), never on this one.
const RECORDED = { precision: 0.976, recall: 0.965 };

describe('linkage evaluation on perturbed copies of real GED rows (issue 17)', () => {
  it('precision and recall on the January-March 2013 cut do not fall below the recorded values', async () => {
    const { header, rows } = gedRows();
    const start = header.indexOf('date_start');
    const cut = rows.filter((r) => r[start]!.slice(0, 7) >= '2013-01' && r[start]!.slice(0, 7) <= '2013-03');
    const { csv, copies } = perturbGed(header, cut, 17);
    const dir = mkdtempSync(join(tmpdir(), 'faultline-linkage-eval-'));
    const file = join(dir, 'ged-22.1-2013-q1-perturbed-synthetic-seed-17.csv');
    writeFileSync(file, csv);
    writeFileSync(join(dir, 'perturbed.mapping.yaml'), PERTURBED_MAPPING);
    const store = await createStore({ path: ':memory:' });
    try {
      // GED a month either side of the cut: every event a copy could meet within the window.
      const ged = join(dir, 'ged-22.1-2012-12-to-2013-04.csv');
      const near = rows.filter(
        (r) => r[start]!.slice(0, 7) >= '2012-12' && r[start]!.slice(0, 7) <= '2013-04',
      );
      writeFileSync(ged, [header.join(','), ...near.map(csvLine)].join('\n') + '\n');
      await importFile(store, ged, { version: '22.1' });
      const r = await importFile(store, file, { mapping: join(dir, 'perturbed.mapping.yaml') });
      assert.equal(r.ledger.accepted, copies);
      const truth = perturbedTruth(csv);
      const s = await scoreLinkage(store, truth);
      assert.equal(s.truth, copies);
      assert.ok(s.precision >= RECORDED.precision, `precision ${s.precision.toFixed(3)}`);
      assert.ok(s.recall >= RECORDED.recall, `recall ${s.recall.toFixed(3)}`);
    } finally {
      await store.close();
    }
  });
});
