import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Papa from 'papaparse';
import { PROBES } from '../../test/helpers/mapper-parity.ts';
import { seriesFormat } from '../ingest/series/series-importer.ts';
import { statisticsFormat } from '../ingest/statistics/statistics-importer.ts';
import type { SourceFormat } from '../ingest/source-format.ts';
import type { Statistic } from '../domain/statistic.ts';
import { DuckDBStore } from '../storage/duckdb/duckdb-store.ts';
import { importFile, type ImportResult } from './import-dataset.ts';

const tmp = mkdtempSync(join(tmpdir(), 'faultline-stats-native-'));
const data = (p: string) => new URL(`../../data/${p}`, import.meta.url).pathname;
const REPORTS = data('published-statistics/pakistan_security_reports.csv');
const RETURNS = data('afghan-returns/afghan_returns_published.csv');
const DYAD = data('gdelt-dyad-index-2018-2024/gdelt_dyad_daily.csv');

/** Values that probe the statistics' own rules, beside the shared PROBES. */
const STAT_PROBES = [
  'PAK',
  'Pakistan',
  ' Afghanistan ',
  'Pakistan (Torkham BCP)',
  'Pakistan and Iran',
  'constructor',
  '586',
  'exact',
  'Exact',
  'at_least',
  'about ',
  '2023',
  '2024-02',
  '2023-13',
  '2023-00',
  '0050-03',
  '1799',
  'https://example.org/a',
  'HTTP://EXAMPLE.ORG',
  'https://a\u00a0b',
  'ftp://x',
  'İstanbul ΟΔΟΣ',
  'AFG-PAK',
  'PAK-AFG',
  ' IND-AFG ',
  'afg-pak',
  'AFG-AFG',
  'XXX-PAK',
  'PAK-XYZ',
  'AFG_PAK',
  'AFG-PAKX',
  'x\u0000y',
  '1e15',
  '-1e15',
  '1000000000000001',
];

/** Real rows of a file (the first `take`) with one field at a time replaced by each probe, then rows with two faults. */
function probed(file: string, name: string, two: [string, string][][], take = Infinity): string {
  const rows = Papa.parse<string[]>(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), {
    skipEmptyLines: true,
  }).data.slice(0, take);
  const header = rows[0]!;
  const names = header.map((h) => h.trim().toLowerCase());
  const real = rows.slice(1).filter((r) => !r.every((v) => v === '' || v.startsWith('#')));
  const out = [header];
  let n = 0;
  for (const f of names)
    for (const p of [...PROBES, ...STAT_PROBES]) {
      const r = [...real[n++ % real.length]!];
      r[names.indexOf(f)] = p;
      out.push(r);
    }
  for (const pairs of two) {
    const r = [...real[n++ % real.length]!];
    for (const [f, v] of pairs) r[names.indexOf(f)] = v;
    out.push(r);
  }
  const path = join(tmp, name);
  writeFileSync(path, Papa.unparse(out, { newline: '\n' }) + '\n');
  return path;
}

/** Rows with two faults each: every pair of fields, each given a value that fails it. */
function twoFaults(bad: Record<string, string>): [string, string][][] {
  const fields = Object.keys(bad);
  return fields.flatMap((a, i) =>
    fields.slice(i + 1).flatMap((b) => [
      [
        [a, bad[a]!],
        [b, bad[b]!],
      ] as [string, string][],
    ]),
  );
}

/**
 * Imports the files in order into a fresh store, natively or not; returns the results and the store's
 * statistics, rejections and ledger. The store is in memory: what is compared is what each reader
 * stores, not the file (closing a file store that was written to checkpoints it, about 0.3 s each).
 */
async function importAll(files: string[], native: boolean) {
  const store = await DuckDBStore.open(':memory:');
  const results: ImportResult[] = [];
  for (const f of files) results.push(await importFile(store, f, { native, link: false, alerts: false }));
  const table = (sql: string) => store.select<Record<string, unknown>>(sql);
  const state = {
    ledger: await table(`SELECT * EXCLUDE (id, started_at, duration_ms, parsed_by) FROM imports ORDER BY id`),
    statistics: await table(`SELECT * FROM statistics ORDER BY id`),
    dyadDays: await table(`SELECT * FROM dyad_index_days ORDER BY ALL`),
    rejections: await table(`SELECT * FROM rejections ORDER BY import_id, line, reason`),
  };
  await store.close();
  return { results, state };
}

/** The same files read by DuckDB and by JavaScript give the same store; returns the native run. */
async function bothWays(files: string[]) {
  const native = await importAll(files, true);
  const js = await importAll(files, false);
  assert.deepEqual(
    native.results.map((r) => r.parsedBy),
    files.map(() => 'duckdb'),
  );
  assert.deepEqual(
    js.results.map((r) => r.parsedBy),
    files.map(() => 'javascript'),
  );
  assert.deepEqual(native.state, js.state);
  return native;
}

/** Each data row of a file as the JavaScript mapper reads it: rejected (field, value, reason), metadata or accepted. */
function jsVerdicts(path: string, format: SourceFormat<Statistic>) {
  const rows = Papa.parse<string[]>(readFileSync(path, 'utf8'), { skipEmptyLines: true }).data;
  const names = rows[0]!.map((h) => h.trim().toLowerCase());
  return rows.slice(1).map((r) => format.map(Object.fromEntries(names.map((h, i) => [h, r[i]!])), ''));
}

describe('published statistics and the dyad index parsed by DuckDB', () => {
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('the bundled report table and returns series give the JavaScript reader’s statistics, ledger and rejections', async () => {
    const native = await bothWays([REPORTS, RETURNS]);
    assert.ok(native.state.statistics.length > 100, `${native.state.statistics.length} statistics`);
    // Imported again: the same bytes are a no-op whichever reader read them first.
    const again = await importAll([REPORTS, REPORTS], true);
    assert.equal(again.results[1]!.alreadyImported, true);
  });

  it('the report table: every probe in every column, and rows with two faults, give what JavaScript gives', async () => {
    const path = probed(
      REPORTS,
      'reports-probed.csv',
      twoFaults({
        source_org: ' ',
        report: '',
        metric: '',
        definition: '',
        unit: '',
        country: 'Atlantis',
        period_start: '2021-02-30',
        period_end: '1799-12-31',
        value: '-1',
        value_qualifier: 'roughly',
      }),
    );
    const native = await bothWays([path]);
    const verdicts = jsVerdicts(path, statisticsFormat);
    const rejected = verdicts.filter((v) => v.ok === false).length;
    const accepted = verdicts.filter((v) => v.ok === true).length;
    // Not a vacuous comparison: both kinds of rows are many, and the rejections name many reasons.
    assert.ok(rejected > 200 && accepted > 100, `${rejected} rejected, ${accepted} accepted`);
    const reasons = new Set(native.state.rejections.map((r) => String(r.reason).replace(/^[^:]+: /, '')));
    for (const reason of [
      'contains a NUL byte',
      'is required',
      'unrecognised country',
      'not a valid date',
      'before 1800-01-01',
      'negative count',
      'integer out of range',
      'not one of exact, at_least, at_most, about',
    ])
      assert.ok(reasons.has(reason), `a rejection says "${reason}"`);
    assert.ok(
      [...reasons].some((r) => r.startsWith('before period_start')),
      'a period that ends before it starts is rejected',
    );
    assert.equal(native.results[0]!.ledger.accepted + native.results[0]!.ledger.rejected, verdicts.length);
  });

  it('an indicator series: every probe in every column, HXL rows, non-ASCII ids and rows with two faults, as JavaScript reads them', async () => {
    const path = probed(
      RETURNS,
      'returns-probed.csv',
      twoFaults({
        organisation: '',
        report: ' ',
        metric: '',
        geography_from: '',
        period_start: '2023-13',
        period_end: '2023-02-30',
        value: 'many',
        qualifier: 'roughly',
        url: 'ftp://x',
        unit: '',
      }),
    );
    // An HXL hashtag row after the header is metadata for both readers.
    const lines = readFileSync(path, 'utf8').split('\n');
    const hxl = lines[0]!.split(',').map((h, i) => (i === 0 ? '#org' : i % 3 ? `#${h}` : ''));
    writeFileSync(path, [lines[0], hxl.join(','), ...lines.slice(1)].join('\n'));
    const native = await bothWays([path]);
    assert.equal(native.results[0]!.ledger.metadataRows, 1);
    const reasons = new Set(native.state.rejections.map((r) => String(r.reason).replace(/^[^:]+: /, '')));
    for (const reason of ['not a valid month', 'not an http(s) URL', 'not a number', 'is required'])
      assert.ok(reasons.has(reason), `a rejection says "${reason}"`);
    // Ids lower-cased as JavaScript lower-cases them, where DuckDB's lower() differs.
    assert.ok(
      native.state.statistics.some((s) => String(s.id).includes('i̇stanbul οδος')),
      'a non-ASCII id lower-cased by JavaScript',
    );
    assert.ok(
      native.results[0]!.ledger.warnings > 0,
      'rows whose geography names no single country are warned',
    );
  });

  it('a series whose fields go by their other names (organization, report_version, country, source_url), with CRLF line ends, read alike', async () => {
    const path = join(tmp, 'series-aliases.csv');
    writeFileSync(
      path,
      [
        'organization,report,report_version,published,indicator,definition,country,country_to,period_start,period_end,value,value_qualifier,unit,source_url,quote',
        'UNHCR,Flash update 12,v2,2024-03,returns,Afghans returning from Pakistan,Pakistan,Afghanistan,2024-02,2024-02,1234.5,about,persons,https://example.org/u,"Some 1,234 returned"',
        'UNHCR,Flash update 12,v2,2024-03,returns,Afghans returning from Pakistan,Pakistan,Afghanistan,,2024,7,at_least,persons,,',
        'UNHCR,Flash update 12,v2,2024-03,returns,Afghans returning from Pakistan,Pakistan,Afghanistan,2024-03,2024-02,7,,persons,,',
        'UNHCR,Flash update 12,v2,2024-03,returns,Afghans returning from Pakistan,Pakistan,Afghanistan,2024-03,2024-03,7,,persons,notaurl,',
        // A month's last day in a year before 100 (JavaScript's Date.UTC read 0050 as 1950).
        'UNHCR,Flash update 12,v2,2024-03,returns,Afghans returning from Pakistan,Pakistan,Afghanistan,,0050-02,7,,persons,,',
      ].join('\r\n') + '\r\n',
    );
    const native = await bothWays([path]);
    assert.equal(native.results[0]!.ledger.accepted, 3);
    assert.deepEqual(
      native.state.statistics.map((s) => [
        String(s.period_start),
        String(s.period_end),
        s.value,
        s.qualifier,
      ]),
      [
        ['2024-02-01', '2024-02-29', 1234.5, 'about'],
        ['null', '0050-02-28', 7, 'exact'],
        ['null', '2024-12-31', 7, 'at_least'],
      ],
    );
    assert.deepEqual(
      native.state.rejections.map((r) => [r.line, r.field, r.reason]),
      [
        [4, 'period_end', 'period_end: before period_start 2024-03-01'],
        [5, 'source_url', 'source_url: not an http(s) URL'],
      ],
    );
    assert.equal(native.results[0]!.ledger.format, seriesFormat.id);
  });

  it('the dyad index: the bundled file, then every probe in every column and rows with two faults, as JavaScript reads them', async () => {
    const native = await bothWays([DYAD]);
    assert.equal(native.state.dyadDays.length, native.results[0]!.ledger.accepted);
    assert.match(String(native.results[0]!.ledger.version), /^to-2024-/);
    const path = probed(
      DYAD,
      'dyad-probed.csv',
      twoFaults({
        date: '2021-02-30',
        pair: 'AFG-AFG',
        value: 'x',
        day_total_value: '',
        day_total_abs: '-3',
        day_nonzero_cells: '-1',
      }),
      400,
    );
    const probedRun = await bothWays([path]);
    const reasons = new Set(probedRun.state.rejections.map((r) => String(r.reason).replace(/^[^:]+: /, '')));
    for (const reason of [
      'not two ISO3 codes joined by a dash (AFG-PAK)',
      'unknown country XXX',
      'unknown country XYZ',
      'a country paired with itself',
      'negative absolute total',
      'is required',
      'not a number',
      'contains a NUL byte',
    ])
      assert.ok(reasons.has(reason), `a rejection says "${reason}"`);
    // A pair is stored in alphabetical order, whichever way the file writes it.
    assert.ok(probedRun.state.dyadDays.every((d) => String(d.country_a) < String(d.country_b)));
  });
});
