/**
 * A refusal quotes the path, id or flag value the user gave (domain/quote.ts), so an empty value, a
 * stray space or a path that reads as part of the sentence is plain to see. Each row is a command
 * or request a user makes, run through the real program in this process or over real HTTP.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runProgram } from '../../test/helpers/in-process-cli.ts';
import { createApiKey } from '../app/api-keys.ts';
import { createApi, startServer, type RunningServer } from '../api/server.ts';
import { createStore, type Store } from '../storage/index.ts';

describe('a refusal quotes the value the user gave', () => {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-quoted-'));
  const db = join(dir, 'store.duckdb');
  const file = (name: string, body: string | Buffer) => (
    writeFileSync(join(dir, name), body),
    join(dir, name)
  );
  const binary = file('photo.txt', Buffer.from([0x89, 0x50, 0x00, 0x47]));
  const empty = file('empty.txt', '');
  const feed = file('saved.xml', '<rss version="2.0"><channel><title>x</title></channel></rss>');
  const notJson = file('bad.json', 'not json');
  const mapping = file('bad.yaml', 'dataset: x\nversion: "1"\ncolumns:\n  date_start: day\n');
  const csv = file('rows.csv', 'day\n2024-01-01\n');
  const header = 'unit,month,draw,value,observed\n';
  const quoteInValue = file('quote.csv', `${header}A,2015-01,0,"1""2",0\n`);
  const twoObserved = file(
    'observed.csv',
    `${header}North Waziristan,2015-01,0,1,0\nNorth Waziristan,2015-01,1,1,3\n`,
  );
  const rank = (name: string, among: string) =>
    file(
      name,
      'claims:\n  - { id: r, text: x, status: confirmed, metric: deaths, geography: { country: PAK },\n' +
        `      period: "2021", comparator: { kind: rank, order: highest }, among: { ${among} } }\n`,
    );
  const openSince = rank('open-since.yaml', 'since: "2015.."');
  const lateSince = rank('late-since.yaml', 'since: "2021"');
  const openPeriod = rank('open-period.yaml', 'periods: ["2019", "2020.."]');
  const stateDir = join(dir, 'state-folder');
  mkdirSync(stateDir);
  // A regular file by stat that cannot be read: past checkReadableFile, refused by the read itself.
  const unreadable = '/proc/self/mem';
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
    rmSync(dir, { recursive: true, force: true });
  });

  it('in the CLI: store paths, files, keys, ids and addresses', async () => {
    const typo = join(dir, 'stroe.duckdb');
    const port = new URL(server.url).port;
    const cases: [string[], number, string][] = [
      [
        ['sources', '--db', typo],
        4,
        `faultline: no store at "${typo}": nothing is imported there (run \`faultline start\` to import the bundled data, or \`faultline import FILE\`; --db or FAULTLINE_DB names another store)\n`,
      ],
      [
        ['place', 'Lakki Marwat', '--db', typo, '--format', 'json'],
        0,
        `no store at "${typo}" yet: the events' place names were not searched\n`,
      ],
      [
        ['news', 'extract', binary],
        2,
        `faultline: not an article: "${binary}" is binary (faultline reads HTML or plain text)\n`,
      ],
      [['news', 'extract', empty], 2, `faultline: empty article: "${empty}"\n`],
      [
        ['news', 'extract', feed],
        2,
        `faultline: not an article: "${feed}" is an RSS or Atom feed (read feeds with faultline news watch FEED_URL)\n`,
      ],
      [['news', 'extract', unreadable], 2, `faultline: cannot read "${unreadable}": EIO: i/o error, read\n`],
      [
        ['news', 'watch', 'http://127.0.0.1:9/feed.rss', '--once', '--state', notJson],
        2,
        `faultline: invalid feed state "${notJson}": Unexpected token 'o', "not json" is not valid JSON (delete it to start afresh)\n`,
      ],
      [
        ['news', 'watch', 'http://127.0.0.1:9/feed.rss', '--once', '--state', stateDir],
        2,
        `faultline: cannot read feed state "${stateDir}": EISDIR: illegal operation on a directory, read\n`,
      ],
      [
        [
          ...['fetch', 'gdelt', '--via', 'bigquery', '--project', 'p', '--countries', 'PAK'],
          ...['--from', '2024-01-01', '--to', '2024-01-02', '--key', join(dir, 'no-key.json')],
        ],
        2,
        `faultline: cannot read --key: "${join(dir, 'no-key.json')}"\n`,
      ],
      [
        ['keys', 'revoke', '000000000000', '--db', db],
        3,
        'faultline: no active API key with id "000000000000"\n',
      ],
      [
        ['boundaries', 'import', notJson, '--country', 'PAK', '--db', db],
        2,
        `faultline: invalid boundary file: "${notJson}" is not JSON (Unexpected token 'o', "not json" is not valid JSON)\n`,
      ],
      [
        ['boundaries', 'import', unreadable, '--country', 'PAK', '--db', db],
        2,
        `faultline: cannot read "${unreadable}": EIO: i/o error, read\n`,
      ],
      [
        ['import', csv, '--input-format', 'csv-mapped', '--mapping', mapping, '--db', db],
        2,
        'faultline: invalid mapping file "bad.yaml": mapping: columns.source_id is required\n',
      ],
      [
        ['update', '--sources', 'gdelt', '--allow-removals', '3', '--db', db],
        2,
        `faultline: --allow-removals applies to UCDP's final GED release only; --sources "gdelt" updates none\n`,
      ],
      // A quote inside the value is escaped (it was shown as "1"2"), and the unit is quoted.
      [
        ['forecast', 'score', quoteInValue],
        2,
        'faultline: invalid forecast file: line 2: value "1\\"2" is not a number\n',
      ],
      [
        ['forecast', 'score', twoObserved],
        2,
        'faultline: invalid forecast file: line 3: observed "3" differs from 0 given earlier for "North Waziristan" 2015-01\n',
      ],
      [
        ['claims', 'check', openSince, '--db', db],
        2,
        'faultline: invalid claim file "open-since.yaml": claim "r": among.since must be a closed period, not "2015.."\n',
      ],
      [
        ['claims', 'check', lateSince, '--db', db],
        2,
        'faultline: invalid claim file "late-since.yaml": claim "r": among.since "2021" leaves no period before 2021: a rank over an empty set\n',
      ],
      [
        ['claims', 'check', openPeriod, '--db', db],
        2,
        'faultline: invalid claim file "open-period.yaml": claim "r": among.periods: "2020.." is open; give closed periods\n',
      ],
      // The port is taken by this test's own server.
      [
        ['serve', '--host', '127.0.0.1', '--port', port, '--db', db],
        2,
        `faultline: cannot listen on "127.0.0.1:${port}": EADDRINUSE\n`,
      ],
    ];
    for (const [args, status, stderr] of cases) {
      const r = await runProgram({ FAULTLINE_HOME: dir }, args);
      assert.deepEqual([r.status, r.stderr], [status, stderr], args.join(' '));
    }
  });

  it('over HTTP: a claim file whose rank set cannot be formed', async () => {
    const res = await fetch(`${server.url}/api/v1/claims/check`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/yaml' },
      body: readFileSync(openPeriod),
    });
    assert.deepEqual(
      [res.status, ((await res.json()) as { error: { message: string } }).error.message],
      [400, 'invalid claim file: claim "r": among.periods: "2020.." is open; give closed periods'],
    );
  });

  it('over HTTP: a key id that names no key', async () => {
    const res = await fetch(`${server.url}/api/v1/keys/000000000000`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${admin}` },
    });
    assert.deepEqual(
      [res.status, ((await res.json()) as { error: { message: string } }).error.message],
      [404, 'no active API key with id "000000000000"'],
    );
  });
});
