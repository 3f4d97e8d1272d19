import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, createWriteStream, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import yazl from 'yazl';
import { importGdelt, looksLikeGdeltFile, prepareGdelt, storeGdelt } from '../../app/import-gdelt.ts';
import { registerImport } from '../../cli/commands/import.ts';
import type { DuckDBStore } from '../../storage/duckdb/duckdb-store.ts';
import { gdeltNumbersById } from '../../storage/duckdb/native/gdelt-one-read.ts';
import { createStore } from '../../storage/index.ts';
import { runCli } from '../../../test/helpers/in-process-cli.ts';
import type { LedgerRow, SourcesAnswer } from '../../app/answers.ts';
import { registerSources } from '../../cli/commands/sources.ts';
import {
  gdeltFiles,
  REAL_GDELT_FILE as REAL,
  realGdeltRows as realRows,
  setGdeltField as setField,
} from '../../../test/helpers/gdelt-rows.ts';
import { FIPS_TO_ISO3 } from './fips-countries.ts';
import { countGdelt, GDELT_ORDER_PRIME } from './gdelt-counter.ts';
import { gdeltVersion, looksLikeGdeltRecord } from './gdelt-schema.ts';

const { dir, write } = gdeltFiles('faultline-gdelt-test-');
const zip = (file: string, member: string, out: string) =>
  new Promise<string>((resolve, reject) => {
    const z = new yazl.ZipFile();
    z.addFile(file, member);
    z.end();
    z.outputStream
      .pipe(createWriteStream(out))
      .on('close', () => resolve(out))
      .on('error', reject);
  });

type Row = Record<string, unknown>;
const rows = (s: DuckDBStore, sql: string) => s.select<Row>(sql);

describe('GDELT event importer', () => {
  let store: DuckDBStore;
  before(async () => {
    store = (await createStore({ path: ':memory:' })) as DuckDBStore;
  });
  after(async () => store.close());

  it('the FIPS 10-4 codes that differ from ISO alpha-2 map to the right ISO3 country', () => {
    const cases: Record<string, string> = {
      AF: 'AFG',
      PK: 'PAK',
      IN: 'IND',
      AS: 'AUS',
      AU: 'AUT',
      GM: 'DEU',
      UK: 'GBR',
      CH: 'CHN',
      SZ: 'CHE',
      IS: 'ISR',
      IZ: 'IRQ',
      BM: 'MMR',
      EI: 'IRL',
      IC: 'ISL',
      LH: 'LTU',
      LG: 'LVA',
      SW: 'SWE',
      SP: 'ESP',
      OD: 'SSD',
      GV: 'GIN',
      TO: 'TGO',
      GZ: 'PSE',
      WE: 'PSE',
      RS: 'RUS',
      UP: 'UKR',
      SF: 'ZAF',
      TU: 'TUR',
      JA: 'JPN',
      KS: 'KOR',
      KN: 'PRK',
      TI: 'TJK',
      TX: 'TKM',
      CE: 'LKA',
      BG: 'BGD',
      NP: 'NPL',
      IR: 'IRN',
    };
    for (const [fips, iso3] of Object.entries(cases)) assert.equal(FIPS_TO_ISO3[fips], iso3, `FIPS ${fips}`);
    assert.equal(FIPS_TO_ISO3.KV, null, 'Kosovo has no ISO 3166-1 code in the source table');
  });

  it('detects a GDELT record by its fields and reads the version from the file name', async () => {
    assert.ok(looksLikeGdeltRecord(realRows()[0]!));
    assert.ok(!looksLikeGdeltRecord('a\tb\tc'));
    assert.ok(await looksLikeGdeltFile(REAL));
    assert.equal(gdeltVersion('20250807220000.export.CSV.zip'), '20250807220000');
    assert.equal(gdeltVersion('20130401.export.CSV.zip'), '20130401');
  });

  it('real GDELT rows import with exact reconciliation, codes kept as text, FIPS mapped to ISO3', async () => {
    const r = await importGdelt(store, REAL);
    const l = r.ledger;
    assert.deepEqual([l.rowsRead, l.accepted, l.rejected, l.outOfScope, l.added], [22, 22, 0, 0, 22]);
    assert.equal(l.accepted + l.rejected + l.outOfScope!, l.rowsRead);
    assert.deepEqual(
      [l.format, l.source, l.version, l.versionInferred],
      ['gdelt', 'gdelt', '20250807220000', false],
    );
    assert.equal(l.sha256.length, 64);
    const [e] = await rows(store, `SELECT * FROM gdelt_events WHERE global_event_id = 1256322770`);
    assert.deepEqual(
      [e!.event_code, e!.event_base_code, e!.event_root_code, e!.quad_class, e!.goldstein, e!.avg_tone],
      ['080', '080', '08', 2, 5, -5.12820512820512],
    );
    assert.deepEqual(
      [e!.actor1_code, e!.actor1_country, e!.action_fips, e!.action_country],
      ['ISR', 'ISR', 'SA', 'SAU'],
    );
    assert.equal(String(e!.event_date).slice(0, 10), '2024-08-07');
    assert.equal(e!.source_url, 'https://theweek.com/edition/theweekus-evening-review-2025-08-07-203055');
    const mapped = await rows(
      store,
      `SELECT action_fips AS f, any_value(action_country) AS c FROM gdelt_events WHERE action_fips IS NOT NULL GROUP BY 1 ORDER BY 1`,
    );
    const m = Object.fromEntries(mapped.map((x) => [x.f, x.c]));
    assert.deepEqual(
      [m.AS, m.CH, m.SZ, m.UK, m.IN, m.LH, m.EI, m.IC, m.OD, m.GZ, m.GV, m.SP, m.TO],
      ['AUS', 'CHN', 'CHE', 'GBR', 'IND', 'LTU', 'IRL', 'ISL', 'SSD', 'PSE', 'GIN', 'ESP', 'TGO'],
    );
    const [{ n }] = (await rows(store, `SELECT count(*) AS n FROM events`)) as { n: bigint }[];
    assert.equal(Number(n), 0, 'GDELT reports never enter events');
    assert.equal((await importGdelt(store, REAL)).alreadyImported, true);
  });

  it('GDELT 1.0 daily rows (58 fields, no ADM2 codes, DATEADDED as YYYYMMDD) import by their own layout', async () => {
    // Real 2.0 rows turned into the 1.0 layout (synthetic): the three *_ADM2Code fields dropped, a later day added.
    const v1 = realRows()
      .slice(10, 13)
      .map((row) => {
        const f = row.split('\t').filter((_, i) => ![39, 47, 55].includes(i));
        f[56] = '20250808';
        return f.join('\t');
      });
    assert.equal(v1[0]!.split('\t').length, 58);
    const r = await importGdelt(store, write('20250808_synthetic.export.CSV', v1));
    assert.deepEqual([r.ledger.accepted, r.ledger.changed, r.ledger.rejected], [3, 3, 0]);
    const [e] = await rows(store, `SELECT * FROM gdelt_events WHERE global_event_id = 1256323144`);
    assert.deepEqual(
      [e!.event_code, e!.action_fips, e!.action_country, e!.import_id],
      ['046', 'IN', 'IND', r.ledger.id],
      'the later 1.0 copy replaced the 2.0 one, fields read by the 1.0 layout',
    );
  });

  it('--countries keeps rows with an actor or the action in those countries and counts the rest as out of scope', async () => {
    const s = (await createStore({ path: ':memory:' })) as DuckDBStore;
    const r = await importGdelt(s, REAL, { countries: ['PAK', 'AFG', 'IND'] });
    assert.deepEqual(
      [r.ledger.accepted, r.ledger.rejected, r.ledger.outOfScope, r.ledger.rowsRead],
      [2, 0, 20, 22],
    );
    const kept = await rows(s, `SELECT global_event_id AS id FROM gdelt_events ORDER BY 1`);
    assert.deepEqual(
      kept.map((k) => Number(k.id)),
      [1256323144, 1256323268],
    );
    const [imp] = await s.listImports();
    assert.equal(imp!.outOfScope, 20);
    await s.close();
  });

  it('re-sent events: the latest DATEADDED wins, in the file and against the store, and every copy is counted', async () => {
    const s = (await createStore({ path: ':memory:' })) as DuckDBStore;
    const base = realRows().slice(0, 3);
    await importGdelt(s, write('base_synthetic.export.CSV', base));
    // Real rows re-sent with other DATEADDED and mention counts (synthetic changes of real rows).
    const later = setField(setField(base[0]!, 59, '20250808001500'), 31, '9');
    const earlier = setField(setField(base[1]!, 59, '20250807210000'), 31, '7');
    const twiceA = setField(base[2]!, 59, '20250808003000');
    const twiceB = setField(setField(base[2]!, 59, '20250808004500'), 31, '5');
    const r = await importGdelt(s, write('resent_synthetic.export.CSV', [later, earlier, twiceA, twiceB]));
    const l = r.ledger;
    assert.deepEqual(
      [l.accepted, l.added, l.changed, l.unchanged, l.stale],
      [4, 0, 2, 0, 2],
      'the later copies of rows 1 and 3 replace the stored ones; the earlier copy of row 2 and the first in-file copy of row 3 are stale',
    );
    const got = await rows(
      s,
      `SELECT global_event_id AS id, num_mentions AS nm, strftime(date_added, '%Y%m%d%H%M%S') AS da FROM gdelt_events ORDER BY 1`,
    );
    assert.deepEqual(
      got.map((g) => [Number(g.id), g.nm, g.da]),
      [
        [1256322770, 9, '20250808001500'],
        [1256322771, 2, '20250807220000'],
        [1256322772, 5, '20250808004500'],
      ],
    );
    await s.close();
  });

  it('one read in the common case keeps record numbers; a bad row or an event twice in the file found on the way gets the same answers as two reads', async () => {
    const s = (await createStore({ path: ':memory:' })) as DuckDBStore;
    const real = realRows();
    const numbered = async (importId: number) =>
      (
        await rows(
          s,
          `SELECT global_event_id AS id, record_no AS r FROM gdelt_events WHERE import_id = ${importId} ORDER BY r`,
        )
      ).map((x) => [Number(x.id), x.r]);
    const ids = (file: string[]) => file.map((row, i) => [Number(row.split('\t')[0]), i]);
    // All good: every row stored once, each with its record number (0-based line), the volume counted.
    const clean = real.slice(0, 8);
    const a = await importGdelt(s, write('clean_synthetic.export.CSV', clean));
    assert.deepEqual([a.ledger.accepted, a.ledger.added, a.ledger.rejected], [8, 8, 0]);
    assert.deepEqual(await numbered(a.ledger.id), ids(clean));
    const [vol] = await rows(s, `SELECT sum(rows) AS n FROM gdelt_volume WHERE import_id = ${a.ledger.id}`);
    assert.equal(Number(vol!.n), 8);
    // A bad QuadClass in a file with no ragged record: the one read stores 6 of 7 rows, sees the gap,
    // undoes them and reads again the slow way: the row is rejected with its line, nothing stored twice.
    const bad = [...real.slice(8, 11), setField(real[11]!, 29, '9'), ...real.slice(12, 15)];
    const b = await importGdelt(s, write('quadclass_synthetic.export.CSV', bad));
    assert.deepEqual([b.ledger.accepted, b.ledger.rejected, b.ledger.added], [6, 1, 6]);
    assert.deepEqual(
      b.rejections.map((x) => [x.line, x.field, x.value, x.reason]),
      [[4, 'QuadClass', '9', 'QuadClass: not 1, 2, 3 or 4']],
    );
    assert.deepEqual(
      await numbered(b.ledger.id),
      ids(bad).filter(([, i]) => i !== 3),
    );
    // An event twice in a file and not stored yet: the later DATEADDED wins, the other copy is stale.
    const first = real[15]!;
    const again = setField(setField(first, 59, '20250807231500'), 31, '11');
    const twice = [first, ...real.slice(16, 18), again];
    const c = await importGdelt(s, write('twice_synthetic.export.CSV', twice));
    assert.deepEqual([c.ledger.accepted, c.ledger.added, c.ledger.stale], [4, 3, 1]);
    const [kept] = await rows(
      s,
      `SELECT num_mentions AS nm, record_no AS r FROM gdelt_events WHERE global_event_id = ${Number(first.split('\t')[0])}`,
    );
    assert.deepEqual([kept!.nm, kept!.r], [11, 3]);
    const [{ n }] = (await rows(s, `SELECT count(*) AS n FROM gdelt_events`)) as { n: bigint }[];
    assert.equal(Number(n), 8 + 6 + 3);
    await s.close();
  });

  it("Node's count sums record number x GLOBALEVENTID modulo a prime (the order the one read is checked against)", async () => {
    const real = realRows();
    const expected = real.reduce(
      (sum, row, k) => (sum + BigInt(k) * BigInt(row.split('\t')[0]!)) % BigInt(GDELT_ORDER_PRIME),
      0n,
    );
    const c = await countGdelt(REAL, 61);
    assert.equal(c.idOrder, Number(expected));
    assert.equal(c.longest, Math.max(...real.map((r) => Buffer.byteLength(r))));
    const swapped = await countGdelt(
      write('swapped_synthetic.export.CSV', [real[1]!, real[0]!, ...real.slice(2)]),
      61,
    );
    assert.notEqual(swapped.idOrder, c.idOrder, 'two records swapped change the sum');
    const lettered = await countGdelt(
      write('lettered_synthetic.export.CSV', [setField(real[0]!, 0, '12x4')]),
      61,
    );
    assert.equal(lettered.idOrder, null);
  });

  it("Node's count finds ids that run by one (as in GDELT 2.0's exports) and nothing else", async () => {
    const real = realRows();
    const renumber = (from: number, rows: string[]) => rows.map((r, k) => setField(r, 0, String(from + k)));
    const run = await countGdelt(
      write('run_synthetic.export.CSV', renumber(1256322770, real.slice(0, 5))),
      61,
    );
    assert.equal(run.idRunFrom, 1256322770);
    assert.equal(gdeltNumbersById(run), true);
    // The fixture is a cut of a real export (rows picked for their codes): its ids have gaps.
    assert.equal((await countGdelt(REAL, 61)).idRunFrom, null);
    const noRun = [
      ['two swapped', [real[1]!, real[0]!].map((r, k) => setField(r, 0, String(1256322771 - k)))],
      ['an id twice', renumber(1256322770, real.slice(0, 3)).concat(setField(real[3]!, 0, '1256322772'))],
      ['16 digits', [setField(real[0]!, 0, '1234567890123456'), setField(real[1]!, 0, '1234567890123457')]],
      ['a letter', [setField(real[0]!, 0, '1256322770'), setField(real[1]!, 0, '125632277x')]],
    ] as const;
    for (const [what, rows] of noRun) {
      const c = await countGdelt(write('norun_synthetic.export.CSV', [...rows]), 61);
      assert.equal(c.idRunFrom, null, what);
      assert.equal(gdeltNumbersById(c), false, what);
    }
  });

  it('ids that run by one are numbered from the id in the one read; a count that lies about the first id is caught and the file read the slow way', async () => {
    const s = (await createStore({ path: ':memory:' })) as DuckDBStore;
    const real = realRows();
    const renumber = (from: number, rows: string[]) => rows.map((r, k) => setField(r, 0, String(from + k)));
    const numbered = async (importId: number) =>
      (
        await rows(
          s,
          `SELECT global_event_id AS id, record_no AS r FROM gdelt_events WHERE import_id = ${importId} ORDER BY id`,
        )
      ).map((x) => [Number(x.id), x.r]);
    const lines = (file: string[]) => file.map((row, i) => [Number(row.split('\t')[0]), i]);
    // Real rows with ids that run by one (synthetic ids), one with an unknown action FIPS code: every
    // row's record number is its 0-based line, the unknown code is named.
    const run = renumber(1256400000, real.slice(0, 8)).map((r, k) => (k === 2 ? setField(r, 53, 'QQ') : r));
    const a = await importGdelt(s, write('run_a_synthetic.export.CSV', run));
    assert.deepEqual([a.ledger.accepted, a.ledger.added, a.ledger.rejected], [8, 8, 0]);
    assert.deepEqual(await numbered(a.ledger.id), lines(run));
    assert.deepEqual(a.unknownFips, [{ code: 'QQ', rows: 1 }]);
    // faultline rejections N --warnings lists it, with its line (record + 1: no header), record number and the code.
    const warned = await runCli(
      s,
      [registerSources],
      ['rejections', String(a.ledger.id), '--warnings', '--format', 'json'],
    );
    assert.deepEqual(JSON.parse(warned.out), {
      import_id: a.ledger.id,
      rows_with_warnings: 1,
      rows_held: 1,
      warnings_total: 1,
      // The CLI without --limit lists every warning: the whole list, not a page.
      offset: 0,
      limit: null,
      note: null,
      warnings: [
        {
          kind: 'gdelt',
          id: run[2]!.split('\t')[0],
          line: 3,
          record: 2,
          field: 'ActionGeo_CountryCode',
          value: 'QQ',
          warning: 'unknown FIPS country code "QQ" (kept, action country unknown)',
        },
      ],
    });
    // No slice in the file name: the version is the latest DATEADDED.
    assert.deepEqual([a.ledger.version, a.ledger.versionInferred], ['20250807220000', true]);
    // The same kind of file, its count changed to claim a first id one lower, then one higher: numbered
    // from that claim, every row would be off by one. The one read's checks refuse it and the slow path
    // numbers the rows by their lines.
    for (const [k, lie] of [
      [0, -1],
      [1, 1],
    ] as const) {
      const file = renumber(1256500000 + k * 100, real.slice(8 + k * 7, 15 + k * 7));
      const p = await prepareGdelt(s, write(`run_lie${k}_synthetic.export.CSV`, file));
      assert.ok('prepared' in p);
      const counted = p.prepared.counted;
      assert.equal(counted.idRunFrom, 1256500000 + k * 100);
      const r = await storeGdelt(s, {
        ...p.prepared,
        counted: { ...counted, idRunFrom: counted.idRunFrom! + lie },
      });
      assert.deepEqual([r.ledger.accepted, r.ledger.rejected], [7, 0]);
      assert.deepEqual(await numbered(r.ledger.id), lines(file), `first id off by ${lie}`);
    }
    const [{ n }] = (await rows(s, `SELECT count(*) AS n FROM gdelt_events`)) as { n: bigint }[];
    assert.equal(Number(n), 8 + 7 + 7);
    await s.close();
  });

  it('rows with 60 or 62 fields, a non-numeric Goldstein value or an unknown FIPS code are counted and named', async () => {
    const s = (await createStore({ path: ':memory:' })) as DuckDBStore;
    const [a, b, c, d, e, f] = realRows();
    const short = b!.split('\t').slice(0, 60).join('\t');
    const long = `${c}\textra`;
    const goldstein = setField(d!, 30, 'n/a');
    const unknownFips = setField(e!, 53, 'QQ');
    // GDELT has no quoting: a stray double quote is an ordinary character.
    const quoted = setField(f!, 6, 'CANBERRA "CITY');
    const r = await importGdelt(
      s,
      write('bad_synthetic.export.CSV', [a!, short, long, goldstein, unknownFips, quoted]),
    );
    const l = r.ledger;
    assert.deepEqual([l.rowsRead, l.accepted, l.rejected, l.warnings], [6, 3, 3, 1]);
    assert.deepEqual(
      r.rejections.map((x) => [x.line, x.field, x.value, x.reason]),
      [
        [2, null, null, 'expected 61 fields, found 60'],
        [3, null, null, 'expected 61 fields, found 62'],
        [4, 'GoldsteinScale', 'n/a', 'GoldsteinScale: not a number from -10 to 10'],
      ],
    );
    assert.equal(r.rejections[1]!.raw, long, 'the rejected row is kept exactly');
    assert.equal(r.rejections[2]!.raw, goldstein);
    assert.deepEqual(r.unknownFips, [{ code: 'QQ', rows: 1 }]);
    const [q] = await rows(s, `SELECT actor1_name FROM gdelt_events WHERE global_event_id = 1256322866`);
    assert.equal(q!.actor1_name, 'CANBERRA "CITY');
    await s.close();
  });

  it('imports a zipped export; a truncated zip is refused in one line and writes nothing', async () => {
    const s = (await createStore({ path: ':memory:' })) as DuckDBStore;
    const z = await zip(REAL, '20250807220000.export.CSV', join(dir, '20250807220000.export.CSV.zip'));
    const r = await importGdelt(s, z, { countries: ['IND'] });
    assert.deepEqual([r.ledger.accepted, r.ledger.outOfScope, r.ledger.version], [2, 20, '20250807220000']);
    const cut = join(dir, '20250807221500.export.CSV.zip');
    writeFileSync(cut, readFileSync(z).subarray(0, Math.floor(statSync(z).size / 2)));
    await assert.rejects(
      importGdelt(s, cut),
      /^InvalidInputError: "20250807221500\.export\.CSV\.zip": not a readable zip: /,
    );
    assert.equal((await s.listImports()).length, 1);
    truncateSync(cut, 0);
    await assert.rejects(importGdelt(s, cut), /not a readable zip/);
    // Bytes that are not UTF-8 stop DuckDB's reader: refused whole, in one line naming the line.
    const latin1 = join(dir, 'latin1_synthetic.export.CSV');
    writeFileSync(
      latin1,
      Buffer.concat([
        Buffer.from(realRows()[0]! + '\n'),
        Buffer.from(realRows()[1]!.replace('JERUSALEM', 'J\u00c9RUSALEM') + '\n', 'latin1'),
      ]),
    );
    await assert.rejects(
      importGdelt(s, latin1),
      /^InvalidInputError: "latin1_synthetic\.export\.CSV": line 2 holds bytes that are not UTF-8 text; nothing was imported$/,
    );
    assert.equal((await s.listImports()).length, 1);
    await s.close();
  });

  it('faultline import detects a GDELT file, filters by --countries and reports out-of-scope rows', async () => {
    const s = (await createStore({ path: ':memory:' })) as DuckDBStore;
    const r = await runCli(
      s,
      [registerImport],
      ['import', REAL, '--countries', 'pak,afg,ind', '--format', 'json'],
    );
    assert.equal(r.error, undefined, String(r.error));
    const [{ ledger: j }] = JSON.parse(r.out) as { ledger: LedgerRow }[];
    assert.deepEqual(
      [j.format, j.accepted, j.out_of_scope, j.rows_read, j.scope],
      ['gdelt', 2, 20, 22, 'AFG,IND,PAK'],
    );
    // The ledger that `faultline sources` shows reconciles too: the out-of-scope rows are a column of
    // the table (it showed 22 read = 2 accepted + 0 rejected) and a field of the JSON.
    const table = await runCli(s, [registerSources], ['sources']);
    assert.match(table.out, /rows_read +accepted +rejected +out_of_scope +added/);
    const json = await runCli(s, [registerSources], ['sources', '--format', 'json']);
    const [l] = (JSON.parse(json.out) as SourcesAnswer).imports;
    assert.deepEqual(
      [l!.rows_read, l!.accepted, l!.rejected, l!.metadata_rows, l!.out_of_scope, l!.scope],
      [22, 2, 0, 0, 20, 'AFG,IND,PAK'],
    );
    // The import's answer gives that entry exactly, key for key.
    assert.deepEqual(Object.keys(j), Object.keys(l!));
    assert.deepEqual(j, l);
    const bad = await runCli(s, [registerImport], ['import', REAL, '--countries', 'PAKI']);
    assert.match(String(bad.error), /invalid countries: "PAKI"/);
    await s.close();
  });
});
