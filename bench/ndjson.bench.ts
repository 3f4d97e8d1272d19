/**
 * NDJSON import benchmark (`npm run bench -- ndjson`): builds a UCDP API download of N lines (default
 * 200,000; NDJSON_BENCH_N) from the real bundled GED rows in the API's record shape with fresh ids,
 * then times, in the same process: DuckDB's own `read_json` of the file into a table of a store file
 * with a CHECKPOINT (the floor for any design that stores the rows), the import read in JavaScript
 * (JSON.parse line by line, the path every NDJSON file took before), and the import parsed by DuckDB
 * (src/storage/duckdb/native/ndjson-sql.ts). Both imports place events, keep provenance and commit.
 */
import { createWriteStream, mkdirSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { createEventPlacer } from '../src/app/geography.ts';
import { importFile, type ImportOptions } from '../src/app/import-dataset.ts';
import { createStore } from '../src/storage/index.ts';
import { GED_FILE } from '../test/helpers/ged-rows.ts';
import { ucdpApiRecords } from '../test/helpers/ucdp-api-records.ts';

const OUT = new URL('./out/', import.meta.url).pathname;

/** The download: line i holds the bundled record i mod n with id 1e9 + i. */
async function buildFile(n: number): Promise<string> {
  mkdirSync(OUT, { recursive: true });
  const path = join(OUT, `ucdp-ged-22.1-bench-${n}.ndjson`);
  const records = ucdpApiRecords(GED_FILE);
  const w = createWriteStream(path);
  for (let i = 0; i < n; i++) {
    const line = JSON.stringify({ ...records[i % records.length]!, id: 1_000_000_000 + i }) + '\n';
    if (!w.write(line)) await new Promise<void>((res) => w.once('drain', () => res()));
  }
  await new Promise<void>((res) => w.end(() => res()));
  return path;
}

/**
 * One import into a fresh store: wall and CPU seconds, the reader that parsed it, and how many events
 * `misnumberedSql` counts (events whose record number is not their line's).
 */
export async function timedImport(
  file: string,
  native: boolean,
  name = 'ndjson',
  // Line i (from 0) holds id 1e9 + i: every event must carry its own line's record number.
  misnumberedSql = `SELECT count(*) FROM events WHERE CAST(source_id AS BIGINT) - 1000000000 <> record_no`,
  opts: ImportOptions = {},
) {
  const db = join(OUT, `${name}-bench-${native ? 'duckdb' : 'js'}.duckdb`);
  rmSync(db, { force: true });
  rmSync(db + '.wal', { force: true });
  const store = await createStore({ path: db, memoryLimit: process.env.FAULTLINE_MEMORY_LIMIT });
  const place = await createEventPlacer(store);
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  const r = await importFile(store, file, { native, place, link: false, alerts: false, ...opts });
  const ms = performance.now() - t;
  const cpu = process.cpuUsage(cpu0);
  await store.close();
  const check = await (await DuckDBInstance.create(db)).connect();
  const wrong = await check.runAndReadAll(misnumberedSql);
  const misnumbered = Number(wrong.getRows()[0]![0]);
  check.closeSync();
  rmSync(db, { force: true });
  return { ms, cpu: (cpu.user + cpu.system) / 1e6, by: r.parsedBy, accepted: r.ledger.accepted, misnumbered };
}

/**
 * The floor: how long DuckDB takes to run `sql` (reading the file into a table) in a fresh store file
 * and checkpoint it, in ms. The store file is removed after.
 */
export async function floorOf(name: string, sql: string): Promise<number> {
  const db = join(OUT, `${name}-floor.duckdb`);
  rmSync(db, { force: true });
  const inst = await DuckDBInstance.create(db);
  const conn = await inst.connect();
  const t = performance.now();
  await conn.run(`${sql}; CHECKPOINT`);
  const ms = performance.now() - t;
  conn.closeSync();
  inst.closeSync();
  rmSync(db, { force: true });
  return ms;
}

/** Both readers' imports side by side, against the floor (shared with bench/csv-mapped.bench.ts and bench/tables.bench.ts). */
export function readerComparison(
  floorMs: number,
  js: Awaited<ReturnType<typeof timedImport>>,
  duck: Awaited<ReturnType<typeof timedImport>>,
) {
  return {
    javascript_import_s: +(js.ms / 1000).toFixed(2),
    duckdb_import_s: +(duck.ms / 1000).toFixed(2),
    parsed_by: [js.by, duck.by],
    accepted: [js.accepted, duck.accepted],
    misnumbered_records: [js.misnumbered, duck.misnumbered],
    javascript_cpu_s: +js.cpu.toFixed(2),
    duckdb_cpu_s: +duck.cpu.toFixed(2),
    speedup_over_javascript: +(js.ms / duck.ms).toFixed(2),
    ratio_to_floor: +(duck.ms / floorMs).toFixed(2),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    loadavg_at_end: loadavg().map((x) => +x.toFixed(2)),
  };
}

/** Runs the benchmark and returns its measurements. */
export async function benchNdjson(
  n = Number(process.env.NDJSON_BENCH_N ?? 200_000),
): Promise<Record<string, unknown>> {
  const file = await buildFile(n);
  const mb = statSync(file).size / 1e6;
  const floorMs = await floorOf(
    'ndjson',
    `CREATE TABLE floor AS SELECT * FROM read_json('${file}', format = 'newline_delimited')`,
  );
  const js = await timedImport(file, false);
  const duck = await timedImport(file, true);
  const out = {
    lines: n,
    file_mb: Math.round(mb),
    floor_read_json_into_store_s: +(floorMs / 1000).toFixed(2),
    ...readerComparison(floorMs, js, duck),
    lines_per_s: Math.round(n / (duck.ms / 1000)),
  };
  console.log('ndjson', JSON.stringify(out));
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) await benchNdjson();
