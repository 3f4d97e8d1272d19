// test-run: alone, about 13 s (large imports)
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, it } from 'node:test';
import Papa from 'papaparse';
import { createStore, type Store } from '../storage/index.ts';
import { acledCsvFormat } from '../ingest/acled/acled-importer.ts';
import { ucdpGedFormat } from '../ingest/ucdp-ged/ucdp-ged-importer.ts';
import { importFile, ReconcileError } from './import-dataset.ts';
import { originalRecord, originalRecords } from './original-record.ts';
import { bundledStoreCopy } from '../../test/helpers/bundled-store.ts';
import { closeDiscarded } from '../../test/helpers/discard-store.ts';
import { csvLine, gedRows } from '../../test/helpers/ged-rows.ts';
import { parity } from '../../test/helpers/mapper-parity.ts';

const tmp = mkdtempSync(join(tmpdir(), 'faultline-native-'));
const data = (p: string) => new URL(`../../data/${p}`, import.meta.url).pathname;
const BUNDLED = [
  data('ucdp-ged/conflict_data_pak.csv'),
  data('ucdp-candidate/GEDEvent_v26_01_26_06_PAK_AFG.csv'),
  data('ucdp-candidate/GEDEvent_v26_0_7_PAK_AFG.csv'),
];
const ACLED = new URL('../ingest/acled/fixtures/acled_2024-01-01-2024-03-31_synthetic.csv', import.meta.url)
  .pathname;

/** Every event of the store (superseded ones too), with its record number, by import. */
async function eventsByImport(store: Store) {
  const page = await store.queryEvents({ limit: 100_000, includeSuperseded: true });
  assert.equal(page.rows.length, page.total, 'every event in one page');
  const by = new Map<number, typeof page.rows>();
  for (const e of page.rows) {
    const of = by.get(e.importId!);
    if (of) of.push(e);
    else by.set(e.importId!, [e]);
  }
  return by;
}

describe('the independent count checks DuckDB', () => {
  it('a file whose DuckDB parse disagrees with the independent count is refused whole, naming both counts', async () => {
    // Two stray quotes on consecutive rows: DuckDB's lenient reader takes them literally (3 rows), the
    // quote-aware byte counter reads them as one quoted field spanning the line break (2 records).
    const lines = readFileSync(BUNDLED[0]!, 'utf8').split('\n');
    const header = lines[0]!;
    const rows = lines.slice(2, 5).map((l) => l.replace(/\r$/, ''));
    const bad = [
      header.replace(/\r$/, ''),
      rows[0]!.replace(',', ',x"'),
      rows[1]!.replace(',', ',y"'),
      rows[2]!,
    ];
    const path = join(tmp, 'GEDEvent_v22_1-stray-quotes.csv');
    writeFileSync(path, bad.join('\n') + '\n');
    const store = await createStore({ path: ':memory:' });
    await assert.rejects(
      importFile(store, path),
      (e: Error) =>
        e instanceof ReconcileError &&
        /DuckDB's CSV reader gave 3 rows \+ 0 refused, the independent count found 2 records; nothing was imported/.test(
          e.message,
        ),
    );
    assert.equal(await store.countEvents({}), 0);
    assert.equal((await store.listImports()).length, 0);
    await store.close();
  });

  it("a file DuckDB's parallel reader reads one record short is read again on one thread, every record kept (before: refused)", async () => {
    // The bundled GED rows five times over with new ids (synthetic, 20 MB): DuckDB 1.5's parallel CSV
    // reader, keeping refused rows, gave 32,079 of its 32,080 records, dropping the one that starts
    // right after the 16 MiB mark; the import refused the file ("row count mismatch").
    const { header, rows } = gedRows();
    const id = header.indexOf('id');
    const copies = [0, 1, 2, 3, 4].flatMap((k) =>
      rows.map((r) => r.map((f, i) => (i === id ? String(Number(f) + k * 10_000_000) : f))),
    );
    const path = join(tmp, 'GEDEvent_v22_1_x5_synthetic.csv');
    writeFileSync(path, [header, ...copies].map(csvLine).join('\n') + '\n');
    assert.ok(statSync(path).size > 16 * 1024 * 1024, 'the file reaches past the 16 MiB mark');
    const store = await createStore({ path: ':memory:' });
    const r = await importFile(store, path, { link: false, alerts: false });
    assert.equal(r.ledger.accepted + r.ledger.rejected, copies.length);
    assert.equal(await store.countEvents({}), r.ledger.accepted);
    // The record DuckDB dropped (its id in the copy that reaches past 16 MiB) is stored.
    const lost = copies.find((r) => r[id] === '40060322');
    assert.ok(lost, 'the dropped record is in the file');
    assert.equal((await store.getEvent('ucdp-ged:40060322'))?.sourceId, '40060322');
    await closeDiscarded(store);
  });
});

describe('native and JavaScript mappers agree', () => {
  it('a count of 2^31 is rejected for its row, with the reason the JavaScript mapper gives', async () => {
    const lines = readFileSync(BUNDLED[0]!, 'utf8').split('\n');
    const header = lines[0]!.replace(/\r$/, '');
    const names = header.split(',');
    const row = lines[2]!.replace(/\r$/, '').split(',');
    // Row 2 of the bundled file has no quoted commas, so splitting on commas is exact there.
    assert.equal(row.length, names.length);
    row[names.indexOf('best')] = '2147483648';
    const path = join(tmp, 'GEDEvent_v22_1-big.csv');
    writeFileSync(path, [header, row.join(','), lines[3]!.replace(/\r$/, '')].join('\n') + '\n');
    const store = await createStore({ path: ':memory:' });
    const r = await importFile(store, path);
    await store.close();
    const js = ucdpGedFormat.map(Object.fromEntries(names.map((n, i) => [n, row[i]!])), '22.1');
    assert.equal(js.ok, false);
    const expected = js.ok === false ? `${js.field}: ${js.reason}` : '';
    assert.equal(expected, 'best: integer out of range');
    assert.equal(r.ledger.accepted, 1);
    assert.deepEqual(
      r.rejections.map((x) => [x.line, x.field, x.value, x.reason]),
      [[2, 'best', '2147483648', expected]],
    );
  });
});

describe('the SQL mappers give the JavaScript mappers verdicts, reasons and values', () => {
  it('UCDP GED: every probe in every checked field', async () => {
    const fields = [
      'id',
      'type_of_violence',
      'date_start',
      'date_end',
      'country',
      'iso3',
      'best',
      'low',
      'high',
      'deaths_a',
      'deaths_civilians',
      'latitude',
      'longitude',
      'where_prec',
      'date_prec',
      'side_a',
      'adm_1',
      'source_article',
    ];
    // GED's article lists: lowercase outlets, ';' inside titles, quotes that two ';' share, spaces JavaScript trims.
    const articles = [
      '"Crisis Watch,2021-02-01,Pakistan JANUARY 2021";"the Balochistan Post,2021-01-03,Mach"',
      '"a,2020,Worldwide; Asia (Kashmir; April 2019)"',
      '(1) Peshawar; 23 dead\n(2) SATP',
      '"a";";"b"',
      '"a";";";"b"',
      '"a" ;\u00a0"b"',
      '"a";',
      'x;"y"',
    ].map((v) => [['source_article', v] as const]);
    const n = await parity(
      tmp,
      BUNDLED[0]!,
      fields,
      ucdpGedFormat,
      'GEDEvent_v22_1-probes.csv',
      undefined,
      undefined,
      articles,
    );
    assert.ok(n > 400);
  });
  it('ACLED: every probe in every checked field', async () => {
    const fields = [
      'event_id_cnty',
      'event_type',
      'event_date',
      'country',
      'iso',
      'fatalities',
      'latitude',
      'longitude',
      'geo_precision',
      'time_precision',
      'actor1',
      'source',
    ];
    assert.ok((await parity(tmp, ACLED, fields, acledCsvFormat, 'acled_probes_2024-04-01.csv')) > 250);
  });
});

describe('a file cut short (an interrupted download)', () => {
  it('keeps every whole record, and rejects the cut one at the line where it starts', async () => {
    const text = readFileSync(BUNDLED[0]!, 'utf8');
    // Cut inside a quoted field that spans lines, as `head` or a dropped connection does: the first
    // record past the first quarter whose text holds a line break (PapaParse's cursors give record
    // bounds). Some 1,600 whole records before it: more than 1,024, so the import's check of every
    // 1,024th record reads two (a cut past the middle cost twice the time for the same checks).
    let at = -1;
    let prev = 0;
    Papa.parse<string[]>(text, {
      step: (res, parser) => {
        const body = text
          .slice(prev, res.meta.cursor)
          .replace(/^[\r\n]+/, '')
          .replace(/[\r\n]+$/, '');
        const start = text.indexOf(body, prev);
        if (start > text.length / 4 && body.includes('\n')) {
          at = start + body.indexOf('\n') + 1;
          parser.abort();
        }
        prev = res.meta.cursor;
      },
    });
    assert.ok(at > 0);
    const cut = text.slice(0, at);
    const path = join(tmp, 'GEDEvent_v22_1-cut.csv');
    writeFileSync(path, cut);
    const records: number[] = []; // the line each record starts on, by PapaParse
    let from = 0;
    let line = 1; // the line `from` lies on, counted as the cursor moves (not from the top each time)
    Papa.parse<string[]>(cut, {
      step: (res) => {
        records.push(line + (/^\r?\n/.test(cut.slice(from, from + 2)) ? 1 : 0));
        for (let i = from; i < res.meta.cursor; i++) if (cut.charCodeAt(i) === 10) line++;
        from = res.meta.cursor;
      },
    });
    assert.ok(records.length > 1_024 + 3, `${records.length} records before the cut`);
    const store = await createStore({ path: ':memory:' });
    const r = await importFile(store, path, { version: '22.1' });
    await store.close();
    // Records: header, HXL row, the whole ones, and the cut one.
    assert.equal(r.ledger.metadataRows, 1);
    assert.equal(r.ledger.accepted + r.ledger.rejected, r.ledger.rowsRead);
    assert.equal(r.ledger.rejected, 1);
    assert.equal(r.ledger.accepted, records.length - 3);
    assert.equal(r.rejections[0]!.line, records[records.length - 1]);
    assert.match(r.rejections[0]!.reason, /malformed CSV|expected 50 fields/);
  });
});

// Last in the file: it reads the run's bundled store, which another file may still be building
// when this one starts (test/helpers/bundled-store.ts).
describe('original records read back from the source archive', () => {
  it('every original record of the bundled files equals the source record, field by field and byte for byte', async () => {
    // The bundled files as `faultline start` imports them (the run's shared store, built once), and
    // the ACLED fixture imported here.
    const store = await createStore({ path: await bundledStoreCopy() });
    let checked = 0;
    const ledger = await store.listImports();
    const imported = BUNDLED.map((file) => {
      const entry = ledger.find((l) => l.fileName === basename(file));
      assert.ok(entry, `${file} is in the bundled store`);
      return { file, r: { ledger: entry } };
    });
    imported.push({ file: ACLED, r: await importFile(store, ACLED) });
    // Read once for all files (a page of every event); each file's events are those of its import.
    const byImport = await eventsByImport(store);
    for (const { file, r } of imported) {
      const text = readFileSync(file, 'utf8');
      // An independent parser (PapaParse) gives the records of the file in order; record 0 is the header.
      // Its step callback's cursor marks where each record ends, which gives each record's exact text.
      const records: { row: string[]; text: string }[] = [];
      let from = 0;
      Papa.parse<string[]>(text, {
        skipEmptyLines: true,
        step: (res) => {
          const cursor = res.meta.cursor;
          records.push({ row: res.data, text: text.slice(from, cursor).replace(/^[\r\n]+|[\r\n]+$/g, '') });
          from = cursor;
        },
      });
      const header = records[0]!.row.map((h) =>
        h
          .replace(/^\uFEFF/, '')
          .trim()
          .toLowerCase(),
      );
      const events = byImport.get(r.ledger.id) ?? [];
      assert.equal(events.length, r.ledger.added, file);
      // All at once, as exports read them (originalRecord, the event detail's, is the same read for one).
      const originals = await originalRecords(store, events);
      for (const [i, e] of events.entries()) {
        const original = originals[i];
        assert.ok(original, `${e.id} has an original record`);
        if (i % 500 === 0) assert.deepEqual(await originalRecord(store, e), original, `${e.id}: read alone`);
        const { row, text: exact } = records[e.recordNo!]!;
        const expected = Object.fromEntries(header.map((h, i) => [h, row[i] ?? '']));
        assert.deepEqual(original.fields, expected, `${e.id}: fields`);
        assert.equal(original.text, exact, `${e.id}: the record's bytes`);
        checked++;
      }
    }
    assert.ok(checked > 7000, `checked ${checked} records`);
    await closeDiscarded(store); // the copy is thrown away (discard-store.ts)
  });
});
