/**
 * An exported file says what it holds (the filter, how many events match, the source versions and
 * the licences and credits they ask for) where its format has room, and the same filter gives the
 * same bytes twice, from the CLI and the API alike: a researcher cites the file, not the terminal.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { createApi, type Api } from '../../src/api/server.ts';
import type { ExportAbout } from '../../src/app/export-about.ts';
import { registerEvents } from '../../src/cli/commands/events.ts';
import type { DuckDBStore } from '../../src/storage/duckdb/duckdb-store.ts';
import { createStore } from '../../src/storage/index.ts';
import { gedStoreCopy } from '../helpers/bundled-store.ts';
import { runCli } from '../helpers/in-process-cli.ts';

const FILTER = ['--country', 'PAK', '--from', '2021-06', '--to', '2021-06'];
const QUERY = 'country=PAK&from=2021-06&to=2021-06';
// The sha256 of data/ucdp-ged/conflict_data_pak.csv, as `faultline sources` lists it.
const GED_SHA256 = '6ef828898fbb443e234bc723a35984a4e5446f987c0c6fa7ee66ee0207493d38';
const CC_BY = 'ucdp-ged 22.1: CC-BY-4.0 <https://creativecommons.org/licenses/by/4.0/>';

let store: DuckDBStore;
let api: Api;
let dir: string;
let storePath: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'faultline-provenance-'));
  storePath = await gedStoreCopy({ placed: false });
  store = (await createStore({ path: storePath })) as DuckDBStore;
  api = createApi({ store, log: () => {} });
});
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(dirname(storePath), { recursive: true, force: true });
});

/** The first xlsx file of the filter alone exported in this file, and when it was done. */
let firstXlsx: { bytes: Buffer; at: number } | undefined;

/** `faultline events FILTER --format F --output FILE ARGS`: the file's bytes and stderr. */
async function exported(format: string, name: string, ...args: string[]) {
  const path = join(dir, name);
  const r = await runCli(
    store,
    [registerEvents],
    ['events', ...FILTER, '--format', format, '--output', path, ...args],
  );
  assert.equal(r.error, undefined, String(r.error));
  const bytes = readFileSync(path);
  if (format === 'xlsx' && args.length === 0) firstXlsx ??= { bytes, at: Date.now() };
  return { bytes, err: r.err };
}

/** What the export says of itself, checked against the filter's matching events (15 in June 2021). */
function assertAbout(about: ExportAbout, limit: number | null = null) {
  assert.deepEqual(about.filter, { from: '2021-06-01', to: '2021-06-30', country: ['PAK'] });
  assert.equal(about.matching_events, 15);
  assert.equal(about.limit, limit);
  assert.equal(about.include_superseded, false);
  assert.equal(about.coverage_status, 'covered');
  assert.deepEqual(
    about.sources.map((s) => [s.source, s.version, s.events, s.release, s.licence_id]),
    [['ucdp-ged', '22.1', 15, 'final', 'CC-BY-4.0']],
  );
  assert.match(about.sources[0]!.credit ?? '', /^Uppsala Conflict Data Program \(UCDP\)/);
  // The file the rows were read from, as every row's file_sha256 names it.
  assert.deepEqual(
    about.imports.map((i) => [i.source, i.version, i.sha256]),
    [['ucdp-ged', '22.1', GED_SHA256]],
  );
}

/** The `faultline` key-value metadata of a Parquet file, read by DuckDB. */
async function parquetAbout(bytes: Buffer): Promise<ExportAbout> {
  const path = join(dir, `read-${Math.random()}.parquet`);
  writeFileSync(path, bytes);
  const [kv] = await store.select<{ k: string; v: string }>(
    `SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata('${path}')`,
  );
  assert.equal(kv?.k, 'faultline');
  return JSON.parse(kv.v) as ExportAbout;
}

describe('an export says what it holds, in the file', () => {
  it('parquet: key-value metadata `faultline` with the filter, matching events, source versions, licences and credits', async () => {
    const { bytes } = await exported('parquet', 'june.parquet', '--limit', '10');
    assertAbout(await parquetAbout(bytes), 10);
    const [rows] = await store.select<{ n: bigint }>(
      `SELECT count(*) AS n FROM read_parquet('${join(dir, 'june.parquet')}')`,
    );
    assert.equal(Number(rows?.n), 10);
    const files = await store.select<{ f: string }>(
      `SELECT DISTINCT file_sha256 AS f FROM read_parquet('${join(dir, 'june.parquet')}')`,
    );
    assert.deepEqual(
      files.map((r) => r.f),
      [GED_SHA256],
    );
  });

  it('xlsx: an `about` sheet after the events, read back by exceljs', async () => {
    const { bytes } = await exported('xlsx', 'june.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    assert.deepEqual(
      wb.worksheets.map((w) => w.name),
      ['events', 'about'],
    );
    const about = new Map<string, unknown[]>();
    wb.getWorksheet('about')!.eachRow((row, i) => {
      if (i === 1) return;
      const [label, value] = (row.values as unknown[]).slice(1);
      about.set(String(label), [...(about.get(String(label)) ?? []), value]);
    });
    assert.deepEqual(about.get('filter'), ['from=2021-06-01&to=2021-06-30&country=PAK']);
    assert.deepEqual(about.get('matching events'), [15]);
    assert.deepEqual(about.get('source'), ['ucdp-ged 22.1 (15 events, final)']);
    assert.deepEqual(about.get('licence'), ['CC BY 4.0 <https://creativecommons.org/licenses/by/4.0/>']);
    assert.match(String(about.get('credit')?.[0]), /^Uppsala Conflict Data Program \(UCDP\)/);
    assert.match(
      String(about.get('import')?.[0]),
      new RegExp(`\\(ucdp-ged 22\\.1\\), sha256 ${GED_SHA256}, imported \\d{4}-`),
    );
    assert.equal(wb.getWorksheet('events')!.rowCount, 1 + 15);
  });

  it('geojson: a `meta` member of the collection', async () => {
    const { bytes } = await exported('geojson', 'june.geojson');
    const fc = JSON.parse(bytes.toString()) as { total: number; meta: ExportAbout; features: unknown[] };
    assert.equal(fc.total, 15);
    assert.equal(fc.features.length, 15);
    assertAbout(fc.meta);
    // A flag outside the filter vocabulary is named too: the same rows need it again.
    const superseded = await exported('geojson', 'all.geojson', '--include-superseded');
    assert.equal(
      (JSON.parse(superseded.bytes.toString()) as { meta: ExportAbout }).meta.include_superseded,
      true,
    );
  });

  for (const format of ['csv', 'ndjson', 'json', 'geojson', 'xlsx', 'parquet'])
    it(`${format}: stderr names the source versions and their licences after the rows (it said only "wrote N events")`, async () => {
      const { err } = await exported(format, `said.${format}`);
      assert.equal(
        err,
        `wrote 15 events to "${join(dir, `said.${format}`)}"\nsources: ucdp-ged 22.1 (15 events, final)\nlicences: ${CC_BY}\n`,
      );
    });
});

describe('the same filter gives the same bytes', () => {
  it('xlsx twice, a second apart (exceljs stamped the time of writing in the workbook and every zip entry)', async () => {
    // The first is the file's first xlsx of the same filter (the about sheet's, above), seconds
    // ago: the second waits only for what is left of the second (all of it when run alone).
    if (!firstXlsx) await exported('xlsx', 'first.xlsx');
    const first = firstXlsx!;
    await sleep(Math.max(0, first.at + 1100 - Date.now()));
    assert.ok(Date.now() - first.at >= 1100);
    const second = await exported('xlsx', 'second.xlsx');
    assert.ok(first.bytes.equals(second.bytes), 'the two workbooks differ');
  });

  for (const format of ['csv', 'ndjson', 'geojson', 'parquet'])
    it(`${format}: the CLI's file and the API's body are the same bytes`, async () => {
      const { bytes } = await exported(format, `cli.${format}`);
      const res = await api.app.request(`/api/v1/events?${QUERY}&format=${format}`);
      assert.equal(res.status, 200);
      assert.ok(bytes.equals(Buffer.from(await res.arrayBuffer())), `${format} differs`);
    });
});

describe('text an xlsx cell cannot hold', () => {
  it('an original record over 32,767 characters (an Excel cell) refuses the xlsx export in one line naming the event and its length; one of exactly 32,767 is exported whole, parquet holds both whole, and a control character in one is counted', async () => {
    const own = (await createStore({ path: ':memory:' })) as DuckDBStore;
    try {
      const fixtures = new URL('../../src/ingest/csv-mapped/fixtures/', import.meta.url).pathname;
      const header = readFileSync(join(fixtures, 'incidents_synthetic.csv'), 'utf8').split('\n')[0];
      // SYNTHETIC rows: their summaries padded so that the records are 32,767 and 32,768 characters
      // long, and a short one with a U+0001 in its summary.
      const padded = (head: string, length: number) => head + 'x'.repeat(length - head.length);
      const fits = padded(
        'L-1,2023-05-02,Khyber Pakhtunkhwa,Bannu,Bannu,32.98,70.6,Bombing,TTP,Police,4,,SYNTHETIC ',
        32_767,
      );
      const control =
        'L-3,2023-05-03,Khyber Pakhtunkhwa,Bannu,Bannu,32.98,70.6,Bombing,TTP,Police,1,,SYNTHETIC \u0001';
      const over = padded(
        'L-2,2023-05-04,Khyber Pakhtunkhwa,Bannu,Bannu,32.98,70.6,Bombing,TTP,Police,2,,SYNTHETIC ',
        32_768,
      );
      const path = join(dir, 'long_records_synthetic.csv');
      writeFileSync(path, `${header}\n${fits}\n${control}\n${over}\n`);
      const { importFile } = await import('../../src/app/import-dataset.ts');
      await importFile(own, path, { mapping: join(fixtures, 'incidents_synthetic.mapping.yaml') });
      const run = (out: string, ...args: string[]) =>
        runCli(own, [registerEvents], ['events', ...args, '--original', '--output', join(dir, out)]);

      const refused = await run('long.xlsx', '--format', 'xlsx');
      assert.equal(
        String(refused.error),
        'InvalidInputError: cannot export the original record of "csv:incident-log:L-2" to xlsx: 32,768 characters, over the 32,767 an Excel cell holds (csv, ndjson, json, geojson and parquet hold it whole)',
      );
      assert.equal(existsSync(join(dir, 'long.xlsx')), false, 'no file is left under the name');
      // To standard output (the CLI's sink without --output, as a pipe takes it): refused before
      // its first byte, where part of the zip (its first entries and the rows before L-2) was written.
      const written: Buffer[] = [];
      const { exportEvents } = await import('../../src/app/event-export.ts');
      await assert.rejects(
        exportEvents(
          own,
          { sort: 'date' },
          'xlsx',
          { write: async (c) => void written.push(Buffer.from(c)) },
          {
            original: true,
          },
        ),
        { message: String(refused.error).replace(/^InvalidInputError: /, '') },
      );
      assert.equal(Buffer.concat(written).length, 0, 'standard output got nothing');

      const shorter = await run('fits.xlsx', '--format', 'xlsx', '--to', '2023-05-03');
      assert.equal(shorter.error, undefined, String(shorter.error));
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(readFileSync(join(dir, 'fits.xlsx')) as unknown as ArrayBuffer);
      const originals: unknown[] = [];
      const events = wb.getWorksheet('events')!;
      const column = (events.getRow(1).values as unknown[]).indexOf('original');
      events.eachRow((row, i) => void (i > 1 && originals.push(row.getCell(column).value)));
      // The control character is left out of its cell, and counted.
      assert.deepEqual(originals, [fits, control.replace('\u0001', '')]);
      const notes: unknown[] = [];
      wb.getWorksheet('about')!.eachRow((row) => {
        if (row.getCell(1).value === 'note') notes.push(row.getCell(2).value);
      });
      assert.deepEqual(notes, [
        '1 cell held control characters (U+0000 to U+001F but tab, newline and carriage return) that an xlsx file cannot hold: they are left out of it here; csv, ndjson, json and parquet keep them',
      ]);

      const parquet = await run('long.parquet', '--format', 'parquet');
      assert.equal(parquet.error, undefined, String(parquet.error));
      const rows = await own.select<{ id: string; original: string }>(
        `SELECT id, original FROM read_parquet('${join(dir, 'long.parquet')}')`,
      );
      assert.deepEqual(rows, [
        { id: 'csv:incident-log:L-1', original: fits },
        { id: 'csv:incident-log:L-3', original: control },
        { id: 'csv:incident-log:L-2', original: over },
      ]);
    } finally {
      await own.close();
    }
  });

  it('a record of more bytes than a cell holds characters, but no more characters (Urdu: two bytes each), is exported whole', async () => {
    const own = await createStore({ path: ':memory:' });
    try {
      const fixtures = new URL('../../src/ingest/csv-mapped/fixtures/', import.meta.url).pathname;
      const header = readFileSync(join(fixtures, 'incidents_synthetic.csv'), 'utf8').split('\n')[0];
      // A SYNTHETIC row whose summary is 20,000 Urdu letters: about 20,100 characters, 40,100 bytes.
      const record = `U-1,2023-05-02,Khyber Pakhtunkhwa,Bannu,Bannu,32.98,70.6,Bombing,TTP,Police,4,,${'ب'.repeat(20_000)}`;
      assert.ok(record.length <= 32_767 && Buffer.byteLength(record) > 32_767);
      const path = join(dir, 'urdu_record_synthetic.csv');
      writeFileSync(path, `${header}\n${record}\n`);
      const { importFile } = await import('../../src/app/import-dataset.ts');
      await importFile(own, path, { mapping: join(fixtures, 'incidents_synthetic.mapping.yaml') });
      const out = join(dir, 'urdu.xlsx');
      const r = await runCli(
        own,
        [registerEvents],
        ['events', '--format', 'xlsx', '--original', '--output', out],
      );
      assert.equal(r.error, undefined, String(r.error));
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
      const events = wb.getWorksheet('events')!;
      const column = (events.getRow(1).values as unknown[]).indexOf('original');
      assert.equal(events.getRow(2).getCell(column).value, record);
    } finally {
      await own.close();
    }
  });

  it('control characters exceljs leaves out are counted in a note of the about sheet (they vanished without a word); Urdu, commas, quotes and newlines round-trip', async () => {
    const own = await createStore({ path: ':memory:' });
    try {
      const fixtures = new URL('../../src/ingest/csv-mapped/fixtures/', import.meta.url).pathname;
      const header = readFileSync(join(fixtures, 'incidents_synthetic.csv'), 'utf8').split('\n')[0];
      // SYNTHETIC rows: a town with a vertical tab and a U+0001, one in Urdu with a comma, quotes and a line break.
      const path = join(dir, 'control_synthetic.csv');
      writeFileSync(
        path,
        `${header}\nC-1,2023-05-02,Khyber Pakhtunkhwa,Bannu,Ban\u000bnu\u0001,32.98,70.6,Bombing,TTP,Police,4,,SYNTHETIC\n` +
          `C-2,2023-05-03,Khyber Pakhtunkhwa,Bannu,"بنوں, شہر ""پرانا""\nدوسری سطر",32.98,70.6,Bombing,TTP,Police,2,,SYNTHETIC\n`,
      );
      const { importFile } = await import('../../src/app/import-dataset.ts');
      await importFile(own, path, { mapping: join(fixtures, 'incidents_synthetic.mapping.yaml') });
      const out = join(dir, 'control.xlsx');
      const r = await runCli(own, [registerEvents], ['events', '--format', 'xlsx', '--output', out]);
      assert.equal(r.error, undefined, String(r.error));
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
      const places: unknown[] = [];
      wb.getWorksheet('events')!.eachRow((row, i) => void (i > 1 && places.push(row.getCell('M').value)));
      assert.deepEqual(places, ['Bannu', 'بنوں, شہر "پرانا"\nدوسری سطر']);
      const notes: unknown[] = [];
      wb.getWorksheet('about')!.eachRow((row) => {
        if (row.getCell(1).value === 'note') notes.push(row.getCell(2).value);
      });
      assert.deepEqual(notes, [
        '1 cell held control characters (U+0000 to U+001F but tab, newline and carriage return) that an xlsx file cannot hold: they are left out of it here; csv, ndjson, json and parquet keep them',
      ]);
    } finally {
      await own.close();
    }
  });
});
