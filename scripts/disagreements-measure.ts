/**
 * Time and peak memory of the reads of stored links on a store with many cross-source links
 * (docs/linkage.md, "Cost of `disagreements` on a large store"): `faultline disagreements` over a
 * year and over everything, one event's detail (its incident), and a deduplicated series of a year,
 * each `--format json`. The store is the linkage evaluation set (the bundled GED extract and its
 * perturbed copy, seed 17, as bench/linkage.bench.ts builds it), repeated `--repeat` times in SQL
 * with fresh ids, each copy moved by a whole span of 33 years (synthetic, set up untimed), then
 * linked once over everything as an import links it. Each request runs the built CLI
 * (`bin/faultline.js`, run `npm run build` first) in its own process under GNU time, so the peak
 * RSS is the request's alone, with the machine's load average (1 minute) as it started: on a shared
 * machine a figure means little without it. The year is 2013 (the extract's second busiest, after
 * 2012). `npm run --silent measure:disagreements` prints the table; `-- --repeat 1,2,4` the sizes;
 * `-- --format json` the figures; `-- --compare <other>/bin/faultline.js` runs each request with
 * that build too (a checkout of an earlier commit, built) on the same store, and fails unless both
 * answers are the same byte for byte.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
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
  /** The request: `disagreements` over 2013 or everything, one event's detail, a deduplicated series of 2013. */
  request: string;
  /** What a `disagreements` answer counts (null for the others): records under the filter, incidents of two or more sources, and of these how many disagree. */
  records: number | null;
  multi_source: number | null;
  disagreeing_total: number | null;
  /** Bytes of the JSON answer. */
  answer_bytes: number;
  /** Wall time of the whole process (node start-up included), seconds. */
  seconds: number;
  /** CPU time of the process (user and system, DuckDB's threads too), seconds: on a shared machine the wall time mostly measures the others. */
  cpu_seconds: number;
  /** Peak resident memory of the process, MB. */
  peak_rss_mb: number;
  /** The machine's load average over the last minute as the request started (what `uptime` shows first). */
  load: number;
  /** The build that answered: this one, or the one given with `--compare` (its path). */
  build: string;
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
  const [row] = (
    await conn.runAndReadAll(
      `SELECT count(*)::INTEGER AS n, strftime(max(coalesce(date_end, date_start)), '%Y-%m-%d') AS last FROM events`,
    )
  ).getRowObjects();
  // One record of the perturbed copy in 2013, whose detail names its incident.
  const [{ id: sample }] = (
    await conn.runAndReadAll(
      `SELECT min(id) AS id FROM events WHERE source = 'csv' AND date_start = DATE '2013-03-02'`,
    )
  ).getRowObjects() as [{ id: string }];
  conn.closeSync();
  store = await createStore({ path: db });
  // Through the last copy's last day: a run ending before it (2300, until 2026-12-06) left the
  // copies after it unlinked from 10 copies on, and the first request linked them.
  const linked = await linkPeriod(store, '1989-01-01', String(row!.last));
  await store.close();
  return { events: Number(row!.n), pairs: linked.pairs, incidents: linked.incidents, sample: sample! };
}

// One request in a process of its own: the answer, its wall and CPU time and peak RSS (GNU time's %e, %U, %S, %M).
function request(db: string, home: string, args: string[], bin: string) {
  const timing = join(home, 'time.txt');
  const load = loadavg()[0]!;
  const out = execFileSync(
    '/usr/bin/time',
    ['-f', '%e %U %S %M', '-o', timing, process.execPath, bin, ...args, '--format', 'json'],
    { env: { ...process.env, FAULTLINE_HOME: home, FAULTLINE_DB: db }, maxBuffer: 1 << 30 },
  );
  const [seconds, user, system, kb] = readFileSync(timing, 'utf8').trim().split(/\s+/).slice(-4).map(Number);
  return {
    text: out.toString(),
    bytes: out.length,
    seconds: seconds!,
    cpu: user! + system!,
    kb: kb!,
    load: Math.round(load * 100) / 100,
  };
}

// Where two answers first differ, for the refusal.
function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at character ${i}: ${JSON.stringify(a.slice(Math.max(0, i - 40), i + 40))} against ${JSON.stringify(b.slice(Math.max(0, i - 40), i + 40))}`;
}

/** Measures the requests on a store of each size; with `compare` (another build's bin/faultline.js), each with both builds, their answers the same. */
export async function measure(repeats: readonly number[], compare?: string): Promise<Measurement[]> {
  const out: Measurement[] = [];
  for (const repeat of repeats) {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-disagreements-measure-'));
    try {
      const db = join(dir, 'store.duckdb');
      const { sample, ...built } = await buildStore(db, dir, repeat);
      for (const [name, args] of [
        ['disagreements, year 2013', ['disagreements', '--from', '2013', '--to', '2013']],
        ['disagreements, everything', ['disagreements']],
        ['event, one record of 2013', ['event', sample]],
        ['series --dedupe, year 2013', ['series', '--from', '2013', '--to', '2013', '--dedupe']],
      ] as const) {
        const answers: string[] = [];
        for (const bin of compare ? [compare, BIN] : [BIN]) {
          const r = request(db, dir, [...args], bin);
          // A relink inside the request would measure linking, not reading the stored links.
          if (/"relinked":\s*true/.test(r.text))
            throw new Error(`the store was linked again by the request: ${name}`);
          const answer = JSON.parse(r.text) as Record<string, unknown>;
          const counted = (k: string) => (args[0] === 'disagreements' ? Number(answer[k]) : null);
          answers.push(r.text);
          out.push({
            repeat,
            ...built,
            request: name,
            records: counted('records'),
            multi_source: counted('multi_source'),
            disagreeing_total: counted('disagreeing_total'),
            answer_bytes: r.bytes,
            seconds: r.seconds,
            cpu_seconds: Math.round(r.cpu * 100) / 100,
            peak_rss_mb: Math.round(r.kb / 1024),
            load: r.load,
            build: bin === BIN ? 'this' : bin,
          });
        }
        if (answers.length === 2 && answers[0] !== answers[1])
          throw new Error(
            `x${repeat}, ${name}: the answers of ${compare} and of this build differ ${firstDifference(answers[0]!, answers[1]!)}`,
          );
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
  const other = args.indexOf('--compare');
  const compare = other >= 0 ? args[other + 1] : undefined;
  if (other >= 0 && !(compare && existsSync(compare))) {
    console.error(`invalid --compare: ${compare ?? '(nothing)'} (the bin/faultline.js of another build)`);
    process.exit(2);
  }
  const rows = await measure(repeats, compare);
  if (args.includes('--format') && args[args.indexOf('--format') + 1] === 'json')
    console.log(JSON.stringify(rows, null, 2));
  else {
    for (const r of rows)
      console.log(
        `x${r.repeat} (${r.events} events, ${r.pairs} pairs, ${r.incidents} incidents), ${r.request}${r.build === 'this' ? '' : ` [${r.build}]`}: ${r.seconds.toFixed(2)} s wall, ${r.cpu_seconds.toFixed(2)} s CPU, peak RSS ${r.peak_rss_mb} MB, load ${r.load.toFixed(2)}; answer ${r.records === null ? '' : `${r.records} records, ${r.multi_source} multi-source, ${r.disagreeing_total} disagreeing, `}${r.answer_bytes} bytes`,
      );
    if (compare)
      console.log(
        `the answers of ${compare} and of this build: the same, byte for byte, for all ${rows.length / 2} requests`,
      );
  }
}
