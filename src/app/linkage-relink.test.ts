import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createApi, startServer } from '../api/server.ts';
import { createStore } from '../storage/index.ts';
import { csvLine, gedRows } from '../../test/helpers/ged-rows.ts';
import { perturbGed, PERTURBED_MAPPING } from '../../test/helpers/perturbed-ged.ts';
import { importFile } from './import-dataset.ts';
import { linkPeriod } from './linkage-runs.ts';

const ms = (t0: number) => Math.round(performance.now() - t0);

describe('relinking beside a running server (issue 17)', () => {
  it('/health keeps answering while a relink runs (a year of real GED rows against a perturbed copy)', async () => {
    // Real GED rows of 2010 (dense years) and a perturbed copy (synthetic, seed 17).
    const { header, rows } = gedRows();
    const start = header.indexOf('date_start');
    const cut = rows.filter((r) => r[start]! >= '2010-01-01' && r[start]! <= '2010-12-31');
    const dir = mkdtempSync(join(tmpdir(), 'faultline-relink-'));
    const ged = join(dir, 'ged-22.1-2010.csv');
    writeFileSync(ged, [header.join(','), ...cut.map(csvLine)].join('\n') + '\n');
    const copy = join(dir, 'ged-22.1-2010-perturbed-synthetic-seed-17.csv');
    writeFileSync(copy, perturbGed(header, cut, 17).csv);
    writeFileSync(join(dir, 'perturbed.mapping.yaml'), PERTURBED_MAPPING);
    const store = await createStore({ path: ':memory:' });
    const server = await startServer(createApi({ store, log: () => {} }), '127.0.0.1', 0);
    try {
      await importFile(store, ged, { version: '22.1', link: false });
      await importFile(store, copy, { mapping: join(dir, 'perturbed.mapping.yaml'), link: false });
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
      await store.close();
    }
  });
});
