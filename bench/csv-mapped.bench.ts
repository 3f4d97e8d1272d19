/**
 * Generic mapped CSV import benchmark (`npm run bench -- csv-mapped`): builds a SYNTHETIC incident log
 * of N rows (default 200,000; CSV_MAPPED_BENCH_N) from the rows of the generic-CSV fixture
 * (src/ingest/csv-mapped/fixtures, itself synthetic) with ids made distinct, then times, in the same
 * process: DuckDB's own `read_csv` of the file into a table of a store file with a CHECKPOINT (the
 * floor for any design that stores the rows), the import read in JavaScript (csv-parse and the
 * mapping's mapper, the path these files took before), and the import parsed and mapped by DuckDB
 * (src/storage/duckdb/native/csv-mapped-sql.ts). Both imports place events, keep provenance and commit.
 */
import { createWriteStream, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { floorOf, readerComparison, timedImport } from './ndjson.bench.ts';

const OUT = new URL('./out/', import.meta.url).pathname;
const FIXTURE = new URL('../src/ingest/csv-mapped/fixtures/incidents_synthetic.csv', import.meta.url)
  .pathname;
const MAPPING = new URL('../src/ingest/csv-mapped/fixtures/incidents_synthetic.mapping.yaml', import.meta.url)
  .pathname;

/** The log: record i (from 1) is the fixture's row (i - 1) mod 3 with id `<i>` and a count of 3 where it says "several". */
async function buildFile(n: number): Promise<string> {
  mkdirSync(OUT, { recursive: true });
  const path = join(OUT, `incidents-synthetic-${n}.csv`);
  const [header, ...rows] = Papa.parse<string[]>(readFileSync(FIXTURE, 'utf8'), {
    skipEmptyLines: true,
  }).data;
  const w = createWriteStream(path);
  w.write(Papa.unparse([header!], { newline: '\n' }) + '\n');
  for (let i = 1; i <= n; i++) {
    const r = rows[(i - 1) % rows.length]!;
    const line = Papa.unparse(
      [[String(i), ...r.slice(1, 10), r[10] === 'several' ? '3' : r[10]!, ...r.slice(11)]],
      {
        newline: '\n',
      },
    );
    if (!w.write(line + '\n')) await new Promise<void>((res) => w.once('drain', () => res()));
  }
  await new Promise<void>((res) => w.end(() => res()));
  return path;
}

/** Runs the benchmark and returns its measurements. */
export async function benchCsvMapped(
  n = Number(process.env.CSV_MAPPED_BENCH_N ?? 200_000),
): Promise<Record<string, unknown>> {
  const file = await buildFile(n);
  const mb = statSync(file).size / 1e6;
  const floorMs = await floorOf(
    'csv-mapped',
    `CREATE TABLE floor AS SELECT * FROM read_csv('${file}', all_varchar = true)`,
  );
  // Record i holds id i: every event must carry its own record's number.
  const misnumbered = `SELECT count(*) FROM events WHERE CAST(split_part(source_id, ':', 2) AS BIGINT) <> record_no`;
  const js = await timedImport(file, false, 'csv-mapped', misnumbered, { mapping: MAPPING });
  const duck = await timedImport(file, true, 'csv-mapped', misnumbered, { mapping: MAPPING });
  const out = {
    rows: n,
    file_mb: Math.round(mb),
    floor_read_csv_into_store_s: +(floorMs / 1000).toFixed(2),
    ...readerComparison(floorMs, js, duck),
    rows_per_s: Math.round(n / (duck.ms / 1000)),
  };
  console.log('csv-mapped', JSON.stringify(out));
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) await benchCsvMapped();
