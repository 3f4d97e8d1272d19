import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startLocalServer, type LocalServer, type SeenRequest } from '../../../test/helpers/local-server.ts';
import { exitCodeFor } from '../../cli/fail.ts';
import { StoreError } from '../../domain/errors.ts';
import { downloadFile, probe } from './download-file.ts';
import type { RetryNotice } from '../http/retrying-request.ts';

describe('downloads and probes of `faultline update` against a misbehaving server', () => {
  let server: LocalServer;
  /** What the server does with the next requests to each path, in turn; then 200 with a CSV. */
  const script = new Map<string, string[]>();
  /** Files served whole, by Range and by ETag; a script's `short` (a clean end half-way) and `abort` apply to their GETs. */
  const files = new Map<string, Buffer>();
  /** Paths whose GET, HEAD and 206 announce no Content-Length (chunked). */
  const noLength = new Set<string>();
  const body = Buffer.from(
    'id,country\n' + Array.from({ length: 2000 }, (_, i) => `${i},Pakistan\n`).join(''),
  );

  function serveFile(req: SeenRequest, res: ServerResponse, file: Buffer, how: string | undefined): void {
    const etag = '"v1"';
    const sized = !noLength.has(req.url) && how === undefined;
    const length = (n: number) => (sized ? { 'content-length': n } : {});
    if (req.method === 'HEAD') return void res.writeHead(200, { etag, ...length(file.length) }).end();
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
    const from = Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? '')?.[1] ?? 0);
    const rest = file.subarray(from);
    const total = `bytes ${from}-${file.length - 1}/${file.length}`;
    res.writeHead(from > 0 ? 206 : 200, {
      etag,
      'content-type': 'text/csv',
      ...length(rest.length),
      ...(from > 0 ? { 'content-range': total } : {}),
    });
    const half = rest.subarray(0, rest.length >> 1);
    // Without a Content-Length Node sends chunks: `short` ends them properly, `abort` never sends the last one.
    if (how === 'short') return void res.end(half);
    if (how === 'abort') return void res.write(half, () => setTimeout(() => res.socket?.destroy(), 20));
    res.end(rest);
  }

  before(async () => {
    server = await startLocalServer((req, res) => {
      const file = files.get(req.url);
      const next = file && req.method === 'HEAD' ? undefined : script.get(req.url)?.shift();
      if (file) return serveFile(req, res, file, next);
      if (next === 'drop') return void res.socket?.destroy();
      if (next === 'quota') return void res.writeHead(429, { 'retry-after': '86400' }).end();
      // `503 after 2`: the status with a Retry-After of that many seconds.
      const after = /^(\d+) after (.+)$/.exec(next ?? '');
      if (after) return void res.writeHead(Number(after[1]), { 'retry-after': after[2] }).end();
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
        message: `download failed: "${server.url}/quota.csv": HTTP 429; the server asks to wait 86400 s`,
      },
    );
    assert.ok(Date.now() - started < 5_000);
    assert.equal(server.seen.filter((r) => r.url === '/quota.csv').length, 1);
  });

  it('a lasting failure fails after every retry in one line naming the last status, not the most frequent one', async () => {
    script.set('/flaky.csv', ['503', '503', '502']);
    const dir = mkdtempSync(join(tmpdir(), 'faultline-download-'));
    await assert.rejects(
      downloadFile(`${server.url}/flaky.csv`, join(dir, 'flaky.csv'), {
        expect: 'csv',
        retries: 2,
        backoffMs: 1,
      }),
      {
        name: 'RemoteError',
        message: `download failed: "${server.url}/flaky.csv": HTTP 502 after 3 attempts`,
      },
    );
    assert.equal(server.seen.filter((r) => r.url === '/flaky.csv').length, 3);
  });

  it('a probe retries a passing 503, 429 or dropped connection, and a lasting one fails in one line', async () => {
    script.set('/ged/ged261-csv.zip', ['503', 'drop', '429']);
    const notices: RetryNotice[] = [];
    assert.deepEqual(
      await probe(`${server.url}/ged/ged261-csv.zip`, { backoffMs: 1, onRetry: (n) => notices.push(n) }),
      { found: true, status: 200 },
    );
    // Each failed attempt is told before its wait, naming the URL.
    const url = `"${server.url}/ged/ged261-csv.zip"`;
    assert.deepEqual(
      notices.map((n) => [
        n.attempt,
        n.attempts,
        n.waitMs,
        n.message.replace(/(cannot reach .*?): .*/, '$1: ...'),
      ]),
      [
        [1, 5, 1, `cannot probe ${url}: HTTP 503`],
        [2, 5, 2, `cannot reach ${url}: ...`],
        [3, 5, 4, `cannot probe ${url}: HTTP 429`],
      ],
    );
    assert.deepEqual(
      server.seen.filter((r) => r.url === '/ged/ged261-csv.zip').map((r) => r.method),
      ['HEAD', 'HEAD', 'HEAD', 'HEAD'],
    );
    script.set('/down.csv', ['503', '503', '503']);
    await assert.rejects(probe(`${server.url}/down.csv`, { retries: 2, backoffMs: 1 }), {
      name: 'RemoteError',
      message: `cannot probe "${server.url}/down.csv": HTTP 503 after 3 attempts`,
    });
  });

  it('a probe waits what Retry-After asks on a 503 or 429 (seconds or a date) instead of its backoff, and a wait beyond 5 minutes fails at once in one line', async () => {
    const date = new Date(Date.now() + 60_000).toUTCString();
    script.set('/busy.zip', ['503 after 2', `429 after ${date}`, '503']);
    const waits: number[] = [];
    const sleep = async (ms: number) => void waits.push(ms);
    assert.deepEqual(await probe(`${server.url}/busy.zip`, { backoffMs: 7, sleep }), {
      found: true,
      status: 200,
    });
    assert.equal(waits.length, 3);
    assert.equal(waits[0], 2000);
    // An HTTP date is read to the second, so the wait is a little under a minute; the last 503 asks nothing: backoff.
    assert.ok(waits[1]! > 55_000 && waits[1]! <= 60_000, String(waits[1]));
    assert.equal(waits[2], 7 * 2 ** 2);
    script.set('/spent.zip', ['quota']);
    await assert.rejects(probe(`${server.url}/spent.zip`, { backoffMs: 1, sleep }), {
      name: 'RemoteError',
      code: 'rate_limited',
      message: `cannot probe "${server.url}/spent.zip": HTTP 429; the server asks to wait 86400 s`,
    });
    assert.equal(server.seen.filter((r) => r.url === '/spent.zip').length, 1);
    script.set('/down-long.zip', ['503 after 600']);
    await assert.rejects(probe(`${server.url}/down-long.zip`, { backoffMs: 1, sleep }), {
      code: 'remote_error',
      message: `cannot probe "${server.url}/down-long.zip": HTTP 503; the server asks to wait 600 s`,
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

  const fresh = (name: string) => join(mkdtempSync(join(tmpdir(), 'faultline-download-')), name);

  it('a full disk fails at once in one line naming the file and the cause (exit 4), not retried as a network error', async () => {
    files.set('/full.csv', body);
    const path = fresh('full.csv');
    // Every write to /dev/full fails with ENOSPC, as on a full disk.
    symlinkSync('/dev/full', `${path}.part`);
    const e = await downloadFile(`${server.url}/full.csv`, path, { expect: 'csv', backoffMs: 1 }).then(
      () => null,
      (x: unknown) => x,
    );
    assert.ok(e instanceof StoreError, String(e));
    assert.equal(e.message, `download failed: cannot write "${path}.part": ENOSPC: no space left on device`);
    assert.equal(exitCodeFor(e), 4);
    assert.deepEqual(requests('/full.csv'), ['GET']);
  });

  it('a destination under a file (not a directory) fails before any request, naming the directory', async () => {
    const file = fresh('a-file');
    writeFileSync(file, 'x');
    const path = join(file, 'ucdp', 'under.csv');
    await assert.rejects(downloadFile(`${server.url}/under.csv`, path, { expect: 'csv', backoffMs: 1 }), {
      name: 'StoreError',
      message: `download failed: cannot write "${join(file, 'ucdp')}": ENOTDIR: not a directory`,
    });
    assert.deepEqual(requests('/under.csv'), []);
  });
  const requests = (path: string) =>
    server.seen
      .filter((r) => r.url === path)
      .map((r) =>
        `${r.method} ${r.headers.range ?? ''}${r.headers['if-none-match'] ? ' if-none-match' : ''}`.trim(),
      );

  it('a response without Content-Length that ends early is caught by the length HEAD announces, and resumed to the whole file', async () => {
    files.set('/short.csv', body);
    script.set('/short.csv', ['short']);
    const path = fresh('short.csv');
    const got = await downloadFile(`${server.url}/short.csv`, path, { expect: 'csv', backoffMs: 1 });
    const half = body.length >> 1;
    assert.deepEqual(requests('/short.csv'), ['GET', 'HEAD', `GET bytes=${half}-`]);
    assert.deepEqual([got.bytes, got.resumedFrom, got.lengthVerified], [body.length, half, true]);
    assert.ok(readFileSync(path).equals(body));
  });

  it('a chunked response aborted mid-way is retried as a cut transfer, resumed with Range, and verified by the Content-Range total', async () => {
    files.set('/chunked.csv', body);
    noLength.add('/chunked.csv');
    script.set('/chunked.csv', ['abort']);
    const path = fresh('chunked.csv');
    const got = await downloadFile(`${server.url}/chunked.csv`, path, { expect: 'csv', backoffMs: 1 });
    const half = body.length >> 1;
    assert.deepEqual(requests('/chunked.csv'), ['GET', `GET bytes=${half}-`]);
    assert.deepEqual([got.bytes, got.resumedFrom, got.lengthVerified], [body.length, half, true]);
    assert.ok(readFileSync(path).equals(body));
  });

  it('a file whose server announces no length is kept but marked unverified, and the next run downloads it again instead of trusting its ETag', async () => {
    files.set('/nolength.csv', body);
    noLength.add('/nolength.csv');
    script.set('/nolength.csv', ['short']);
    const path = fresh('nolength.csv');
    const url = `${server.url}/nolength.csv`;
    const cut = await downloadFile(url, path, { expect: 'csv', backoffMs: 1 });
    assert.deepEqual([cut.bytes, cut.lengthVerified], [body.length >> 1, false]);
    const sidecar = JSON.parse(readFileSync(`${path}.json`, 'utf8')) as {
      lengthVerified: boolean;
      etag: string;
    };
    assert.deepEqual([sidecar.lengthVerified, sidecar.etag], [false, '"v1"']);
    const next = await downloadFile(url, path, { expect: 'csv', backoffMs: 1 });
    assert.deepEqual(requests('/nolength.csv'), ['GET', 'HEAD', 'GET', 'HEAD']);
    assert.deepEqual([next.unchanged, next.bytes, next.lengthVerified], [false, body.length, false]);
    assert.ok(readFileSync(path).equals(body));
  });
});
