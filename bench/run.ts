/** `npm run bench`: every benchmark, each printing ratios against a baseline run in the same process. */
import { existsSync } from 'node:fs';
import { benchImport } from './import.bench.ts';

const only = process.argv[2];
if (!only || only === 'import') await benchImport();
for (const [name, file, fn] of [
  ['geo', './geo.bench.ts', 'benchGeo'],
  ['forecast', './forecast.bench.ts', 'benchForecast'],
  ['api', './api.bench.ts', 'benchApi'],
  ['rollups', './rollups.bench.ts', 'benchRollups'],
  ['dashboard', './dashboard.bench.ts', 'benchDashboard'],
  ['cli', './cli.bench.ts', 'benchCli'],
  ['ndjson', './ndjson.bench.ts', 'benchNdjson'],
  ['csv-mapped', './csv-mapped.bench.ts', 'benchCsvMapped'],
  ['tables', './tables.bench.ts', 'benchTables'],
  ['fuzz-import', './fuzz-import.bench.ts', 'benchFuzzImport'],
  ['reliability', './reliability.bench.ts', 'benchReliability'],
  ['export', './export.bench.ts', 'benchExport'],
  ['gdelt', './gdelt.bench.ts', 'benchGdelt'],
  ['linkage', './linkage.bench.ts', 'benchLinkage'],
  ['barometer', './barometer.bench.ts', 'benchBarometer'],
] as const) {
  if ((only && only !== name) || !existsSync(new URL(file, import.meta.url))) continue;
  const mod = (await import(file)) as Record<string, () => Promise<unknown>>;
  await mod[fn]!();
}
// A benchmark may leave a server or queued queries behind; the numbers are printed, so stop.
process.exit(0);
