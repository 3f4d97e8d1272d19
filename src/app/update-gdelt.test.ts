import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../test/helpers/in-process-cli.ts';
import { startLocalServer, type LocalServer } from '../../test/helpers/local-server.ts';
import { createApi } from '../api/server.ts';
import { registerUpdate } from '../cli/commands/update.ts';
import { exitCodeFor, failureLine } from '../cli/fail.ts';
import { loadSettings } from '../config/settings.ts';
import { createStore } from '../storage/index.ts';
import type { Store } from '../storage/store.ts';
import { createApiKey } from './api-keys.ts';
import { sourcesAnswer } from './sources-view.ts';
import { gdeltUpdatePeriod } from './update-gdelt.ts';
import { REAL_GDELT_FILE, zipOf } from '../../test/helpers/gdelt-rows.ts';

// Every temporary folder below is made in this one, removed after the file's tests (a run by hand left them).
const TEMP = mkdtempSync(join(tmpdir(), 'faultline-upd-gdelt-test-'));
after(() => rmSync(TEMP, { recursive: true, force: true }));

/** Real GDELT rows (src/ingest/gdelt/fixtures/README.md). */
const text = readFileSync(REAL_GDELT_FILE, 'utf8');

let server: LocalServer;
let zip: Buffer;
before(async () => {
  zip = await zipOf('20250807220000.export.CSV', text);
  const md5 = createHash('md5').update(zip).digest('hex');
  server = await startLocalServer((req, res) => {
    if (req.url === '/masterfilelist.txt' || req.url === '/lastupdate.txt')
      return void res.end(`${zip.length} ${md5} ${server.url}/20250807220000.export.CSV.zip\n`);
    if (req.url === '/20250807220000.export.CSV.zip') {
      res.writeHead(200, { 'content-length': String(zip.length), 'content-type': 'application/zip' });
      return void res.end(zip);
    }
    res.writeHead(404);
    res.end();
  });
});
after(() => server.close());

/** Runs `faultline update ...` in-process with these settings (in a fresh home). */
const update = (store: Store, env: Record<string, string>, ...args: string[]) =>
  runCli(store, [registerUpdate], ['update', ...args], {
    FAULTLINE_HOME: mkdtempSync(join(TEMP, 'upd-gdelt-')),
    ...env,
  });

describe('faultline update with GDELT configured', () => {
  it('the period runs from FAULTLINE_GDELT_FROM (a day or days back, default 2d) to the current slice', () => {
    const now = new Date('2025-08-09T10:31:00Z');
    assert.deepEqual(gdeltUpdatePeriod('2025-08-07', now), { from: '2025-08-07', to: '2025-08-09T10:31' });
    assert.deepEqual(gdeltUpdatePeriod('7d', now), { from: '2025-08-02', to: '2025-08-09T10:31' });
    assert.deepEqual(gdeltUpdatePeriod(undefined, now), { from: '2025-08-07', to: '2025-08-09T10:31' });
    assert.throws(
      () => gdeltUpdatePeriod('2025-08-10', now),
      /FAULTLINE_GDELT_FROM: "2025-08-10" is after today/,
    );
    // Date.parse would take 2025-02-30 for 2 March: the calendar check refuses it.
    assert.throws(() => gdeltUpdatePeriod('2025-02-30', now), {
      message: 'invalid FAULTLINE_GDELT_FROM: "2025-02-30" (use a day YYYY-MM-DD or days back such as 7d)',
    });
    assert.throws(
      () => loadSettings({ FAULTLINE_GDELT_COUNTRIES: 'PAKISTAN' }),
      /invalid setting FAULTLINE_GDELT_COUNTRIES: "PAKISTAN"/,
    );
  });

  it('fetches the configured countries from FAULTLINE_GDELT_FROM and imports them; unconfigured, --sources gdelt fails in one line', async () => {
    const store = await createStore({ path: ':memory:' });
    const env = {
      GDELT_BASE_URL: server.url,
      FAULTLINE_GDELT_COUNTRIES: 'GBR,CAN',
      FAULTLINE_GDELT_FROM: '2025-08-07',
    };
    const dry = await update(store, env, '--sources', 'gdelt', '--dry-run', '--format', 'json');
    assert.equal(dry.error, undefined, dry.err);
    const plan = JSON.parse(dry.out).gdelt.plan;
    assert.deepEqual([plan.from, plan.countries], ['2025-08-07', ['GBR', 'CAN']]);
    const r = await update(store, env, '--sources', 'gdelt', '--format', 'json');
    assert.equal(r.error, undefined, r.err);
    const g = JSON.parse(r.out).gdelt;
    assert.deepEqual([g.imported, g.rows_read, g.accepted + g.out_of_scope + g.rejected], [1, 22, 22]);
    assert.ok(g.out_of_scope > 0 && g.accepted > 0);
    // The plan, then `fetch gdelt --format json`'s answer: the file's ledger entry as `faultline sources` gives it.
    assert.deepEqual(Object.keys(g), [
      'plan',
      'listed',
      'imported',
      'already_imported',
      'rows_read',
      'accepted',
      'rejected',
      'out_of_scope',
      'unreadable_list_lines',
      'warnings',
      'gaps',
      'files',
    ]);
    const entry = (await sourcesAnswer(store)).imports.find((l) => l.id === g.files[0].ledger.id);
    assert.deepEqual(g.files[0].ledger, entry);
    const origins = await store.gdeltOrigins!();
    assert.deepEqual(
      origins.map((o) => [o.origin, o.firstDay, o.days]),
      [['exports', '2025-08-07', 1]],
    );
    // --allow-removals would do nothing without the UCDP part: refused, not ignored.
    const removals = await update(store, env, '--sources', 'gdelt', '--allow-removals', '5');
    assert.equal(exitCodeFor(removals.error), 2);
    assert.equal(
      failureLine(removals.error),
      'faultline: --allow-removals applies to UCDP\'s final GED release only; --sources "gdelt" updates none\n',
    );
    const off = await update(store, { GDELT_BASE_URL: server.url }, '--sources', 'gdelt');
    assert.equal(exitCodeFor(off.error), 2);
    assert.match(
      failureLine(off.error),
      /^faultline: GDELT is not configured: set FAULTLINE_GDELT_COUNTRIES/,
    );
    await store.close();
  });
});

describe('POST /api/v1/imports with a GDELT export', () => {
  it('detects the GDELT file, filters by the countries field, and refuses countries for another format', async () => {
    const store = await createStore({ path: ':memory:' });
    const key = (await createApiKey(store, { role: 'analyst', name: 'gdelt upload' })).key;
    const app = createApi({ store, log: () => {} }).app;
    const post = (name: string, body: Buffer, fields: Record<string, string> = {}) => {
      const f = new FormData();
      f.set('file', new Blob([new Uint8Array(body)]), name);
      for (const [k, v] of Object.entries(fields)) f.set(k, v);
      return app.request('/api/v1/imports', {
        method: 'POST',
        body: f,
        headers: { authorization: `Bearer ${key}` },
      });
    };
    const res = await post('20250807220000.export.CSV.zip', zip, { countries: 'GBR,CAN' });
    assert.equal(res.status, 201);
    const body = (await res.json()) as { ledger: Record<string, unknown>; unknown_fips: unknown[] };
    assert.equal(body.ledger.format, 'gdelt');
    assert.equal(body.ledger.version, '20250807220000');
    assert.equal(body.ledger.rows_read, 22);
    assert.equal(body.ledger.scope, 'CAN,GBR');
    // The same rows as a plain file with a name that says nothing: detected by its first record.
    const plain = await post('upload.tsv', Buffer.from(text));
    assert.equal(plain.status, 201);
    assert.equal(((await plain.json()) as { ledger: { format: string } }).ledger.format, 'gdelt');
    // The same slice twice (zipped, then plain): GDELT's volume that day is still its 22 rows, not 44.
    const days = await store.gdeltPairDays!({
      origin: 'exports',
      a: 'GBR',
      b: 'CAN',
      directed: false,
      from: '2025-08-07',
      to: '2025-08-07',
    });
    assert.deepEqual(
      days.map((d) => [d.date, d.volume, d.q1]),
      [['2025-08-07', 22, 2]],
    );
    const wrong = await post('events.csv', Buffer.from('id,year\n1,2020\n'), { countries: 'PAK' });
    assert.equal(wrong.status, 400);
    assert.deepEqual(await wrong.json(), {
      error: {
        code: 'invalid_input',
        message: 'countries applies to GDELT files only; "events.csv" is not one',
      },
    });
    await store.close();
  });
});
