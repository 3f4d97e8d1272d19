// test-run: alone, about 7 s (measures latency under load)
/**
 * The reliability suite's load check (issue 11), short: 50 connections of heavy and light
 * requests for a few seconds; /health keeps answering fast and no light request fails. The 30 s
 * run with the 50 ms goal is `npm run bench reliability`.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gedStoreCopy } from '../helpers/bundled-store.ts';
import { runLoad } from './load.ts';

let db: string;
before(async () => {
  // A copy of the run's store of the bundled GED file (importFile(store, GED_FILE), unplaced).
  db = await gedStoreCopy({ placed: false });
});
after(() => rmSync(dirname(db), { recursive: true, force: true }));

describe('under load', () => {
  it('50 connections of forecasts, briefings, claim checks and long series: /health and light reads never fail', async () => {
    const r = await runLoad(db, 3, 50);
    console.log(r.summary);
    assert.ok(r.health.n >= 1 && r.light.n >= 1, r.summary);
    assert.deepEqual(r.light.failures, [], r.summary);
    // Latency is not asserted here: on a shared 2-core test machine it measures the neighbours.
    // The 30 s bench (`npm run bench reliability`) reports the p99 against the 50 ms goal.
  });
});
