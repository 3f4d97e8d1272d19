/**
 * The API's HTTP edges over real connections: answers sent before the body has all arrived (413),
 * as Node's fetch and a raw socket see them; bodies sent as a media type their route does not take.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { createApiKey } from '../app/api-keys.ts';
import { createStore, type Store } from '../storage/index.ts';
import { createHttpServer } from './http-server.ts';
import { createApi, startServer, type RunningServer } from './server.ts';
import { answerBody, raw } from '../../test/helpers/raw-http.ts';

const TOO_LARGE = 'request body too large: over 262,144 bytes (the limit)';

/** What a raw connection saw: the bytes the server sent, whether it closed, and any socket error. */
/**
 * Sends `head` (which says `Expect: 100-continue` and `Connection: close`) on a raw socket, and `body`
 * once the server says 100 Continue (none given: hangs up then); resolves with what the server sent,
 * once closed.
 */
function expectContinue(
  url: string,
  head: string,
  body?: Buffer,
): Promise<{ answer: string; sent: boolean }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const s = connect({ host: hostname, port: Number(port), allowHalfOpen: true });
    let answer = '';
    let sent = false;
    s.setEncoding('utf8');
    s.on('data', (d: string) => {
      answer += d;
      if (sent || !answer.startsWith('HTTP/1.1 100 Continue\r\n\r\n')) return;
      sent = true;
      if (body) s.write(body);
      else s.destroy();
    });
    s.on('end', () => s.end());
    s.on('error', () => {});
    s.on('close', () => resolve({ answer, sent }));
    s.write(head);
  });
}

let store: Store;
let server: RunningServer;
let admin = '';
before(async () => {
  store = await createStore({ path: ':memory:' });
  admin = (await createApiKey(store, { role: 'admin', name: 'test' })).key;
  server = await startServer(createApi({ store, log: () => {} }), '127.0.0.1', 0, { lingerMs: 300 });
});
after(async () => {
  await server.close();
  await store.close();
});

describe('a body over the limit', () => {
  it("Node's fetch gets the 413 of bodies of 1 to 20 MB sent one after another on its kept connections (before: other side closed)", async () => {
    for (const size of [1e6, 5e6, 5e6, 2e7]) {
      const res = await fetch(`${server.url}/api/v1/claims/check`, {
        method: 'POST',
        headers: { 'content-type': 'application/yaml' },
        body: Buffer.alloc(size, 'a'),
      });
      assert.equal(res.status, 413);
      assert.equal(((await res.json()) as { error: { message: string } }).error.message, TOO_LARGE);
    }
  });

  it("Node's fetch gets the 413 of a chunked body over the limit", async () => {
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let n = 0;
    const body = new ReadableStream<Uint8Array>({
      pull: (ctl) => (n++ < 80 ? ctl.enqueue(chunk) : ctl.close()),
    });
    const res = await fetch(`${server.url}/api/v1/claims/check`, {
      method: 'POST',
      headers: { 'content-type': 'application/yaml' },
      body,
      duplex: 'half',
    } as RequestInit);
    assert.equal(res.status, 413);
    assert.equal(((await res.json()) as { error: { message: string } }).error.message, TOO_LARGE);
  });

  it('a raw client gets 413 with Connection: close, and the server reads the rest before closing (no reset)', async () => {
    const size = 5_000_000;
    const r = await raw(
      server.url,
      `POST /api/v1/claims/check HTTP/1.1\r\nhost: x\r\ncontent-type: application/yaml\r\ncontent-length: ${size}\r\n\r\n`,
      size,
    );
    assert.match(r.answer, /^HTTP\/1\.1 413 /);
    assert.match(r.answer, /\r\nconnection: close\r\n/i);
    assert.ok(
      r.answer.endsWith(JSON.stringify({ error: { code: 'payload_too_large', message: TOO_LARGE } })),
    );
    assert.equal(r.error, null, 'the server reset the connection while the client was sending');
    assert.equal(r.sent, size);
  });

  it('a client that declares 1 GB and then trickles is answered 413 and cut off after the linger time', async () => {
    const r = await raw(
      server.url,
      `POST /api/v1/claims/check HTTP/1.1\r\nhost: x\r\ncontent-type: application/yaml\r\ncontent-length: ${2 ** 30}\r\n\r\n`,
      2 ** 30,
      { stopAfter: 1_000_000 },
    );
    assert.match(r.answer, /^HTTP\/1\.1 413 /);
    assert.ok(r.ms < 2000, `the connection was held ${Math.round(r.ms)} ms`);
  });
});

describe('Expect: 100-continue', () => {
  const head = (path: string, type: string, length: number) =>
    `POST ${path} HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${admin}\r\ncontent-type: ${type}\r\ncontent-length: ${length}\r\nexpect: 100-continue\r\nconnection: close\r\n\r\n`;

  it("a declared length over the route's limit is answered 413 at once, without 100 Continue (before: 413 after the body was sent)", async () => {
    const r = await expectContinue(
      server.url,
      head('/api/v1/claims/check', 'application/yaml', 1_000_000),
      Buffer.alloc(1_000_000, 'a'),
    );
    assert.equal(r.sent, false, 'the server said 100 Continue');
    assert.match(r.answer, /^HTTP\/1\.1 413 /);
    assert.ok(
      r.answer.endsWith(JSON.stringify({ error: { code: 'payload_too_large', message: TOO_LARGE } })),
    );
    // An upload's limit is its own: 600 MiB is over it, 1 MB is not.
    const upload = await expectContinue(
      server.url,
      head('/api/v1/imports', 'multipart/form-data; boundary=b', 600 << 20),
    );
    assert.equal(upload.sent, false);
    assert.match(upload.answer, /"upload too large: over 536,870,912 bytes \(the limit\)"/);
    assert.equal(
      (await expectContinue(server.url, head('/api/v1/imports', 'multipart/form-data; boundary=b', 1e6)))
        .sent,
      true,
    );
  });

  it('another expectation is answered 417 with one JSON line (before: an empty 417)', async () => {
    const r = await raw(
      server.url,
      'POST /api/v1/keys HTTP/1.1\r\nhost: x\r\nexpect: 200-ok\r\ncontent-length: 2\r\n\r\n{}',
      0,
    );
    assert.match(r.answer, /^HTTP\/1\.1 417 /);
    assert.deepEqual(JSON.parse(r.answer.slice(r.answer.indexOf('\r\n\r\n') + 4)), {
      error: {
        code: 'expectation_failed',
        message: 'unsupported expectation: "200-ok" (the server meets Expect: 100-continue only)',
      },
    });
  });

  it('a body within the limit gets 100 Continue and then its answer', async () => {
    const key = Buffer.from(JSON.stringify({ role: 'viewer' }));
    const r = await expectContinue(server.url, head('/api/v1/keys', 'application/json', key.length), key);
    assert.equal(r.sent, true);
    assert.match(r.answer, /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 201 /);
  });
});

describe('a request without a body', () => {
  it('keeps its connection when answered at once (it is not complete until its listener returns)', async () => {
    const server = createHttpServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(String(req.complete));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const { port } = server.address() as { port: number };
      const r = await fetch(`http://127.0.0.1:${port}/`);
      assert.equal(await r.text(), 'false');
      assert.equal(r.headers.get('connection'), 'keep-alive');
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('content types', () => {
  const post = (path: string, body: BodyInit, type?: string) =>
    fetch(`${server.url}/api/v1${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, ...(type ? { 'content-type': type } : {}) },
      body,
    });
  const refusal = async (res: Response) => {
    assert.equal(res.status, 415);
    return ((await res.json()) as { error: { code: string; message: string } }).error;
  };

  it('a JSON route refuses form encoding, plain text, no type and a charset other than UTF-8 with 415 naming both types', async () => {
    const key = JSON.stringify({ role: 'viewer' });
    assert.deepEqual(await refusal(await post('/keys', 'role=viewer', 'application/x-www-form-urlencoded')), {
      code: 'unsupported_media_type',
      message:
        'unsupported content type: "application/x-www-form-urlencoded" (POST /api/v1/keys takes application/json in UTF-8)',
    });
    assert.equal(
      (await refusal(await post('/alerts/rules', key, 'text/plain'))).message,
      'unsupported content type: "text/plain" (POST /api/v1/alerts/rules takes application/json in UTF-8)',
    );
    // A byte body: fetch sends no Content-Type at all.
    assert.equal(
      (await refusal(await post('/desk/events', new TextEncoder().encode(key)))).message,
      'unsupported content type: none (POST /api/v1/desk/events takes application/json in UTF-8)',
    );
    assert.equal(
      (await refusal(await post('/keys', key, 'application/json; charset=iso-8859-1'))).message,
      'unsupported content type: "application/json; charset=iso-8859-1" (POST /api/v1/keys takes application/json in UTF-8)',
    );
    assert.equal((await post('/keys', key, 'Application/JSON; charset="UTF-8"')).status, 201);
  });

  it('the claim routes refuse form encoding and take what the dashboard and curl --data-binary users send', async () => {
    assert.equal(
      (await refusal(await post('/claims/extract', 'text', 'application/x-www-form-urlencoded'))).message,
      'unsupported content type: "application/x-www-form-urlencoded" (POST /api/v1/claims/extract takes text/plain or text/markdown in UTF-8)',
    );
    assert.match(
      (await refusal(await post('/claims/check', 'claims: []', 'application/x-www-form-urlencoded'))).message,
      /^unsupported content type: "application\/x-www-form-urlencoded" \(POST \/api\/v1\/claims\/check takes application\/yaml, /,
    );
    // The dashboard's types (web/src/views/claims.tsx): past the type check, to the claim file's own 400.
    for (const type of ['application/yaml', 'application/json', 'text/plain', 'text/yaml'])
      assert.equal((await post('/claims/check', '[', type)).status, 400, type);
    assert.equal((await post('/claims/extract', 'No claims here.', 'text/plain; charset=utf-8')).status, 200);
  });

  it('a compressed body is refused with 415, not read as its compressed bytes', async () => {
    const res = await fetch(`${server.url}/api/v1/claims/check`, {
      method: 'POST',
      headers: { 'content-type': 'application/yaml', 'content-encoding': 'gzip' },
      body: gzipSync('claims: []'),
    });
    assert.equal(
      (await refusal(res)).message,
      'unsupported content encoding: "gzip" (POST /api/v1/claims/check takes a body sent uncompressed)',
    );
  });

  it('an upload must be multipart; a bodiless POST passes whatever its type', async () => {
    assert.equal(
      (await refusal(await post('/imports', 'a,b\n1,2\n', 'text/csv'))).message,
      'unsupported content type: "text/csv" (POST /api/v1/imports takes multipart/form-data)',
    );
    const res = await fetch(`${server.url}/api/v1/alerts/evaluate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/plain' },
    });
    assert.equal(res.status, 200, await res.clone().text());
  });
});

describe('slow requests', () => {
  let slow: RunningServer;
  before(async () => {
    const api = createApi({ store, log: () => {}, bodyTimeoutMs: 300, queryTimeoutMs: 100 });
    slow = await startServer(api, '127.0.0.1', 0, { headersMs: 400, requestMs: 600, lingerMs: 300 });
  });
  after(() => slow.close());
  const error = answerBody;

  it('a JSON body that stalls is answered 408 at its deadline and the connection closed (before: held 5 minutes)', async () => {
    const r = await raw(
      slow.url,
      `POST /api/v1/keys HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${admin}\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n`,
      100,
      { stopAfter: 10, then: 'stall' },
    );
    assert.match(r.answer, /^HTTP\/1\.1 408 /);
    assert.deepEqual(error(r.answer), {
      error: {
        code: 'request_timeout',
        message:
          'request timed out: the body did not all arrive within 300 ms of its headers; send it at once',
      },
    });
    assert.ok(r.ms < 1500, `closed after ${Math.round(r.ms)} ms`);
  });

  it('a body trickled in within its deadline is answered by its route, not by the query time limit (before: 503 query timed out)', async () => {
    // 8 bytes, one every 20 ms (160 ms): past a 50 ms query limit, far within a 3 s body deadline
    // (a server of its own: against the 300 ms deadline above, timers running late on a busy machine
    // turned the trickle into a 408; 12 bytes, 240 ms, were answered so once).
    const trickled = await startServer(
      createApi({ store, log: () => {}, bodyTimeoutMs: 3000, queryTimeoutMs: 50 }),
      '127.0.0.1',
      0,
    );
    const { hostname, port } = new URL(trickled.url);
    const answer = await new Promise<string>((resolve) => {
      const s = connect({ host: hostname, port: Number(port), allowHalfOpen: true });
      let out = '';
      s.setEncoding('utf8');
      s.on('data', (d: string) => (out += d));
      s.on('end', () => s.end());
      s.on('close', () => resolve(out));
      s.write(
        'POST /api/v1/claims/check HTTP/1.1\r\nhost: x\r\ncontent-type: application/yaml\r\ncontent-length: 8\r\nconnection: close\r\n\r\n',
      );
      let sent = 0;
      const t = setInterval(() => {
        if (s.destroyed) return clearInterval(t);
        s.write(' ');
        if (++sent === 8) clearInterval(t);
      }, 20);
    }).finally(() => trickled.close());
    assert.match(answer, /^HTTP\/1\.1 400 /);
    assert.deepEqual(error(answer), {
      error: { code: 'invalid_input', message: 'invalid body: send a claim file (YAML or JSON)' },
    });
  });

  it("an upload that trickles is answered 408 at the server's request limit", async () => {
    const r = await raw(
      slow.url,
      `POST /api/v1/imports HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${admin}\r\ncontent-type: multipart/form-data; boundary=b\r\ncontent-length: ${10 << 20}\r\n\r\n--b\r\n`,
      10 << 20,
      { stopAfter: 100 },
    );
    assert.match(r.answer, /^HTTP\/1\.1 408 /);
    assert.deepEqual(error(r.answer), {
      error: {
        code: 'request_timeout',
        message:
          'request timed out: the headers must arrive within 400 ms and the whole request within 600 ms',
      },
    });
    assert.ok(r.ms < 2000, `closed after ${Math.round(r.ms)} ms`);
  });

  it('headers that stall are answered 408 at the headers limit', async () => {
    const r = await raw(slow.url, 'POST /api/v1/keys HTTP/1.1\r\nhost: x\r\n', 1, {
      stopAfter: 0,
      then: 'stall',
    });
    assert.match(r.answer, /^HTTP\/1\.1 408 /);
    assert.ok(r.ms < 1500, `closed after ${Math.round(r.ms)} ms`);
  });
});

describe('a client that hangs up mid-body', () => {
  // A body deadline far past what the test waits: an aborted body left to it fails here.
  let gone: RunningServer;
  const ended: number[] = [];
  before(async () => {
    const api = createApi({ store, log: () => {}, bodyTimeoutMs: 10_000 });
    const handle = api.app.fetch;
    // When each request's work ends, as the server sees it (the answer itself goes nowhere).
    api.app.fetch = (...a: Parameters<typeof handle>) =>
      Promise.resolve(handle(...a)).finally(() => ended.push(performance.now()));
    gone = await startServer(api, '127.0.0.1', 0);
  });
  after(() => gone.close());
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  /**
   * Sends `head` and part of its body, runs `meanwhile`, hangs up; how long after that the
   * request's work ended (null: not within 2 s).
   */
  async function hangUp(head: string, part: string, meanwhile = () => {}): Promise<number | null> {
    const { hostname, port } = new URL(gone.url);
    const s = connect({ host: hostname, port: Number(port) });
    s.on('error', () => {});
    await new Promise((r) => s.write(head + part, r));
    await sleep(100); // the route is reading the body by now
    meanwhile();
    const seen = ended.length;
    const t0 = performance.now();
    s.destroy();
    while (performance.now() - t0 < 2000) {
      if (ended.length > seen) return ended[seen]! - t0;
      await sleep(10);
    }
    return null;
  }

  it('a JSON body ends its request at once, not at the body deadline (before: 408 after 10 s, to nobody)', async () => {
    const ms = await hangUp(
      'POST /api/v1/claims/check HTTP/1.1\r\nhost: x\r\ncontent-type: application/yaml\r\ncontent-length: 1000\r\n\r\n',
      'claims:\n',
    );
    assert.ok(
      ms !== null && ms < 500,
      `ended ${ms === null ? 'not within 2 s' : `after ${Math.round(ms)} ms`}`,
    );
  });

  it('an upload ends its request at once and its partial file is removed (before: both held without end)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-hangup-'));
    const before = process.env.TMPDIR;
    process.env.TMPDIR = dir; // where the upload's temporary directory goes
    try {
      const ms = await hangUp(
        `POST /api/v1/imports HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${admin}\r\ncontent-type: multipart/form-data; boundary=b\r\ncontent-length: 100000\r\n\r\n`,
        '--b\r\ncontent-disposition: form-data; name="file"; filename="a.csv"\r\ncontent-type: text/csv\r\n\r\n' +
          'a,b\n1,2\n'.repeat(100),
        () => assert.equal(readdirSync(dir).length, 1, 'the upload is not being saved'),
      );
      assert.ok(
        ms !== null && ms < 500,
        `ended ${ms === null ? 'not within 2 s' : `after ${Math.round(ms)} ms`}`,
      );
      assert.deepEqual(readdirSync(dir), []);
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('malformed requests', () => {
  it('a request that does not parse as HTTP is answered 400 with one JSON line, not dropped without a word', async () => {
    const cases: [string, string][] = [
      ['GARBAGE\r\n\r\n', 'malformed HTTP request: invalid method'],
      // Node's own answer was an empty 400 (and an HTTP/1.0 request without one is served).
      [
        'GET /api/v1/health HTTP/1.1\r\n\r\n',
        'invalid request: no host named (HTTP/1.1 requires a Host header)',
      ],
      [
        'POST /api/v1/claims/check HTTP/1.1\r\nhost:\r\ncontent-length: 4\r\n\r\nabcd',
        'invalid request: no host named (HTTP/1.1 requires a Host header)',
      ],
      // Joined by the adapter, it was refused with 415 as "application/yaml, text/plain".
      [
        'POST /api/v1/claims/check HTTP/1.1\r\nhost: x\r\ncontent-type: application/yaml\r\nContent-Type: text/plain\r\ncontent-length: 4\r\n\r\nabcd',
        'repeated header: "content-type" (send one)',
      ],
      [
        'POST /api/v1/claims/check HTTP/1.1\r\nhost: x\r\ncontent-length: 3\r\ncontent-length: 4\r\n\r\nabcd',
        'malformed HTTP request: unexpected content length',
      ],
      [
        'POST /api/v1/claims/check HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n',
        'malformed HTTP request: invalid chunk size',
      ],
    ];
    const old = await raw(server.url, 'GET /api/v1/health HTTP/1.0\r\n\r\n', 0);
    assert.match(old.answer, /^HTTP\/1\.1 200 /);
    const host = await raw(server.url, 'GET /api/v1/health HTTP/1.1\r\nhost: a b\r\n\r\n', 0);
    assert.match(host.answer, /^HTTP\/1\.1 400 /);
    assert.match(
      host.answer,
      /\{"error":\{"code":"invalid_input","message":"invalid request: invalid URL"\}\}$/,
    );
    for (const [head, message] of cases) {
      const r = await raw(server.url, head, 0);
      assert.match(r.answer, /^HTTP\/1\.1 400 /, head);
      assert.deepEqual(JSON.parse(r.answer.slice(r.answer.indexOf('\r\n\r\n') + 4)), {
        error: { code: 'invalid_input', message },
      });
    }
  });

  it('two Authorization or X-API-Key headers are refused with 400 naming the header, on every route (before: 401 invalid key)', async () => {
    // A public, a read and an admin route: each reads the key.
    for (const path of ['/api/v1/health', '/api/v1/sources', '/api/v1/keys'])
      for (const [name, value] of [
        ['authorization', `Bearer ${admin}`],
        ['x-api-key', admin],
      ]) {
        const r = await raw(
          server.url,
          `GET ${path} HTTP/1.1\r\nhost: x\r\n${name}: ${value}\r\n${name.toUpperCase()}: ${value}\r\n\r\n`,
          0,
        );
        assert.match(r.answer, /^HTTP\/1\.1 400 /, `${path} ${name}`);
        assert.deepEqual(JSON.parse(r.answer.slice(r.answer.indexOf('\r\n\r\n') + 4)), {
          error: { code: 'invalid_input', message: `repeated header: "${name}" (send one)` },
        });
      }
  });
});
