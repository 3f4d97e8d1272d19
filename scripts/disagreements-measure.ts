/**
 * Time and peak memory of `faultline disagreements --format json` on a store with many
 * cross-source links (docs/linkage.md, "Cost on a large store"). The store is the linkage
 * evaluation set (the bundled GED extract and its perturbed copy, seed 17, as bench/linkage.bench.ts
 * builds it), repeated `--repeat` times in SQL with fresh ids, each copy moved by a whole span of
 * 33 years (synthetic, set up untimed), then linked once over everything as an import links it.
 * Each request runs the built CLI (`bin/faultline.js`, run `npm run build` first) in its own
 * process under /usr/bin/time, so the peak RSS is the request's alone: over one year (2013, the
 * busiest of the extract) and over everything. `npm run --silent measure:disagreements` prints
 * the table; `-- --repeat 1,2,4` the sizes; `-- --format json` the figures.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importFile } from '../src/app/import-dataset.ts';
import { linkPeriod } from '../src/app/linkage-runs.ts';
import { createStore } from '../src/storage/index.ts';
import { GED_FILE, gedRows } from '../test/helpers/ged-rows.ts';
import { perturbGed, PERTURBED_MAPPING } from '../test/helpers/perturbed-ged.ts';

/** One request on one store. */
export interface Measurement {
  /** Copies of the evaluation set in the store. */
  repeat: number;
  /** Events in the store, and the pairs and incidents of two or more records its one run holds. */
  events: number;
  pairs: number;
  incidents: number;
  /** The request: `year 2013` or `everything`. */
  request: string;
  /** What the answer counts: records under the filter, incidents of two or more sources, and of these how many disagree. */
  records: number;
  multi_source: number;
  disagreeing_total: number;
  /** Bytes of the JSON answer. */
  answer_bytes: number;
  /** Wall time of the whole process (node start-up included), seconds. */
  seconds: number;
  /** CPU time of the process (user and system, DuckDB's threads too), seconds: on a shared machine the wall time mostly measures the others. */
  cpu_seconds: number;
  /** Peak resident memory of the process, MB. */
  peak_rss_mb: number;
}

const BIN = fileURLToPath(new URL('../bin/faultline.js', import.meta.url));
const SPAN_DAYS = 12060; // 33 years: the extract's 1989-2021 and a margin, so copies never overlap

/** The evaluation set `repeat` times in a store file, linked once over everything. */
export async function buildStore(db: string, dir: string, repeat: number) {
  const { header, rows } = gedRows();
  const { csv } = perturbGed(header, rows, 17);
  const file = join(dir, 'ged-22.1-perturbed-synthetic-seed-17.csv');
  writeFileSync(file, csv);
  writeFileSync(join(dir, 'perturbed.mapping.yaml'), PERTURBED_MAPPING);
  let store = await createStore({ path: db });
  await importFile(store, GED_FILE, { link: false });
  await importFile(store, file, { mapping: join(dir, 'perturbed.mapping.yaml'), link: false });
  await store.close();
  const conn = await (await DuckDBInstance.create(db)).connect();
  await conn.run(`INSERT INTO events SELECT e.* REPLACE ('r' || t.k || ':' || e.id AS id,
      e.date_start + CAST(t.k * ${SPAN_DAYS} AS INTEGER) AS date_start,
      e.date_end + CAST(t.k * ${SPAN_DAYS} AS INTEGER) AS date_end)
    FROM events e, range(1, ${repeat}) t(k)`);
  await conn.run('CHECKPOINT');
  const [row] = (await conn.runAndReadAll('SELECT count(*)::INTEGER AS n FROM events')).getRowObjects();
  conn.closeSync();
  store = await createStore({ path: db });
  const linked = await linkPeriod(store, '1989-01-01', '2300-12-31');
  await store.close();
  return { events: Number(row!.n), pairs: linked.pairs, incidents: linked.incidents };
}

// One request in a process of its own: the answer, its wall and CPU time and peak RSS (GNU time's %e, %U, %S, %M).
function request(db: string, home: string, args: string[]) {
  const timing = join(home, 'time.txt');
  const out = execFileSync(
    '/usr/bin/time',
    ['-f', '%e %U %S %M', '-o', timing, process.execPath, BIN, 'disagreements', ...args, '--format', 'json'],
    { env: { ...process.env, FAULTLINE_HOME: home, FAULTLINE_DB: db }, maxBuffer: 1 << 30 },
  );
  const [seconds, user, system, kb] = readFileSync(timing, 'utf8').trim().split(/\s+/).slice(-4).map(Number);
  return {
    answer: JSON.parse(out.toString()) as Record<string, unknown>,
    bytes: out.length,
    seconds: seconds!,
    cpu: user! + system!,
    kb: kb!,
  };
}

/** Measures both requests on a store of each size. */
export async function measure(repeats: readonly number[]): Promise<Measurement[]> {
  const out: Measurement[] = [];
  for (const repeat of repeats) {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-disagreements-measure-'));
    try {
      const db = join(dir, 'store.duckdb');
      const built = await buildStore(db, dir, repeat);
      for (const [name, args] of [
        ['year 2013', ['--from', '2013', '--to', '2013']],
        ['everything', []],
      ] as const) {
        const r = request(db, dir, [...args]);
        const linkage = r.answer.linkage as { relinked: boolean };
        // A relink inside the request would measure linking, not reading the stored links.
        if (linkage.relinked) throw new Error(`the store was linked again by the request: ${name}`);
        out.push({
          repeat,
          ...built,
          request: name,
          records: Number(r.answer.records),
          multi_source: Number(r.answer.multi_source),
          disagreeing_total: Number(r.answer.disagreeing_total),
          answer_bytes: r.bytes,
          seconds: r.seconds,
          cpu_seconds: Math.round(r.cpu * 100) / 100,
          peak_rss_mb: Math.round(r.kb / 1024),
        });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--repeat');
  const repeats = (at >= 0 ? args[at + 1]! : '1,4').split(',').map(Number);
  if (repeats.some((n) => !Number.isInteger(n) || n < 1)) {
    console.error(`invalid --repeat: ${args[at + 1]} (whole numbers from 1, comma-separated)`);
    process.exit(2);
  }
  const rows = await measure(repeats);
  if (args.includes('--format') && args[args.indexOf('--format') + 1] === 'json')
    console.log(JSON.stringify(rows, null, 2));
  else
    for (const r of rows)
      console.log(
        `x${r.repeat} (${r.events} events, ${r.pairs} pairs, ${r.incidents} incidents), ${r.request}: ${r.seconds.toFixed(2)} s wall, ${r.cpu_seconds.toFixed(2)} s CPU, peak RSS ${r.peak_rss_mb} MB; answer ${r.records} records, ${r.multi_source} multi-source, ${r.disagreeing_total} disagreeing, ${r.answer_bytes} bytes`,
      );
}
