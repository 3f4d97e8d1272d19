import assert from 'node:assert/strict';
import { createVerify, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startLocalServer, type LocalServer } from '../../../test/helpers/local-server.ts';
import { runCli } from '../../../test/helpers/in-process-cli.ts';
import { relationsQuery } from '../../app/relations/relations.ts';
import { registerFetch } from '../../cli/commands/fetch.ts';
import { registerSources } from '../../cli/commands/sources.ts';
import { exitCodeFor, failureLine } from '../../cli/fail.ts';
import { createStore } from '../../storage/index.ts';
import type { Store } from '../../storage/store.ts';
import { BigQueryClient } from './bigquery-client.ts';

// A key pair made for this test (synthetic): the server checks the JWT's signature with its public half.
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const dir = mkdtempSync(join(tmpdir(), 'faultline-bigquery-'));

// BigQuery's documented shapes: jobs.query / getQueryResults (QueryResponse, GetQueryResultsResponse), errors as { error: { code, message, status } }.
const FIELDS = [
  'kind',
  'day',
  'a1',
  'a2',
  'quad_class',
  'root_code',
  'events',
  'mentions',
  'goldstein_mentions',
  'tone_sum',
];
const row = (...v: (string | null)[]) => ({ f: v.map((x) => ({ v: x })) });
const PAGE1 = [
  row('pair', '20230901', 'PAK', 'AFG', '4', '19', '2', '6', '-60', '-8'),
  row('pair', '20230901', 'AFG', 'PAK', '1', '04', '1', '1', '3', '2'),
  row('pair', '20230902', 'PAK', 'IND', '3', '11', '1', '2', '-8', '-1'),
];
const PAGE2 = [
  row('volume', '20230901', null, null, null, null, '1000', null, null, null),
  row('volume', '20230902', null, null, null, null, '500', null, null, null),
];
const unauth = {
  error: { code: 401, message: 'Request had invalid authentication credentials.', status: 'UNAUTHENTICATED' },
};

let server: LocalServer;
let tokens = 0;
let polls = 0;
let jwtOk = false;
before(async () => {
  server = await startLocalServer((req, res) => {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/token') {
      const assertion = new URLSearchParams(req.body).get('assertion') ?? '';
      const [h, c, sig] = assertion.split('.');
      const v = createVerify('RSA-SHA256');
      v.update(`${h}.${c}`);
      const claims = JSON.parse(Buffer.from(c ?? '', 'base64url').toString()) as {
        iss: string;
        scope: string;
      };
      jwtOk =
        v.verify(publicKey, Buffer.from(sig ?? '', 'base64url')) &&
        claims.iss === 'faultline@test.iam.gserviceaccount.com';
      if (!jwtOk) return json(400, { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
      tokens++;
      return json(200, { access_token: `token-${tokens}`, expires_in: 3599, token_type: 'Bearer' });
    }
    const auth = req.headers.authorization;
    // The first token the key gets has "expired" by the time it is used; the bare token "stale" always has.
    if (auth === 'Bearer token-1' || auth === 'Bearer stale') return json(401, unauth);
    const m = /^\/projects\/([\w-]+)\/queries(?:\/([\w-]+))?/.exec(req.url);
    if (!m) return json(404, { error: { code: 404, message: 'Not found', status: 'NOT_FOUND' } });
    const [, project, jobId] = m;
    if (req.method === 'POST') {
      const body = JSON.parse(req.body) as { dryRun?: boolean; query: string };
      if (body.dryRun)
        return json(200, {
          kind: 'bigquery#queryResponse',
          totalBytesProcessed: '123456789',
          jobComplete: true,
          cacheHit: false,
        });
      return json(200, {
        kind: 'bigquery#queryResponse',
        jobReference: { projectId: project, jobId: `job_${project}`, location: 'US' },
        jobComplete: false,
      });
    }
    if (project === 'failing')
      return json(400, {
        error: {
          code: 400,
          message: 'Resources exceeded during query execution: Not enough resources.',
          status: 'INVALID_ARGUMENT',
        },
      });
    assert.equal(jobId, `job_${project}`);
    assert.match(req.url, /location=US/);
    // The job is not complete at the first poll.
    if (!req.url.includes('pageToken') && polls++ === 0)
      return json(200, { jobReference: { projectId: project, jobId }, jobComplete: false });
    if (req.url.includes('pageToken=page-2'))
      return json(200, { jobComplete: true, totalRows: '5', rows: PAGE2 });
    return json(200, {
      jobReference: { projectId: project, jobId, location: 'US' },
      jobComplete: true,
      schema: { fields: FIELDS.map((name) => ({ name, type: 'STRING' })) },
      totalRows: '5',
      totalBytesProcessed: '123456789',
      totalBytesBilled: '124780544',
      rows: PAGE1,
      pageToken: 'page-2',
    });
  });
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** `--via bigquery` against the local server, with a project and an access token. */
const viaBigQuery = () => [
  '--via',
  'bigquery',
  '--project',
  'demo',
  '--access-token',
  'good',
  '--bigquery-url',
  server.url,
];

const keyFile = () => {
  const p = join(dir, 'service-account_synthetic.json');
  writeFileSync(
    p,
    JSON.stringify({
      type: 'service_account',
      client_email: 'faultline@test.iam.gserviceaccount.com',
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }),
      token_uri: `${server.url}/token`,
    }),
  );
  return p;
};

describe('BigQuery client and fetch gdelt --via bigquery', () => {
  let store: Store;
  before(async () => {
    store = await createStore({ path: ':memory:' });
  });
  after(() => store.close());

  it('without --yes and without a terminal only the dry run is sent: bytes printed, nothing billed or imported', async () => {
    const before = server.seen.length;
    const r = await runCli(
      store,
      [registerFetch],
      [
        'fetch',
        'gdelt',
        ...viaBigQuery(),
        '--countries',
        'PAK,AFG',
        '--from',
        '2023-09-01',
        '--to',
        '2023-09-02',
      ],
    );
    assert.equal(r.error, undefined, r.err);
    assert.match(r.err, /dry run: the query would process 123,456,789 bytes \(0\.12 GB\)/);
    assert.match(r.err, /not run: rerun with --yes/);
    const sent = server.seen.slice(before);
    assert.equal(sent.length, 1);
    assert.equal(JSON.parse(sent[0]!.body).dryRun, true);
    assert.deepEqual(await store.gdeltOrigins!(), []);
  });

  it('signs a JWT, renews an expired token, waits for the job, pages, and imports the aggregates the barometer reads', async () => {
    const r = await runCli(
      store,
      [registerFetch],
      [
        'fetch',
        'gdelt',
        '--via',
        'bigquery',
        '--project',
        'demo',
        '--key',
        keyFile(),
        '--bigquery-url',
        server.url,
        '--countries',
        'PAK,AFG',
        '--from',
        '2023-09-01',
        '--to',
        '2023-09-02',
        '--yes',
        '--format',
        'json',
      ],
    );
    assert.equal(r.error, undefined, r.err);
    assert.ok(jwtOk);
    assert.equal(tokens, 2, 'the expired first token was renewed once');
    const out = JSON.parse(r.out);
    assert.deepEqual(
      [out.job_id, out.bytes_processed, out.bytes_billed, out.pair_rows, out.volume_days],
      ['job_demo', 123456789, 124780544, 3, 2],
    );
    assert.match(out.query, /FROM `gdelt-bq\.gdeltv2\.events`/);
    assert.deepEqual(
      [out.ledger.format, out.ledger.rows_read, out.ledger.accepted],
      ['gdelt-bigquery', 5, 3],
    );
    // The ledger entry exactly as `faultline sources` gives it, key for key.
    const sources = await runCli(
      store,
      [registerSources],
      ['sources', '--part', 'imports', '--format', 'json'],
    );
    const entry = (JSON.parse(sources.out) as { imports: { id: number }[] }).imports.find(
      (l) => l.id === out.ledger.id,
    );
    assert.deepEqual(Object.keys(out.ledger), Object.keys(entry!));
    assert.deepEqual(out.ledger, entry);
    const q = await relationsQuery(store, {
      a: 'PAK',
      b: 'AFG',
      interval: 'month',
      from: '2023-09',
      to: '2023-09',
      behind: '2023-09',
    });
    const s = q.series.find((x) => x.source.id === 'faultline-gdelt-barometer-bigquery')!;
    // What stands behind the month: the root codes of the days the aggregates cover for the pair.
    assert.deepEqual(
      [s.behind!.days_covered, s.behind!.event_codes.reduce((n, c) => n + c.events, 0), s.behind!.uncovered],
      [2, 3, [{ from: '2023-09-03', to: '2023-09-30' }]],
    );
    const p = s.points[0]!;
    // Sum G x M = -60 + 3 = -57 over 1,000 + 500 events of GDELT: 1000 x -57 / 1500 = -38.
    assert.deepEqual(
      [
        p.days_covered,
        p.volume,
        p.events,
        p.material_conflict,
        p.value,
        p.material_conflict_share,
        p.goldstein_mention_weighted,
        p.mean_tone,
      ],
      [2, 1500, 3, 2, -38, 0.6667, -8.1429, -2],
    );
  });

  it('a failed job and a refused access token fail in one line; nothing is imported', async () => {
    const failing = new BigQueryClient(server.url, 'failing', { accessToken: 'good' }, 1);
    await assert.rejects(failing.query('SELECT 1'), {
      message: 'BigQuery: HTTP 400: Resources exceeded during query execution: Not enough resources.',
    });
    const stale = await runCli(
      store,
      [registerFetch],
      [
        'fetch',
        'gdelt',
        '--via',
        'bigquery',
        '--project',
        'demo',
        '--access-token',
        'stale',
        '--bigquery-url',
        server.url,
        '--countries',
        'PAK',
        '--from',
        '2023-09-01',
        '--to',
        '2023-09-02',
        '--yes',
      ],
    );
    assert.equal(exitCodeFor(stale.error) !== 0, true);
    assert.equal(
      failureLine(stale.error),
      'faultline: BigQuery: the access token was refused (HTTP 401: Request had invalid authentication credentials.); it may have expired: get a new one or use --key\n',
    );
    assert.deepEqual(
      (await store.gdeltOrigins!()).map((o) => [o.origin, o.days]),
      [['bigquery', 2]],
    );
    // The same token and REST base from the environment, as the settings read them (runCli gives
    // `env` to loadSettings alone: the command read process.env until 2026-12-07).
    const fromEnv = await runCli(
      store,
      [registerFetch],
      [
        'fetch',
        'gdelt',
        ...['--via', 'bigquery', '--project', 'demo', '--countries', 'PAK'],
        ...['--from', '2023-09-01', '--to', '2023-09-02', '--yes'],
      ],
      { BIGQUERY_ACCESS_TOKEN: 'stale', BIGQUERY_URL: server.url },
    );
    assert.equal(failureLine(fromEnv.error), failureLine(stale.error));
    const noProject = await runCli(
      store,
      [registerFetch],
      ['fetch', 'gdelt', '--via', 'bigquery', '--from', '2023-09-01', '--to', '2023-09-02'],
    );
    assert.equal(exitCodeFor(noProject.error), 2);
  });

  it('a key file that cannot be read is named with where its path came from: --key, or GOOGLE_APPLICATION_CREDENTIALS (it said --key for both); nothing is sent', async () => {
    const before = server.seen.length;
    const missing = join(dir, 'no-such-key.json');
    const args = [
      ...['fetch', 'gdelt', '--via', 'bigquery', '--project', 'demo', '--countries', 'PAK'],
      ...['--from', '2023-09-01', '--to', '2023-09-02', '--bigquery-url', server.url, '--yes'],
    ];
    const fromFlag = await runCli(store, [registerFetch], [...args, '--key', missing]);
    assert.equal(failureLine(fromFlag.error), `faultline: cannot read --key: "${missing}"\n`);
    const fromEnv = await runCli(store, [registerFetch], args, { GOOGLE_APPLICATION_CREDENTIALS: missing });
    assert.equal(
      failureLine(fromEnv.error),
      `faultline: cannot read GOOGLE_APPLICATION_CREDENTIALS: "${missing}"\n`,
    );
    assert.equal(exitCodeFor(fromEnv.error), 2);
    // The flag wins over the variable, and is the one named.
    const both = await runCli(store, [registerFetch], [...args, '--key', dir], {
      GOOGLE_APPLICATION_CREDENTIALS: missing,
    });
    assert.equal(failureLine(both.error), `faultline: cannot read --key: "${dir}"\n`);
    assert.equal(server.seen.length, before);
  });

  it('a key file that reads but is not a key is named with where its path came from, with why, in one line; nothing is sent', async () => {
    const before = server.seen.length;
    const args = [
      ...['fetch', 'gdelt', '--via', 'bigquery', '--project', 'demo', '--countries', 'PAK'],
      ...['--from', '2023-09-01', '--to', '2023-09-02', '--bigquery-url', server.url, '--yes'],
    ];
    const good = JSON.parse(readFileSync(keyFile(), 'utf8')) as Record<string, string>;
    const noPrivateKey = { ...good, private_key: undefined };
    const cases: [string, string, string][] = [
      ['not-json_synthetic.json', 'not json', 'not JSON'],
      ['null_synthetic.json', 'null', 'not a JSON object'],
      ['no-private-key_synthetic.json', JSON.stringify(noPrivateKey), 'no private_key'],
      [
        'bad-pem_synthetic.json',
        JSON.stringify({
          ...good,
          private_key: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n',
        }),
        'its private_key is not a PEM private key',
      ],
    ];
    for (const [name, body, why] of cases) {
      const p = join(dir, name);
      writeFileSync(p, body);
      const fromFlag = await runCli(store, [registerFetch], [...args, '--key', p]);
      assert.equal(
        failureLine(fromFlag.error),
        `faultline: --key: "${p}" is not a service-account key (${why})\n`,
      );
      assert.equal(exitCodeFor(fromFlag.error), 2);
      const fromEnv = await runCli(store, [registerFetch], args, { GOOGLE_APPLICATION_CREDENTIALS: p });
      assert.equal(
        failureLine(fromEnv.error),
        `faultline: GOOGLE_APPLICATION_CREDENTIALS: "${p}" is not a service-account key (${why})\n`,
      );
    }
    assert.equal(server.seen.length, before);
  });

  it('a day the calendar does not have, or a period that ends before it starts, is refused before any request (GDELT, UCDP, ACLED)', async () => {
    const before = server.seen.length;
    const cases: [string[], string][] = [
      [
        [
          'fetch',
          'gdelt',
          ...viaBigQuery(),
          '--countries',
          'PAK',
          '--from',
          '2023-02-30',
          '--to',
          '2023-03-02',
        ],
        'faultline: invalid --from: "2023-02-30" (use a day YYYY-MM-DD)\n',
      ],
      [
        ['fetch', 'ucdp', '--version', '22.1', '--token', 'x', '--from', '2023-02-30'],
        'faultline: invalid --from: "2023-02-30" (use a day YYYY-MM-DD)\n',
      ],
      [
        ['fetch', 'ucdp', '--version', '22.1', '--token', 'x', '--to', '2021-02-29'],
        'faultline: invalid --to: "2021-02-29" (use a day YYYY-MM-DD)\n',
      ],
      [
        ['fetch', 'acled', '--from', '2024-01-01', '--to', '2023-12-31'],
        'faultline: invalid period: --from "2024-01-01" is after --to "2023-12-31"\n',
      ],
    ];
    for (const [args, line] of cases) {
      const r = await runCli(store, [registerFetch], args);
      assert.equal(exitCodeFor(r.error), 2, args.join(' '));
      assert.equal(failureLine(r.error), line);
    }
    assert.equal(server.seen.length, before);
  });
});
