// test-run: alone, about 5 s (replicates the placed GED store to 120,000 events)
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { gedStoreCopy } from '../../test/helpers/bundled-store.ts';
import { replicateEvents } from '../../test/helpers/replicated-store.ts';
import type { DuckDBStore } from '../storage/duckdb/duckdb-store.ts';
import { createStore } from '../storage/index.ts';
import { placementDisagreements } from './placement-disagreements.ts';

// More events than the 100,000 the list read before it read by placement method.
const N = 120_000;

describe(`geo disagreements on ${N.toLocaleString('en')} generated events`, () => {
  let store: DuckDBStore;
  /** The listed events as SQL finds them, by date then id, with their rank among every event by date. */
  let truth: { id: string; geo_method: string; rank: number }[];
  before(async () => {
    store = (await createStore({ path: await gedStoreCopy({ placed: true }) })) as DuckDBStore;
    await replicateEvents(store, N);
    truth = await store.select(
      `SELECT id, geo_method, CAST(rank AS INTEGER) AS rank FROM (
         SELECT id, geo_method, date_start, row_number() OVER (ORDER BY date_start, id) AS rank
         FROM events WHERE superseded_by IS NULL)
       WHERE geo_method IN ('disagree', 'border_snap', 'other_country') ORDER BY date_start, id`,
    );
  });
  after(() => store.close());

  it('lists every disagree and border_snap event, those dated after the first 100,000 events too, and counts each', async () => {
    // What the test rests on: listed events lie beyond the first 100,000 by date (the old read's cut).
    assert.ok(
      truth.some((t) => t.rank > 100_000),
      `ranks ${truth.at(-1)?.rank}`,
    );
    const r = await placementDisagreements(store, { limit: 10_000 });
    assert.deepEqual(
      r.placements.map((p) => p.id),
      truth.map((t) => t.id),
    );
    const counted = (m: string) => truth.filter((t) => t.geo_method === m).length;
    assert.deepEqual(r.counts, {
      disagree: counted('disagree'),
      border_snap: counted('border_snap'),
      other_country: 0,
    });
    assert.equal(r.total, truth.length);
    assert.ok(r.events >= N, `${r.events} events`);
    assert.equal(r.note, null);
  });

  it('a list cut at its limit gives the first events by date and says how many of how many it shows', async () => {
    const r = await placementDisagreements(store, { limit: 25, methods: ['disagree'] });
    const disagree = truth.filter((t) => t.geo_method === 'disagree');
    assert.deepEqual(
      r.placements.map((p) => p.id),
      disagree.slice(0, 25).map((t) => t.id),
    );
    assert.deepEqual([r.total, r.limit, r.counts.disagree], [disagree.length, 25, disagree.length]);
    assert.equal(
      r.note,
      `shows the first 25 of ${disagree.length} events by date: give a larger limit (at most 10000), or fewer countries or methods, for the rest`,
    );
  });
});
