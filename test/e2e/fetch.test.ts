// test-run: alone, about 3 s (spawns the CLI)
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { md5, realGdeltRows, zipOf } from '../helpers/gdelt-rows.ts';
import { startLocalServer } from '../helpers/local-server.ts';
import { ucdpApiPage } from '../helpers/ucdp-api-records.ts';

const BIN = new URL('../../bin/faultline.js', import.meta.url).pathname;
const PAGE = JSON.parse(
  readFileSync(
    new URL('../../src/ingest/ucdp-api/fixtures/gedevents-22.1-pak-page.json', import.meta.url),
    'utf8',
  ),
) as { Result: object[] };

// The homes of the runs below, removed after them (every run is waited for: no process is left).
const dir = mkdtempSync(join(tmpdir(), 'faultline-e2e-fetch-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI asynchronously (the test server lives in this process). */
function run(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('faultline fetch ucdp against a local server speaking the UCDP API', () => {
  it('downloads every page with the token header, imports the records, and a second fetch changes nothing', async () => {
    const records = PAGE.Result;
    const server = await startLocalServer((req, res) => {
      if (req.headers['x-ucdp-access-token'] !== 'secret') {
        res.writeHead(401).end();
        return;
      }
      const url = new URL(req.url, 'http://x');
      const page = Number(url.searchParams.get('page'));
      const size = Number(url.searchParams.get('pagesize'));
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(ucdpApiPage(records, page, size)));
    });
    try {
      const home = mkdtempSync(join(dir, 'fetch-'));
      const env = { ...process.env, FAULTLINE_HOME: home, UCDP_API_URL: server.url, UCDP_TOKEN: 'secret' };
      const first = await run(
        ['fetch', 'ucdp', '--dataset', 'ged', '--version', '22.1', '--country', '770'],
        env,
      );
      assert.equal(first.status, 0, first.stderr);
      assert.match(
        first.stdout,
        new RegExp(`22\\.1\\s+${records.length}\\s+${records.length}\\s+0\\s+${records.length}`),
      );
      assert.ok(server.seen.every((r) => r.url.startsWith('/gedevents/22.1?')));
      // Again with --format json: the download, then what `faultline import --format json` says of it
      // (the same records, already imported).
      const again = await run(
        ['fetch', 'ucdp', '--dataset', 'ged', '--version', '22.1', '--country', '770', '--format', 'json'],
        env,
      );
      assert.equal(again.status, 0, again.stderr);
      const j = JSON.parse(again.stdout);
      assert.deepEqual(
        [j.downloaded.records, j.file, j.already_imported, j.ledger.accepted, j.ledger.rejected],
        [records.length, j.downloaded.path, true, records.length, 0],
      );
      const denied = await run(['fetch', 'ucdp', '--version', '22.1'], { ...env, UCDP_TOKEN: 'wrong' });
      assert.equal(denied.status, 5);
      assert.equal(denied.stderr.trim().split('\n').length, 1);
      assert.match(denied.stderr, /^faultline: UCDP API: access token rejected \(HTTP 401\)/);
    } finally {
      await server.close();
    }
  });
});

describe('faultline update from cron while UCDP is down, then faultline gaps', () => {
  it('imports GDELT all the same, ends with the UCDP failure and exits 5; the missing export is listed later by faultline gaps', async () => {
    // UCDP's downloads answer 503 to everything (Retry-After: 0: five quick attempts); GDELT's lists
    // name two exports of 2025-08-07: the real one (src/ingest/gdelt/fixtures) and one the server 404s.
    const zip = await zipOf('20250807220000.export.CSV', realGdeltRows().join('\n') + '\n');
    const server = await startLocalServer((req, res) => {
      const path = new URL(req.url, 'http://x').pathname;
      if (path.startsWith('/ucdp/')) return void res.writeHead(503, { 'retry-after': '0' }).end();
      if (path === '/gdelt/masterfilelist.txt' || path === '/gdelt/lastupdate.txt')
        return void res.end(
          [
            `${zip.length} ${md5(zip)} ${server.url}/gdelt/20250807220000.export.CSV.zip`,
            `${zip.length} ${md5(zip)} ${server.url}/gdelt/20250807221500.export.CSV.zip`,
          ].join('\n') + '\n',
        );
      if (path === '/gdelt/20250807220000.export.CSV.zip')
        return void res.writeHead(200, { 'content-length': zip.length }).end(zip);
      res.writeHead(404).end();
    });
    try {
      const env = {
        ...process.env,
        FAULTLINE_HOME: mkdtempSync(join(dir, 'update-cron-')),
        UCDP_DOWNLOADS_URL: `${server.url}/ucdp/`,
        GDELT_BASE_URL: `${server.url}/gdelt/`,
        FAULTLINE_GDELT_COUNTRIES: 'all',
        FAULTLINE_GDELT_FROM: '2025-08-07',
      };
      const update = await run(['update', '--format', 'json'], env);
      assert.equal(update.status, 5, update.stderr);
      const lines = update.stderr.trim().split('\n');
      assert.match(
        lines.at(-1)!,
        /^faultline: cannot probe ".+\/ucdp\/ged\/ged\d+-csv\.zip": HTTP 503 after 5 attempts$/,
      );
      const answer = JSON.parse(update.stdout) as {
        gdelt: { imported: number; gaps: { slice: string; kind: string }[] };
        failed: { part: string; exit_code: number }[];
      };
      assert.equal(answer.gdelt.imported, 1);
      assert.deepEqual(
        answer.failed.map((f) => [f.part, f.exit_code]),
        [['ucdp', 5]],
      );
      const gaps = await run(['gaps', '--kind', 'missing-upstream', '--format', 'json'], env);
      assert.equal(gaps.status, 0, gaps.stderr);
      const listed = JSON.parse(gaps.stdout) as { total: number; gaps: { slice: string; reason: string }[] };
      assert.deepEqual([listed.total, listed.gaps.map((g) => g.slice)], [1, ['20250807221500']]);
      assert.match(listed.gaps[0]!.reason, /HTTP 404 \(not published\)$/);
    } finally {
      await server.close();
    }
  });
});
