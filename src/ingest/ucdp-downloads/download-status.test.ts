import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startLocalServer, type LocalServer } from '../../../test/helpers/local-server.ts';
import { downloadStatus } from './download-status.ts';

describe('the status update --dry-run gives a planned file against the kept copy', () => {
  let server: LocalServer;
  const MONDAY = 'Mon, 02 Nov 2026 10:00:00 GMT';
  before(async () => {
    server = await startLocalServer((req, res) => {
      const { url, method } = req;
      if (url === '/conditional.csv')
        return void res
          .writeHead(req.headers['if-none-match'] === '"v1"' ? 304 : 200, { etag: '"v1"' })
          .end();
      if (url === '/dated.csv') return void res.writeHead(200, { 'last-modified': MONDAY }).end();
      if (url === '/bare.csv') return void res.writeHead(200, { 'content-length': 4 }).end();
      // No HEAD: one byte of a GET tells the total length.
      if (url === '/no-head.csv')
        return void (method === 'HEAD'
          ? res.writeHead(405).end()
          : res.writeHead(206, { 'content-range': 'bytes 0-0/9' }).end('a'));
      // A spent quota: come back in an hour.
      if (url === '/spent.csv') return void res.writeHead(429, { 'retry-after': '3600' }).end();
      // Busy for a moment: the second ask is answered.
      if (url === '/busy.csv')
        return void (server.seen.filter((r) => r.url === '/busy.csv').length > 1
          ? res.writeHead(304).end()
          : res.writeHead(503, { 'retry-after': '2' }).end());
      res.writeHead(503).end();
    });
  });
  after(() => server.close());

  const dir = mkdtempSync(join(tmpdir(), 'faultline-status-'));
  /** A copy kept from an earlier update, as downloadFile leaves it. */
  const kept = (name: string, state: { etag?: string; lastModified?: string }) => {
    const path = join(dir, name);
    writeFileSync(path, 'a,b\n');
    writeFileSync(
      `${path}.json`,
      JSON.stringify({
        url: `${server.url}/${name}`,
        etag: state.etag ?? null,
        lastModified: state.lastModified ?? null,
        bytes: 4,
        sha256: 'x',
        lengthVerified: true,
      }),
    );
    return path;
  };
  const status = async (name: string, path: string) =>
    Object.values(await downloadStatus(`${server.url}/${name}`, path, { retries: 1, backoffMs: 1 }));

  it('asks with the kept validators: 304, another Last-Modified, another length, no validator, no answer', async () => {
    assert.deepEqual(await status('conditional.csv', kept('conditional.csv', { etag: '"v1"' })), [
      'unchanged',
      'HTTP 304 Not Modified',
    ]);
    assert.deepEqual(
      await status('dated.csv', kept('dated.csv', { lastModified: 'Sun, 01 Nov 2026 10:00:00 GMT' })),
      ['changed', `Last-Modified ${MONDAY}, kept Sun, 01 Nov 2026 10:00:00 GMT`],
    );
    assert.deepEqual(await status('no-head.csv', kept('no-head.csv', { etag: '"v1"' })), [
      'changed',
      '9 bytes, kept 4',
    ]);
    assert.deepEqual(await status('bare.csv', kept('bare.csv', { etag: '"v1"' })), [
      'unknown',
      'server gave no ETag or Last-Modified',
    ]);
    assert.deepEqual(await status('down.csv', kept('down.csv', { etag: '"v1"' })), [
      'unknown',
      'HTTP 503 after 2 attempts',
    ]);
    assert.deepEqual(await status('gone.csv', join(dir, 'gone.csv')), ['new', 'not downloaded yet']);
    assert.equal(
      server.seen.filter((r) => r.method === 'GET').length,
      1,
      'only the server without HEAD was sent a GET',
    );
  });

  it('a copy kept from another address is new, and the reason quotes that address', async () => {
    const path = kept('moved.csv', { etag: '"v1"' });
    assert.deepEqual(await status('elsewhere/moved.csv', path), [
      'new',
      `not downloaded yet from here (kept copy is of "${server.url}/moved.csv")`,
    ]);
  });

  it('waits what Retry-After asks, as a download and a probe do, and says unknown at once when it asks for more than 5 minutes', async () => {
    const waits: number[] = [];
    const sleep = async (ms: number) => void waits.push(ms);
    const ask = async (name: string) =>
      Object.values(
        await downloadStatus(`${server.url}/${name}`, kept(name, { etag: '"v1"' }), {
          retries: 3,
          backoffMs: 1,
          sleep,
        }),
      );
    assert.deepEqual(await ask('busy.csv'), ['unchanged', 'HTTP 304 Not Modified']);
    assert.deepEqual(waits, [2000], 'the 2 s the server asked for, not the 1 ms backoff');
    // (It ignored the hour asked for, asked again after its own backoff, then said "HTTP 429 after 4 attempts".)
    assert.deepEqual(await ask('spent.csv'), ['unknown', 'HTTP 429; the server asks to wait 3600 s']);
    assert.equal(server.seen.filter((r) => r.url === '/spent.csv').length, 1, 'asked once');
  });
});
