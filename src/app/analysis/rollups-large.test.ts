// test-run: alone, about 13 s (builds a store of 600,000 events)
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aggregateCase, canonicalCases, routeMismatches } from '../../../test/helpers/rollup-parity.ts';
import { replicatedGedStore } from '../../../test/helpers/replicated-store.ts';
import { GROUP_BYS } from '../../domain/aggregate.ts';
import type { DuckDBStore } from '../../storage/duckdb/duckdb-store.ts';

// Enough copies for DuckDB's parallel paths: about five row groups of 122,880 rows, scanned and
// aggregated by both threads (the API bench holds 3M events; at 2M this file took 30-45 s).
const N = 600_000;

describe(`rollups on ${N.toLocaleString('en')} generated events`, () => {
  let store: DuckDBStore;
  before(async () => {
    // The placed GED rows (the run's cached store of them) replicated in memory.
    store = await replicatedGedStore(N);
    // Both threads whatever the suite sets (scripts/test.sh sets one): the parallel paths are the point.
    await store.limitThreads(2);
  });
  after(() => store.close());

  it(`the store holds at least ${N.toLocaleString('en')} events, and the rollups count each once`, async () => {
    const n = await store.countEvents({});
    store.reads.routing = 'events';
    assert.equal(await store.countEvents({}), n);
    store.reads.routing = 'auto';
    assert.ok(n >= N, `${n} events`);
  });

  it('every canonical dashboard query answers the same from the rollups as from events', async () => {
    assert.deepEqual(await routeMismatches(store, canonicalCases()), []);
  });

  it('every group, monthly over a mid-month span, gives the same rows from the rollups as from events', async () => {
    const filter = { country: ['PAK'], from: '2016-03-17', to: '2020-08-09' };
    const cases = GROUP_BYS.map((groupBy) =>
      aggregateCase('mid-month span', { filter, unit: 'month', groupBy }),
    );
    assert.deepEqual(await routeMismatches(store, cases), []);
  });
});
