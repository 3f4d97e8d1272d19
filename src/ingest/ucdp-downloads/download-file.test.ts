import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startLocalServer, type LocalServer } from '../../../test/helpers/local-server.ts';
import { downloadFile, probe } from './download-file.ts';

describe('downloads and probes of `faultline update` against a misbehaving server', () => {
  let server: LocalServer;
  /** What the server does with the next requests to each path, in turn; then 200 with a CSV. */
  const script = new Map<string, string[]>();
  before(async () => {
    server = await startLocalServer((req, res) => {
      const next = script.get(req.url)?.shift();
      if (next === 'drop') return void res.socket?.destroy();
      if (next === 'quota') return void res.writeHead(429, { 'retry-after': '86400' }).end();
      if (next !== undefined) return void res.writeHead(Number(next)).end();
      res.writeHead(200, { 'content-type': 'text/csv', 'content-length': 4 }).end('a,b\n');
    });
  });
  after(() => server.close());

  it('a 429 asking to wait longer than 5 minutes (a spent quota) fails at once in one line, not after a day', async () => {
    script.set('/quota.csv', ['quota']);
    const dir = mkdtempSync(join(tmpdir(), 'faultline-download-'));
    const started = Date.now();
    await assert.rejects(
      downloadFile(`${server.url}/quota.csv`, join(dir, 'quota.csv'), { expect: 'csv', backoffMs: 1 }),
      {
        name: 'RemoteError',
        message: `download failed: ${server.url}/quota.csv: HTTP 429; the server asks to wait 86400 s`,
      },
    );
    assert.ok(Date.now() - started < 5_000);
    assert.equal(server.seen.filter((r) => r.url === '/quota.csv').length, 1);
  });

  it('a probe retries a passing 503, 429 or dropped connection, and a lasting one fails in one line', async () => {
    script.set('/ged/ged261-csv.zip', ['503', 'drop', '429']);
    assert.deepEqual(await probe(`${server.url}/ged/ged261-csv.zip`, { backoffMs: 1 }), {
      found: true,
      status: 200,
    });
    assert.deepEqual(
      server.seen.filter((r) => r.url === '/ged/ged261-csv.zip').map((r) => r.method),
      ['HEAD', 'HEAD', 'HEAD', 'HEAD'],
    );
    script.set('/down.csv', ['503', '503', '503']);
    await assert.rejects(probe(`${server.url}/down.csv`, { retries: 2, backoffMs: 1 }), {
      name: 'RemoteError',
      message: `cannot probe ${server.url}/down.csv: HTTP 503`,
    });
  });

  it('a probe answered 404, 410 or 403 says the file was not found with that status, not always 404', async () => {
    const found = [];
    for (const status of ['404', '410', '403']) {
      script.set(`/missing-${status}.csv`, [status]);
      found.push(await probe(`${server.url}/missing-${status}.csv`, { backoffMs: 1 }));
    }
    assert.deepEqual(found, [
      { found: false, status: 404 },
      { found: false, status: 410 },
      { found: false, status: 403 },
    ]);
  });
});
