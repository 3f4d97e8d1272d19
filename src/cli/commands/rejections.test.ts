import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { csvLine, gedRows } from '../../../test/helpers/ged-rows.ts';
import { runCli } from '../../../test/helpers/in-process-cli.ts';
import { importFile } from '../../app/import-dataset.ts';
import { exitCodeFor } from '../fail.ts';
import { createStore } from '../../storage/index.ts';
import type { Store } from '../../storage/store.ts';
import { registerImport } from './import.ts';
import { registerSources } from './sources.ts';

// Real GED rows, 1,205 of them with `best` spoiled ("x"): more rejected rows than a table shows.
const BAD = 1205;
const tmp = mkdtempSync(join(tmpdir(), 'faultline-rejections-'));
let store: Store;
let importId = 0;
const cli = (...args: string[]) => runCli(store, [registerSources, registerImport], args);

before(async () => {
  const { header, rows } = gedRows();
  const best = header.indexOf('best');
  const spoiled = rows.slice(0, BAD).map((r) => r.map((v, i) => (i === best ? 'x' : v)));
  const path = join(tmp, 'GEDEvent_v22_1_spoiled.csv');
  writeFileSync(
    path,
    [header, ...spoiled, ...rows.slice(BAD, BAD + 20)].map((r) => `${csvLine(r)}\n`).join(''),
  );
  store = await createStore({ path: join(tmp, 's.duckdb') });
  const r = await importFile(store, path, { link: false, alerts: false });
  assert.equal(r.ledger.rejected, BAD);
  importId = r.ledger.id;
});
after(async () => {
  await store.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('faultline rejections lists every rejected row, and says so when it lists fewer', () => {
  it('csv, json and ndjson hold every rejected row; the table shows 1,000 and says how many there are', async () => {
    const csv = await cli('rejections', String(importId), '--format', 'csv');
    assert.equal(csv.error, undefined);
    const records = parse(csv.out, { columns: true }) as { line: string; reason: string }[];
    assert.equal(records.length, BAD);
    assert.equal(new Set(records.map((x) => x.line)).size, BAD);
    assert.equal(csv.err, '');
    const json = await cli('rejections', String(importId), '--format', 'json');
    assert.equal((JSON.parse(json.out) as unknown[]).length, BAD);
    const ndjson = await cli('rejections', String(importId), '--format', 'ndjson');
    assert.equal(ndjson.out.trim().split('\n').length, BAD);
    const table = await cli('rejections', String(importId));
    assert.equal(
      table.err,
      `note: rows 1-1000 of ${BAD} rejected rows listed (a table shows 1000): give a larger --limit, or --format csv, json or ndjson for every one\n`,
    );
    const cut = await cli('rejections', String(importId), '--format', 'json', '--limit', '3');
    assert.equal((JSON.parse(cut.out) as unknown[]).length, 3);
    assert.equal(
      cut.err,
      `note: rows 1-3 of ${BAD} rejected rows listed (--limit 3): give a larger --limit, or no --limit (--format json lists all) for every one\n`,
    );
    // A table cut by --limit still points to the exports.
    const few = await cli('rejections', String(importId), '--limit', '3');
    assert.match(few.err, /give a larger --limit, or --format csv, json or ndjson for every one\n$/);
  });

  it('a --limit that is not a whole number is refused in one line quoting it (exit 2), not a database error', async () => {
    for (const bad of ['-1', 'abc', '1.5']) {
      const r = await cli('rejections', String(importId), '--limit', bad);
      assert.equal(exitCodeFor(r.error), 2, bad);
      assert.equal((r.error as Error).message, `invalid limit: "${bad}" (use a whole number, 0 or more)`);
    }
  });
});

describe('faultline import reports what it imported, also when a later file fails', () => {
  it('the table names each import by its number, says how many rejections it shows, and gives the rejections command with that number', async () => {
    const { header, rows } = gedRows();
    const best = header.indexOf('best');
    const spoiled = rows.slice(2000, 2012).map((r) => r.map((v, i) => (i === best ? 'x' : v)));
    const path = join(tmp, 'GEDEvent_v22_1_twelve.csv');
    writeFileSync(
      path,
      [header, ...spoiled, ...rows.slice(2012, 2020)].map((r) => `${csvLine(r)}\n`).join(''),
    );
    const r = await cli('import', path);
    assert.equal(r.error, undefined, r.err);
    const id = (await store.listImports()).at(-1)!.id;
    assert.match(r.out, /^import +file +format/);
    assert.match(r.out, new RegExp(`\\n${id} +GEDEvent_v22_1_twelve\\.csv `));
    assert.match(r.err, /\(the first 5 of 12 rejected rows of GEDEvent_v22_1_twelve\.csv\)/);
    assert.match(r.err, new RegExp(`see every rejected row with: faultline rejections ${id}\\n$`));
  });

  it('a failing file after an imported one: the imported one is reported (table or JSON) and a note says which failed, then exit 2', async () => {
    const { header, rows } = gedRows();
    const good = (name: string, from: number) => {
      const path = join(tmp, name);
      writeFileSync(path, [header, ...rows.slice(from, from + 10)].map((r) => `${csvLine(r)}\n`).join(''));
      return path;
    };
    const empty = join(tmp, 'empty.csv');
    writeFileSync(empty, '');
    const first = good('GEDEvent_v22_1_a.csv', 3000);
    const last = good('GEDEvent_v22_1_b.csv', 3100);
    const r = await cli('import', first, empty, last, '--format', 'json');
    assert.equal(exitCodeFor(r.error), 2);
    const done = JSON.parse(r.out) as { fileName: string; accepted: number }[];
    assert.deepEqual(
      done.map((x) => [x.fileName, x.accepted]),
      [['GEDEvent_v22_1_a.csv', 10]],
    );
    assert.equal(
      r.err.trim().split('\n').at(-1),
      `note: 1 of 3 files imported before "${empty}" failed (listed above); the file after it was not read`,
    );
    assert.ok(!(await store.listImports()).some((l) => l.fileName === 'GEDEvent_v22_1_b.csv'));
  });

  it('the same bytes under another name: a note says they were imported before, as what, and that the options changed nothing', async () => {
    const { header, rows } = gedRows();
    const body = [header, ...rows.slice(4000, 4010)].map((r) => `${csvLine(r)}\n`).join('');
    const first = join(tmp, 'GEDEvent_v22_1_c.csv');
    const renamed = join(tmp, 'GEDEvent_v23_1_renamed.csv');
    writeFileSync(first, body);
    writeFileSync(renamed, body);
    assert.equal((await cli('import', first)).error, undefined);
    const { id, version } = (await store.listImports()).at(-1)!;
    const again = await cli('import', renamed, '--full-release', '--allow-removals', '5');
    assert.equal(again.error, undefined, again.err);
    assert.match(
      again.err,
      new RegExp(
        `note: ${renamed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the same bytes were imported before as GEDEvent_v22_1_c\\.csv \\(import ${id}, version ${version.replace('.', '\\.')}\\): nothing read, so --full-release, --allow-removals changed nothing`,
      ),
    );
    assert.equal((await store.listImports()).at(-1)!.id, id);
  });
});
