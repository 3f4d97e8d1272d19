/**
 * Export benchmark: builds a store of N events (default 3,000,000, as the rollups benchmark does:
 * test/helpers/replicated-store.ts), then exports every event in each format into a counting sink,
 * reporting rows, time, rows/s, bytes and the process's RSS before the run, its peak during it
 * (sampled every 50 ms) and the peak heap. The claim: memory does not grow with the row count
 * (compare EXPORT_BENCH_N=300000 with the default). While the NDJSON export runs, a short read
 * (a filtered count) is timed every 500 ms: an export must not make other reads wait.
 * EXPORT_BENCH_N scales it; EXPORT_BENCH_STORE reuses a store file an earlier run built;
 * EXPORT_BENCH_FORMATS (comma-separated) picks the formats; EXPORT_BENCH_SORT_BATCH sets the rows an
 * export sorts at once (default 500,000).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { EXPORT_FORMATS, exportEvents, type ExportFormat } from '../src/app/event-export.ts';
import { DuckDBStore } from '../src/storage/duckdb/duckdb-store.ts';
import { replicatedStore } from '../test/helpers/replicated-store.ts';

const OUT = new URL('./out/', import.meta.url).pathname;
const mb = (b: number) => `${Math.round(b / 1e6)} MB`;

/** Runs the export benchmark and prints one line per format. */
export async function benchExport(): Promise<void> {
  const n = Number(process.env.EXPORT_BENCH_N ?? 3_000_000);
  const formats = (process.env.EXPORT_BENCH_FORMATS?.split(',') ?? [
    'csv',
    'ndjson',
    'json',
    'geojson',
    'parquet',
    'xlsx',
  ]) as ExportFormat[];
  for (const f of formats) if (!EXPORT_FORMATS.includes(f)) throw new Error(`unknown format: ${f}`);
  mkdirSync(OUT, { recursive: true });
  const path = process.env.EXPORT_BENCH_STORE ?? join(OUT, `export-${n}.duckdb`);
  const reuse = Boolean(process.env.EXPORT_BENCH_STORE);
  if (!reuse) rmSync(path, { force: true });
  const sortBatch = process.env.EXPORT_BENCH_SORT_BATCH
    ? Number(process.env.EXPORT_BENCH_SORT_BATCH)
    : undefined;
  if (!reuse) await (await replicatedStore(path, n)).close();
  const store = await DuckDBStore.open(path, undefined, { sortBatch });
  const [{ rows }] = await store.select<{ rows: number }>(`SELECT count(*) AS rows FROM events`);
  console.log(`export bench: ${rows} events (${reuse ? 'reused store' : 'built'})`);
  const probe = () => store.countEvents({ country: ['PAK'], from: '2015-01-01', to: '2015-12-31' });
  const idle: number[] = [];
  for (let i = 0; i < 5; i++) idle.push(await timed(probe));
  for (const format of formats) {
    const before = process.memoryUsage().rss;
    let peakRss = before;
    let peakHeap = 0;
    let bytes = 0;
    const timer = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }, 50);
    // Short reads beside the NDJSON export, one every 500 ms.
    const beside: number[] = [];
    let probing = format === 'ndjson';
    const probes = (async () => {
      while (probing) {
        beside.push(await timed(probe));
        await new Promise((r) => setTimeout(r, 500));
      }
    })();
    const t = performance.now();
    const written = await exportEvents(store, {}, format, {
      write: async (c) => void (bytes += c.length),
    });
    const s = (performance.now() - t) / 1000;
    probing = false;
    await probes;
    clearInterval(timer);
    console.log(
      `  ${format.padEnd(8)} ${written} rows in ${s.toFixed(1)} s (${Math.round(written / s)} rows/s), ${mb(bytes)} out; RSS ${mb(before)} before, peak ${mb(peakRss)}; peak heap ${mb(peakHeap)}`,
    );
    if (beside.length)
      console.log(
        `           a filtered count beside it: median ${median(beside)} ms, max ${Math.max(...beside)} ms over ${beside.length} (idle: median ${median(idle)} ms)`,
      );
  }
  await store.close();
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return Math.round(performance.now() - t);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
