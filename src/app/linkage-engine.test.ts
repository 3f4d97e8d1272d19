import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { linkRecords, type ScoredPair } from '../analytics/linkage/linkage.ts';
import type { Store } from '../storage/index.ts';
import { perturbedCutStore } from '../../test/helpers/perturbed-store.ts';
import { linkRecordOf } from './link-record.ts';
import { linkPeriod } from './linkage-runs.ts';

const byIds = (x: { a: string; b: string }, y: { a: string; b: string }) =>
  x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : 0;

describe('linking in the engine (issue 17)', () => {
  let store: Store;
  const [from, to] = ['2012-10-01', '2013-06-30'];
  before(async () => {
    // Real GED rows of nine dense months and a perturbed copy (synthetic, seed 17).
    store = await perturbedCutStore(from, to, 'cut');
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
