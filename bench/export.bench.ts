/**
 * Export benchmark: builds a store of N events (default 3,000,000, as the rollups benchmark does:
 * test/helpers/replicated-store.ts), then exports every event as NDJSON, CSV and Parquet to
 * /dev/null-like sinks, reporting rows, time, rows/s and the process's peak RSS and kept heap
 * during each run against the RSS before it. The claim: memory does not grow with the row count
 * (compare EXPORT_BENCH_N=300000 with the default). EXPORT_BENCH_N scales it; EXPORT_BENCH_STORE
 * reuses a store file an earlier run built.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { exportEvents, type ExportFormat } from '../src/app/event-export.ts';
import { DuckDBStore } from '../src/storage/duckdb/duckdb-store.ts';
import { replicatedStore } from '../test/helpers/replicated-store.ts';

const OUT = new URL('./out/', import.meta.url).pathname;
const mb = (b: number) => `${Math.round(b / 1e6)} MB`;

/** Runs the export benchmark and prints one line per format. */
export async function benchExport(): Promise<void> {
  const n = Number(process.env.EXPORT_BENCH_N ?? 3_000_000);
  mkdirSync(OUT, { recursive: true });
  const path = process.env.EXPORT_BENCH_STORE ?? join(OUT, `export-${n}.duckdb`);
  const reuse = Boolean(process.env.EXPORT_BENCH_STORE);
  if (!reuse) rmSync(path, { force: true });
  const store = reuse ? await DuckDBStore.open(path) : await replicatedStore(path, n);
  const [{ rows }] = await store.select<{ rows: number }>(`SELECT count(*) AS rows FROM events`);
  console.log(`export bench: ${rows} events (${process.env.EXPORT_BENCH_STORE ? 'reused store' : 'built'})`);
  for (const format of ['ndjson', 'csv', 'parquet'] as ExportFormat[]) {
    const before = process.memoryUsage().rss;
    let peakRss = before;
    let peakHeap = 0;
    let bytes = 0;
    const timer = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }, 50);
    const t = performance.now();
    const written = await exportEvents(store, {}, format, {
      write: async (c) => void (bytes += c.length),
    });
    const s = (performance.now() - t) / 1000;
    clearInterval(timer);
    console.log(
      `  ${format.padEnd(8)} ${written} rows in ${s.toFixed(1)} s (${Math.round(written / s)} rows/s), ${mb(bytes)} out; RSS ${mb(before)} before, peak ${mb(peakRss)}; peak heap ${mb(peakHeap)}`,
    );
  }
  await store.close();
}
