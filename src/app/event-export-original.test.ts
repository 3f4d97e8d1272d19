import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { bundledApi } from '../../test/helpers/bundled-api.ts';
import { bundledStoreCopy } from '../../test/helpers/bundled-store.ts';
import { runProgram } from '../../test/helpers/in-process-cli.ts';
import type { DuckDBStore } from '../storage/duckdb/duckdb-store.ts';
import { createStore } from '../storage/index.ts';
import { importFile } from './import-dataset.ts';
import { exportEvents, type ExportFormat, type ExportOptions } from './event-export.ts';
import { exportAbout } from './export-about.ts';
import { eventListingMeta } from './event-listing-meta.ts';
import { originalRecord } from './original-record.ts';

const api = bundledApi();
// Events of two sources: final GED 22.1 (2021) and a Candidate release (2026).
const Q = { country: ['PAK'], from: '2021-06-01', to: '2021-08-31' };
/** `faultline events` of June 2021 in Pakistan: the CLI's exports below add a format. */
const JUNE_EVENTS = ['events', '--country', 'PAK', '--from', '2021-06-01', '--to', '2021-06-30'];
const Q26 = { country: ['PAK'], from: '2026-07-01', to: '2026-07-31' };

/** The whole export as text. */
async function exported(
  format: ExportFormat,
  original: boolean,
  q: object = Q,
  hxl = false,
): Promise<string> {
  return (await exportedBytes(format, q, { original, hxl })).toString();
}

/** The whole export's bytes. */
async function exportedBytes(format: ExportFormat, q: object, opts: ExportOptions): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await exportEvents(
    api.store(),
    { sort: 'date', ...q },
    format,
    { write: async (c) => void chunks.push(Buffer.from(c)) },
    opts,
  );
  return Buffer.concat(chunks);
}

// The bundled files the events of Q and Q26 were imported from.
const BUNDLED_CSV = [
  'data/ucdp-ged/conflict_data_pak.csv',
  'data/ucdp-candidate/GEDEvent_v26_01_26_06_PAK_AFG.csv',
  'data/ucdp-candidate/GEDEvent_v26_0_7_PAK_AFG.csv',
];

/** One bundled file read independently of the archive: its records' fields and exact bytes (record k at index k, the header 0). */
interface BundledFile {
  records: string[][];
  raws: Buffer[];
}
let bundled: Map<string, BundledFile> | undefined;

/**
 * Each bundled file's records, by the file's sha256, read independently of the archive: csv-parse's
 * fields and raw text of each record without its line break, the raw texts checked to make up, joined
 * by the file's line break, the whole file. Parsed once for the file's tests (3.4 MB of csv).
 */
function bundledFiles(): Map<string, BundledFile> {
  if (bundled) return bundled;
  const files = new Map<string, BundledFile>();
  for (const f of BUNDLED_CSV) {
    const bytes = readFileSync(f);
    const parsed = parse(bytes, { raw: true, relax_column_count: true }) as unknown as {
      record: string[];
      raw: string;
    }[];
    // csv-parse's raw text keeps all, part or none of the line break, by file: none is kept here.
    const raws = parsed.map((r) => r.raw.replace(/\r?\n$|\r$/, ''));
    // Joined by the file's line break, the records are the whole file, byte for byte.
    const eol = bytes.includes('\r\n') ? '\r\n' : '\n';
    const whole = bytes.toString().endsWith(eol) ? bytes.subarray(0, -eol.length) : bytes;
    assert.ok(Buffer.from(raws.join(eol)).equals(whole), `${f}: its records are the whole file`);
    files.set(createHash('sha256').update(bytes).digest('hex'), {
      records: parsed.map((r) => r.record),
      raws: raws.map((r) => Buffer.from(r)),
    });
  }
  bundled = files;
  return files;
}

/** Each bundled file's records as their exact bytes, by the file's sha256 (record k at index k, the header 0). */
function bundledRecordBytes(): Map<string, Buffer[]> {
  return new Map([...bundledFiles()].map(([sha, f]) => [sha, f.raws]));
}

/** The record of the source file that an exported row names (file_sha256, record_no), as bytes. */
function sourceRecord(files: Map<string, Buffer[]>, row: Record<string, unknown>) {
  const record = files.get(String(row.file_sha256))?.[Number(row.record_no)];
  assert.ok(record, `record ${String(row.record_no)} of file ${String(row.file_sha256)} is bundled`);
  return record;
}

/** An xlsx export's first sheet as objects keyed by its header, read back by exceljs. */
async function xlsxRows(bytes: Buffer): Promise<{ header: string[]; rows: Record<string, unknown>[] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('events')!;
  const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Record<string, unknown>[] = [];
  ws.eachRow((row, i) => {
    if (i === 1) return;
    rows.push(Object.fromEntries(header.map((h, j) => [h, row.getCell(j + 1).value ?? null])));
  });
  return { header, rows };
}

/** A Parquet export read back by DuckDB: its rows, its columns with their types, its key-value metadata. */
async function parquetRead(bytes: Buffer, dir: string, name: string) {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  const db = api.store() as DuckDBStore;
  const at = `'${path}'`;
  return {
    rows: await db.select<Record<string, unknown>>(`SELECT * FROM read_parquet(${at})`),
    columns: await db.select<{ column_name: string; column_type: string }>(
      `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(${at}))`,
    ),
    kv: await db.select<{ k: string; v: string }>(
      `SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata(${at})`,
    ),
  };
}

/**
 * Each exported event's original record as the event's detail reads it (originalRecord), by id;
 * the events listed under the export's filter `q` (every one of them exported, checked below).
 */
async function originalsById(ids: string[], q: object) {
  const out = new Map<string, { text: string; fields: Record<string, string> } | null>();
  const wanted = new Set(ids);
  const rows = (await api.store().queryEvents({ ...q, limit: 100_000 })).rows.filter((e) => wanted.has(e.id));
  assert.equal(rows.length, wanted.size);
  for (const e of rows) out.set(e.id, await originalRecord(api.store(), e));
  return out;
}

describe('exports with the original records (--original, original=true)', () => {
  it('ndjson and json rows gain `original`, the record’s fields as the event detail gives them; the rest is unchanged', async () => {
    for (const q of [Q, Q26]) {
      const plain = (await exported('ndjson', false, q))
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l));
      const withOriginal = (await exported('ndjson', true, q))
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      assert.ok(plain.length > 20, `${plain.length} events`);
      assert.deepEqual(
        withOriginal.map(({ original: _, ...rest }) => rest),
        plain,
      );
      const originals = await originalsById(
        plain.map((r) => String(r.id)),
        q,
      );
      for (const r of withOriginal) {
        const o = originals.get(String(r.id));
        assert.ok(o, `${String(r.id)} has an original record`);
        assert.deepEqual(r.original, o.fields);
      }
      const json = JSON.parse(await exported('json', true, q)) as Record<string, unknown>[];
      assert.deepEqual(json, withOriginal);
    }
  });

  it('csv rows gain an `original` column with the record’s exact text (HXL #meta+record); geojson features carry it in their properties', async () => {
    const plain = parse(await exported('csv', false), { columns: true }) as Record<string, string>[];
    const text = await exported('csv', true, Q, true);
    const [header, hxl, ...rows] = parse(text) as string[][];
    assert.equal(header!.at(-1), 'original');
    assert.equal(hxl!.at(-1), '#meta+record');
    assert.equal(rows.length, plain.length);
    const originals = await originalsById(
      plain.map((r) => r.id!),
      Q,
    );
    rows.forEach((r, i) => {
      assert.deepEqual(Object.fromEntries(header!.slice(0, -1).map((h, j) => [h, r[j]])), plain[i]);
      // A record whose text starts like a formula would be escaped as every cell is; these do not.
      assert.equal(r.at(-1), originals.get(plain[i]!.id!)!.text);
    });
    const geo = JSON.parse(await exported('geojson', true)) as {
      features: { id: string; properties: Record<string, unknown> }[];
    };
    assert.equal(geo.features.length, plain.length);
    for (const f of geo.features) assert.deepEqual(f.properties.original, originals.get(f.id)!.fields);
  });

  it("every row names its file (sha256) and record, and the source's district: an independent read of the bundled files finds that record", async () => {
    // The bundled files, hashed and parsed here (csv-parse, whole), by sha256: record k is row k (header 0).
    const files = new Map([...bundledFiles()].map(([sha, f]) => [sha, f.records]));
    for (const q of [Q, Q26]) {
      const rows = (await exported('ndjson', false, q))
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      const districts = new Set<unknown>();
      for (const r of rows) {
        const records = files.get(String(r.file_sha256));
        assert.ok(records, `${String(r.id)}: file ${String(r.file_sha256)} is a bundled file`);
        const header = records[0]!;
        const rec = records[Number(r.record_no)]!;
        assert.equal(`${String(r.source)}:${rec[header.indexOf('id')]}`, r.id);
        assert.equal(r.admin2, rec[header.indexOf('adm_2')]!.trim() || null);
        districts.add(r.admin2);
      }
      assert.ok(districts.size > 5, `${districts.size} source districts`);
      // The csv export carries the same three columns, last.
      const [header, ...csv] = parse(await exported('csv', false, q)) as string[][];
      assert.deepEqual(header!.slice(-3), ['admin2', 'file_sha256', 'record_no']);
      assert.deepEqual(
        csv.map((c) => c.slice(-3)),
        rows.map((r) => [String(r.admin2 ?? ''), String(r.file_sha256), String(r.record_no)]),
      );
    }
  });

  it("xlsx rows gain a last column `original`, each cell the exact bytes of the source file's record; the other cells are the plain export's", async () => {
    const files = bundledRecordBytes();
    for (const q of [Q, Q26]) {
      const plain = await xlsxRows(await exportedBytes('xlsx', q, {}));
      const withOriginal = await xlsxRows(await exportedBytes('xlsx', q, { original: true }));
      assert.deepEqual(withOriginal.header, [...plain.header, 'original']);
      assert.ok(plain.rows.length > 20, `${plain.rows.length} events`);
      assert.deepEqual(
        withOriginal.rows.map(({ original: _, ...rest }) => rest),
        plain.rows,
      );
      for (const r of withOriginal.rows) {
        assert.equal(typeof r.original, 'string', String(r.id));
        assert.ok(Buffer.from(r.original as string).equals(sourceRecord(files, r)), String(r.id));
      }
    }
  });

  it("parquet gains a last VARCHAR column `original`, the exact bytes of the source file's record; the other columns, their types and the file's metadata are the plain export's", async () => {
    const files = bundledRecordBytes();
    const dir = mkdtempSync(join(tmpdir(), 'faultline-original-parquet-'));
    try {
      for (const [k, q] of [Q, Q26].entries()) {
        const meta = await eventListingMeta(api.store(), q);
        const about = exportAbout(meta, { sort: 'date' }, null, await api.store().listImports());
        const plain = await parquetRead(
          await exportedBytes('parquet', q, { about }),
          dir,
          `plain-${k}.parquet`,
        );
        const withOriginal = await parquetRead(
          await exportedBytes('parquet', q, { about, original: true }),
          dir,
          `original-${k}.parquet`,
        );
        assert.deepEqual(withOriginal.columns, [
          ...plain.columns,
          { column_name: 'original', column_type: 'VARCHAR' },
        ]);
        assert.equal(plain.kv.length, 1);
        assert.deepEqual(withOriginal.kv, plain.kv);
        assert.ok(plain.rows.length > 20, `${plain.rows.length} events`);
        assert.deepEqual(
          withOriginal.rows.map(({ original: _, ...rest }) => rest),
          plain.rows,
        );
        for (const r of withOriginal.rows)
          assert.ok(Buffer.from(String(r.original)).equals(sourceRecord(files, r)), String(r.id));
        // The same texts as the csv export's last column, row by row.
        const [, ...csv] = parse(await exported('csv', true, q)) as string[][];
        assert.deepEqual(
          csv.map((c) => c.at(-1)),
          withOriginal.rows.map((r) => r.original),
        );
      }
      // With a limit and an offset, each kept row has its own record (the rows are joined by id).
      const window = { ...Q, sort: '-fatalities', offset: 3, limit: 7 };
      const cutPlain = await parquetRead(
        await exportedBytes('parquet', window, {}),
        dir,
        'cut-plain.parquet',
      );
      const cut = await parquetRead(
        await exportedBytes('parquet', window, { original: true }),
        dir,
        'cut.parquet',
      );
      assert.equal(cut.rows.length, 7);
      assert.deepEqual(
        cut.rows.map(({ original: _, ...rest }) => rest),
        cutPlain.rows,
      );
      for (const r of cut.rows)
        assert.ok(Buffer.from(String(r.original)).equals(sourceRecord(files, r)), String(r.id));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('over HTTP: the JSON page, the csv export and the parquet export carry them', async () => {
    const page = (await (
      await api.get('/api/v1/events?country=PAK&from=2021-06-01&to=2021-06-30&limit=5&original=true')
    ).json()) as { events: { id: string; original: unknown }[] };
    assert.equal(page.events.length, 5);
    for (const e of page.events) {
      const detail = (await (await api.get(`/api/v1/events/${encodeURIComponent(e.id)}`)).json()) as {
        event: { original: unknown };
      };
      assert.deepEqual(e.original, detail.event.original);
    }
    const csv = await (
      await api.get('/api/v1/events?country=PAK&from=2021-06-01&to=2021-06-30&format=csv&original=true')
    ).text();
    const [header, ...rows] = parse(csv) as string[][];
    assert.equal(header!.at(-1), 'original');
    const res = await api.get(
      '/api/v1/events?country=PAK&from=2021-06-01&to=2021-06-30&format=parquet&original=true',
    );
    assert.equal(res.status, 200);
    const dir = mkdtempSync(join(tmpdir(), 'faultline-original-http-'));
    try {
      const parquet = await parquetRead(Buffer.from(await res.arrayBuffer()), dir, 'http.parquet');
      assert.ok(rows.length > 5);
      assert.deepEqual(
        parquet.rows.map((r) => [r.id, r.original]),
        rows.map((r) => [r[0], r.at(-1)]),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an event stored before the archive has its legacy record as text in csv, xlsx and parquet alike; one with no kept record an empty cell, or null', async () => {
    const own = (await createStore({ path: ':memory:' })) as DuckDBStore;
    const dir = mkdtempSync(join(tmpdir(), 'faultline-original-legacy-'));
    try {
      const fixtures = new URL('../ingest/csv-mapped/fixtures/', import.meta.url).pathname;
      await importFile(own, join(fixtures, 'incidents_synthetic.csv'), {
        mapping: join(fixtures, 'incidents_synthetic.mapping.yaml'),
      });
      // As a store made before the archive holds them: no file or record number, the record's
      // fields kept in legacy_originals, or none kept.
      await own.select(
        `UPDATE events SET file_sha256 = NULL, record_no = NULL WHERE id IN ('csv:incident-log:A-1', 'csv:incident-log:A-2')`,
      );
      const legacy = { incident_no: 'A-1', summary: 'SYNTHETIC: attack on a police post' };
      await own.select(`INSERT INTO legacy_originals VALUES ('csv:incident-log:A-1', $1)`, [
        JSON.stringify(legacy),
      ]);
      const bytes = async (format: ExportFormat) => {
        const chunks: Buffer[] = [];
        await exportEvents(
          own,
          { sort: 'date' },
          format,
          { write: async (c) => void chunks.push(Buffer.from(c)) },
          { original: true },
        );
        return Buffer.concat(chunks);
      };
      const [header, ...csv] = parse(await bytes('csv')) as string[][];
      const byCsv = new Map(csv.map((r) => [r[0], r.at(-1)]));
      assert.equal(byCsv.get('csv:incident-log:A-1'), JSON.stringify(legacy));
      assert.equal(byCsv.get('csv:incident-log:A-2'), '');
      assert.equal(header!.at(-1), 'original');
      const xlsx = await xlsxRows(await bytes('xlsx'));
      assert.deepEqual(
        xlsx.rows.map((r) => [r.id, r.original ?? '']),
        csv.map((r) => [r[0], r.at(-1)]),
      );
      writeFileSync(join(dir, 'legacy.parquet'), await bytes('parquet'));
      const parquet = await own.select<{ id: string; original: string | null }>(
        `SELECT id, original FROM read_parquet('${join(dir, 'legacy.parquet')}')`,
      );
      assert.deepEqual(
        parquet.map((r) => [r.id, r.original]),
        csv.map((r) => [r[0], r[0] === 'csv:incident-log:A-2' ? null : r.at(-1)]),
      );
    } finally {
      await own.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  /** The last column of `faultline events` June 2021 `--format csv --original`, header first. */
  async function csvOriginals(env: NodeJS.ProcessEnv): Promise<string[]> {
    const run = await runProgram(env, [...JUNE_EVENTS, '--format', 'csv', '--original']);
    assert.equal(run.status, 0, run.stderr);
    return (parse(run.stdout) as string[][]).map((r) => r.at(-1)!);
  }

  it('the CLI: --original on every export format, and a one-line error with the table', async () => {
    const env = { ...process.env, FAULTLINE_DB: await bundledStoreCopy() };
    const ok = await runProgram(env, [...JUNE_EVENTS, '--format', 'ndjson', '--original']);
    assert.equal(ok.status, 0, ok.stderr);
    const lines = ok.stdout.trimEnd().split('\n');
    assert.ok(lines.length > 5);
    for (const l of lines) assert.equal(typeof (JSON.parse(l) as { original: unknown }).original, 'object');
    // xlsx and parquet too (the store opened read-only, as the binary opens it to export), each with
    // the record texts of the csv export.
    const csvTexts = (await csvOriginals(env)).slice(1);
    const dir = mkdtempSync(join(tmpdir(), 'faultline-original-cli-'));
    try {
      for (const format of ['xlsx', 'parquet']) {
        const out = join(dir, `june.${format}`);
        const run = await runProgram(env, [
          ...JUNE_EVENTS,
          '--format',
          format,
          '--original',
          '--output',
          out,
        ]);
        assert.equal(run.status, 0, run.stderr);
        assert.match(run.stderr, new RegExp(`^wrote ${lines.length} events to "${out}"\n`));
        const originals =
          format === 'xlsx'
            ? (await xlsxRows(readFileSync(out))).rows.map((r) => r.original)
            : (await parquetRead(readFileSync(out), dir, 'read.parquet')).rows.map((r) => r.original);
        // The record texts of the csv export, row by row.
        assert.deepEqual(originals, csvTexts);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const bad = await runProgram(env, ['events', '--country', 'PAK', '--original']);
    assert.equal(bad.status, 2);
    assert.equal(
      bad.stderr,
      'faultline: invalid --original with --format "table": it applies to exports (--format csv, ndjson, json, geojson, xlsx or parquet)\n',
    );
  });
});
