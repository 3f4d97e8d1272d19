// test-run: alone, about 40 s (builds a 2M-event store)
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { aggregateCase, canonicalCases, routeMismatches } from '../../../test/helpers/rollup-parity.ts';
import { replicatedStore } from '../../../test/helpers/replicated-store.ts';
import { GROUP_BYS } from '../../domain/aggregate.ts';
import type { DuckDBStore } from '../../storage/duckdb/duckdb-store.ts';

const N = 2_000_000;

describe(`rollups on ${N.toLocaleString('en')} generated events`, () => {
  let store: DuckDBStore;
  before(async () => {
    store = await replicatedStore(':memory:', N);
  });
  after(() => store.close());

  it('the store holds at least two million events, and the rollups count each once', async () => {
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
