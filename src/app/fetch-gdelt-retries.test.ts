import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Command } from 'commander';
import { runCli, testContext } from '../../test/helpers/in-process-cli.ts';
import { startLocalServer, type LocalServer } from '../../test/helpers/local-server.ts';
import { registerFetch } from '../cli/commands/fetch.ts';
import { exitCodeFor, failureLine } from '../cli/fail.ts';
import { registerUpdate } from '../cli/commands/update.ts';
import { createStore } from '../storage/index.ts';
import { md5, realGdeltRows, zipOf } from '../../test/helpers/gdelt-rows.ts';

// Every temporary folder below is made in this one, removed after the file's tests (a run by hand left them).
const TEMP = mkdtempSync(join(tmpdir(), 'faultline-gdelt-retry-test-'));
after(() => rmSync(TEMP, { recursive: true, force: true }));

/** Real GDELT rows (src/ingest/gdelt/fixtures/README.md), two slices of them zipped as GDELT serves them. */
const rows = realGdeltRows();

describe('what fetch gdelt and the GDELT part of update say while they fetch', () => {
  let server: LocalServer;
  const files = new Map<string, Buffer>();
  // How many more times each path answers 503 (a test sets it).
  const failing = new Map<string, number>();
  const fail = (path: string, times = 1) => failing.set(path, times);
  // Paths that answer 404 (a test adds and removes them): refused at once, without retries.
  const gone = new Set<string>();
  // The waits between attempts, recorded instead of waited: the notices quote the real default
  // schedule (500 ms, doubled per retry) and the recorded waits must be the ones quoted.
  const waits: number[] = [];
  const sleep = async (ms: number) => void waits.push(ms);
  before(async () => {
    files.set(
      '20250807220000',
      await zipOf('20250807220000.export.CSV', rows.slice(0, 11).join('\n') + '\n'),
    );
    files.set('20250807221500', await zipOf('20250807221500.export.CSV', rows.slice(11).join('\n') + '\n'));
    server = await startLocalServer((req, res) => {
      if (gone.has(req.url)) {
        res.writeHead(404);
        return void res.end('not here');
      }
      const left = failing.get(req.url) ?? 0;
      if (left > 0) {
        failing.set(req.url, left - 1);
        res.writeHead(503);
        return void res.end('busy');
      }
      const line = (s: string) =>
        `${files.get(s)!.length} ${md5(files.get(s)!)} ${server.url}/${s}.export.CSV.zip`;
      if (req.url === '/masterfilelist.txt') return void res.end(`${line('20250807220000')}\n`);
      if (req.url === '/lastupdate.txt') return void res.end(`${line('20250807221500')}\n`);
      const body = files.get(/^\/(\d{14})\.export\.CSV\.zip$/.exec(req.url)?.[1] ?? '');
      if (!body) {
        res.writeHead(404);
        return void res.end();
      }
      res.writeHead(200, { 'content-length': String(body.length), 'content-type': 'application/zip' });
      res.end(body);
    });
  });
  after(() => server.close());

  it('a list and an export that answer 503 once are each said on stderr, as update and fetch ucdp say theirs, and then imported', async () => {
    const store = await createStore({ path: ':memory:' });
    fail('/masterfilelist.txt');
    fail('/20250807221500.export.CSV.zip');
    waits.length = 0;
    const r = await runCli(
      store,
      [registerFetch],
      ['fetch', 'gdelt', '--from', '2025-08-07T22:00', '--to', '2025-08-07T22:15', '--format', 'json'],
      { FAULTLINE_HOME: mkdtempSync(join(TEMP, 'gdelt-retry-')), GDELT_BASE_URL: server.url },
      { sleep },
    );
    assert.equal(r.error, undefined);
    assert.equal(
      r.err,
      `attempt 1 of 5 failed: cannot read "${server.url}/masterfilelist.txt": HTTP 503; trying again in 0.5 s\n` +
        `attempt 1 of 5 failed: download of "${server.url}/20250807221500.export.CSV.zip": HTTP 503; trying again in 0.5 s\n`,
    );
    assert.deepEqual(waits, [500, 500], 'each retry waits the 0.5 s its notice says');
    const answer = JSON.parse(r.out) as { imported: number; gaps: unknown[] };
    assert.deepEqual([answer.imported, answer.gaps], [2, []], 'both exports imported after their retry');
    await store.close();
  });

  it('the GDELT part of faultline update says them too', async () => {
    const store = await createStore({ path: ':memory:' });
    fail('/lastupdate.txt');
    waits.length = 0;
    const r = await runCli(
      store,
      [registerUpdate],
      ['update', '--sources', 'gdelt', '--format', 'json'],
      {
        FAULTLINE_HOME: mkdtempSync(join(TEMP, 'gdelt-retry-')),
        GDELT_BASE_URL: server.url,
        FAULTLINE_GDELT_COUNTRIES: 'GBR,CAN',
        FAULTLINE_GDELT_FROM: '2025-08-07',
      },
      { sleep },
    );
    assert.equal(r.error, undefined);
    assert.equal(
      r.err,
      `attempt 1 of 5 failed: cannot read "${server.url}/lastupdate.txt": HTTP 503; trying again in 0.5 s\n`,
    );
    assert.deepEqual(waits, [500], 'the retry waits the 0.5 s its notice says');
    const gdelt = (JSON.parse(r.out) as { gdelt: { imported: number } }).gdelt;
    assert.equal(gdelt.imported, 2);
    await store.close();
  });

  it('the GDELT part of faultline update shows the progress line fetch gdelt shows', async () => {
    const store = await createStore({ path: ':memory:' });
    let out = '';
    const progress: string[] = [];
    const ctx = testContext(
      store,
      (t) => void (out += t),
      () => {},
      {
        FAULTLINE_HOME: mkdtempSync(join(TEMP, 'gdelt-retry-')),
        GDELT_BASE_URL: server.url,
        FAULTLINE_GDELT_COUNTRIES: 'GBR,CAN',
        FAULTLINE_GDELT_FROM: '2025-08-07',
      },
    );
    ctx.progress = {
      isTTY: false,
      write: (t: string) => void progress.push(t),
    } as unknown as typeof ctx.progress;
    const program = new Command('faultline').exitOverride();
    registerUpdate(program, ctx);
    await program.parseAsync(['node', 'faultline', 'update', '--sources', 'gdelt', '--format', 'json']);
    assert.equal((JSON.parse(out) as { gdelt: { imported: number } }).gdelt.imported, 2);
    // Off a terminal: the first state and the last (the same form as fetch gdelt's, see fetch-gdelt.test.ts).
    assert.match(progress.at(-1)!, /^fetching GDELT \[#{20}\] 100% 2\/2 files, 5 rows kept, [\d.]+ files\/s/);
    await store.close();
  });

  it('lastupdate.txt that cannot be read is a warning on stderr and in the JSON, naming it, its failure and the slices not fetched', async () => {
    const store = await createStore({ path: ':memory:' });
    gone.add('/lastupdate.txt');
    try {
      const r = await runCli(
        store,
        [registerFetch],
        ['fetch', 'gdelt', '--from', '2025-08-07T22:00', '--to', '2025-08-07T22:15', '--format', 'json'],
        { FAULTLINE_HOME: mkdtempSync(join(TEMP, 'gdelt-retry-')), GDELT_BASE_URL: server.url },
      );
      assert.equal(r.error, undefined, 'the master list is read: the fetch goes on');
      const warning = `cannot read "${server.url}/lastupdate.txt": HTTP 404: the exports published after 20250807220000, the master list's newest slice, were not fetched, so the last slices of the period may be missing (not listed as gaps); run faultline fetch gdelt again`;
      assert.equal(r.err, `warning: ${warning}\n`);
      const answer = JSON.parse(r.out) as {
        listed: number;
        imported: number;
        gaps: unknown[];
        warnings: string[];
      };
      // 22:15 is only in lastupdate.txt: not fetched, and no gap says so (it is after the newest listed slice).
      assert.deepEqual([answer.listed, answer.imported, answer.gaps], [1, 1, []]);
      assert.deepEqual(answer.warnings, [warning]);
      // A period the master list holds whole needs nothing of lastupdate.txt: no warning.
      const before = await runCli(
        store,
        [registerFetch],
        ['fetch', 'gdelt', '--from', '2025-08-07T22:00', '--to', '2025-08-07T22:00', '--format', 'json'],
        { FAULTLINE_HOME: mkdtempSync(join(TEMP, 'gdelt-retry-')), GDELT_BASE_URL: server.url },
      );
      assert.equal(before.err, '');
      assert.deepEqual((JSON.parse(before.out) as { warnings: string[] }).warnings, []);
    } finally {
      gone.delete('/lastupdate.txt');
    }
    await store.close();
  });

  it('lastupdate.txt that stays unavailable after its retries is a warning with its attempts, and the update says it too', async () => {
    const store = await createStore({ path: ':memory:' });
    const { fetchGdelt } = await import('./fetch-gdelt.ts');
    fail('/lastupdate.txt', 2);
    const r = await fetchGdelt(store, {
      baseUrl: server.url,
      from: '2025-08-07',
      to: '2025-08-07',
      dir: mkdtempSync(join(TEMP, 'gdelt-retry-')),
      retries: 1,
      backoffMs: 1,
    });
    assert.deepEqual(r.warnings, [
      `cannot read "${server.url}/lastupdate.txt": HTTP 503 after 2 attempts: the exports published after 20250807220000, the master list's newest slice, were not fetched, so the last slices of the period may be missing (not listed as gaps); run faultline fetch gdelt again`,
    ]);
    assert.equal(r.imported, 1);
    gone.add('/lastupdate.txt');
    try {
      const u = await runCli(store, [registerUpdate], ['update', '--sources', 'gdelt'], {
        FAULTLINE_HOME: mkdtempSync(join(TEMP, 'gdelt-retry-')),
        GDELT_BASE_URL: server.url,
        FAULTLINE_GDELT_COUNTRIES: 'GBR,CAN',
        FAULTLINE_GDELT_FROM: '2025-08-07',
      });
      assert.equal(u.error, undefined);
      assert.match(
        u.err,
        /^gdelt: warning: cannot read "[^"]+\/lastupdate\.txt": HTTP 404: the exports published after 20250807220000, /m,
      );
    } finally {
      gone.delete('/lastupdate.txt');
    }
    await store.close();
  });

  it('the GDELT part of update whose every export fails gives its answer, then fails with exit 5 (it exited 0)', async () => {
    const store = await createStore({ path: ':memory:' });
    const exports = ['/20250807220000.export.CSV.zip', '/20250807221500.export.CSV.zip'];
    exports.forEach((p) => gone.add(p));
    try {
      const r = await runCli(store, [registerUpdate], ['update', '--sources', 'gdelt', '--format', 'json'], {
        FAULTLINE_HOME: mkdtempSync(join(TEMP, 'gdelt-retry-')),
        GDELT_BASE_URL: server.url,
        FAULTLINE_GDELT_COUNTRIES: 'GBR,CAN',
        FAULTLINE_GDELT_FROM: '2025-08-07',
      });
      const gdelt = (
        JSON.parse(r.out) as { gdelt: { listed: number; imported: number; gaps: { kind: string }[] } }
      ).gdelt;
      // The day's slices before 22:00 are not in the lists (gaps of kind unlisted); the two listed ones answered 404.
      const failed = gdelt.gaps.filter((g) => g.kind !== 'unlisted');
      assert.deepEqual([gdelt.listed, gdelt.imported], [2, 0]);
      assert.deepEqual(
        failed.map((g) => g.kind),
        ['missing-upstream', 'missing-upstream'],
      );
      assert.equal(exitCodeFor(r.error), 5);
      assert.match(
        failureLine(r.error),
        /^faultline: nothing imported: all 2 exports listed for the period failed \(20250807220000: download failed: /,
      );
      // The table counts the gaps per kind on stderr.
      const table = await runCli(store, [registerUpdate], ['update', '--sources', 'gdelt'], {
        FAULTLINE_HOME: mkdtempSync(join(TEMP, 'gdelt-retry-')),
        GDELT_BASE_URL: server.url,
        FAULTLINE_GDELT_COUNTRIES: 'GBR,CAN',
        FAULTLINE_GDELT_FROM: '2025-08-07',
      });
      assert.equal(exitCodeFor(table.error), 5);
      assert.match(
        table.err,
        /^gdelt: 90 slices of the period are missing \(by kind: unlisted 88, missing-upstream 2; faultline gaps --from 2025-08-07 --to \d{4}-\d\d-\d\dT\d\d:\d\d lists them\)\n/,
      );
    } finally {
      exports.forEach((p) => gone.delete(p));
    }
    await store.close();
  });

  it('a list that stays unavailable fails in one line naming it and the attempts', async () => {
    const store = await createStore({ path: ':memory:' });
    const said: string[] = [];
    const { fetchGdelt } = await import('./fetch-gdelt.ts');
    fail('/masterfilelist.txt', 3);
    await assert.rejects(
      fetchGdelt(store, {
        baseUrl: server.url,
        from: '2025-08-07',
        to: '2025-08-07',
        dir: mkdtempSync(join(TEMP, 'gdelt-retry-')),
        retries: 2,
        backoffMs: 1,
        onRetry: (n) => said.push(`${n.attempt}/${n.attempts}`),
      }),
      { message: `cannot read "${server.url}/masterfilelist.txt": HTTP 503 after 3 attempts` },
    );
    assert.deepEqual(said, ['1/3', '2/3']);
    await store.close();
  });
});
