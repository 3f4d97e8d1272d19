import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { perturbedCutStore } from '../../test/helpers/perturbed-store.ts';
import type { EventFilter } from '../domain/query.ts';
import type { Store } from '../storage/index.ts';
import type { LinkageWithin, StoredLinkage } from '../storage/stored-linkage.ts';
import { prepareDedupe } from './analysis/dedupe.ts';
import { sourcesDisagree } from './disagreements.ts';
import { sameIncident } from './event-incident.ts';
import { linkPeriod } from './linkage-runs.ts';

// The same store, read as before 2026-12-06: every pair and incident of the runs, whatever events were asked.
const wholeRuns = (store: Store): Store =>
  new Proxy(store, {
    get: (s, k) =>
      k === 'storedLinkage' ? (ids: readonly number[]) => s.storedLinkage(ids) : Reflect.get(s, k, s),
  });

describe('readers of stored links read only the links they show (docs/linkage.md, cost of disagreements on a large store)', () => {
  let store: Store;
  before(async () => {
    // Four months of real GED rows and their perturbed copy (synthetic, seed 17), linked in one run.
    store = await perturbedCutStore('2012-11-01', '2013-02-28', 'cost-nov-2012-feb-2013');
    await linkPeriod(store, '2012-11-01', '2013-02-28');
  });
  after(() => store.close());

  it('a month of a run of four months reads only the pairs that joined the incidents it lists', async () => {
    const read: StoredLinkage[] = [];
    const counting = new Proxy(store, {
      get: (s, k) =>
        k === 'storedLinkage'
          ? async (ids: readonly number[], within?: LinkageWithin) => {
              read.push(await s.storedLinkage(ids, within));
              return read[read.length - 1];
            }
          : Reflect.get(s, k, s),
    });
    const answer = await sourcesDisagree(counting, { from: '2013-01-01', to: '2013-01-31' });
    const all = await store.storedLinkage((await store.linkageRuns()).map((r) => r.id));
    const month = new Set<string>();
    for await (const b of store.streamEventSummaries({ from: '2013-01-01', to: '2013-01-31' }))
      for (const e of b) month.add(String(e.id));
    assert.equal(answer.linkage.relinked, false);
    assert.equal(read.length, 1);
    const pairs = read[0]!.pairs;
    assert.ok(pairs.length > 0 && pairs.every((p) => p.clustered && month.has(p.a) && month.has(p.b)));
    // Only the listed incidents' links are read since the store judges the incidents (2026-12-06);
    // before, every pair between two of the month's events that joined an incident.
    assert.equal(
      pairs.length,
      answer.disagreeing.reduce((n, i) => n + i.links.length, 0),
      'every pair that joined an incident listed',
    );
    assert.ok(
      all.pairs.length > 3 * pairs.length,
      `${all.pairs.length} pairs in the run, ${pairs.length} read`,
    );
  });

  it("an event's detail and a --dedupe period read the current runs, never every link of them", async () => {
    let reads = 0;
    const counting = new Proxy(store, {
      get: (s, k) =>
        k === 'storedLinkage'
          ? (ids: readonly number[], within?: LinkageWithin) => (reads++, s.storedLinkage(ids, within))
          : Reflect.get(s, k, s),
    });
    let id = '';
    for await (const b of store.streamEventSummaries({
      from: '2013-01-10',
      to: '2013-01-10',
      source: ['csv'],
    }))
      id ||= String(b[0]?.id ?? '');
    const same = await sameIncident(counting, (await store.getEvent(id))!);
    const dedupe = await prepareDedupe(counting, { from: '2013-01-01', to: '2013-01-31' });
    assert.equal(same.status, 'linked');
    assert.equal(dedupe.runs.length, 1);
    assert.equal(reads, 0);
  });

  const filters: [string, EventFilter, Parameters<typeof sourcesDisagree>[2]][] = [
    ['everything', {}, {}],
    ['a month (incidents linked across its edges)', { from: '2013-01-01', to: '2013-01-31' }, {}],
    ['a month cut to 3 incidents', { from: '2013-01-01', to: '2013-01-31' }, { limit: 3 }],
    ['battles, on deaths', { type: ['battle'] }, { differ: 'deaths' }],
    ['only in the perturbed copy, cut to 1', {}, { onlyIn: 'csv', limit: 1 }],
  ];
  for (const [name, filter, opts] of filters)
    it(`the answer over ${name} is byte for byte the one read from the runs' every link`, async () => {
      const now = JSON.stringify(await sourcesDisagree(store, filter, opts));
      const before = JSON.stringify(await sourcesDisagree(wholeRuns(store), filter, opts));
      assert.equal(now, before);
      assert.ok((JSON.parse(now) as { multi_source: number }).multi_source > 0);
    });
});
