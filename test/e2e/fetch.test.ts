// test-run: alone, about 3 s (spawns the CLI)
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startLocalServer } from '../helpers/local-server.ts';
import { ucdpApiPage } from '../helpers/ucdp-api-records.ts';

const BIN = new URL('../../bin/faultline.js', import.meta.url).pathname;
const PAGE = JSON.parse(
  readFileSync(
    new URL('../../src/ingest/ucdp-api/fixtures/gedevents-22.1-pak-page.json', import.meta.url),
    'utf8',
  ),
) as { Result: object[] };

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
      const home = mkdtempSync(join(tmpdir(), 'faultline-fetch-'));
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
