// test-run: alone, about 15 s (imports of real rows, each read both ways)
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { GED_FILE } from '../../test/helpers/ged-rows.ts';
import { ucdpApiRecords } from '../../test/helpers/ucdp-api-records.ts';
import { DuckDBStore } from '../storage/duckdb/duckdb-store.ts';
import { createEventPlacer } from './geography.ts';
import { importFile, type ImportOptions } from './import-dataset.ts';
import { originalRecord, originalRecords } from './original-record.ts';
import { ndjsonFields } from './import-ndjson.ts';
import { countNdjsonRecords } from '../ingest/json/read-ndjson.ts';
import { UCDP_NATIVE } from '../ingest/ucdp-ged/ucdp-record.ts';
import { NO_GEO } from '../domain/placed-event.ts';
import { EngineReadDiffers } from '../storage/native-import.ts';

const tmp = mkdtempSync(join(tmpdir(), 'faultline-ndjson-native-'));
const CANDIDATE = new URL('../../data/ucdp-candidate/GEDEvent_v26_0_7_PAK_AFG.csv', import.meta.url).pathname;
const ACLED = new URL('../ingest/acled/fixtures/acled_2024-01-01-2024-03-31_synthetic.csv', import.meta.url)
  .pathname;

/** Writes lines (Buffers as they are) joined by `nl`, with a final line break. */
function write(name: string, lines: (string | Buffer)[], nl = '\n'): string {
  const path = join(tmp, name);
  writeFileSync(
    path,
    Buffer.concat(lines.flatMap((l) => [typeof l === 'string' ? Buffer.from(l) : l, Buffer.from(nl)])),
  );
  return path;
}

/** The real GED records as the API gives them, one JSON text per line (as `faultline fetch ucdp` writes them). */
const GED_LINES = ucdpApiRecords(GED_FILE).map((r) => JSON.stringify(r));

/**
 * Imports files in order into a fresh store; returns every import's result and the store's state
 * (ledger, events, rejections, changes, rollups). The store is in memory: the readers compared here
 * write the same tables whatever holds them, and closing a store file (its checkpoint) costs about
 * 0.2 s of CPU for nothing compared.
 */
async function importAll(files: string[], opts: ImportOptions = {}) {
  const store = await DuckDBStore.open(':memory:');
  // How each native mapping wrote: straight into events (a first import of its source) or staged.
  const paths: string[] = [];
  const begin = store.beginImport.bind(store);
  store.beginImport = async (start) => {
    const session = await begin(start);
    const map = session.mapStaged!.bind(session);
    session.mapStaged = async (o) => {
      const r = await map(o);
      paths.push(r.direct ? 'direct' : 'staged');
      return r;
    };
    return session;
  };
  const place = await createEventPlacer(store);
  const results = [];
  for (const f of files)
    results.push(await importFile(store, f, { place, link: false, alerts: false, ...opts }));
  const table = (sql: string) => store.select<Record<string, unknown>>(sql);
  const state = {
    // (parsed_by, which reader parsed each file, differs by design: the results say it.)
    ledger: await table(`SELECT * EXCLUDE (id, started_at, duration_ms, parsed_by) FROM imports ORDER BY id`),
    events: await table(`SELECT * EXCLUDE (import_id) FROM events ORDER BY id`),
    rejections: await table(`SELECT * EXCLUDE (import_id) FROM rejections ORDER BY line, reason`),
    // (A file the native path hands to JavaScript rolls its session back: its import takes the next id,
    // so import ids differ between the two stores, here and inside the old records kept.)
    changes: await table(
      `SELECT * EXCLUDE (import_id, old_record), regexp_replace(old_record, '"import_id":[0-9]+', '"import_id":_') AS old_record
       FROM event_changes ORDER BY event_id, change`,
    ),
    rollups: await Promise.all(
      ['rollup_day', 'rollup_month', 'rollup_country_day', 'rollup_country_month'].map((t) =>
        table(`SELECT * FROM ${t} ORDER BY ALL`),
      ),
    ),
  };
  return { store, results, state, paths };
}

/**
 * The same files imported by DuckDB's reader and by the JavaScript reader give the same store;
 * `inspect` reads the native store before it closes.
 */
async function bothWays(files: string[], inspect?: (store: DuckDBStore) => Promise<void>) {
  const native = await importAll(files);
  const js = await importAll(files, { native: false });
  try {
    await inspect?.(native.store);
  } finally {
    await native.store.close();
    await js.store.close();
  }
  assert.deepEqual(
    js.results.map((r) => r.parsedBy),
    files.map(() => 'javascript'),
  );
  assert.deepEqual(native.state, js.state);
  return native;
}

describe('NDJSON (API downloads) parsed by DuckDB', () => {
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('gives exactly the events, hashes, ledger and original records of the JavaScript reader', async () => {
    // Every sixth of the file's 6,416 real records (1,070), read both ways: all its kinds of violence,
    // provinces and precisions (its first 2,000, read before, held one kind of violence; the whole file
    // took 13 s of the suite for the same checks on more rows of the same kinds), and more than 1,024
    // records, so the import's check of every 1,024th record reads two.
    const lines = GED_LINES.filter((_, i) => i % 6 === 0);
    const path = write('ucdp-ged-22.1-2026-12-03.ndjson', lines);
    // The original records are read from the native store before it closes.
    const native = await bothWays([path], async (store) => {
      const page = await store.queryEvents({ limit: 100_000 });
      // Every record read back at once (as exports do), and the first through the event detail's read.
      const texts = (await originalRecords(store, page.rows)).map((r) => r?.text);
      assert.deepEqual(
        texts,
        page.rows.map((e) => lines[e.recordNo!]),
      );
      assert.equal((await originalRecord(store, page.rows[0]!))?.text, lines[page.rows[0]!.recordNo!]);
    });
    // A first import goes straight into events (staged and diffed, the store is the same: below).
    assert.deepEqual(native.paths, ['direct']);
    assert.equal(native.results[0]!.parsedBy, 'duckdb');
    assert.equal(native.results[0]!.ledger.accepted, lines.length);
    assert.equal(native.state.events.length, lines.length);
  });

  it('reads Candidate downloads and ACLED API downloads (every value a string) alike', async () => {
    const candidate = write(
      'ucdp-candidate-26.0.7-2026-12-03.ndjson',
      ucdpApiRecords(CANDIDATE).map((r) => JSON.stringify(r)),
    );
    const [header, ...rows] = parse(readFileSync(ACLED)) as string[][];
    const acled = write(
      'acled-pakistan-2024-04-01.ndjson',
      rows.map((r) => JSON.stringify(Object.fromEntries(header!.map((h, i) => [h.toLowerCase(), r[i]])))),
    );
    const native = await bothWays([candidate, acled]);
    assert.deepEqual(
      native.results.map((r) => [r.parsedBy, r.ledger.source, r.ledger.accepted > 0]),
      [
        ['duckdb', 'ucdp-candidate', true],
        ['duckdb', 'acled', true],
      ],
    );
  });

  it('a polluted download: every line rejected or kept as the JavaScript reader does it, with its reason and text', async () => {
    const [pre, post] = GED_LINES[8]!.split('"side_b":"');
    const bad = Buffer.concat([
      Buffer.from(`${pre}"side_b":"`),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(post!),
    ]);
    const lines: (string | Buffer)[] = [
      '\ufeff' + GED_LINES[0]!,
      '',
      '   \t ',
      `   ${GED_LINES[1]!}  `,
      'not json',
      '[1,2]',
      '"a string"',
      'null',
      '42',
      GED_LINES[2]!.replace(/}$/, ',}'),
      '{',
      GED_LINES[3]!.replace(/"side_a":"/, '"side_a":"tab\there '),
      bad,
      Buffer.concat([Buffer.from([0xc3]), Buffer.from(GED_LINES[9]!)]),
      GED_LINES[4]!.replace(/"best":\d+,/, ''),
      GED_LINES[5]!.replace(
        /}$/,
        ',"Best":7,"extra":{"x":[1]}}'.replace(',"extra":{"x":[1]}', ',"extra":"x"'),
      ),
      GED_LINES[6]!.replace(/"best":(\d+)/, '"best":$1.0').replace(/"deaths_a":\d+/, '"deaths_a":-0'),
      GED_LINES[6]!,
      GED_LINES[7]!.replace(/"side_a":"/, '"side_a":"\\n\\t\\"\\u00e9\\/ '),
      `${GED_LINES[10]!}\r${GED_LINES[11]!}`,
      GED_LINES[12]!.replace(/"latitude":[^,]+/, '"latitude":33.123456789012345'),
      GED_LINES[13]!.replace(/"id":\d+/, '"id":9007199254740991'),
      GED_LINES[14]!.replace(/"best":\d+/, '"best":"n/a"'),
      GED_LINES[15]!.replace(/"date_start":"[^"]*"/, '"date_start":null'),
      ...GED_LINES.slice(16, 40),
    ];
    const lf = write('ucdp-ged-22.1-2026-12-04.ndjson', lines);
    const crlf = write('ucdp-ged-22.1-2026-12-05.ndjson', lines, '\r\n');
    for (const path of [lf, crlf]) {
      const native = await bothWays([path]);
      const r = native.results[0]!;
      assert.equal(r.parsedBy, 'duckdb');
      assert.deepEqual(native.paths, ['direct']);
      if (path === lf) {
        // Staged and diffed, the polluted file gives the same store too.
        const staged = await importAll([path], { alwaysDiff: true });
        await staged.store.close();
        assert.deepEqual([staged.paths, staged.state], [['staged'], native.state]);
      }
      assert.equal(r.ledger.accepted + r.ledger.rejected, r.ledger.rowsRead);
      const reasons = native.state.rejections.map((x) => [x.line, x.reason]);
      // Spot checks of what the JavaScript reader gives (the whole state equals it, above).
      // (V8 words the parse error: its message is JavaScript's, whatever it says.)
      assert.deepEqual(reasons[0]![0], 5);
      assert.match(String(reasons[0]![1]), /^not valid JSON: .*"not json"/);
      assert.deepEqual(reasons.slice(1, 6), [
        [6, 'not a JSON object: an array'],
        [7, 'not a JSON object: a string'],
        [8, 'not a JSON object: null'],
        [9, 'not a JSON object: a number'],
        [10, 'not valid JSON: Expected double-quoted property name in JSON at position 1109'],
      ]);
      assert.ok(
        reasons.some(
          ([, reason]) => reason === 'invalid UTF-8: the record holds bytes that are not UTF-8 text',
        ),
      );
      assert.ok(reasons.some(([, reason]) => reason === 'best: is required'));
      assert.ok(reasons.some(([, reason]) => /^duplicate id /.test(String(reason))));
      const leading = native.state.events.find((e) => e.record_no === 1);
      assert.ok(leading, 'the line with leading blanks is a record');
    }
  });

  it('keys first met far down the file are read too (the keys of every line make the columns)', async () => {
    // The first 1,100 lines lack `source_article` and `where_description` (text the mapping keeps);
    // the later ones hold them, and one holds a key no other line has.
    const lines = GED_LINES.slice(0, 1200).map((l, i) => {
      const r = JSON.parse(l) as Record<string, unknown>;
      if (i < 1100) {
        delete r.source_article;
        delete r.where_description;
      }
      if (i === 1150) r.late_key = 'x';
      return JSON.stringify(r);
    });
    const native = await bothWays([write('ucdp-ged-22.1-late-keys.ndjson', lines)]);
    assert.equal(native.results[0]!.parsedBy, 'duckdb');
    const late = native.state.events.filter((e) => Number(e.record_no) >= 1100);
    assert.ok(late.length > 90 && late.some((e) => (e.source_articles as string[]).length > 0));
  });

  it('a value DuckDB would print otherwise sends the file the JavaScript way, which says why', async () => {
    const cases: [string, string, RegExp][] = [
      ['exponent', GED_LINES[0]!.replace(/"best":\d+/, '"best":1e21'), /best: the number 1e21/],
      [
        'big-int',
        GED_LINES[0]!.replace(/"priogrid_gid":\d+/, '"priogrid_gid":9007199254740993'),
        /priogrid_gid: an integer past 2\^53/,
      ],
      [
        'nested',
        GED_LINES[0]!.replace(/"side_b":"[^"]*"/, '"side_b":{"name":"x"}'),
        /side_b: a nested object or array/,
      ],
      ['dup-key', GED_LINES[0]!.replace(/^\{/, '{"best":1,'), /repeat a key/],
      ['nul', GED_LINES[0]!.replace(/"side_a":"/, '"side_a":"\\u0000'), /side_a: a NUL character/],
      [
        'surrogate',
        GED_LINES[0]!.replace(/"side_a":"/, '"side_a":"\\ud800'),
        /JavaScript reads a JSON object that DuckDB does not/,
      ],
      [
        'tiny',
        GED_LINES[0]!.replace(/"latitude":[^,]+/, '"latitude":0.0000001'),
        /latitude: the number 1e-07|latitude: the number 1e-7/,
      ],
      ['odd-key', GED_LINES[0]!.replace(/^\{/, '{"we\\"ird":1,'), /the key "we\\"ird"/],
    ];
    // One store each way takes every case's file in turn (each file is imported on its own).
    const files = cases.map(([name, line]) =>
      write(`ucdp-ged-22.1-unsafe-${name}.ndjson`, [...GED_LINES.slice(1, 6), line]),
    );
    const native = await bothWays(files);
    cases.forEach(([name, , why], i) => {
      assert.equal(native.results[i]!.parsedBy, 'javascript', name);
      assert.match(native.results[i]!.parsedInJavaScriptBecause ?? '', why, name);
    });
  });

  it('a staged line whose text DuckDB gives otherwise than JavaScript stops the native mapping (the sampled check can fail)', async () => {
    const path = write('ucdp-ged-22.1-check.ndjson', GED_LINES.slice(0, 30));
    const store = await DuckDBStore.open(':memory:');
    const session = await store.beginImport({
      fileName: 'ucdp-ged-22.1-check.ndjson',
      bytes: 1,
      sha256: 'check',
      format: 'ucdp-api',
      source: 'ucdp-ged',
      startedAt: new Date().toISOString(),
      supersedeScope: false,
    });
    try {
      const staged = await session.stageNdjson!(path, 'ucdp-ged');
      assert.equal(staged.unsafe, null);
      const { index } = await countNdjsonRecords(path, { index: true });
      const mapping = {
        mapper: UCDP_NATIVE,
        layout: { path, header: staged.keys, delimiter: ',', newline: '\n' as const },
        source: 'ucdp-ged',
        fileSha256: 'check',
        lookups: {
          country: () => 'PAK',
          actorIds: () => [],
          actorDateBreaks: [],
          place: () => NO_GEO,
          placeDateBreaks: [],
        },
        locator: index!,
        parserRejects: [],
      };
      // A JavaScript reading that differs in one value of the first line (record 0 is always sampled).
      let first = true;
      const altered = (text: string) => {
        const f = ndjsonFields(text);
        if (f && first) {
          first = false;
          return { ...f, best: String(Number(f.best) + 1) };
        }
        return f;
      };
      await assert.rejects(
        session.mapStaged!({ ...mapping, ndjson: { fields: altered } }),
        (e: Error) =>
          e instanceof EngineReadDiffers &&
          /^record 0: best reads "\d+" in DuckDB, "\d+" in JavaScript$/.test(e.message),
      );
    } finally {
      await session.rollback();
      await store.close();
    }
  });

  it('content hashes do not depend on the reader: a file read in JavaScript, then its next version natively, changes only what changed', async () => {
    const first = write('ucdp-ged-22.1-2026-12-06.ndjson', GED_LINES.slice(0, 50));
    const next = write('ucdp-ged-22.1-2026-12-07.ndjson', [
      GED_LINES[0]!.replace(/"best":(\d+)/, (_, n) => `"best":${Number(n) + 1}`),
      ...GED_LINES.slice(1, 50),
    ]);
    const store = await DuckDBStore.open(':memory:');
    try {
      const a = await importFile(store, first, { native: false, link: false, alerts: false });
      const b = await importFile(store, next, { link: false, alerts: false });
      assert.deepEqual([a.parsedBy, b.parsedBy], ['javascript', 'duckdb']);
      assert.deepEqual([b.ledger.changed, b.ledger.unchanged, b.ledger.added], [1, 49, 0]);
      const again = await importFile(store, next, { link: false, alerts: false });
      assert.equal(again.alreadyImported, true);
    } finally {
      await store.close();
    }
  });
});
