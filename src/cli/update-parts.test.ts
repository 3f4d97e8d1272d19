import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { md5, realGdeltRows, zipOf } from '../../test/helpers/gdelt-rows.ts';
import { runCli } from '../../test/helpers/in-process-cli.ts';
import { startLocalServer, type LocalServer } from '../../test/helpers/local-server.ts';
import { createStore } from '../storage/index.ts';
import type { Store } from '../storage/store.ts';
import { registerUpdate } from './commands/update.ts';
import { exitCodeFor, failureLine } from './fail.ts';

// A cron run of `faultline update` with GDELT configured while UCDP's downloads answer 503 to every
// request (with Retry-After: 0, so the five attempts take no time): the GDELT part, served one real
// export (src/ingest/gdelt/fixtures), is fetched and imported all the same, and the update fails.
const SLICE = '20250807220000';

describe('faultline update when its UCDP part fails', () => {
  let server: LocalServer;
  const dirs: string[] = [];
  /** GDELT's folder answers 503 too. */
  let gdeltDown = false;
  before(async () => {
    const zip = await zipOf(`${SLICE}.export.CSV`, realGdeltRows().join('\n') + '\n');
    server = await startLocalServer((req, res) => {
      const path = new URL(req.url, 'http://x').pathname;
      if (path === '/gdelt/masterfilelist.txt' || path === '/gdelt/lastupdate.txt')
        return void res.end(`${zip.length} ${md5(zip)} ${server.url}/gdelt/${SLICE}.export.CSV.zip\n`);
      if (path === `/gdelt/${SLICE}.export.CSV.zip`)
        return void res
          .writeHead(200, { 'content-length': zip.length, 'content-type': 'application/zip' })
          .end(req.method === 'HEAD' ? undefined : zip);
      if (path.startsWith('/ucdp/') || path.startsWith('/down/'))
        return void res.writeHead(503, { 'retry-after': '0' }).end();
      res.writeHead(404).end();
    });
  });
  after(async () => {
    await server.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  const fresh = async () => {
    const home = mkdtempSync(join(tmpdir(), 'faultline-update-parts-'));
    dirs.push(home);
    return { home, store: await createStore({ path: ':memory:' }) };
  };
  const update = (store: Store, home: string, ...args: string[]) =>
    runCli(store, [registerUpdate], ['update', ...args], {
      FAULTLINE_HOME: home,
      UCDP_DOWNLOADS_URL: `${server.url}/ucdp/`,
      GDELT_BASE_URL: gdeltDown ? `${server.url}/down/` : `${server.url}/gdelt/`,
      FAULTLINE_GDELT_COUNTRIES: 'all',
      FAULTLINE_GDELT_FROM: '2025-08-07',
    });

  it('fetches and imports GDELT all the same, says the UCDP failure on stderr, and exits 5 (the failure is the remote service)', async () => {
    const { home, store } = await fresh();
    const r = await update(store, home);
    assert.equal(exitCodeFor(r.error), 5);
    const failure = failureLine(r.error);
    assert.match(failure, /^faultline: .*HTTP 503 after 5 attempts/);
    // The GDELT export is in the store, and its table was printed.
    assert.deepEqual(
      (await store.listImports()).map((l) => [l.source, l.version]),
      [['gdelt', SLICE]],
    );
    assert.match(r.out, /^gdelt 2025-08-07 to .* UTC, countries all:\n/m);
    const notes = r.err.split('\n').filter((l) => l.startsWith('note: '));
    assert.deepEqual(notes, [
      `note: the update's ucdp part failed (${failure.slice('faultline: '.length, -1)}); its gdelt part is run all the same`,
      "note: the update's gdelt part was done (listed above); its ucdp part failed",
    ]);
    await store.close();
  });

  it('--format json: the GDELT answer, and `failed` naming the UCDP part with its error and exit code', async () => {
    const { home, store } = await fresh();
    const r = await update(store, home, '--format', 'json');
    assert.equal(exitCodeFor(r.error), 5);
    const answer = JSON.parse(r.out) as {
      gdelt: { listed: number; imported: number; files: { slice: string }[] };
      failed: { part: string; url: string | null; error: string; exit_code: number }[];
    };
    assert.deepEqual(
      [answer.gdelt.listed, answer.gdelt.imported, answer.gdelt.files.map((f) => f.slice)],
      [1, 1, [SLICE]],
    );
    assert.deepEqual(answer.failed, [
      { part: 'ucdp', url: null, error: failureLine(r.error).slice('faultline: '.length, -1), exit_code: 5 },
    ]);
    assert.match(
      r.err,
      /\nnote: the update's gdelt part was done \(the answer's gdelt\); its ucdp part failed\n$/,
    );
    await store.close();
  });

  it('both parts failing before anything was done: each failure is said, the JSON has both, the update exits with the first', async () => {
    const { home, store } = await fresh();
    gdeltDown = true;
    try {
      const r = await update(store, home, '--format', 'json');
      assert.equal(exitCodeFor(r.error), 5);
      const answer = JSON.parse(r.out) as { failed: { part: string; error: string; exit_code: number }[] };
      assert.deepEqual(
        answer.failed.map((f) => [f.part, f.exit_code]),
        [
          ['ucdp', 5],
          ['gdelt', 5],
        ],
      );
      assert.match(
        answer.failed[1]!.error,
        /^cannot read ".+\/down\/masterfilelist\.txt": HTTP 503 after 5 attempts$/,
      );
      assert.match(
        r.err,
        new RegExp(
          `\\nnote: the update's gdelt part failed too: cannot read ".+/down/masterfilelist\\.txt": HTTP 503 after 5 attempts \\(exit 5; the update exits with its ucdp part's code\\)\\n$`,
        ),
      );
    } finally {
      gdeltDown = false;
    }
    await store.close();
  });

  it('a bad UCDP option or GDELT setting still fails the update before any part runs (exit 2, nothing fetched)', async () => {
    const { home, store } = await fresh();
    const seen = server.seen.length;
    const setting = await runCli(store, [registerUpdate], ['update'], {
      FAULTLINE_HOME: home,
      UCDP_DOWNLOADS_URL: `${server.url}/ucdp/`,
      GDELT_BASE_URL: `${server.url}/gdelt/`,
      FAULTLINE_GDELT_COUNTRIES: 'all',
      FAULTLINE_GDELT_FROM: '2099-01-01',
    });
    assert.equal(exitCodeFor(setting.error), 2);
    assert.match(
      failureLine(setting.error),
      /^faultline: invalid FAULTLINE_GDELT_FROM: "2099-01-01" is after today \(\d{4}-\d\d-\d\d\)\n$/,
    );
    assert.deepEqual([setting.out, setting.err, server.seen.length], ['', '', seen]);
    const r = await update(store, home, '--countries', 'XYZ');
    assert.equal(exitCodeFor(r.error), 2);
    assert.equal(
      failureLine(r.error),
      'faultline: invalid --countries: "XYZ" (use ISO3 codes such as PAK, or all)\n',
    );
    assert.deepEqual([r.out, r.err, server.seen.length], ['', '', seen]);
    await store.close();
  });
});
