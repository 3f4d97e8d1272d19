import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { csvLine, gedRows } from '../../../test/helpers/ged-rows.ts';
import { runCli } from '../../../test/helpers/in-process-cli.ts';
import { importFile } from '../../app/import-dataset.ts';
import { exitCodeFor, failureLine } from '../fail.ts';
import { createStore } from '../../storage/index.ts';
import type { DuckDBStore } from '../../storage/duckdb/duckdb-store.ts';
import type { Store } from '../../storage/store.ts';
import { warningsAnswer } from '../../app/rejections.ts';
import { registerImport } from './import.ts';
import { registerSources } from './sources.ts';
import { Command } from 'commander';
import { startLocalServer, type LocalServer } from '../../../test/helpers/local-server.ts';
import { ucdpApiPage } from '../../../test/helpers/ucdp-api-records.ts';
import { loadSettings } from '../../config/settings.ts';
import { NO_GEO } from '../../domain/placed-event.ts';
import type { Context } from '../context.ts';
import { registerFetch } from './fetch.ts';
import { createApi } from '../../api/server.ts';
import { createApiKey } from '../../app/api-keys.ts';
import { DATA_DIR } from '../../app/bundled-data.ts';

// Real GED rows, 1,205 of them with `best` spoiled ("x"): more rejected rows than a table shows.
const BAD = 1205;
const tmp = mkdtempSync(join(tmpdir(), 'faultline-rejections-'));
let store: Store;
let importId = 0;
const cli = (...args: string[]) => runCli(store, [registerSources, registerImport], args);
let parsed: ReturnType<typeof gedRows> | undefined;
/** The bundled GED rows, parsed once for the file (half a second a parse); tests copy what they change. */
const ged = () => (parsed ??= gedRows());

before(async () => {
  const { header, rows } = ged();
  const best = header.indexOf('best');
  const spoiled = rows.slice(0, BAD).map((r) => r.map((v, i) => (i === best ? 'x' : v)));
  const path = join(tmp, 'GEDEvent_v22_1_spoiled.csv');
  writeFileSync(
    path,
    [header, ...spoiled, ...rows.slice(BAD, BAD + 20)].map((r) => `${csvLine(r)}\n`).join(''),
  );
  // In memory: the tests read the store's rows, never its file (a file store wrote a write-ahead log
  // and checkpointed it at close, for nothing a test reads).
  store = await createStore({ path: ':memory:' });
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
    const csvLines = json;
    assert.equal((JSON.parse(json.out) as { rejections: unknown[] }).rejections.length, BAD);
    const ndjson = await cli('rejections', String(importId), '--format', 'ndjson');
    assert.equal(ndjson.out.trim().split('\n').length, BAD);
    const table = await cli('rejections', String(importId));
    assert.equal(
      table.err,
      `note: rows 1-1,000 of 1,205 rejected rows listed (a table shows 1,000): page on with --offset 1000, give a larger --limit, or --format csv, json or ndjson for every one\n`,
    );
    const cut = await cli('rejections', String(importId), '--format', 'json', '--limit', '3');
    assert.equal((JSON.parse(cut.out) as { rejections: unknown[] }).rejections.length, 3);
    assert.equal(
      cut.err,
      `note: rows 1-3 of 1,205 rejected rows listed (--limit 3): page on with --offset 3, give a larger --limit, or no --limit (--format json lists all) for every one\n`,
    );
    // The next page: from --offset, the rows after it, and the note says which they are.
    const next = await cli(
      'rejections',
      String(importId),
      '--format',
      'json',
      '--offset',
      '3',
      '--limit',
      '2',
    );
    const page = JSON.parse(next.out) as { offset: number; note: string; rejections: { line: number }[] };
    assert.deepEqual(
      page.rejections.map((r) => r.line),
      (JSON.parse(csvLines.out) as { rejections: { line: number }[] }).rejections
        .slice(3, 5)
        .map((r) => r.line),
    );
    assert.equal(page.note, `rows 4-5 of 1,205 rejected rows listed; page on with offset 5`);
    assert.equal(
      next.err,
      `note: rows 4-5 of 1,205 rejected rows listed (--offset 3, --limit 2): page on with --offset 5, give a larger --limit, or no --limit and no --offset (--format json lists all) for every one\n`,
    );
    // A table cut by --limit still points to the exports.
    const few = await cli('rejections', String(importId), '--limit', '3');
    assert.match(few.err, /give a larger --limit, or --format csv, json or ndjson for every one\n$/);
  });

  it('a --limit or --offset that is not a whole number, or over the API bound, is refused in one line quoting it and naming the bounds (exit 2), as the API refuses it', async () => {
    const api = createApi({ store, log: () => {} });
    for (const [flag, bounds, over] of [
      ['limit', 'use an integer from 0 to 10000', '10001'],
      ['offset', 'use an integer from 0 to 1000000000', '1000000001'],
    ])
      for (const bad of ['-1', 'abc', '1.5', over!]) {
        const r = await cli('rejections', String(importId), `--${flag}`, bad);
        assert.equal(exitCodeFor(r.error), 2, bad);
        assert.equal(failureLine(r.error), `faultline: invalid --${flag}: "${bad}" (${bounds})\n`);
        const res = await api.app.request(`/api/v1/imports/${importId}/rejections?${flag}=${bad}`);
        assert.equal(res.status, 400, bad);
        assert.deepEqual(await res.json(), {
          error: { code: 'invalid_input', message: `invalid ${flag}: "${bad}" (${bounds})` },
        });
      }
  });
});

describe('the rejected rows and the warnings of an import, from the CLI and the API alike', () => {
  const api = (url: string) => createApi({ store, log: () => {} }).app.request(url);

  it("rejections: json, csv and ndjson are GET /api/v1/imports/{id}/rejections's answer, byte for byte", async () => {
    // The CLI's --limit 1000 is the API's page without limit; its other windows are the API's limit and offset.
    for (const [format, flags, query] of [
      ['json', ['--limit', '1000'], ''],
      ['csv', ['--limit', '1000'], ''],
      ['ndjson', ['--limit', '1000'], ''],
      ['json', ['--limit', '2000'], 'limit=2000'],
      ['csv', ['--limit', '2'], 'limit=2'],
      ['json', ['--limit', '10', '--offset', '1200'], 'limit=10&offset=1200'],
      ['ndjson', ['--offset', '1100', '--limit', '5'], 'offset=1100&limit=5'],
    ] as const) {
      const r = await cli('rejections', String(importId), '--format', format, ...flags);
      const res = await api(`/api/v1/imports/${importId}/rejections?format=${format}&${query}`);
      assert.equal(res.status, 200);
      assert.equal(format === 'json' ? JSON.stringify(JSON.parse(r.out)) : r.out, await res.text(), format);
    }
    const json = JSON.parse(
      (await cli('rejections', String(importId), '--format', 'json', '--limit', '1')).out,
    );
    assert.deepEqual(Object.keys(json), ['import_id', 'rejected', 'offset', 'limit', 'note', 'rejections']);
    assert.equal(json.rejected, BAD);
    // One row is named alone, not as the range "rows 1-1".
    assert.equal(json.note, `row 1 of 1,205 rejected rows listed; page on with offset 1`);
    assert.deepEqual(Object.keys(json.rejections[0]), ['line', 'field', 'value', 'reason', 'raw']);
  });

  it('--warnings lists the 9 warnings of the bundled Afghan returns file (geographies naming several countries), as the API does', async () => {
    const { ledger } = await importFile(
      store,
      join(DATA_DIR, 'afghan-returns/afghan_returns_published.csv'),
      {
        link: false,
        alerts: false,
      },
    );
    assert.equal(ledger.warnings, 9);
    const id = String(ledger.id);
    const json = JSON.parse((await cli('rejections', id, '--warnings', '--format', 'json')).out) as {
      rows_with_warnings: number;
      rows_held: number;
      warnings_total: number;
      warnings: { kind: string; field: string; value: string; warning: string }[];
    };
    assert.deepEqual([json.rows_with_warnings, json.rows_held, json.warnings_total], [9, 9, 9]);
    assert.equal(json.warnings.length, 9);
    for (const w of json.warnings) {
      assert.equal(w.kind, 'statistic');
      assert.equal(w.field, 'geography');
      assert.equal(w.warning, `geography ${w.value} names no single country`);
    }
    assert.ok(json.warnings.some((w) => w.value === 'Pakistan and Iran'));
    for (const format of ['json', 'csv', 'ndjson']) {
      const r = await cli('rejections', id, '--warnings', '--format', format, '--limit', '1000');
      assert.equal(r.err, '', format);
      const res = await api(`/api/v1/imports/${id}/warnings?format=${format}`);
      assert.equal(format === 'json' ? JSON.stringify(JSON.parse(r.out)) : r.out, await res.text(), format);
    }
    const csv = parse((await cli('rejections', id, '--warnings', '--format', 'csv')).out, {
      columns: true,
    }) as Record<string, string>[];
    assert.deepEqual(Object.keys(csv[0]!), ['kind', 'id', 'line', 'record', 'field', 'value', 'warning']);
    // Each statistic names the line of the file its record starts on: the one holding its geography.
    const lines = readFileSync(join(DATA_DIR, 'afghan-returns/afghan_returns_published.csv'), 'utf8').split(
      '\n',
    );
    for (const w of csv) assert.ok(lines[Number(w.line) - 1]!.includes(`,${w.value},`), `line ${w.line}`);
    // The table shows each warning; a list cut by --limit says how many there are.
    const table = await cli('rejections', id, '--warnings', '--limit', '4');
    assert.match(table.out, /^line +record +field +value +warning/);
    assert.equal(table.out.match(/ statistic /g)?.length, 4);
    assert.match(table.err, /^note: warnings 1-4 of 9 warnings listed \(--limit 4\)/);
    // faultline sources says how to list them.
    const sources = await cli('sources', '--part', 'imports');
    assert.match(sources.out, new RegExp(`faultline rejections ${id} --warnings\\)\n$`));
  });

  it('a statistic stored before the store kept its line (migration 30) lists its line as unknown (null), not a guess', async () => {
    const ledger = (await store.listImports()).find((l) => l.fileName === 'afghan_returns_published.csv')!;
    const lines = async () =>
      (await warningsAnswer(store, ledger)).warnings.map((w) => [w.kind, w.line, w.record]);
    assert.ok((await lines()).every(([, line]) => typeof line === 'number'));
    // The store as it was before migration 30: statistics without the column.
    const duck = store as DuckDBStore;
    await duck.select(`ALTER TABLE statistics DROP COLUMN line`);
    await duck.select(`DELETE FROM schema_migrations WHERE version = 30`);
    await duck.migrate();
    assert.deepEqual(await lines(), Array(9).fill(['statistic', null, null]));
  });

  it('a warning names the line of the file its record starts on, as a rejection names its line: after a quoted field over two lines, line 5 is record 3', async () => {
    const { header, rows } = ged();
    const [high, best, id, headline] = ['high', 'best', 'id', 'source_headline'].map((c) =>
      header.indexOf(c),
    );
    // Synthetic: two clean rows, the first with a headline over two lines; a row with high < best and
    // a headline over two lines; a row whose best is not a number (rejected).
    const clean = rows.filter((r) => Number(r[high!]) >= Number(r[best!])).slice(100, 102);
    const warned = rows.filter((r) => Number(r[high!]) < Number(r[best!])).slice(8, 9);
    const spoiled = clean.slice(0, 1).map((r) => r.map((v, i) => (i === best ? 'x' : v)));
    const picked = [...clean, ...warned, ...spoiled].map((r, k) =>
      r.map((v, i) =>
        i === id
          ? String(9_600_000 + k)
          : i === headline && (k === 0 || k === 2)
            ? 'one line\nand another'
            : v,
      ),
    );
    const path = join(tmp, 'GEDEvent_v22_1_synthetic_two_line_fields.csv');
    const text = [header, ...picked].map((r) => `${csvLine(r)}\n`).join('');
    writeFileSync(path, text);
    const { ledger } = await importFile(store, path, { link: false, alerts: false });
    assert.deepEqual([ledger.warnings, ledger.rejected], [1, 1]);
    const lineOf = (eventId: string) => text.split('\n').findIndex((l) => l.startsWith(`"${eventId}"`)) + 1;
    assert.deepEqual([lineOf('9600002'), lineOf('9600003')], [5, 7]);
    // The rejected row names its line so: the warned row's line counts the same way.
    const rejected = await (await api(`/api/v1/imports/${ledger.id}/rejections`)).json();
    assert.deepEqual(
      rejected.rejections.map((r: { line: number }) => r.line),
      [7],
    );
    const json = JSON.parse(
      (await cli('rejections', String(ledger.id), '--warnings', '--format', 'json')).out,
    );
    assert.deepEqual(
      json.warnings.map((w: { line: number; record: number; warning: string }) => [
        w.line,
        w.record,
        w.warning,
      ]),
      [[5, 3, 'high < best']],
    );
    assert.match(
      (await cli('rejections', String(ledger.id), '--warnings')).out,
      /\n +5 +3 +high < best +event /,
    );
    const res = await api(`/api/v1/imports/${ledger.id}/warnings`);
    assert.deepEqual(((await res.json()) as { warnings: unknown[] }).warnings, json.warnings);
    const csv = await (await api(`/api/v1/imports/${ledger.id}/warnings?format=csv`)).text();
    assert.deepEqual(
      (parse(csv, { columns: true }) as Record<string, string>[]).map((w) => [w.line, w.record]),
      [['5', '3']],
    );
  });

  it('warned rows a re-import found unchanged stay under the import that stored them: the listing says how many it leaves out', async () => {
    const { header, rows } = ged();
    const [high, best, id, headline] = ['high', 'best', 'id', 'source_headline'].map((c) =>
      header.indexOf(c),
    );
    // Rows of another country's ids (a file of its own), two of them with high < best.
    const pick = rows.filter((r) => Number(r[high!]) < Number(r[best!])).slice(0, 2);
    const file = (name: string, rs: string[][]) => {
      const path = join(tmp, name);
      writeFileSync(path, [header, ...rs].map((r) => `${csvLine(r)}\n`).join(''));
      return path;
    };
    const renumber = (rs: string[][]) =>
      rs.map((r, k) => r.map((v, i) => (i === id ? String(9_900_000 + k) : v)));
    const first = await importFile(store, file('GEDEvent_v22_1_warned.csv', renumber(pick)), {
      link: false,
      alerts: false,
    });
    assert.equal(first.ledger.warnings, 2);
    // The same two rows again, one with another headline: it is changed, the other unchanged.
    const again = renumber(pick).map((r, k) =>
      k === 0 ? r.map((v, i) => (i === headline ? `${v} (edited)` : v)) : r,
    );
    const second = await importFile(store, file('GEDEvent_v22_1_warned_again.csv', again), {
      link: false,
      alerts: false,
    });
    assert.deepEqual([second.ledger.warnings, second.ledger.changed, second.ledger.unchanged], [2, 1, 1]);
    const r = await cli('rejections', String(second.ledger.id), '--warnings', '--format', 'csv');
    assert.equal(parse(r.out, { columns: true }).length, 1);
    assert.equal(
      r.err,
      `note: 1 of the 2 rows import ${second.ledger.id} kept with a warning is not listed: the store holds it under another import (the earlier one that stored it, when this one found it unchanged, or a later one that changed it)\n`,
    );
  });

  it('an unknown import is 404 from the API, as the CLI exits 3, with the same message; a bad limit 400', async () => {
    const r = await cli('rejections', '99999', '--warnings');
    assert.equal(exitCodeFor(r.error), 3);
    const res = await api('/api/v1/imports/99999/warnings');
    assert.equal(res.status, 404);
    assert.equal(
      ((await res.json()) as { error: { message: string } }).error.message,
      (r.error as Error).message,
    );
    for (const [q, message] of [
      ['limit=-1', 'invalid limit: "-1" (use an integer from 0 to 10000)'],
      ['limit=10001', 'invalid limit: "10001" (use an integer from 0 to 10000)'],
      ['offset=abc', 'invalid offset: "abc" (use an integer from 0 to 1000000000)'],
    ]) {
      const bad = await api(`/api/v1/imports/${importId}/warnings?${q}`);
      assert.equal(bad.status, 400, q);
      assert.equal(((await bad.json()) as { error: { message: string } }).error.message, message);
    }
  });

  it('the API lists a page of 1,000 rejected rows unless limit says otherwise, says so in a note (JSON) or headers (CSV), and its pages add up to every row once', async () => {
    const first = await (await api(`/api/v1/imports/${importId}/rejections`)).json();
    assert.deepEqual(
      [first.rejected, first.offset, first.limit, first.rejections.length, first.note],
      [BAD, 0, 1000, 1000, `rows 1-1,000 of 1,205 rejected rows listed; page on with offset 1000`],
    );
    const rest = await (await api(`/api/v1/imports/${importId}/rejections?offset=1000`)).json();
    assert.equal(rest.note, `rows 1,001-1,205 of 1,205 rejected rows listed (from offset 1000)`);
    const every = (await (await api(`/api/v1/imports/${importId}/rejections?limit=10000`)).json()).rejections;
    assert.deepEqual([...first.rejections, ...rest.rejections], every);
    assert.equal(every.length, BAD);
    assert.equal(
      (await (await api(`/api/v1/imports/${importId}/rejections?offset=5000&limit=0`)).json()).note,
      `0 of 1,205 rejected rows listed (from offset 5000, past the last)`,
    );
    const csv = await api(`/api/v1/imports/${importId}/rejections?format=csv&limit=5&offset=10`);
    assert.equal(parse(await csv.text(), { columns: true }).length, 5);
    assert.equal(csv.headers.get('x-faultline-total'), String(BAD));
    assert.equal(
      csv.headers.get('x-faultline-notes'),
      `rows 11-15 of 1,205 rejected rows listed; page on with offset 15`,
    );
  });
});

describe('faultline import reports what it imported, also when a later file fails', () => {
  it('the table names each import by its number, says how many rejections it shows, and gives the rejections command with that number', async () => {
    const { header, rows } = ged();
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
    assert.match(r.out, new RegExp(`\\n *${id} +GEDEvent_v22_1_twelve\\.csv `));
    assert.match(r.err, /\(the first 5 of 12 rejected rows of "GEDEvent_v22_1_twelve\.csv"\)/);
    assert.match(r.err, new RegExp(`see every rejected row with: faultline rejections ${id}\\n$`));
  });

  it('rows kept with warnings: the table is followed by one line with their count and the command that lists them, only when there are some', async () => {
    const { header, rows } = ged();
    const [high, best, id] = ['high', 'best', 'id'].map((c) => header.indexOf(c));
    // high < best is kept with a warning; ids of their own, so each file adds its rows.
    const warned = rows.filter((r) => Number(r[high!]) < Number(r[best!])).slice(2, 6);
    const clean = rows.filter((r) => Number(r[high!]) >= Number(r[best!])).slice(6000, 6003);
    let next = 9_800_000;
    const file = (name: string, rs: string[][]) => {
      const path = join(tmp, name);
      const renumbered = rs.map((r) => r.map((v, i) => (i === id ? String(next++) : v)));
      writeFileSync(path, [header, ...renumbered].map((r) => `${csvLine(r)}\n`).join(''));
      return path;
    };
    const a = file('GEDEvent_v22_1_warn_a.csv', [...warned.slice(0, 2), ...clean.slice(0, 1)]);
    const b = file('GEDEvent_v22_1_warn_b.csv', warned.slice(2, 3));
    const two = await cli('import', a, b, '--no-full-release');
    assert.equal(two.error, undefined, two.err);
    const [ia, ib] = (await store.listImports()).slice(-2).map((l) => l.id);
    assert.equal(
      two.err.split('\n').at(-2),
      `3 rows were kept with warnings (2 by import ${ia}, 1 by import ${ib}); see them with: faultline rejections ${ia} --warnings; faultline rejections ${ib} --warnings`,
    );
    const one = await cli(
      'import',
      file('GEDEvent_v22_1_warn_c.csv', warned.slice(3, 4)),
      '--no-full-release',
    );
    const ic = (await store.listImports()).at(-1)!.id;
    assert.equal(
      one.err.split('\n').at(-2),
      `1 row was kept with warnings; see them with: faultline rejections ${ic} --warnings`,
    );
    const none = await cli('import', file('GEDEvent_v22_1_warn_d.csv', clean.slice(1)), '--no-full-release');
    assert.equal(none.error, undefined, none.err);
    assert.ok(!none.err.includes('warnings'), none.err);
  });

  it('a failing file after an imported one: the imported one is reported (table or JSON) and a note says which failed, then exit 2', async () => {
    const { header, rows } = ged();
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
    const done = JSON.parse(r.out) as { ledger: { file: string; accepted: number } }[];
    assert.deepEqual(
      done.map((x) => [x.ledger.file, x.ledger.accepted]),
      [['GEDEvent_v22_1_a.csv', 10]],
    );
    assert.equal(
      r.err.trim().split('\n').at(-1),
      `note: 1 of 3 files imported before "${empty}" failed (listed above); the file after it was not read`,
    );
    assert.ok(!(await store.listImports()).some((l) => l.fileName === 'GEDEvent_v22_1_b.csv'));
  });

  it('import --format json lists the first 100 rejected rows as POST /api/v1/imports does, and a note says how many more there are', async () => {
    const { header, rows } = ged();
    const best = header.indexOf('best');
    const spoiled = rows.slice(5000, 5130).map((r) => r.map((v, i) => (i === best ? 'x' : v)));
    const path = join(tmp, 'GEDEvent_v22_1_130.csv');
    writeFileSync(
      path,
      [header, ...spoiled, ...rows.slice(5130, 5135)].map((r) => `${csvLine(r)}\n`).join(''),
    );
    const r = await cli('import', path, '--format', 'json');
    assert.equal(r.error, undefined, r.err);
    const [cliFile] = JSON.parse(r.out) as Record<string, unknown>[];
    const id = (cliFile!.ledger as { id: number }).id;
    assert.equal(cliFile!.first_rejections, undefined);
    assert.equal((cliFile!.rejections as unknown[]).length, 100);
    const every = (n: number) => `every one: faultline rejections ${n}, GET /api/v1/imports/${n}/rejections`;
    assert.equal(cliFile!.rejections_note, `the first 100 of 130 rejected rows listed; ${every(id)}`);
    // The same file through the API (a store of its own, which needs a key to write): the same list and note.
    const own = await createStore({ path: ':memory:' });
    const key = (await createApiKey(own, { role: 'analyst', name: 'rejections' })).key;
    const app = createApi({ store: own, log: () => {} }).app;
    const post = () => {
      const form = new FormData();
      form.set('file', new Blob([readFileSync(path)]), 'GEDEvent_v22_1_130.csv');
      return app.request('/api/v1/imports', {
        method: 'POST',
        headers: { authorization: `Bearer ${key}` },
        body: form,
      });
    };
    const first = await post();
    assert.equal(first.status, 201);
    const posted = (await first.json()) as Record<string, unknown>;
    const apiId = (posted.ledger as { id: number }).id;
    assert.deepEqual(posted.rejections, cliFile!.rejections);
    assert.equal(posted.rejections_note, `the first 100 of 130 rejected rows listed; ${every(apiId)}`);
    // The same bytes again list none of the earlier import's rows, and say so.
    const again = (await (await post()).json()) as Record<string, unknown>;
    assert.deepEqual(again.rejections, []);
    assert.equal(
      again.rejections_note,
      `none of the 130 rejected rows of import ${apiId} listed: the same bytes were imported before, and nothing was read; ${every(apiId)}`,
    );
    await own.close();
  });

  it('the same bytes under another name: a note says they were imported before, as what, and that the options changed nothing', async () => {
    const { header, rows } = ged();
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
        `note: "${renamed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}": the same bytes were imported before as "GEDEvent_v22_1_c\\.csv" \\(import ${id}, version ${version.replace('.', '\\.')}\\): nothing read, so --full-release, --allow-removals changed nothing`,
      ),
    );
    assert.equal((await store.listImports()).at(-1)!.id, id);
  });

  it('rows of an older release than the stored one are counted in a stale column, so the table adds up to what was accepted', async () => {
    const { header, rows } = ged();
    const best = header.indexOf('best');
    const write = (name: string, n: number, deaths: (v: string) => string) => {
      const path = join(tmp, name);
      const cut = rows.slice(5000, 5000 + n).map((r) => r.map((v, i) => (i === best ? deaths(v) : v)));
      writeFileSync(path, [header, ...cut].map((r) => `${csvLine(r)}\n`).join(''));
      return path;
    };
    await importFile(
      store,
      write('GEDEvent_v22_1-d.csv', 10, (v) => v),
      { link: false, alerts: false },
    );
    // The older release counted other deaths: its rows do not replace the newer ones (imported on purpose).
    const earlier = write('GEDEvent_v21_1-d.csv', 11, (v) => String(Number(v) + 1));
    const older = await cli('import', earlier, '--no-full-release', '--allow-older');
    assert.equal(older.error, undefined, older.err);
    const [head, , row] = older.out.split('\n');
    // Number columns are right-aligned: a line may start with spaces.
    const cells = Object.fromEntries(
      head!
        .trim()
        .split(/ +/)
        .map((k, i) => [k, row!.trim().split(/ +/)[i]]),
    );
    assert.deepEqual(
      [cells.accepted, cells.added, cells.changed, cells.unchanged, cells.stale],
      ['11', '1', '0', '0', '10'],
    );
  });
});

const PAGE = JSON.parse(
  readFileSync(
    new URL('../../ingest/ucdp-api/fixtures/gedevents-22.1-pak-page.json', import.meta.url),
    'utf8',
  ),
) as { Result: Record<string, unknown>[] };

describe('faultline fetch ucdp reports what it imported as faultline import does, and ends its progress line', () => {
  let server: LocalServer;
  /** Deaths added to every record's `best` (an older release counted otherwise), and pages that fail. */
  const api = { moreDeaths: 0, failPage: -1 };
  const home = mkdtempSync(join(tmpdir(), 'faultline-fetch-cli-'));
  before(async () => {
    server = await startLocalServer((req, res) => {
      const url = new URL(req.url, 'http://x');
      const page = Number(url.searchParams.get('page'));
      if (page === api.failPage) return void res.writeHead(401).end();
      const records = PAGE.Result.map((r) => ({ ...r, best: Number(r.best) + api.moreDeaths }));
      const size = 2; // the CLI asks for 1,000 a page; the server pages by 2 so that the progress line shows
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(ucdpApiPage(records, page, size)));
    });
  });
  after(async () => {
    await server.close();
  });

  const fetch = async (...args: string[]) => {
    let out = '';
    let err = '';
    const ctx: Context = {
      settings: loadSettings({ UCDP_API_URL: server.url, UCDP_TOKEN: 'secret', FAULTLINE_HOME: home }),
      store: async () => store,
      placer: async () => () => NO_GEO,
      out: (t) => void (out += t),
      err: (t) => void (err += t),
    };
    const program = new Command('faultline').exitOverride();
    registerFetch(program, ctx);
    const error = await program.parseAsync(['node', 'faultline', 'fetch', 'ucdp', ...args]).then(
      () => undefined,
      (e: unknown) => e,
    );
    return { out, err, error };
  };

  it('an older release fetched after a newer one shows its rows as stale, so the table adds up to what was accepted', async () => {
    const n = PAGE.Result.length;
    assert.equal((await fetch('--version', '22.1')).error, undefined);
    api.moreDeaths = 1;
    const older = await fetch('--version', '21.1', '--allow-older');
    assert.equal(older.error, undefined, older.err);
    const [head, , row] = older.out.split('\n');
    // Number columns are right-aligned: a line may start with spaces.
    const cells = Object.fromEntries(
      head!
        .trim()
        .split(/ +/)
        .map((k, i) => [k, row!.trim().split(/ +/)[i]]),
    );
    assert.deepEqual(
      [cells.accepted, cells.added, cells.changed, cells.unchanged, cells.stale],
      [String(n), '0', '0', '0', String(n)],
    );
  });

  it('a download that fails after some pages ends its progress line, so the error starts a line of its own', async () => {
    api.failPage = 1;
    // 20.1 is older than the stored 22.1: without --allow-older it is refused before any request.
    const r = await fetch('--version', '20.1', '--allow-older');
    assert.match((r.error as Error).message, /^UCDP API: access token rejected \(HTTP 401\)/);
    // Then the note that nothing was imported (the pages are not kept), on a line of its own too.
    assert.equal(
      r.err,
      '\rfetched 2 records (1 page)\nnote: nothing was imported, so no alert rule was evaluated: the download stopped after 1 page (2 records), which is not kept; faultline fetch ucdp again starts over\n',
    );
  });
});
