import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { linkRecords, type ScoredPair } from '../analytics/linkage/linkage.ts';
import { createStore, type Store } from '../storage/index.ts';
import { csvLine, gedRows } from '../../test/helpers/ged-rows.ts';
import { perturbGed, PERTURBED_MAPPING } from '../../test/helpers/perturbed-ged.ts';
import { importFile } from './import-dataset.ts';
import { linkRecordOf } from './link-record.ts';
import { linkPeriod } from './linkage-runs.ts';

const byIds = (x: { a: string; b: string }, y: { a: string; b: string }) =>
  x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : 0;

describe('linking in the engine (issue 17)', () => {
  let store: Store;
  const [from, to] = ['2012-10-01', '2013-06-30'];
  before(async () => {
    // Real GED rows of nine dense months and a perturbed copy (synthetic, seed 17).
    const { header, rows } = gedRows();
    const start = header.indexOf('date_start');
    const cut = rows.filter((r) => r[start]!.slice(0, 10) >= from && r[start]!.slice(0, 10) <= to);
    const dir = mkdtempSync(join(tmpdir(), 'faultline-link-engine-'));
    const ged = join(dir, 'ged-22.1-cut.csv');
    writeFileSync(ged, [header.join(','), ...cut.map(csvLine)].join('\n') + '\n');
    const copy = join(dir, 'ged-22.1-cut-perturbed-synthetic-seed-17.csv');
    writeFileSync(copy, perturbGed(header, cut, 17).csv);
    writeFileSync(join(dir, 'perturbed.mapping.yaml'), PERTURBED_MAPPING);
    store = await createStore({ path: ':memory:' });
    await importFile(store, ged, { version: '22.1', link: false });
    await importFile(store, copy, { mapping: join(dir, 'perturbed.mapping.yaml'), link: false });
  });
  after(() => store.close());

  it('stores the same pairs (scores, links, reasons) and incidents as linkRecords gives in memory', async () => {
    const records = [];
    for await (const b of store.streamEventSummaries({ from, to, sort: 'date' }))
      records.push(...b.map(linkRecordOf));
    const mem = linkRecords(records);
    const summary = await linkPeriod(store, from, to);
    const [run] = await store.linkageRuns();
    const stored = await store.storedLinkage([run!.id]);
    const plain = (p: ScoredPair) => ({ ...p });
    assert.ok(mem.pairs.length > 500, `${mem.pairs.length} pairs`);
    assert.ok(
      mem.pairs.some((p) => !p.linked) && mem.pairs.some((p) => p.linked && !p.clustered),
      'the cut has pairs below the threshold and links clustering refused',
    );
    assert.deepEqual(stored.pairs.sort(byIds), mem.pairs.map(plain).sort(byIds));
    const multi = mem.clusters.filter((c) => c.members.length > 1);
    assert.deepEqual(stored.clusters, multi);
    assert.deepEqual(
      [summary.pairs, summary.links, summary.incidents],
      [mem.pairs.length, mem.pairs.filter((p) => p.linked).length, multi.length],
    );
    assert.equal(run!.clusters, multi.length);
  });
});
