// test-run: alone, about 5 s (many imports)
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { DuckDBStore } from '../storage/duckdb/duckdb-store.ts';
import { createStore } from '../storage/index.ts';
import type { Store } from '../storage/store.ts';
import { csvLine, GED_FILE, gedRows } from '../../test/helpers/ged-rows.ts';
import { originalRecord } from './original-record.ts';
import { importFile, type ImportResult } from './import-dataset.ts';

const tmp = mkdtempSync(join(tmpdir(), 'faultline-import-'));

/** Per-year events and deaths counted by DuckDB's own CSV reader straight from the raw file. */
async function independentYearly(): Promise<Map<number, { events: number; deaths: number }>> {
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  const r =
    await conn.runAndReadAll(`SELECT CAST(substr(date_start, 1, 4) AS INTEGER) AS y, count(*) AS n, sum(CAST(best AS INTEGER)) AS d
    FROM read_csv('${GED_FILE}', all_varchar = true, header = true) WHERE id <> '' GROUP BY 1`);
  return new Map(r.getRows().map(([y, n, d]) => [Number(y), { events: Number(n), deaths: Number(d) }]));
}

describe('importing the bundled UCDP GED Pakistan file', () => {
  // One import of the whole file for both tests: the first reads the store, the second (after it)
  // imports the same file again, which writes nothing.
  let store: DuckDBStore;
  let r: ImportResult;
  before(async () => {
    store = await DuckDBStore.open(':memory:');
    r = await importFile(store, GED_FILE);
  });
  after(() => store.close());

  it('per-year events and best-estimate deaths equal an independent count of the raw file (2021: 189 events, 448 deaths)', async () => {
    assert.deepEqual(
      [r.ledger.rowsRead, r.ledger.accepted, r.ledger.rejected, r.ledger.metadataRows],
      [6416, 6416, 0, 1],
    );
    assert.equal(r.ledger.version, '22.1');
    assert.equal(r.ledger.versionInferred, true);
    const stored = await store.select<{ y: number; n: number; d: number }>(
      `SELECT year(date_start) AS y, count(*) AS n, sum(fatalities_best) AS d FROM events GROUP BY 1`,
    );
    const raw = await independentYearly();
    assert.equal(stored.length, raw.size);
    for (const s of stored) assert.deepEqual({ events: s.n, deaths: s.d }, raw.get(s.y), `year ${s.y}`);
    assert.deepEqual(raw.get(2021), { events: 189, deaths: 448 });
  });

  it('importing the same file twice is a no-op', async () => {
    const again = await importFile(store, GED_FILE);
    assert.equal(again.alreadyImported, true);
    assert.equal(again.ledger.id, r.ledger.id);
    assert.equal((await store.listImports()).length, 1);
    assert.equal(await store.countEvents({}), 6416);
  });
});

describe('a polluted copy of real GED rows', () => {
  const { header, rows } = gedRows();
  const pick = (i: number) => [...rows[i]!];
  const col = (name: string) => header.indexOf(name);
  const multiline = rows.findIndex((r) => r.some((f) => f.includes('\n')));
  const nul = pick(3);
  nul[col('source_headline')] = 'head\u0000line';
  const nonNumeric = pick(4);
  nonNumeric[col('best')] = 'n/a';
  const highBelow = pick(5);
  highBelow[col('high')] = '0';
  highBelow[col('best')] = '7';
  highBelow[col('deaths_unknown')] = String(
    7 -
      Number(highBelow[col('deaths_a')]) -
      Number(highBelow[col('deaths_b')]) -
      Number(highBelow[col('deaths_civilians')]),
  );
  const lines = [
    '\ufeff' + csvLine(header),
    ',,#date+year,,,,,,,,,,,,#group+name+first' + ','.repeat(header.length - 15),
    csvLine(pick(0)), // clean
    csvLine(pick(1)) + '\r', // ends \r\r\n
    csvLine(rows[multiline]!), // quoted newline
    csvLine(nul), // NUL byte
    csvLine(pick(6).slice(0, -1)), // ragged: one field short
    csvLine(nonNumeric), // best = n/a
    csvLine(highBelow), // high < best: kept, flagged
    csvLine(pick(0)), // duplicate id of the clean row
  ];
  const file = join(tmp, 'ged-polluted.csv');
  writeFileSync(file, lines.join('\r\n') + '\r\n');

  // The polluted file imported once for the two tests that only read what it stored.
  let store: Store;
  let r: ImportResult;
  before(async () => {
    store = await createStore({ path: ':memory:' });
    r = await importFile(store, file, { format: 'ucdp-ged', version: '22.1' });
  });
  after(() => store.close());

  it('reconciles exactly: accepted + rejected = rows read, each rejection with its reason', async () => {
    const l = r.ledger;
    assert.deepEqual(
      { read: l.rowsRead, accepted: l.accepted, rejected: l.rejected, meta: l.metadataRows },
      { read: 8, accepted: 4, rejected: 4, meta: 1 },
    );
    assert.equal(l.accepted + l.rejected, l.rowsRead);
    const reasons = (await store.listRejections(l.id)).map((x) => x.reason);
    assert.deepEqual(
      reasons.sort(),
      [
        `duplicate id ${rows[0]![0]} (first at line 3)`,
        'best: not an integer',
        `expected ${header.length} fields, found ${header.length - 1}`,
        'source_headline: contains a NUL byte',
      ].sort(),
    );
    const flagged = await store.getEvent(`ucdp-ged:${highBelow[0]}`);
    assert.deepEqual(flagged?.qualityFlags, ['high < best']);
    assert.equal(await store.countEvents({}), 4);
  });

  it('keeps the multi-line field and the \\r\\r\\n row intact', async () => {
    const ml = await store.getEvent(`ucdp-ged:${rows[multiline]![0]}`);
    assert.ok(Object.values((await originalRecord(store, ml!))!.fields).some((v) => v.includes('\n')));
    const crcr = await store.getEvent(`ucdp-ged:${rows[1]![0]}`);
    assert.equal((await originalRecord(store, crcr!))!.fields.gwnob, rows[1]![col('gwnob')]);
  });

  it('text after a closing quote rejects the row, in both readers alike; a quote inside an unquoted field is kept', async () => {
    // DuckDB's lenient reader stored `"Kel" sector` as `Kel secto`; the JavaScript reader kept it whole.
    const a = pick(0);
    a[col('where_description')] = '@A@';
    const b = pick(1);
    b[col('where_description')] = '@B@';
    const text =
      [
        csvLine(header),
        csvLine(a).replace(/"?@A@"?/, '"Kel" sector'),
        csvLine(b).replace(/"?@B@"?/, 'Kel "sector" of the line'), // unquoted
      ].join('\n') + '\n';
    const got = [];
    for (const native of [true, false]) {
      const path = join(tmp, `GEDEvent_v22_1-quotes-${native}.csv`);
      writeFileSync(path, text);
      const store = await createStore({ path: ':memory:' });
      const r = await importFile(store, path, { native });
      got.push([
        r.parsedBy,
        r.ledger.accepted,
        (await store.listRejections(r.ledger.id)).map((x) => [x.line, x.reason]),
        (await store.getEvent(`ucdp-ged:${b[0]}`))?.notes,
      ]);
      await store.close();
    }
    const want = [
      1,
      [
        [
          2,
          `malformed CSV: text after the closing quote of field ${col('where_description') + 1} (where_description)`,
        ],
      ],
      'Kel "sector" of the line',
    ];
    assert.deepEqual(got, [
      ['duckdb', ...want],
      ['javascript', ...want],
    ]);
  });

  it('a file whose lines end with lone carriage returns is refused in one line that says how to convert it', async () => {
    const path = join(tmp, 'GEDEvent_v22_1-mac.csv');
    writeFileSync(path, [csvLine(header), csvLine(pick(0)).replaceAll('\n', ' ')].join('\r') + '\r');
    const store = await createStore({ path: ':memory:' });
    await assert.rejects(importFile(store, path), {
      message: `"GEDEvent_v22_1-mac.csv": lines end with a lone carriage return (\\r, classic Mac OS), which faultline does not read as a line end; convert them first, e.g. tr '\\r' '\\n' < "GEDEvent_v22_1-mac.csv" > converted.csv`,
    });
    assert.equal((await store.listImports()).length, 0);
    await store.close();
  });

  it('an unrecognisable file is refused with one line naming it', async () => {
    const store = await createStore({ path: ':memory:' });
    const bad = join(tmp, 'notes.csv');
    writeFileSync(bad, 'a,b\n1,2\n');
    await assert.rejects(importFile(store, bad), {
      message: '"notes.csv": unrecognised format (header starts "a,b"); choose one with --input-format',
    });
    // A binary file (an ELF header's bytes) is quoted with escapes, and the CLI's line is printable.
    const binary = join(tmp, 'program.csv');
    writeFileSync(
      binary,
      Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0x1b, 0x5b, 0x32, 0x4a, 0x0a]),
    );
    const refused = await importFile(store, binary).then(
      () => assert.fail('imported'),
      (e: unknown) => e,
    );
    assert.match(
      (refused as Error).message,
      /^"program\.csv": unrecognised format \(header starts "\\x7fELF\\x02\\x01\\x00\\x00\\x1b\[2J"\); choose one with --input-format/,
    );
    await store.close();
  });
});
