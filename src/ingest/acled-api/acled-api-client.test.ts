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
import { createAcledClient, type AcledClientOptions } from './acled-api-client.ts';
import type { AcledApiRecord, AcledReadPage } from './acled-api-schema.ts';

const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/acled-read-synthetic.json', import.meta.url), 'utf8'),
) as AcledReadPage;
const records = fixture.data;
const USER = 'analyst@example.org';
const PASSWORD = 'correct horse battery staple';

/** A fake ACLED: the OAuth token endpoint and the read endpoint, with tokens it can revoke. */
let valid = new Set<string>();
let issued = 0;
function issue(res: ServerResponse): void {
  issued++;
  valid.add(`tok-${issued}`);
  sendJson(res, 200, {
    access_token: `tok-${issued}`,
    refresh_token: `ref-${issued}`,
    expires_in: 86400,
    token_type: 'Bearer',
  });
}
function acled(req: SeenRequest, res: ServerResponse): void {
  const url = new URL(req.url, 'http://x');
  if (req.method === 'POST' && url.pathname === '/oauth/token') {
    const form = new URLSearchParams(req.body);
    if (
      form.get('grant_type') === 'password' &&
      form.get('username') === USER &&
      form.get('password') === PASSWORD
    )
      return issue(res);
    if (form.get('grant_type') === 'refresh_token' && form.get('refresh_token') === `ref-${issued}`)
      return issue(res);
    return sendJson(res, 400, {
      error: 'invalid_grant',
      error_description: 'The user credentials were incorrect.',
    });
  }
  if (req.method === 'GET' && url.pathname === '/api/acled/read') {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token || !valid.has(token)) return sendJson(res, 401, { message: 'Unauthorized' });
    const limit = Number(url.searchParams.get('limit'));
    const page = Number(url.searchParams.get('page'));
    const data = records.slice((page - 1) * limit, page * limit);
    return sendJson(res, 200, { status: 200, success: true, count: data.length, data });
  }
  sendJson(res, 404, { message: 'no route' });
}

let server: LocalServer;
let script: ((req: SeenRequest, res: ServerResponse) => void)[] = [];
before(async () => {
  server = await startLocalServer((req, res) => (script.shift() ?? acled)(req, res));
});
afterEach(() => {
  script = [];
  server.seen.length = 0;
  valid = new Set();
  issued = 0;
});
after(() => server.close());

const waits: number[] = [];
function client(extra: Partial<AcledClientOptions> = {}) {
  waits.length = 0;
  return createAcledClient({
    baseUrl: server.url,
    username: USER,
    password: PASSWORD,
    sleep: async (ms) => void waits.push(ms),
    random: () => 0.5,
    ...extra,
  });
}

const query = { country: 'Pakistan', event_date: '2024-01-01|2024-12-31', event_date_where: 'BETWEEN' };
const readPath = (page: number, limit = 2) =>
  `/api/acled/read?_format=json&limit=${limit}&page=${page}&country=Pakistan&event_date=2024-01-01%7C2024-12-31&event_date_where=BETWEEN`;

async function collect(pages: AsyncIterable<AcledApiRecord[]>): Promise<AcledApiRecord[][]> {
  const out: AcledApiRecord[][] = [];
  for await (const page of pages) out.push(page);
  return out;
}

/** Asserts a rejection with exactly this RemoteError code and message, and no credential in it. */
async function rejectsWith(p: Promise<unknown>, code: string, message: string | RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof RemoteError, `not a RemoteError: ${String(e)}`);
    assert.equal(e.code, code);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    for (const secret of [PASSWORD, 'tok-', 'ref-'])
      assert.ok(!e.message.includes(secret), `a credential is in: ${e.message}`);
    return true;
  });
}

const reads = () => server.seen.filter((r) => r.method === 'GET').map((r) => r.url);
const tokenGrants = () =>
  server.seen.filter((r) => r.method === 'POST').map((r) => new URLSearchParams(r.body).get('grant_type'));

describe('ACLED API client', () => {
  it('pages from page 1 until a short page, returning every record exactly once, in order', async () => {
    const pages = await collect(client().pages({ query, limit: 2 }));
    assert.deepEqual(
      pages.map((p) => p.length),
      [2, 2, 1],
    );
    assert.deepEqual(
      pages.flat().map((r) => r.event_id_cnty),
      records.map((r) => r.event_id_cnty),
    );
    assert.deepEqual(reads(), [readPath(1), readPath(2), readPath(3)]);
  });

  it('logs in with the documented password grant and sends the bearer token on every read', async () => {
    await collect(client().pages({ query, limit: 2 }));
    const login = server.seen[0]!;
    assert.equal(login.url, '/oauth/token');
    assert.equal(login.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.deepEqual(Object.fromEntries(new URLSearchParams(login.body)), {
      username: USER,
      password: PASSWORD,
      grant_type: 'password',
      client_id: 'acled',
    });
    const auth = server.seen.filter((r) => r.method === 'GET').map((r) => r.headers.authorization);
    assert.deepEqual(auth, ['Bearer tok-1', 'Bearer tok-1', 'Bearer tok-1']);
  });

  it('stops after an empty page when the records fill the last page exactly', async () => {
    const pages = await collect(client().pages({ query, limit: 5 }));
    assert.deepEqual(
      pages.map((p) => p.length),
      [5],
    );
    assert.deepEqual(reads(), [readPath(1, 5), readPath(2, 5)]);
  });

  it('refreshes the token once on a 401 mid-paging and retries the page', async () => {
    const c = client();
    const seen: string[] = [];
    for await (const page of c.pages({ query, limit: 2 })) {
      seen.push(...page.map((r) => String(r.event_id_cnty)));
      valid.delete('tok-1'); // the token expires after the first page
    }
    assert.deepEqual(
      seen,
      records.map((r) => r.event_id_cnty),
    );
    assert.deepEqual(tokenGrants(), ['password', 'refresh_token']);
    assert.equal(
      new URLSearchParams(server.seen.find((r) => r.body.includes('refresh_token'))!.body).get(
        'refresh_token',
      ),
      'ref-1',
    );
    assert.deepEqual(
      server.seen
        .filter((r) => r.method === 'GET')
        .map((r) => [new URL(r.url, 'http://x').searchParams.get('page'), r.headers.authorization]),
      [
        ['1', 'Bearer tok-1'],
        ['2', 'Bearer tok-1'],
        ['2', 'Bearer tok-2'],
        ['3', 'Bearer tok-2'],
      ],
    );
  });

  it('logs in again with the password when the refresh is refused', async () => {
    const c = client();
    let n = 0;
    for await (const _ of c.pages({ query, limit: 2 })) {
      void _;
      // After page 1: the next read is refused, then so is the refresh.
      if (n++ === 0)
        script = [
          (_, res) => sendJson(res, 401, { message: 'expired' }),
          (_, res) => sendJson(res, 400, { error: 'invalid_grant' }),
        ];
    }
    assert.deepEqual(tokenGrants(), ['password', 'refresh_token', 'password']);
    assert.equal(reads().length, 4);
  });

  it('says the login failed on a 401 from the token endpoint, without retrying or quoting the password', async () => {
    script = [(_, res) => sendJson(res, 401, { error: 'invalid_client' })];
    await rejectsWith(
      collect(client().pages({ query })),
      'unauthorized',
      'ACLED API: login failed (HTTP 401); check ACLED_USERNAME and ACLED_PASSWORD',
    );
    assert.equal(server.seen.length, 1);
  });

  it('treats the OAuth invalid_grant answer (HTTP 400) as a failed login', async () => {
    await rejectsWith(
      collect(client({ password: 'wrong' }).pages({ query })),
      'unauthorized',
      'ACLED API: login failed (HTTP 400); check ACLED_USERNAME and ACLED_PASSWORD',
    );
    assert.equal(server.seen.length, 1);
  });

  it('gives up with unauthorized when a fresh token is refused too', async () => {
    const deny = (_: SeenRequest, res: ServerResponse) => sendJson(res, 401, {});
    script = [acled, deny, acled, deny]; // login, read refused, refresh granted, read refused again
    await rejectsWith(
      collect(client().pages({ query, limit: 2 })),
      'unauthorized',
      `ACLED API: access denied (HTTP 401) with a fresh token: "${server.url}${readPath(1)}"`,
    );
  });

  it('waits what Retry-After says on a 429 and retries', async () => {
    script = [
      acled,
      (_, res) => sendJson(res, 429, 'slow down', { 'retry-after': '2' }),
      (_, res) => sendJson(res, 429, 'slow down'),
    ];
    const pages = await collect(client().pages({ query, limit: 5 }));
    assert.equal(pages.flat().length, 5);
    assert.deepEqual(waits, [2000, 1250]);
  });

  it('retries a 500 twice and then succeeds', async () => {
    const fail = (_: SeenRequest, res: ServerResponse) => sendJson(res, 500, 'oops');
    script = [acled, fail, fail];
    const pages = await collect(client().pages({ query, limit: 5 }));
    assert.equal(pages.flat().length, 5);
    assert.deepEqual(waits, [750, 1250]);
  });

  it('ends a persistent 503 after 5 attempts with one line naming the URL', async () => {
    script = [acled, ...Array(5).fill((_: SeenRequest, res: ServerResponse) => sendJson(res, 503, 'down'))];
    await rejectsWith(
      collect(client().pages({ query, limit: 2 })),
      'remote_error',
      `ACLED API: HTTP 503 after 5 attempts: "${server.url}${readPath(1)}"`,
    );
    assert.equal(reads().length, 5);
  });

  it('fails on a body that does not match the documented shape, naming the first issue', async () => {
    script = [acled, (_, res) => sendJson(res, 200, { status: 200, success: true, count: 1, data: 'oops' })];
    await rejectsWith(
      collect(client().pages({ query })),
      'remote_error',
      'ACLED API: unexpected response: data: Invalid input: expected array, received string',
    );
  });

  it('reports a failure the API states in its body', async () => {
    script = [
      acled,
      (_, res) =>
        sendJson(res, 200, {
          status: 400,
          success: false,
          error: { status: 400, message: 'Invalid field: evnt_date' },
        }),
    ];
    await rejectsWith(
      collect(client().pages({ query })),
      'remote_error',
      'ACLED API: request failed: {"status":400,"message":"Invalid field: evnt_date"}',
    );
  });

  it('needs both credentials before it sends anything', () => {
    assert.throws(
      () => createAcledClient({ username: '', password: PASSWORD }),
      new InvalidInputError('ACLED API: no username; set ACLED_USERNAME'),
    );
    assert.throws(
      () => createAcledClient({ username: USER, password: '' }),
      new InvalidInputError('ACLED API: no password; set ACLED_PASSWORD'),
    );
  });
});
