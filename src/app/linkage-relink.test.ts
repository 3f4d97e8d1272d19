import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { candidatePairs, LINKAGE_DEFAULTS } from '../analytics/linkage/linkage.ts';
import { createApi, startServer } from '../api/server.ts';
import type { Store } from '../storage/index.ts';
import { perturbedCutStore } from '../../test/helpers/perturbed-store.ts';
import { linkRecordOf, linkRecordOfCandidate, PLACE_RADII } from './link-record.ts';
import { linkPeriod } from './linkage-runs.ts';

const ms = (t0: number) => Math.round(performance.now() - t0);

describe('relinking beside a running server (issue 17)', () => {
  let store: Store;
  before(async () => {
    // Real GED rows of 2010 (a dense year) and a perturbed copy (synthetic, seed 17).
    store = await perturbedCutStore('2010-01-01', '2010-12-31', '2010');
  });
  after(() => store.close());

  it('the store finds the candidate pairs the in-memory sweep finds, with the same records', async () => {
    const records = [];
    for await (const b of store.streamEventSummaries({ from: '2010-01-01', to: '2010-12-31', sort: 'date' }))
      records.push(...b.map(linkRecordOf));
    const byId = new Map(records.map((r) => [r.id, r]));
    const swept = new Set(candidatePairs(records, LINKAGE_DEFAULTS).map(([a, b]) => `${a.id} ${b.id}`));
    const q = { from: '2010-01-01', to: '2010-12-31', days: 3, km: 25, radii: PLACE_RADII };
    const found = new Set<string>();
    for await (const batch of store.linkageCandidates(q))
      for (const [a, b] of batch) {
        found.add([a.id, b.id].sort().join(' '));
        for (const r of [a, b]) assert.deepEqual(linkRecordOfCandidate(r), byId.get(r.id));
      }
    assert.ok(swept.size > 1000, `${swept.size} pairs`);
    // Blocking may pass a pair the window then refuses (linkage checks again), never miss one.
    assert.deepEqual(
      [...swept].filter((k) => !found.has(k)),
      [],
    );
    assert.ok(found.size - swept.size <= swept.size / 100, `${found.size - swept.size} extra pairs`);
  });

  it('/health keeps answering while a relink runs (a year of real GED rows against a perturbed copy)', async () => {
    const server = await startServer(createApi({ store, log: () => {} }), '127.0.0.1', 0);
    try {
      assert.equal((await fetch(`${server.url}/api/v1/health`)).status, 200);
      // The relink an import runs after it commits, on the server's own event loop.
      const relink = linkPeriod(store, '2010-01-01', '2010-12-31');
      let done = false;
      void relink.finally(() => (done = true));
      const waits: number[] = [];
      let during = 0;
      while (!done || waits.length < 3) {
        const t0 = performance.now();
        const health = await fetch(`${server.url}/api/v1/health`);
        assert.equal(health.status, 200, await health.clone().text());
        waits.push(ms(t0));
        if (!done) during++;
        await new Promise((r) => setTimeout(r, 20));
      }
      const linked = await relink;
      assert.ok(linked.records > 1000, `${linked.records} records`);
      assert.ok(linked.incidents > 400, `${linked.incidents} incidents`);
      assert.ok(during >= 2, `/health answered ${during} times during the relink`);
      // Loose bounds: the test machine is shared.
      const sorted = [...waits].sort((x, y) => x - y);
      const shown = `/health waited ${waits.join(', ')} ms`;
      assert.ok(sorted[Math.floor(sorted.length / 2)]! < 100, shown);
      assert.ok(sorted.at(-1)! < 1000, shown);
    } finally {
      await server.close();
    }
  });
});
