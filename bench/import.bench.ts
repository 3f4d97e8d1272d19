/**
 * Import benchmark: builds a GED-shaped CSV of N rows (default 2,000,000) from the real bundled rows
 * with fresh ids, then times, in the same process: bare DuckDB `read_csv` count of the file; the floor
 * for any design that stores the rows (`read_csv` into a table of a store file, then CHECKPOINT);
 * and faultline's full import (independent count, hash and archive in Node while DuckDB parses, SQL
 * mapping and validation, country/actor/placement lookups, diff, ledger, commit). With
 * IMPORT_BENCH_STAGED=1, also the same file staged and diffed into a fresh store (the path every new
 * version of a stored source takes). With IMPORT_BENCH_HXL=1 the file carries GED's HXL row after its
 * header, as the files HDX serves do (one metadata row, left out of the events; the bare count reads it as a row).
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { createEventPlacer } from '../src/app/geography.ts';
import { importFile } from '../src/app/import-dataset.ts';
import { createStore } from '../src/storage/index.ts';
import { csvLine, GED_FILE, gedRows } from '../test/helpers/ged-rows.ts';

/** CPU seconds (user + system, every thread of the process) since `from`. */
const cpuSeconds = (from: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1e6;
};

/** DuckDB `read_csv` of the file into a table of the store file, then CHECKPOINT (and the table dropped again). */
function floorRun(db: string, file: string): { ms: number; cpu: number; rssMb: number } {
  const code = `
    import { DuckDBInstance } from '@duckdb/node-api';
    const inst = await DuckDBInstance.create(${JSON.stringify(db)}, { memory_limit: ${JSON.stringify(process.env.FAULTLINE_MEMORY_LIMIT ?? '2GB')} });
    const c = await inst.connect();
    const cpu0 = process.cpuUsage();
    const t = performance.now();
    await c.run(\`CREATE TABLE floor AS SELECT * FROM read_csv(${JSON.stringify(file).replaceAll('"', "'")}, all_varchar = true, header = true); CHECKPOINT\`);
    const ms = performance.now() - t;
    const d = process.cpuUsage(cpu0);
    await c.run('DROP TABLE floor; CHECKPOINT');
    c.closeSync();
    inst.closeSync();
    console.log(JSON.stringify({ ms, cpu: (d.user + d.system) / 1e6, rssMb: process.resourceUsage().maxRSS / 1024 }));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as { ms: number; cpu: number; rssMb: number };
}

const OUT = new URL('./out/', import.meta.url).pathname;

/** Whether the file carries GED's HXL row after its header (IMPORT_BENCH_HXL=1). */
const HXL = process.env.IMPORT_BENCH_HXL === '1';

async function buildFile(n: number): Promise<string> {
  mkdirSync(OUT, { recursive: true });
  const path = join(OUT, `ged-${n}${HXL ? '-hxl' : ''}.csv`);
  const { header, rows } = gedRows();
  const w = createWriteStream(path);
  w.write(csvLine(header) + '\r\n');
  if (HXL) w.write(readFileSync(GED_FILE, 'utf8').split('\n')[1]!.replace(/\r$/, '') + '\r\n');
  for (let i = 0; i < n; i++) {
    const r = [...rows[i % rows.length]!];
    r[0] = String(1_000_000_000 + i);
    if (!w.write(csvLine(r) + '\r\n')) await new Promise<void>((res) => w.once('drain', () => res()));
  }
  await new Promise<void>((res) => w.end(() => res()));
  return path;
}

/** Runs the import benchmark and returns its measurements. */
export async function benchImport(
  n = Number(process.env.IMPORT_BENCH_N ?? 2_000_000),
): Promise<Record<string, unknown>> {
  const file = await buildFile(n);
  const mb = statSync(file).size / 1e6;
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  let t = performance.now();
  const r = await conn.runAndReadAll(
    `SELECT count(*) FROM read_csv('${file}', all_varchar = true, header = true)`,
  );
  const baselineMs = performance.now() - t;
  const baselineRows = Number(r.getRows()[0]![0]);
  const db = join(OUT, 'bench.duckdb');
  rmSync(db, { force: true });
  rmSync(db + '.wal', { force: true });
  rmSync(join(OUT, 'archive'), { recursive: true, force: true });
  // The floor runs in a child process, so that this process's peak RSS is the import's own.
  const floor = floorRun(db, file);
  const floorMs = floor.ms;
  const floorCpu = floor.cpu;
  const store = await createStore({ path: db, memoryLimit: process.env.FAULTLINE_MEMORY_LIMIT });
  const place = await createEventPlacer(store);
  const cpu0 = process.cpuUsage();
  t = performance.now();
  const res = await importFile(store, file, { format: 'ucdp-ged', version: 'bench', place });
  const importMs = performance.now() - t;
  const importCpu = cpuSeconds(cpu0);
  await store.close();
  const check = await (await DuckDBInstance.create(db)).connect();
  const wrong = await check.runAndReadAll(
    `SELECT count(*) FROM events WHERE CAST(source_id AS BIGINT) - 1000000000 + ${HXL ? 2 : 1} <> record_no`,
  );
  // The file's ids are 1e9 + the row's position (after the HXL row, record 1, when there is one):
  // every event must carry its own record's number.
  const misnumbered = Number(wrong.getRows()[0]![0]);
  check.closeSync();
  const peakMb = process.resourceUsage().maxRSS / 1024;
  // IMPORT_BENCH_STAGED=1: the same file staged and diffed (as a new version of a stored source is),
  // into a fresh store, after the direct import (whose peak RSS is read above).
  let stagedMs: number | null = null;
  let stagedCpu: number | null = null;
  if (process.env.IMPORT_BENCH_STAGED === '1') {
    const sdb = join(OUT, 'bench-staged.duckdb');
    rmSync(sdb, { force: true });
    rmSync(sdb + '.wal', { force: true });
    const staged = await createStore({ path: sdb, memoryLimit: process.env.FAULTLINE_MEMORY_LIMIT });
    const splace = await createEventPlacer(staged);
    const scpu0 = process.cpuUsage();
    t = performance.now();
    await importFile(staged, file, { format: 'ucdp-ged', version: 'bench', place: splace, alwaysDiff: true });
    stagedMs = performance.now() - t;
    stagedCpu = cpuSeconds(scpu0);
    await staged.close();
    rmSync(sdb, { force: true });
  }
  const out = {
    rows: n,
    hxl_row: HXL,
    file_mb: Math.round(mb),
    baseline_rows: baselineRows,
    accepted: res.ledger.accepted,
    misnumbered_records: misnumbered,
    baseline_read_csv_s: +(baselineMs / 1000).toFixed(2),
    floor_read_csv_into_store_s: +(floorMs / 1000).toFixed(2),
    import_s: +(importMs / 1000).toFixed(2),
    rows_per_s: Math.round(n / (importMs / 1000)),
    peak_rss_mb: Math.round(peakMb),
    ratio_to_read_csv: +(importMs / baselineMs).toFixed(1),
    ratio_to_floor: +(importMs / floorMs).toFixed(2),
    // CPU seconds of the whole process (DuckDB's threads included): less sensitive to a busy machine than wall time.
    floor_cpu_s: +floorCpu.toFixed(2),
    floor_peak_rss_mb: Math.round(floor.rssMb),
    import_cpu_s: +importCpu.toFixed(2),
    cpu_ratio_to_floor: +(importCpu / floorCpu).toFixed(2),
    ...(stagedMs !== null
      ? {
          staged_import_s: +(stagedMs / 1000).toFixed(2),
          staged_ratio_to_floor: +(stagedMs / floorMs).toFixed(2),
          staged_import_cpu_s: +stagedCpu!.toFixed(2),
        }
      : {}),
    loadavg_at_end: loadavg().map((x) => +x.toFixed(2)),
    goal_ratio_to_floor: 1.5,
    goal_peak_rss_mb: 1536,
  };
  console.log('import', JSON.stringify(out));
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) await benchImport();
