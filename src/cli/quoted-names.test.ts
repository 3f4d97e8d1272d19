/**
 * A refusal quotes the file name, URL, setting or id it names (domain/quote.ts), as it quotes every
 * other value: `"my notes.csv": unrecognised format`, not `my notes.csv: unrecognised format`, where
 * the name runs into the sentence; so does a line that only informs (`wrote 12 events to "out.csv"`,
 * `feed "https://...": failed: ...`). Each case is a command or request a user makes, run through the
 * real program in this process, the built binary or over real HTTP.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { realGdeltRows, setGdeltField } from '../../test/helpers/gdelt-rows.ts';
import { GED_FILE } from '../../test/helpers/ged-rows.ts';
import { runProgram } from '../../test/helpers/in-process-cli.ts';
import { ucdpApiRecords } from '../../test/helpers/ucdp-api-records.ts';
import { createApiKey } from '../app/api-keys.ts';
import { createApi, startServer, type RunningServer } from '../api/server.ts';
import { createStore, type Store } from '../storage/index.ts';
import { loadSettings } from '../config/settings.ts';
import { exitCodeFor, failureLine } from './fail.ts';

const BIN = new URL('../../bin/faultline.js', import.meta.url).pathname;

/** What `run` throws (the test fails if it throws nothing). */
function refusal(run: () => unknown): unknown {
  try {
    run();
  } catch (e) {
    return e;
  }
  assert.fail('expected a refusal');
}

describe('a refusal quotes the file name, URL, setting or id it names', () => {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-quoted-names-'));
  const db = join(dir, 'store.duckdb');
  const file = (name: string, body: string | Buffer) => (
    writeFileSync(join(dir, name), body),
    join(dir, name)
  );
  let store: Store;
  let server: RunningServer;
  let analyst = '';
  let viewer = { key: '', id: '' };
  before(async () => {
    await (await createStore({ path: db })).close();
    store = await createStore({ path: ':memory:' });
    analyst = (await createApiKey(store, { role: 'analyst', name: 'test' })).key;
    viewer = await createApiKey(store, { role: 'viewer', name: 'test' });
    server = await startServer(createApi({ store, log: () => {} }), '127.0.0.1', 0, { lingerMs: 300 });
  });
  after(async () => {
    await server.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs `faultline ARGS...` in-process over the test's store file; its exit status and stderr. */
  const cli = async (args: string[], env: NodeJS.ProcessEnv = {}): Promise<[number, string]> => {
    const r = await runProgram({ FAULTLINE_HOME: dir, ...env }, [...args, '--db', db]);
    return [r.status, r.stderr];
  };

  it('an import names the file it refuses in quotes, whatever its format (CSV, NDJSON, GDELT, statistics, mapped CSV)', async () => {
    const notes = file('my notes.csv', 'a,b\n1,2\n');
    const mapping = file(
      'map.yaml',
      'dataset: x\nversion: "1"\ncolumns:\n  source_id: id\n  date_start: day\nconstants:\n  country: PAK\n',
    );
    const cases: [string[], string][] = [
      [
        ['import', notes],
        '"my notes.csv": unrecognised format (header starts "a,b"); choose one with --input-format',
      ],
      [['import', file('empty.csv', '')], '"empty.csv": empty file'],
      [
        ['import', file('rows.ndjson', '{"x":1}\n')],
        '"rows.ndjson": unrecognised records (keys start "x"); choose one with --input-format',
      ],
      [
        ['import', file('g.export.CSV', 'x\tb\n'), '--input-format', 'gdelt'],
        '"g.export.CSV": not a GDELT event file: its first record has 2 tab-separated fields (expected 61, 58 or 57, starting with a numeric GLOBALEVENTID and an 8-digit SQLDATE)',
      ],
      [
        ['import', notes, '--input-format', 'statistics'],
        '"my notes.csv": not a statistics file: missing column source_org, report, metric, definition, country, period_start, period_end, value',
      ],
      [
        ['import', notes, '--input-format', 'csv-mapped', '--mapping', mapping],
        '"my notes.csv": the mapping names column "id", "day", which the header lacks',
      ],
    ];
    for (const [args, message] of cases)
      assert.deepEqual(await cli(args), [2, `faultline: ${message}\n`], args.join(' '));

    const form = new FormData();
    form.set('file', new Blob(['a,b\n1,2\n']), 'notes.csv');
    const res = await fetch(`${server.url}/api/v1/imports`, {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${analyst}` },
    });
    assert.deepEqual(
      [res.status, ((await res.json()) as { error: { message: string } }).error.message],
      [400, '"notes.csv": unrecognised format (header starts "a,b"); choose one with dataset_format'],
    );
  });

  it('a network failure quotes the URL it could not read (GDELT, UCDP downloads, news)', async () => {
    // Port 9 (discard) refuses at once on this machine; Node refuses to fetch from it ("bad port").
    assert.deepEqual(
      await cli(['fetch', 'gdelt', '--from', '2024-01-01', '--to', '2024-01-01', '--countries', 'PAK'], {
        GDELT_BASE_URL: 'http://127.0.0.1:9',
      }),
      [5, 'faultline: cannot read "http://127.0.0.1:9/masterfilelist.txt": bad port\n'],
    );
    // A mirror with no release: every file it looks for answers 404 (the test's API serves none).
    // The release it looks for first is named after the current year (ged261 in 2026).
    const mirror = `${server.url}/no-mirror`;
    const [status, stderr] = await cli(['update', '--sources', 'ucdp'], { UCDP_DOWNLOADS_URL: mirror });
    assert.equal(status, 2);
    assert.match(
      stderr,
      new RegExp(
        `^faultline: no GED release found under "${mirror}" \\(looked for "${mirror}/ged/ged\\d+-csv\\.zip" and older\\)\n$`,
      ),
    );
    const page = `${server.url}/no/such/article`;
    assert.deepEqual(await cli(['news', 'extract', page]), [5, `faultline: news: HTTP 404: "${page}"\n`]);
  });

  it('a setting is quoted as every value is: a tab and a zero-width space shown as escapes, not as JSON or raw', () => {
    const cases: [string, string, string][] = [
      ['FAULTLINE_PORT', '80\t', '"80\\x09" (a whole number from 0 to 65535, in plain digits)'],
      // An invisible character is refused as one in an argument is, naming it (until 2026-12-07 the
      // hint was the variable's words, "use true, false, ...", for a value that looked right, and a
      // host's or a path's was kept).
      [
        'FAULTLINE_ANONYMOUS_READ',
        'true\u200b',
        '"true\\u200b" (holds an invisible character, U+200B: give the value without it)',
      ],
      [
        'FAULTLINE_DB_THREADS',
        '\ufeff4',
        '"\\ufeff4" (holds an invisible character, U+FEFF: give the value without it)',
      ],
      [
        'FAULTLINE_HOST',
        'local\u202ehost',
        '"local\\u202ehost" (holds an invisible character, U+202E: give the value without it)',
      ],
      // A secret is named, never shown.
      [
        'ACLED_PASSWORD',
        's3cret\u200d',
        'its value (not shown: a secret) holds an invisible character, U+200D: give the value without it',
      ],
    ];
    // The built binary reads the first; the others are read as it reads settings (loadSettings), and
    // their refusal printed by the failure line and exit code it uses (a process each cost about a
    // second of CPU; test/e2e/bin.test.ts runs a bad setting through the binary too).
    const [[name0, value0, shown0], ...rest] = cases;
    const r = spawnSync(process.execPath, [BIN, 'sources', '--db', db], {
      env: { PATH: process.env.PATH, FAULTLINE_HOME: dir, [name0]: value0 },
      encoding: 'utf8',
    });
    assert.deepEqual([r.status, r.stderr], [2, `faultline: invalid setting ${name0}: ${shown0}\n`], name0);
    for (const [name, value, shown] of rest) {
      const e = refusal(() => loadSettings({ FAULTLINE_HOME: dir, [name]: value }));
      assert.deepEqual(
        [exitCodeFor(e), failureLine(e)],
        [2, `faultline: invalid setting ${name}: ${shown}\n`],
        name,
      );
    }
  });

  it('a numeric id is quoted as a text id is: alert rules, alerts, desk events, keys', async () => {
    const cases: [string[], string][] = [
      [['alerts', 'rules', 'remove', '12'], 'no alert rule "12" (see alerts rules list)'],
      [['alerts', 'list', '--rule', '12'], 'no alert rule "12" (see alerts rules list)'],
      [['alerts', 'deliveries', '--alert', '12'], 'no alert "12" (see alerts list)'],
    ];
    for (const [args, message] of cases)
      assert.deepEqual(await cli(args), [3, `faultline: ${message}\n`], args.join(' '));

    const answer = async (path: string, init: RequestInit) => {
      const res = await fetch(`${server.url}/api/v1${path}`, init);
      return [res.status, ((await res.json()) as { error: { message: string } }).error.message];
    };
    const as = (key: string, init: RequestInit = {}) => ({
      ...init,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    });
    assert.deepEqual(await answer('/alerts?rule=12', as(analyst)), [
      404,
      'no alert rule "12" (see alerts rules list)',
    ]);
    const draft = await fetch(
      `${server.url}/api/v1/desk/events`,
      as(analyst, { method: 'POST', body: '{"place":"Wana"}' }),
    );
    const { id } = (await draft.json()) as { id: number };
    const [status, message] = await answer(`/desk/events/${id}/submit`, as(analyst, { method: 'POST' }));
    assert.deepEqual([status, String(message).split(':')[0]], [400, `cannot submit desk event "${id}"`]);
    assert.deepEqual(await answer('/keys', as(viewer.key)), [
      403,
      `forbidden: this route needs the admin role; key "${viewer.id}" has viewer`,
    ]);
  });

  it('an informational line quotes the path or URL it names, as a refusal does: imports, exports, update, feeds', async () => {
    const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
      runProgram({ FAULTLINE_HOME: dir, ...env }, [...args, '--db', db]);
    // A GDELT file with an unknown action country: the progress line and the count name the file.
    const real = realGdeltRows().slice(0, 3);
    const gdelt = file(
      'my events.export.CSV',
      [real[0], setGdeltField(real[1]!, 53, 'QQ'), real[2]].join('\n') + '\n',
    );
    const imported = await run(['import', gdelt, '--input-format', 'gdelt']);
    assert.equal(imported.status, 0, imported.stderr);
    assert.match(imported.stderr, /^importing ".*\/my events\.export\.CSV" \[/m);
    assert.match(
      imported.stderr,
      /^ {2}"my events\.export\.CSV": 1 row with unknown FIPS country code "QQ" \(kept, action country unknown\)$/m,
    );
    // An NDJSON file DuckDB does not map (a key with a quote in it) says it was read in JavaScript.
    const [first] = ucdpApiRecords(GED_FILE).map((r) => JSON.stringify(r));
    const ndjson = file('ucdp-ged-22.1-odd key.ndjson', first!.replace(/^\{/, '{"we\\"ird":1,') + '\n');
    const odd = await run(['import', ndjson]);
    assert.equal(odd.status, 0, odd.stderr);
    assert.match(odd.stderr, /^".*\/ucdp-ged-22\.1-odd key\.ndjson": read in JavaScript, not by DuckDB: /m);
    const out = join(dir, 'my events.csv');
    const exported = await run(['events', '--format', 'csv', '--output', out]);
    assert.match(exported.stderr, new RegExp(`^wrote 1 event to "${out.replace(/[.]/g, '\\.')}"$`, 'm'));
    // A dry run of GDELT's update names the address it would fetch from.
    const dry = await run(['update', '--sources', 'gdelt', '--dry-run'], {
      GDELT_BASE_URL: 'http://127.0.0.1:9/',
      FAULTLINE_GDELT_COUNTRIES: 'PAK',
    });
    assert.match(
      dry.stdout,
      /^gdelt: would fetch \S+ to \S+ UTC from "http:\/\/127\.0\.0\.1:9\/", countries PAK$/m,
    );
    // A feed that cannot be read is named in quotes on its line, before the failure.
    const feed = 'http://127.0.0.1:9/feed.rss';
    const watched = await run(['news', 'watch', feed, '--once', '--state', join(dir, 'feeds.json')]);
    assert.equal(watched.status, 5, watched.stderr);
    assert.match(watched.stdout, new RegExp(`^feed "${feed.replace(/[.]/g, '\\.')}": failed: `, 'm'));
  });

  it('the sweep: a claim id, and the property and type a boundary file lacks, are quoted as values', async () => {
    const claims = file(
      'claims.yaml',
      'claims:\n  - { id: "12", text: x, status: confirmed, metric: deaths, geography: { country: PAK, admin1: Atlantis },\n' +
        '      period: "2021", comparator: { kind: at_least, value: 1 } }\n',
    );
    assert.deepEqual(await cli(['claims', 'check', claims]), [
      2,
      'faultline: invalid claim file "claims.yaml": claim "12": unknown admin-1 unit for PAK: "Atlantis"\n',
    ]);
    const square = [
      [
        [70, 30],
        [71, 30],
        [71, 31],
        [70, 30],
      ],
    ];
    const unnamed = file(
      'unnamed.geojson',
      JSON.stringify({
        type: 'FeatureCollection',
        features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: square } }],
      }),
    );
    const notCollection = file('feature.geojson', JSON.stringify({ type: 'Feature\u200b' }));
    const cases: [string[], string][] = [
      [
        ['boundaries', 'import', unnamed, '--country', 'PAK', '--name-property', 'ADM2\t'],
        'invalid boundary file: feature 0 has no "ADM2\\x09" property',
      ],
      [
        ['boundaries', 'import', notCollection, '--country', 'PAK'],
        'invalid boundary file: expected a GeoJSON FeatureCollection, got an object with type "Feature\\u200b"',
      ],
    ];
    for (const [args, message] of cases)
      assert.deepEqual(await cli(args), [2, `faultline: ${message}\n`], args.join(' '));
  });
});
