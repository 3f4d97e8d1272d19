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
import { registerSources } from './sources.ts';

// Real GED rows, 1,205 of them with `best` spoiled ("x"): more rejected rows than a table shows.
const BAD = 1205;
const tmp = mkdtempSync(join(tmpdir(), 'faultline-rejections-'));
let store: Store;
let importId = 0;
const cli = (...args: string[]) => runCli(store, [registerSources], args);

describe('faultline rejections lists every rejected row, and says so when it lists fewer', () => {
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
    assert.match(cut.err, new RegExp(`^note: rows 1-3 of ${BAD} rejected rows listed \\(--limit 3\\)`));
  });

  it('a --limit that is not a whole number is refused in one line quoting it (exit 2), not a database error', async () => {
    for (const bad of ['-1', 'abc', '1.5']) {
      const r = await cli('rejections', String(importId), '--limit', bad);
      assert.equal(exitCodeFor(r.error), 2, bad);
      assert.equal((r.error as Error).message, `invalid limit: "${bad}" (use a whole number, 0 or more)`);
    }
  });
});
