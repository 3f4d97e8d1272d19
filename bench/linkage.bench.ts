/**
 * Linkage benchmark (issue 17). Two parts:
 * 1. Evaluation: the whole bundled GED (6,416 real rows) against its perturbed copy (seed 17,
 *    test/helpers/perturbed-ged.ts), imported into a store and linked after the import as users
 *    get it; prints precision and recall against the recorded truth.
 * 2. Speed: a whole relink (linkPeriod: candidate pairs by space-time blocking and scoring in DuckDB,
 *    clusters in JavaScript, the run stored by the engine) of the real GED records repeated in a store with
 *    fresh ids, moved by whole time spans and map tiles (synthetic, the extract's density per day
 *    and place), against copies of every sixth: A records against B, scaled by env
 *    LINKAGE_BENCH_SCALE (default 0.1 of the goal's 2.5M x 0.4M).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importFile } from '../src/app/import-dataset.ts';
import { linkPeriod, type LinkSummary } from '../src/app/linkage-runs.ts';
import { createStore, type Store } from '../src/storage/index.ts';
import { GED_FILE, gedRows } from '../test/helpers/ged-rows.ts';
import { perturbedTruth, scoreLinkage } from '../test/helpers/linkage-eval.ts';
import { perturbGed, PERTURBED_MAPPING } from '../test/helpers/perturbed-ged.ts';

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

/**
 * A relink of the bench's whole period, as an import runs it, with its wall and CPU seconds (the
 * process's, DuckDB's threads too: on a shared machine the wall time mostly measures the others).
 */
async function timedRelink(store: Store): Promise<{ res: LinkSummary; s: number; cpuS: number }> {
  const t = performance.now();
  const cpu = process.cpuUsage();
  const res = await linkPeriod(store, '1989-01-01', '2421-12-31');
  const used = process.cpuUsage(cpu);
  return { res, s: (performance.now() - t) / 1000, cpuS: (used.user + used.system) / 1e6 };
}

async function speed(): Promise<void> {
  const scale = Number(process.env.LINKAGE_BENCH_SCALE ?? 0.1);
  const [nA, nB] = [Math.round(2_500_000 * scale), Math.round(400_000 * scale)];
  const dir = mkdtempSync(join(tmpdir(), 'faultline-linkage-speed-'));
  const db = join(dir, 'speed.duckdb');
  // The real GED records in a store file, then repeated in SQL (synthetic, set up untimed): A is
  // the GED rows with fresh ids, moved by whole spans of 33 years (13 spans) and by whole tiles of
  // 25 degrees of longitude and 20 of latitude (30 tiles), so each day and place holds the events
  // the extract has; B copies every sixth A record, a day later in 4 of 10, up to 1.1 km north or south.
  let store = await createStore({ path: db });
  await importFile(store, GED_FILE, { link: false });
  await store.close();
  const conn = await (await DuckDBInstance.create(db)).connect();
  const run = (sql: string) => conn.run(sql);
  await run(`CREATE TEMP TABLE ged AS SELECT * FROM events`);
  await run(`DELETE FROM events`);
  await run(`INSERT INTO events SELECT g.* REPLACE ('a:' || t.k || ':' || g.id AS id, 'a' AS source,
      g.date_start + CAST((t.k % 13) * 12060 AS INTEGER) AS date_start,
      g.date_end + CAST((t.k % 13) * 12060 AS INTEGER) AS date_end,
      g.lat + (t.k // 13 % 6) * 20 - 60 AS lat, g.lon + (t.k // 78) * 25 - 50 AS lon)
    FROM ged g, range(0, 400) t(k) ORDER BY t.k, g.id LIMIT ${nA}`);
  await run(`INSERT INTO events SELECT * EXCLUDE (n) REPLACE ('b:' || e.id AS id, 'b' AS source,
      e.date_start + CAST(hash(e.id) % 10 < 4 AS INTEGER) AS date_start,
      e.date_end + CAST(hash(e.id) % 10 < 4 AS INTEGER) AS date_end,
      e.lat + ((hash(e.id || 'y') % 1000) / 1000.0 - 0.5) * 0.02 AS lat)
    FROM (SELECT *, row_number() OVER (ORDER BY id) AS n FROM events) e WHERE e.n % 6 = 0 ORDER BY e.id LIMIT ${nB}`);
  await run('CHECKPOINT');
  conn.closeSync();
  store = await createStore({ path: db, memoryLimit: process.env.FAULTLINE_MEMORY_LIMIT });
  const load = readFileSync('/proc/loadavg', 'utf8').trim();
  // The whole relink of the period as an import runs it: candidates in SQL, scoring and clusters, the run stored.
  const { res, s, cpuS } = await timedRelink(store);
  console.log(
    `linkage speed: ${res.records} records (${nA} against ${nB}, scale ${scale}): ${s.toFixed(1)} s wall, ${cpuS.toFixed(1)} s CPU, ${res.pairs} pairs, ${res.links} links, ${res.incidents} incidents; heap ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MB, peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB; load average at start ${load}`,
  );
  // A small import afterwards (5 rows of the perturbed copy, another source) and the relink it
  // runs: the stored run is extended by the days that changed, against the whole relink above.
  const { header, rows } = gedRows();
  const five = perturbGed(header, rows.slice(1000, 1005), 17).csv;
  writeFileSync(join(dir, 'small-perturbed-synthetic.csv'), five);
  writeFileSync(join(dir, 'perturbed.mapping.yaml'), PERTURBED_MAPPING);
  await importFile(store, join(dir, 'small-perturbed-synthetic.csv'), {
    mapping: join(dir, 'perturbed.mapping.yaml'),
    link: false,
  });
  const { res: ext, s: s2, cpuS: cpu2S } = await timedRelink(store);
  console.log(
    `linkage after a 5-row import: ${ext.extended ? 'extended' : 'linked whole'}, ${ext.scored} of ${ext.records} records scored again: ${s2.toFixed(2)} s wall, ${cpu2S.toFixed(2)} s CPU; ${(s2 / s).toFixed(3)}x the whole relink's wall time, ${(cpu2S / cpuS).toFixed(3)}x its CPU`,
  );
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

/** Runs both parts (env LINKAGE_BENCH_PART=evaluation or speed runs one). */
export async function benchLinkage(): Promise<void> {
  const part = process.env.LINKAGE_BENCH_PART;
  if (part !== 'speed') await evaluation();
  if (part !== 'evaluation') await speed();
}
