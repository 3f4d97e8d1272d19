import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Store } from '../storage/index.ts';
import { perturbedCutStore } from '../../test/helpers/perturbed-store.ts';
import { linkPeriod, type LinkSummary } from './linkage-runs.ts';

const byIds = (x: { a: string; b: string }, y: { a: string; b: string }) =>
  x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : 0;

// Every pair (score, link, reasons) and incident of the stored runs, in one order, and the runs' counts.
async function stored(store: Store) {
  const runs = await store.linkageRuns();
  const linkage = await store.storedLinkage(runs.map((r) => r.id));
  return {
    runs: runs.map(({ from, to, pairs, clusters }) => ({ from, to, pairs, clusters })),
    pairs: [...linkage.pairs].sort(byIds),
    clusters: [...linkage.clusters].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)),
  };
}

const counts = ({ records, pairs, links, incidents, scored }: LinkSummary) => ({
  records,
  pairs,
  links,
  incidents,
  scored,
});

describe('candidate pairs found and scored in pieces (the engine, issue 17)', () => {
  let store: Store;
  const [from, to] = ['2012-10-01', '2013-06-30'];
  before(async () => {
    // Real GED rows of nine dense months and a perturbed copy (synthetic, seed 17).
    store = await perturbedCutStore(from, to, 'slices');
  });
  after(() => store.close());

  it('store the same pairs, links and incidents as one blocking and one scoring statement', async () => {
    const whole = await linkPeriod(store, from, to, undefined, { extend: false, slice: 1e9 });
    const one = await stored(store);
    // 50 rows a statement: the 660 records' blocking in ranges of days, their candidates' scoring in
    // over 15 slices, each cut where one first record's candidates end.
    const sliced = await linkPeriod(store, from, to, undefined, { extend: false, slice: 50 });
    const many = await stored(store);
    assert.ok(whole.pairs > 15 * 50, `${whole.pairs} pairs`);
    assert.ok(
      one.pairs.some((p) => !p.linked) && one.pairs.some((p) => p.linked && !p.clustered),
      'the cut has pairs below the threshold and links clustering refused',
    );
    assert.deepEqual(counts(sliced), counts(whole));
    assert.deepEqual(many, one);
  });
});
