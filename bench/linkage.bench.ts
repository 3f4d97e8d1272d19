/**
 * Linkage benchmark (issue 17). Two parts:
 * 1. Evaluation: the whole bundled GED (6,416 real rows) against its perturbed copy (seed 17,
 *    test/helpers/perturbed-ged.ts), imported into a store and linked after the import as users
 *    get it; prints precision and recall against the recorded truth.
 * 2. Speed: the engine alone (linkRecords) on the real GED records repeated with fresh ids and
 *    dates moved by whole spans (synthetic, same density per day), against perturbed copies: A
 *    records against B, scaled by env LINKAGE_BENCH_SCALE (default 0.1 of the goal's 2.5M x 0.4M).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { linkRecords, type LinkRecord } from '../src/analytics/linkage/linkage.ts';
import { importFile } from '../src/app/import-dataset.ts';
import { linkRecordOf } from '../src/app/link-record.ts';
import { createStore } from '../src/storage/index.ts';
import { GED_FILE, gedRows } from '../test/helpers/ged-rows.ts';
import { perturbedTruth, scoreLinkage } from '../test/helpers/linkage-eval.ts';
import { perturbGed, PERTURBED_MAPPING } from '../test/helpers/perturbed-ged.ts';
import { mulberry32 } from '../test/helpers/seeded-random.ts';

async function evaluation(): Promise<void> {
  const { header, rows } = gedRows();
  const { csv, copies } = perturbGed(header, rows, 17);
  const dir = mkdtempSync(join(tmpdir(), 'faultline-linkage-bench-'));
  const file = join(dir, 'ged-22.1-perturbed-synthetic-seed-17.csv');
  writeFileSync(file, csv);
  writeFileSync(join(dir, 'perturbed.mapping.yaml'), PERTURBED_MAPPING);
  const store = await createStore({ path: ':memory:' });
  await importFile(store, GED_FILE);
  const t = performance.now();
  const r = await importFile(store, file, { mapping: join(dir, 'perturbed.mapping.yaml') });
  const ms = performance.now() - t;
  const truth = perturbedTruth(csv);
  const s = await scoreLinkage(store, truth);
  console.log(
    `linkage evaluation: ${rows.length} GED rows, ${copies} perturbed copies: precision ${s.precision.toFixed(3)} (${s.correct}/${s.predicted}), recall ${s.recall.toFixed(3)} (${s.correct}/${s.truth}); import and link ${(ms / 1000).toFixed(1)} s (${r.linkage?.records} records)`,
  );
  await store.close();
}

async function speed(): Promise<void> {
  const scale = Number(process.env.LINKAGE_BENCH_SCALE ?? 0.1);
  const [nA, nB] = [Math.round(2_500_000 * scale), Math.round(400_000 * scale)];
  // The real GED records, read once through a store.
  const store = await createStore({ path: ':memory:' });
  await importFile(store, GED_FILE, { link: false });
  const base: LinkRecord[] = [];
  for await (const batch of store.streamEventSummaries({ sort: 'date' }))
    base.push(...batch.map(linkRecordOf));
  await store.close();
  const span = Math.max(...base.map((r) => r.dayTo)) - Math.min(...base.map((r) => r.dayFrom)) + 10;
  const rnd = mulberry32(17);
  const records: LinkRecord[] = [];
  for (let i = 0; i < nA; i++) {
    const r = base[i % base.length]!;
    const k = Math.floor(i / base.length);
    records.push({
      ...r,
      id: `a:${i}`,
      source: 'a',
      dayFrom: r.dayFrom + k * span,
      dayTo: r.dayTo + k * span,
    });
  }
  for (let i = 0; i < nB; i++) {
    // Copies of every sixth A record, a day later at most, 2 km away at most.
    const r = records[i * 6]!;
    const shift = rnd() < 0.6 ? 0 : 1;
    records.push({
      ...r,
      id: `b:${i}`,
      source: 'b',
      dayFrom: r.dayFrom + shift,
      dayTo: r.dayTo + shift,
      lat: r.lat === null ? null : r.lat + (rnd() - 0.5) * 0.02,
    });
  }
  const t = performance.now();
  const cpu = process.cpuUsage();
  const res = linkRecords(records);
  const s = (performance.now() - t) / 1000;
  // CPU time too: on a shared machine the wall time mostly measures the other processes.
  const used = process.cpuUsage(cpu);
  const cpuS = (used.user + used.system) / 1e6;
  console.log(
    `linkage speed: ${nA} records against ${nB} (scale ${scale}): ${s.toFixed(1)} s wall, ${cpuS.toFixed(1)} s CPU, ${res.pairs.length} pairs, ${res.clusters.length} clusters (heap ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MB)`,
  );
}

/** Runs both parts (env LINKAGE_BENCH_PART=evaluation or speed runs one). */
export async function benchLinkage(): Promise<void> {
  const part = process.env.LINKAGE_BENCH_PART;
  if (part !== 'speed') await evaluation();
  if (part !== 'evaluation') await speed();
}
