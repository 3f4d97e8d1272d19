/**
 * The server log's line for an unexpected failure, over a real connection: what a client sent (the
 * request's path, a value an error's message quotes) can no longer disguise the line with a bidi
 * override, a control character or a line break (Trojan Source); ordinary text is logged as before.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createStore, type Store } from '../storage/index.ts';
import { createApi, startServer, type RunningServer } from './server.ts';
import { raw } from '../../test/helpers/raw-http.ts';

describe('the server log shows what a client sent with its disguising characters escaped', () => {
  let store: Store;
  let server: RunningServer;
  const lines: string[] = [];
  before(async () => {
    store = await createStore({ path: ':memory:' });
    const api = createApi({ store, log: (l) => lines.push(l) });
    // A route that fails unexpectedly (a bug, a driver's error): its 500 is what the log records.
    api.app.get('/api/v1/test-failure/:what', (c) => {
      throw new Error(c.req.query('message') ?? 'boom');
    });
    server = await startServer(api, '127.0.0.1', 0);
  });
  after(async () => {
    await server.close();
    await store.close();
  });

  /** Sends a raw GET of `target` (as written on the request line) and returns the line it logged. */
  async function logged(target: string): Promise<string> {
    const before = lines.length;
    const r = await raw(server.url, `GET ${target} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n`, 0);
    assert.match(r.answer, /^HTTP\/1\.1 500 /);
    assert.match(r.answer, /"internal error; the server log has details"/);
    assert.equal(lines.length, before + 1, lines.slice(before).join('\n---\n'));
    return lines.at(-1)!;
  }

  it('escapes a bidi override and a line break in the path', async () => {
    // (No slash in the forged part: the route takes one segment.)
    const line = await logged('/api/v1/test-failure/%E2%80%AEexe.txt%0Afaultline%20api:%20forged');
    const [head, ...frames] = line.split('\n');
    assert.equal(
      head,
      'faultline api: GET /api/v1/test-failure/\\u202eexe.txt\\x0afaultline api: forged: Error: boom',
    );
    assert.doesNotMatch(line, /\u202e/);
    // The stack's frames stay on their own lines, as before.
    assert.ok(frames.length > 0 && frames.every((f) => /^ {4}at /.test(f)), frames.join('\n'));
  });

  it("escapes them in an error's message that quotes a value", async () => {
    const message = encodeURIComponent(
      'Conversion Error: could not convert "\u2066\u202e1\u2069" to INT\n    at forged (\u001b[2Jfile.ts:1:1)',
    );
    const line = await logged(`/api/v1/test-failure/x?message=${message}`);
    assert.equal(
      line.split('\n')[0],
      'faultline api: GET /api/v1/test-failure/x: Error: Conversion Error: could not convert "\\u2066\\u202e1\\u2069" to INT\\x0a    at forged (\\x1b[2Jfile.ts:1:1)',
    );
    for (const ch of ['\u2066', '\u202e', '\u2069', '\u001b']) assert.ok(!line.includes(ch), ch);
  });

  it("names a path no route takes with the same escapes in its 404's message, and logs nothing", async () => {
    const before = lines.length;
    const r = await raw(
      server.url,
      'GET /api/v1/no-such/%E2%80%AEtxt.exe HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n',
      0,
    );
    assert.match(r.answer, /^HTTP\/1\.1 404 /);
    const body = JSON.parse(r.answer.slice(r.answer.indexOf('\r\n\r\n') + 4)) as {
      error: { message: string };
    };
    assert.equal(
      body.error.message,
      'not found: GET /api/v1/no-such/\\u202etxt.exe (GET /api/v1 lists the routes; docs at /api/v1/docs)',
    );
    assert.equal(lines.length, before);
  });

  it('logs ordinary text as it is, a zero-width non-joiner between two Persian letters included', async () => {
    const word = '\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645';
    const line = await logged(`/api/v1/test-failure/${encodeURIComponent(`${word} (Peshawar)`)}`);
    assert.equal(
      line.split('\n')[0],
      `faultline api: GET /api/v1/test-failure/${word} (Peshawar): Error: boom`,
    );
  });
});
