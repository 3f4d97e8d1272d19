import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readdirSync } from 'node:fs';
import {
  aggregateCases,
  canonicalCases,
  PARITY_FILTERS,
  routeMismatches,
} from '../../../test/helpers/rollup-parity.ts';
import { GED_FILE } from '../../../test/helpers/ged-rows.ts';
import { createStore, type Store } from '../../storage/index.ts';
import type { DuckDBStore } from '../../storage/duckdb/duckdb-store.ts';
import { DATA_DIR } from '../bundled-data.ts';
import { createEventPlacer } from '../geography.ts';
import { importFile } from '../import-dataset.ts';

const CANDIDATE_DIR = `${DATA_DIR}ucdp-candidate/`;
const CANDIDATES = readdirSync(CANDIDATE_DIR)
  .filter((f) => f.endsWith('.csv'))
  .sort()
  .map((f) => CANDIDATE_DIR + f);

describe('rollups on the bundled GED and candidate files, placed', () => {
  let store: Store;
  before(async () => {
    store = await createStore({ path: ':memory:' });
    const place = await createEventPlacer(store);
    await importFile(store, GED_FILE, { place });
    for (const f of CANDIDATES) await importFile(store, f, { place });
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
