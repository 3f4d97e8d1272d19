import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Papa from 'papaparse';
import { parity, PROBES } from '../../test/helpers/mapper-parity.ts';
import { csvMappedFormat, loadMapping } from '../ingest/csv-mapped/csv-mapped-importer.ts';
import { DuckDBStore } from '../storage/duckdb/duckdb-store.ts';
import { importFile, type ImportOptions } from './import-dataset.ts';
import { sourcesAnswer } from './sources-view.ts';

const tmp = mkdtempSync(join(tmpdir(), 'faultline-csv-mapped-native-'));
const CSV = new URL('../ingest/csv-mapped/fixtures/incidents_synthetic.csv', import.meta.url).pathname;
const MAPPING = new URL('../ingest/csv-mapped/fixtures/incidents_synthetic.mapping.yaml', import.meta.url)
  .pathname;

/** Values the generic mapping reads differently from the released formats: countries, type names, lists, a NUL byte. */
const MAPPED_PROBES = [
  ...PROBES,
  'Pakistan',
  ' pak ',
  'PAK',
  '586',
  'XXX',
  'Bombing',
  ' Armed attack ',
  'constructor',
  'a; b;;c',
  'a;\u00a0b;\u2003c; ',
  'x\u0000y',
];

/**
 * The fixture's rows `copies` times, each copy's ids made distinct (`A-1/2`) and every row valid (A-3's
 * `several` becomes 3): the parity check compares each probe row's values only when its id is new.
 */
function fixtureRows(copies: number): string[][] {
  const [, ...rows] = Papa.parse<string[]>(readFileSync(CSV, 'utf8'), { skipEmptyLines: true }).data;
  return Array.from({ length: copies }, (_, k) =>
    rows.map((r) => [
      copies > 1 ? `${r[0]}/${k}` : r[0]!,
      ...r.slice(1, 10),
      r[10] === 'several' ? '3' : r[10]!,
      ...r.slice(11),
    ]),
  ).flat();
}

/** The fixture's log `copies` times over (see fixtureRows), read with the fixture's mapping. */
function manyIncidents(copies: number): string {
  const [header] = Papa.parse<string[]>(readFileSync(CSV, 'utf8')).data;
  const path = join(tmp, 'incidents-many.csv');
  writeFileSync(path, Papa.unparse([header!, ...fixtureRows(copies)], { newline: '\n' }) + '\n');
  return path;
}

/** A SYNTHETIC incident log with a column for every field a mapping can fill (see fixtureRows). */
function fullFile(delimiter = ',', copies = 1): { csv: string; mapping: string } {
  const rows = fixtureRows(copies);
  const header = [
    'Incident No',
    'Day',
    'Day End',
    'Country Name',
    'Province',
    'District',
    'Town',
    'Lat',
    'Lng',
    'Precision',
    'Category',
    'Kind',
    'Perpetrator',
    'Victims',
    'Killed',
    'Killed Low',
    'Killed High',
    'Civilians Killed',
    'Title',
    'Summary',
    'Links',
  ];
  const out = rows.map((r, i) => [
    r[0]!,
    r[1]!,
    i % 2 ? '' : '2023-05-20',
    i % 3 ? 'Pakistan' : 'PAK',
    r[2]!,
    r[3]!,
    r[4]!,
    r[5]!,
    r[6]!,
    String(i % 4),
    r[7]!,
    i % 2 ? 'IED' : '',
    r[8]!,
    r[9]!,
    r[10]!,
    '1',
    '9',
    r[11]!,
    `SYNTHETIC title ${i}`,
    r[12]!,
    'https://example.org/a; https://example.org/b',
  ]);
  const csv = join(tmp, `full-${delimiter === ',' ? 'comma' : 'semicolon'}.csv`);
  writeFileSync(csv, Papa.unparse([header, ...out], { delimiter, newline: '\n' }) + '\n');
  const mapping = join(tmp, `full-${delimiter === ',' ? 'comma' : 'semicolon'}.yaml`);
  writeFileSync(
    mapping,
    [
      'dataset: full-log',
      'version: "2023-06"',
      `delimiter: "${delimiter}"`,
      'exact_geo_precision: 2',
      'columns:',
      ...[
        ['source_id', 'Incident No'],
        ['date_start', 'Day'],
        ['date_end', 'Day End'],
        ['country', 'Country Name'],
        ['admin1', 'Province'],
        ['admin2', 'District'],
        ['place', 'Town'],
        ['lat', 'Lat'],
        ['lon', 'Lng'],
        ['geo_precision', 'Precision'],
        ['type', 'Category'],
        ['subtype', 'Kind'],
        ['actor1', 'Perpetrator'],
        ['actor2', 'Victims'],
        ['fatalities_best', 'Killed'],
        ['fatalities_low', 'Killed Low'],
        ['fatalities_high', 'Killed High'],
        ['deaths_civilians', 'Civilians Killed'],
        ['headline', 'Title'],
        ['notes', 'Summary'],
        ['source_articles', 'Links'],
      ].map(([f, c]) => `  ${f}: "${c}"`),
      'type_map:',
      '  Bombing: remote-violence',
      '  "Armed attack": battle',
    ].join('\n') + '\n',
  );
  return { csv, mapping };
}

/**
 * Imports files in order into a fresh store; returns the results, events (without hashes), rejections
 * and readers. The store is in memory: what is compared is what each reader stores, not the file
 * (closing a file store that was written to checkpoints it).
 */
async function importAll(files: [string, string][], opts: ImportOptions = {}) {
  const store = await DuckDBStore.open(':memory:');
  try {
    const results = [];
    for (const [csv, mapping] of files)
      results.push(await importFile(store, csv, { mapping, link: false, alerts: false, ...opts }));
    const table = (sql: string) => store.select<Record<string, unknown>>(sql);
    return {
      results,
      events: await table(
        `SELECT * EXCLUDE (import_id, content_hash) FROM events WHERE superseded_by IS NULL ORDER BY id`,
      ),
      rejections: await table(
        `SELECT line, field, value, reason, raw FROM rejections ORDER BY import_id, line`,
      ),
      readers: (await table(`SELECT parsed_by FROM imports ORDER BY id`)).map((r) => r.parsed_by),
    };
  } finally {
    await store.close();
  }
}

describe('the generic mapped CSV parsed by DuckDB', () => {
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('gives the JavaScript mapper verdicts, reasons and values: constants, every probe in every column', async () => {
    const csv = manyIncidents(250);
    const fields = Papa.parse<string[]>(readFileSync(CSV, 'utf8')).data[0]!;
    const format = csvMappedFormat(loadMapping(MAPPING));
    const n = await parity(
      tmp,
      csv,
      fields,
      format,
      'incidents-probes.csv',
      { mapping: MAPPING },
      MAPPED_PROBES,
    );
    assert.ok(n > 500, `${n} rows compared`);
  });

  it('and with every field mapped: end dates, country names, exact precision, counts, lists, type names', async () => {
    const { csv, mapping } = fullFile(',', 400);
    // Every pair of faulty fields in one row: both readers name the field ingest checks first.
    const faults: [string, string][] = [
      ['incident no', ''],
      ['day', '2021-02-30'],
      ['day end', 'x'],
      ['day end', '2000-01-01'],
      ['country name', 'XXX'],
      ['lat', '91'],
      ['lng', 'x'],
      ['precision', '-1'],
      ['killed', 'x'],
      ['killed low', '1.5'],
      ['killed high', '2147483648'],
      ['civilians killed', '-0x'],
      ['summary', 'a\u0000b'],
    ];
    const several = faults.flatMap((a, i) =>
      faults
        .slice(i + 1)
        .filter((b) => b[0] !== a[0])
        .map((b) => [a, b]),
    );
    const fields = Papa.parse<string[]>(readFileSync(csv, 'utf8')).data[0]!.map((h) => h.toLowerCase());
    const format = csvMappedFormat(loadMapping(mapping));
    const n = await parity(tmp, csv, fields, format, 'full-probes.csv', { mapping }, MAPPED_PROBES, several);
    assert.ok(n > 900, `${n} rows compared`);
  });

  it('reads the delimiter the mapping names, and stores what the JavaScript reader stores', async () => {
    const { csv, mapping } = fullFile(';');
    const native = await importAll([[csv, mapping]]);
    const js = await importAll([[csv, mapping]], { native: false });
    assert.deepEqual(
      native.results.map((r) => r.parsedBy),
      ['duckdb'],
    );
    assert.deepEqual(
      js.results.map((r) => r.parsedBy),
      ['javascript'],
    );
    assert.deepEqual([native.events.length, native.rejections.length], [3, 0]);
    assert.ok(native.events.every((e) => e.country === 'PAK'));
    assert.deepEqual(
      native.events.map((e) => e.source_articles),
      native.events.map(() => ['https://example.org/a', 'https://example.org/b']),
    );
    assert.deepEqual(native.events, js.events);
    assert.deepEqual(native.rejections, js.rejections);
    // The ledger keeps which reader parsed each file.
    assert.deepEqual([native.readers, js.readers], [['duckdb'], ['javascript']]);
  });

  it('a dataset the JavaScript reader stored stays with it, so unchanged events are not reported changed', async () => {
    const next = join(tmp, 'incidents-next.csv');
    // The next version of the log: one event's count corrected, the others as they were.
    writeFileSync(
      next,
      readFileSync(CSV, 'utf8').replace(
        'Bannu,32.9889,70.6056,Bombing,TTP,Police,4',
        'Bannu,32.9889,70.6056,Bombing,TTP,Police,5',
      ),
    );
    const before = await importAll(
      [
        [CSV, MAPPING],
        [next, MAPPING],
      ],
      {},
    );
    // Read natively from the start: the second import is diffed natively.
    assert.deepEqual(
      before.results.map((r) => [r.parsedBy, r.ledger.changed, r.ledger.unchanged]),
      [
        ['duckdb', 0, 0],
        ['duckdb', 1, 1],
      ],
    );
    const js = await DuckDBStore.open(':memory:');
    try {
      await importFile(js, CSV, { mapping: MAPPING, native: false, link: false, alerts: false });
      const r = await importFile(js, next, { mapping: MAPPING, link: false, alerts: false });
      assert.equal(r.parsedBy, 'javascript');
      assert.match(
        r.parsedInJavaScriptBecause ?? '',
        /events of dataset incident-log were stored by the JavaScript reader/,
      );
      assert.deepEqual([r.ledger.changed, r.ledger.unchanged], [1, 1]);
      // Row A-3 (`killed = several`) is rejected by both readers, with the same record text.
      const a3 =
        'A-3,2023-05-10,Sindh,Karachi,Karachi,24.86,67.01,Bombing,,Civilians,several,,SYNTHETIC: killed count is not a number';
      const expected = {
        line: 4,
        field: 'killed',
        value: 'several',
        reason: 'killed: not an integer',
        raw: a3,
      };
      assert.deepEqual(before.rejections, [expected, expected]);
      assert.deepEqual(
        await js.select(`SELECT line, field, value, reason, raw FROM rejections ORDER BY import_id, line`),
        [expected, expected],
      );
      // Another dataset in the same store is read natively.
      const { csv, mapping } = fullFile();
      assert.equal((await importFile(js, csv, { mapping, link: false, alerts: false })).parsedBy, 'duckdb');
      // The ledger says which reader parsed each file (GET /sources, `faultline sources`), and by which mapping.
      const listed = (await sourcesAnswer(js)).imports;
      assert.deepEqual(
        listed.map((i) => [i.file, i.parsed_by]),
        [
          ['incidents_synthetic.csv', 'javascript'],
          ['incidents-next.csv', 'javascript'],
          ['full-comma.csv', 'duckdb'],
        ],
      );
      const stored = await js.listImports();
      assert.deepEqual(
        listed.map((i) => i.mapping_sha256),
        stored.map((l) => l.mappingSha256),
      );
      assert.ok(listed.every((i) => /^[0-9a-f]{64}$/.test(i.mapping_sha256 ?? '')));
    } finally {
      await js.close();
    }
  });
});
