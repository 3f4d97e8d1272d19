import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  aggregateCases,
  canonicalCases,
  PARITY_FILTERS,
  routeMismatches,
} from '../../../test/helpers/rollup-parity.ts';
import { bundledStoreCopy } from '../../../test/helpers/bundled-store.ts';
import { createStore, type Store } from '../../storage/index.ts';
import type { DuckDBStore } from '../../storage/duckdb/duckdb-store.ts';

describe('rollups on the bundled GED and candidate files, placed', () => {
  let store: Store;
  // Every bundled file imported and placed, as `faultline start` does: the rollups were kept by those imports.
  before(async () => {
    store = await createStore({ path: await bundledStoreCopy() });
  });
  after(() => store.close());

  it('every canonical dashboard query answers the same from the rollups as from events', async () => {
    assert.deepEqual(await routeMismatches(store, canonicalCases()), []);
  });

  it('every group and bucket unit under every filter dimension gives the same rows from the rollups as from events', async () => {
    const cases = aggregateCases(PARITY_FILTERS);
    assert.deepEqual(await routeMismatches(store, cases), []);
  });

  it('the rollups hold every event once: their event count equals the events table', async () => {
    const reads = (store as DuckDBStore).reads;
    reads.routing = 'events';
    const direct = await store.countEvents({});
    reads.routing = 'auto';
    assert.equal(await store.countEvents({}), direct);
    assert.ok(direct > 7_000, `${direct} events`);
  });
});
