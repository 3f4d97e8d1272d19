/**
 * Imports of files whose rows are not events (`npm run bench -- tables`): the bundled daily dyad index
 * (32,235 real rows) and the bundled published statistics (report table and returns series), each
 * read in JavaScript (csv-parse and the format's mapper, the path these files took before) and parsed
 * and mapped by DuckDB (src/storage/duckdb/native/dyad-index-sql.ts, statistics-sql.ts), against
 * DuckDB's own `read_csv` of the file into a table of a store file with a CHECKPOINT (the floor).
 * Each is the median of TABLES_BENCH_RUNS runs (default 3): these imports take about a second or less.
 */
import { mkdirSync } from 'node:fs';
import { floorOf, readerComparison, timedImport } from './ndjson.bench.ts';

const data = (p: string) => new URL(`../data/${p}`, import.meta.url).pathname;
const FILES = [
  ['dyad-index', data('gdelt-dyad-index-2018-2024/gdelt_dyad_daily.csv')],
  ['statistics', data('published-statistics/pakistan_security_reports.csv')],
  ['series', data('afghan-returns/afghan_returns_published.csv')],
] as const;

/** The run of median wall time among `runs`. */
async function median<T extends { ms: number }>(runs: number, f: () => Promise<T>): Promise<T> {
  const all: T[] = [];
  for (let i = 0; i < runs; i++) all.push(await f());
  return all.sort((a, b) => a.ms - b.ms)[Math.floor(runs / 2)]!;
}

/** Runs the benchmark and returns its measurements. */
export async function benchTables(runs = Number(process.env.TABLES_BENCH_RUNS ?? 3)) {
  mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
  const out: Record<string, unknown> = {};
  for (const [name, file] of FILES) {
    const floorMs = (
      await median(runs, async () => ({
        ms: await floorOf(
          name,
          `CREATE TABLE floor AS SELECT * FROM read_csv('${file}', all_varchar = true)`,
        ),
      }))
    ).ms;
    // No events: nothing to misnumber (the import's own row-number check runs inside it).
    const js = await median(runs, () => timedImport(file, false, name, 'SELECT 0'));
    const duck = await median(runs, () => timedImport(file, true, name, 'SELECT 0'));
    out[name] = {
      floor_read_csv_into_store_s: +(floorMs / 1000).toFixed(3),
      ...readerComparison(floorMs, js, duck),
    };
    console.log('tables', name, JSON.stringify(out[name]));
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) await benchTables();
