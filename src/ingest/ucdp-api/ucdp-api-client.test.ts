import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { after, afterEach, before, describe, it } from 'node:test';
import { InvalidInputError, RemoteError } from '../../domain/errors.ts';
import {
  sendJson,
  startLocalServer,
  type LocalServer,
  type SeenRequest,
} from '../../../test/helpers/local-server.ts';
import { createUcdpClient, type UcdpClientOptions, type UcdpPagesRequest } from './ucdp-api-client.ts';
import type { UcdpApiRecord, UcdpPage } from './ucdp-api-schema.ts';
import type { RetryNotice } from '../http/retrying-request.ts';

const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/gedevents-22.1-pak-page.json', import.meta.url), 'utf8'),
) as UcdpPage;
const records = fixture.Result;
const TOKEN = 'ucdp-secret-token';

/** Serves the fixture's records as the API would, in pages of the requested size, starting at page 0. */
function servePage(req: SeenRequest, res: ServerResponse, total = records.length): void {
  const url = new URL(req.url, 'http://x');
  const size = Number(url.searchParams.get('pagesize'));
  const page = Number(url.searchParams.get('page'));
  const pages = Math.ceil(total / size);
  const next = page + 1 < pages ? `${url.pathname}?pagesize=${size}&page=${page + 1}` : '';
  sendJson(res, 200, {
    TotalCount: total,
    TotalPages: pages,
    PreviousPageUrl: '',
    NextPageUrl: next,
    Result: records.slice(page * size, (page + 1) * size),
  });
}

let server: LocalServer;
let script: ((req: SeenRequest, res: ServerResponse) => void)[] = [];
before(async () => {
  server = await startLocalServer((req, res) => (script.shift() ?? servePage)(req, res));
});
afterEach(() => {
  script = [];
  server.seen.length = 0;
});
after(() => server.close());

const waits: number[] = [];
function client(extra: Partial<UcdpClientOptions> = {}) {
  waits.length = 0;
  return createUcdpClient({
    baseUrl: server.url,
    token: TOKEN,
    sleep: async (ms) => void waits.push(ms),
    random: () => 0.5,
    ...extra,
  });
}

const request: UcdpPagesRequest = { dataset: 'ged', version: '22.1', query: { Country: '770' }, pageSize: 2 };

async function collect(pages: AsyncIterable<UcdpApiRecord[]>): Promise<UcdpApiRecord[][]> {
  const out: UcdpApiRecord[][] = [];
  for await (const page of pages) out.push(page);
  return out;
}

/** Asserts a rejection with exactly this RemoteError code and message. */
async function rejectsWith(p: Promise<unknown>, code: string, message: string | RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof RemoteError, `not a RemoteError: ${String(e)}`);
    assert.equal(e.code, code);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    assert.ok(!e.message.includes(TOKEN), 'the token is in the message');
    return true;
  });
}

describe('UCDP API client', () => {
  it('pages from page 0 across 3 pages and returns every record exactly once, in order', async () => {
    const pages = await collect(client().pages(request));
    assert.deepEqual(
      pages.map((p) => p.length),
      [2, 2, 1],
    );
    assert.deepEqual(
      pages.flat().map((r) => r.id),
      records.map((r) => r.id),
    );
    assert.deepEqual(
      server.seen.map((r) => r.url),
      [0, 1, 2].map((p) => `/gedevents/22.1?pagesize=2&page=${p}&Country=770`),
    );
  });

  it('sends the access token in the x-ucdp-access-token header on every request', async () => {
    await collect(client().pages(request));
    assert.equal(server.seen.length, 3);
    for (const req of server.seen) assert.equal(req.headers['x-ucdp-access-token'], TOKEN);
  });

  it('asks Candidate releases from the same gedevents resource by their version', async () => {
    await collect(client().pages({ dataset: 'candidate', version: '26.0.7', pageSize: 1000 }));
    assert.equal(server.seen[0]!.url, '/gedevents/26.0.7?pagesize=1000&page=0');
  });

  it('waits what Retry-After says on a 429, then backs off exponentially while it is rate limited', async () => {
    const tooMany = (headers: Record<string, string>) => (_: SeenRequest, res: ServerResponse) =>
      sendJson(res, 429, 'slow down', headers);
    script = [tooMany({ 'retry-after': '3' }), tooMany({}), tooMany({})];
    const pages = await collect(client().pages({ ...request, pageSize: 5 }));
    assert.equal(pages.flat().length, 5);
    // backoffMs 500 doubles per retry, plus jitter 0.5 * 500: retry 1 -> 1250, retry 2 -> 2250.
    assert.deepEqual(waits, [3000, 1250, 2250]);
  });

  it('waits what Retry-After says on a 503 too, and fails at once in one line when it asks for more than 5 minutes', async () => {
    const down = (headers: Record<string, string>) => (_: SeenRequest, res: ServerResponse) =>
      sendJson(res, 503, 'maintenance', headers);
    script = [down({ 'retry-after': '4' })];
    const pages = await collect(client().pages({ ...request, pageSize: 5 }));
    assert.equal(pages.flat().length, 5);
    assert.deepEqual(waits, [4000]);
    waits.length = 0;
    script = [down({ 'retry-after': '3600' })];
    await rejectsWith(
      collect(client().pages(request)),
      'remote_error',
      `UCDP API: unavailable (HTTP 503); the server asks to wait 3600 s: "${server.url}/gedevents/22.1?pagesize=2&page=0&Country=770"`,
    );
    assert.deepEqual(waits, []);
  });

  it('retries a 500 twice and then succeeds', async () => {
    const fail = (_: SeenRequest, res: ServerResponse) => sendJson(res, 500, 'oops');
    script = [fail, fail];
    const notices: RetryNotice[] = [];
    const pages = await collect(
      client({ onRetry: (n) => notices.push(n) }).pages({ ...request, pageSize: 5 }),
    );
    assert.equal(pages.flat().length, 5);
    assert.equal(server.seen.length, 3);
    assert.deepEqual(waits, [750, 1250]);
    // Each retry is told before its wait, naming the service and the URL (without the token).
    const url = `"${server.url}/gedevents/22.1?pagesize=5&page=0&Country=770"`;
    assert.deepEqual(notices, [
      { message: `UCDP API: HTTP 500: ${url}`, attempt: 1, attempts: 5, waitMs: 750 },
      { message: `UCDP API: HTTP 500: ${url}`, attempt: 2, attempts: 5, waitMs: 1250 },
    ]);
  });

  it('retries a dropped connection like a 5xx', async () => {
    script = [(_, res) => res.socket?.destroy()];
    const pages = await collect(client().pages({ ...request, pageSize: 5 }));
    assert.equal(pages.flat().length, 5);
    assert.equal(server.seen.length, 2);
  });

  it('ends a persistent 503 after 5 attempts with one line naming the URL without the token', async () => {
    const unavailable = (_: SeenRequest, res: ServerResponse) => sendJson(res, 503, 'down');
    script = Array(10).fill(unavailable);
    await rejectsWith(
      collect(client().pages(request)),
      'remote_error',
      `UCDP API: HTTP 503 after 5 attempts: "${server.url}/gedevents/22.1?pagesize=2&page=0&Country=770"`,
    );
    assert.equal(server.seen.length, 5);
    assert.equal(waits.length, 4);
  });

  it('with no retries, a 503 ends after 1 attempt (it said "1 attempts")', async () => {
    script = [(_: SeenRequest, res: ServerResponse) => sendJson(res, 503, 'down')];
    await rejectsWith(
      collect(client({ retries: 0 }).pages(request)),
      'remote_error',
      `UCDP API: HTTP 503 after 1 attempt: "${server.url}/gedevents/22.1?pagesize=2&page=0&Country=770"`,
    );
    assert.equal(server.seen.length, 1);
  });

  it('says the token was rejected on a 401, without retrying', async () => {
    script = [(_, res) => sendJson(res, 401, { message: 'invalid token' })];
    await rejectsWith(
      collect(client().pages(request)),
      'unauthorized',
      'UCDP API: access token rejected (HTTP 401); set UCDP_TOKEN or --token',
    );
    assert.equal(server.seen.length, 1);
  });

  it('fails on a body that does not match the documented shape, naming the first issue', async () => {
    script = [
      (_, res) =>
        sendJson(res, 200, {
          TotalCount: 5,
          TotalPages: 1,
          PreviousPageUrl: '',
          NextPageUrl: '',
          Result: 'oops',
        }),
    ];
    await rejectsWith(
      collect(client().pages(request)),
      'remote_error',
      'UCDP API: unexpected response: Result: Invalid input: expected array, received string',
    );
  });

  it('fails on a body that is not JSON', async () => {
    script = [(_, res) => sendJson(res, 200, '<html>maintenance</html>')];
    await rejectsWith(
      collect(client().pages(request)),
      'remote_error',
      /^UCDP API: unexpected response: not JSON \(.+\)$/,
    );
  });

  it('fails when fewer records arrive than the API announced', async () => {
    script = [(req, res) => servePage(req, res, 6), (req, res) => servePage(req, res, 6)];
    await rejectsWith(
      collect(client().pages({ ...request, pageSize: 3 })),
      'remote_error',
      /^UCDP API: received 5 records, the API announced 6: /,
    );
  });

  it('fails at once when Retry-After asks for longer than it will wait', async () => {
    script = [(_, res) => sendJson(res, 429, 'quota', { 'retry-after': '86400' })];
    await rejectsWith(
      collect(client().pages(request)),
      'rate_limited',
      `UCDP API: rate limited (HTTP 429); the server asks to wait 86400 s: "${server.url}/gedevents/22.1?pagesize=2&page=0&Country=770"`,
    );
    assert.equal(server.seen.length, 1);
  });

  it('refuses a version that does not fit the dataset, and a missing token', async () => {
    await assert.rejects(
      collect(client().pages({ dataset: 'ged', version: '26.0.7' })),
      new InvalidInputError('UCDP API: invalid ged version: "26.0.7" (a ged version looks like 25.1)'),
    );
    assert.throws(
      () => createUcdpClient({ token: ' ' }),
      new InvalidInputError('UCDP API: no access token; set UCDP_TOKEN or --token'),
    );
    assert.equal(server.seen.length, 0);
  });
});
