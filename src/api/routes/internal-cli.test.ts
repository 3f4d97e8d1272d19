/**
 * The internal route of a store owner at its HTTP edge: a forwarded command's body is bounded in
 * size and time as every JSON route's is, with room for the standard input a command may carry.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createStore, type Store } from '../../storage/index.ts';
import { createApi, startServer, type RunningServer } from '../server.ts';
import { MAX_FORWARDED_BODY_BYTES, type OwnerChannel } from './internal-cli.ts';
import { answerBody, raw } from '../../../test/helpers/raw-http.ts';

const TOKEN = 'k'.repeat(43);

/** An owner that answers each command with the length of the standard input it was given. */
const owner: OwnerChannel = {
  token: TOKEN,
  pid: process.pid,
  db: '/srv/store.duckdb',
  startedAt: '2026-01-01T00:00:00Z',
  async run(req, write) {
    await write({ out: `${req.stdin?.length ?? 0}\n` });
    return 0;
  },
};

const head = (length: number) =>
  `POST /api/v1/internal/cli HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${TOKEN}\r\ncontent-type: application/json\r\ncontent-length: ${length}\r\n\r\n`;

let store: Store;
let server: RunningServer;
before(async () => {
  store = await createStore({ path: ':memory:' });
  const api = createApi({ store, log: () => {}, owner, bodyTimeoutMs: 300 });
  server = await startServer(api, '127.0.0.1', 0, { lingerMs: 300 });
});
after(async () => {
  await server.close();
  await store.close();
});

describe('the body of a forwarded command', () => {
  it('takes the standard input a command may carry, far over the 256 KiB of other JSON routes', async () => {
    const stdin = '"line"\n'.repeat(150_000);
    const res = await fetch(`${server.url}/api/v1/internal/cli`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ argv: ['news', 'add', '-'], cwd: '/', stdin }),
    });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), `{"out":"${stdin.length}\\n"}\n{"exit":0}\n`);
  });

  it('over its limit is answered 413 with one JSON line, before it is read (before: read whole, however large)', async () => {
    const r = await raw(server.url, head(MAX_FORWARDED_BODY_BYTES + 1), '{"argv":', { giveUpMs: 3000 });
    assert.match(r.answer, /^HTTP\/1\.1 413 /);
    assert.deepEqual(answerBody(r.answer), {
      error: {
        code: 'payload_too_large',
        message: `request body too large: over ${MAX_FORWARDED_BODY_BYTES.toLocaleString('en-US')} bytes (the limit)`,
      },
    });
  });

  it('with two Authorization headers is refused with 400 naming the header (before: 401 invalid owner token)', async () => {
    const twice = head(2).replace('\r\n\r\n', `\r\nAuthorization: Bearer ${TOKEN}\r\n\r\n`);
    const r = await raw(server.url, twice, '{}', { giveUpMs: 3000 });
    assert.match(r.answer, /^HTTP\/1\.1 400 /);
    assert.deepEqual(answerBody(r.answer), {
      error: { code: 'invalid_input', message: 'repeated header: "authorization" (send one)' },
    });
  });

  it('that stalls is answered 408 at the JSON body deadline (before: held for the whole request limit)', async () => {
    const r = await raw(server.url, head(100), '{"argv":', { giveUpMs: 3000 });
    assert.match(r.answer, /^HTTP\/1\.1 408 /);
    assert.deepEqual(answerBody(r.answer), {
      error: {
        code: 'request_timeout',
        message:
          'request timed out: the body did not all arrive within 300 ms of its headers; send it at once',
      },
    });
    assert.ok(r.ms < 1500, `answered after ${Math.round(r.ms)} ms`);
  });
});
