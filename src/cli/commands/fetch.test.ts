import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { LedgerRow } from '../../app/answers.ts';
import { csvLine, gedRows } from '../../../test/helpers/ged-rows.ts';
import { runProgram } from '../../../test/helpers/in-process-cli.ts';
import { sendJson, startLocalServer, type LocalServer } from '../../../test/helpers/local-server.ts';

const records = (
  JSON.parse(
    readFileSync(
      new URL('../../ingest/ucdp-api/fixtures/gedevents-22.1-pak-page.json', import.meta.url),
      'utf8',
    ),
  ) as { Result: { id: number }[] }
).Result;
/** GED 26.1 withdrew the last of GED 25.1's events. */
const RELEASES: Record<string, { id: number }[]> = {
  '25.1': records,
  '26.1': records.slice(0, -1),
  // Synthetic edits of the real page: a high estimate under the best one (kept with a warning) and
  // a day that is not in the calendar (rejected).
  '24.1': records
    .slice(0, 5)
    .map((r, i) =>
      i === 1 ? { ...r, best: 10, low: 1, high: 5 } : i === 3 ? { ...r, date_start: '2021-02-30' } : r,
    ),
  // One record of the real page: the lines that count it say "1 record".
  '23.1': records.slice(0, 1),
};

describe("faultline fetch ucdp, against a local server answering as UCDP's API", () => {
  let server: LocalServer;
  before(async () => {
    server = await startLocalServer((req, res) => {
      const url = new URL(req.url, 'http://x');
      // GED "27.1": its first page of five records answered, its second refused (not retried).
      if (url.pathname.endsWith('/27.1'))
        return url.searchParams.get('page') === '0'
          ? sendJson(res, 200, {
              TotalCount: 10,
              TotalPages: 2,
              PreviousPageUrl: '',
              NextPageUrl: '',
              Result: records.slice(0, 5),
            })
          : sendJson(res, 400, { error: 'bad page' });
      const rows = RELEASES[url.pathname.split('/').pop()!] ?? [];
      sendJson(res, 200, {
        TotalCount: rows.length,
        TotalPages: 1,
        PreviousPageUrl: '',
        NextPageUrl: '',
        Result: rows,
      });
    });
  });
  // Each test's home is a folder of this one, removed with it (they were left in the temporary directory).
  const homes = mkdtempSync(join(tmpdir(), 'faultline-fetch-older-'));
  after(async () => {
    await server.close();
    rmSync(homes, { recursive: true, force: true });
  });

  const home = () => mkdtempSync(join(homes, 'home-'));
  const envOf = (h: string) => ({
    ...process.env,
    FAULTLINE_HOME: h,
    UCDP_API_URL: server.url,
    UCDP_TOKEN: 't',
  });
  it('is refused before any request in one line naming both versions (exit 2), so events the newer release withdrew do not come back; --allow-older imports it anyway', async () => {
    const env = envOf(home());
    const newer = await runProgram(env, ['fetch', 'ucdp', '--version', '26.1']);
    assert.equal(newer.status, 0, newer.stderr);
    const seen = server.seen.length;
    const older = await runProgram(env, ['fetch', 'ucdp', '--version', '25.1']);
    assert.equal(older.status, 2, older.stdout);
    assert.equal(
      older.stderr,
      'faultline: GED 25.1 is older than the stored GED 26.1: importing it would bring back events 26.1 withdrew; nothing was fetched (--allow-older imports it anyway)\n',
    );
    assert.equal(server.seen.length, seen);
    // Anyway: the stored 26.1 rows stay as they are, and the one event 26.1 withdrew is added back.
    const anyway = await runProgram(env, [
      'fetch',
      'ucdp',
      '--version',
      '25.1',
      '--allow-older',
      '--format',
      'json',
    ]);
    assert.equal(anyway.status, 0, anyway.stderr);
    const j = JSON.parse(anyway.stdout) as { ledger: { added: number; changed: number } };
    assert.deepEqual([j.ledger.added, j.ledger.changed], [1, 0]);
  });

  it('--country takes PAK as 770, as the API filters, and refuses other text before any request', async () => {
    const seen = server.seen.length;
    const pak = await runProgram(envOf(home()), [
      'fetch',
      'ucdp',
      '--version',
      '24.1',
      '--country',
      'pak,700',
    ]);
    assert.equal(pak.status, 0, pak.stderr);
    assert.equal(new URL(server.seen[seen]!.url, 'http://x').searchParams.get('Country'), '770,700');
    const bad = await runProgram(envOf(home()), [
      'fetch',
      'ucdp',
      '--version',
      '24.1',
      '--country',
      'Pakistan',
    ]);
    assert.deepEqual(
      [bad.status, bad.stderr],
      [
        2,
        'faultline: invalid --country: "Pakistan" (use UCDP\'s country numbers, such as 770 for Pakistan and 700 for Afghanistan, or PAK, AFG, IND or IRN)\n',
      ],
    );
    assert.equal(server.seen.length, seen + 1);
  });

  it('a download that stops part-way imports nothing and keeps no page, and says so and that no alert rule was evaluated before its failure (it said only the failure)', async () => {
    const h = home();
    const r = await runProgram(envOf(h), ['fetch', 'ucdp', '--version', '27.1']);
    assert.equal(r.status, 5, r.stderr);
    const [note, failure, ...rest] = r.stderr.split('\n').filter((l) => /^(note|faultline): /.test(l));
    assert.equal(
      note,
      'note: nothing was imported, so no alert rule was evaluated: the download stopped after 1 page (5 records), which is not kept; faultline fetch ucdp again starts over',
    );
    assert.match(failure!, /^faultline: UCDP API: HTTP 400: /);
    assert.deepEqual(rest, []);
    assert.deepEqual(readdirSync(join(h, 'downloads')), []);
    const sources = await runProgram(envOf(h), ['sources', '--part', 'imports', '--format', 'json']);
    assert.deepEqual((JSON.parse(sources.stdout) as { imports: LedgerRow[] }).imports, []);
  });

  it('counts one record in the singular: "fetched 1 record (1 page)", "downloaded 1 record to ..."', async () => {
    const one = await runProgram(envOf(home()), ['fetch', 'ucdp', '--version', '23.1']);
    assert.equal(one.status, 0, one.stderr);
    assert.match(one.stderr, /^\rfetched 1 record \(1 page\)$/m);
    assert.match(one.stderr, /^downloaded 1 record to "\/[^"]+\.ndjson"$/m);
    assert.doesNotMatch(one.stderr, /\b1 records\b/);
  });

  it('names the commands that list the rows its table only counts: rejected rows and rows kept with warnings', async () => {
    const fetched = await runProgram(envOf(home()), ['fetch', 'ucdp', '--version', '24.1']);
    assert.equal(fetched.status, 0, fetched.stderr);
    // The file it wrote is quoted, as every line quotes the path it names.
    assert.match(fetched.stderr, /^downloaded 5 records to "\/[^"]+\.ndjson"$/m);
    const tail = fetched.stderr.split('\n').slice(-3);
    assert.deepEqual(tail, [
      'see every rejected row with: faultline rejections 1',
      '1 row was kept with warnings; see them with: faultline rejections 1 --warnings',
      '',
    ]);
    // What the table counts, as JSON (which prints no such lines: its fields name the counts).
    const env = envOf(home());
    const json = await runProgram(env, ['fetch', 'ucdp', '--version', '24.1', '--format', 'json']);
    const j = JSON.parse(json.stdout) as { ledger: LedgerRow };
    assert.deepEqual([j.ledger.accepted, j.ledger.rejected, j.ledger.warnings], [4, 1, 1]);
    assert.doesNotMatch(json.stderr, /faultline rejections/);
    // Its ledger entry is the one `faultline sources` gives, key for key.
    const sources = await runProgram(env, ['sources', '--part', 'imports', '--format', 'json']);
    const [entry] = (JSON.parse(sources.stdout) as { imports: LedgerRow[] }).imports;
    assert.deepEqual(Object.keys(j.ledger), Object.keys(entry!));
    assert.deepEqual(j.ledger, entry);
  });

  it('a stored extract whose version was only inferred from its dates (98.1) refuses no release: --version 26.1 is fetched', async () => {
    const h = home();
    const env = envOf(h);
    // The bundled GED file's first 30 rows end in 1997: the importer infers version 98.1.
    const { header, rows } = gedRows();
    const extract = join(h, 'conflict_data_pak_head.csv');
    writeFileSync(extract, [header, ...rows.slice(0, 30)].map(csvLine).join('\n') + '\n');
    const inferred = await runProgram(env, ['import', extract, '--format', 'json']);
    assert.equal(inferred.status, 0, inferred.stderr);
    assert.equal(
      (JSON.parse(inferred.stdout) as { ledger: { version: string } }[])[0]!.ledger.version,
      '98.1',
    );
    const newer = await runProgram(env, ['fetch', 'ucdp', '--version', '26.1', '--format', 'json']);
    assert.equal(newer.status, 0, newer.stderr);
    assert.equal((JSON.parse(newer.stdout) as { ledger: { version: string } }).ledger.version, '26.1');
  });
});

describe('a GDELT --countries list', () => {
  const home = mkdtempSync(join(tmpdir(), 'faultline-gdelt-countries-'));
  // Nothing listens on port 9: a command that reached the network would fail there (exit 5).
  const env = { FAULTLINE_HOME: home, GDELT_BASE_URL: 'http://127.0.0.1:9' };
  const GDELT = new URL('../../ingest/gdelt/fixtures/20250807220000.export.CSV', import.meta.url).pathname;
  const period = ['--from', '2025-08-07T22:00', '--to', '2025-08-07T22:15'];
  after(() => rmSync(home, { recursive: true, force: true }));

  it('naming no country is refused before anything is fetched or imported (it downloaded the period and kept no row)', async () => {
    const fetched = await runProgram(env, ['fetch', 'gdelt', ...period, '--countries', 'PAK,XYZ']);
    assert.deepEqual(
      [fetched.status, fetched.stderr],
      [2, 'faultline: invalid --countries: "XYZ" (use ISO 3166-1 alpha-3 codes, e.g. PAK,AFG,IND)\n'],
    );
    const imported = await runProgram(env, ['import', GDELT, '--countries', 'xyz']);
    assert.deepEqual(
      [imported.status, imported.stderr],
      [2, 'faultline: invalid --countries: "xyz" (use ISO 3166-1 alpha-3 codes, e.g. PAK,AFG,IND)\n'],
    );
  });

  it('that is empty is refused, not read as no filter', async () => {
    for (const args of [
      ['fetch', 'gdelt', ...period, '--countries', ''],
      ['import', GDELT, '--countries', ' , '],
    ]) {
      const r = await runProgram(env, args);
      assert.match(
        r.stderr,
        /^faultline: invalid --countries: "( , )?" \(give one or more ISO 3166-1 alpha-3 codes, e\.g\. PAK,AFG,IND\)\n$/,
      );
      assert.equal(r.status, 2, args.join(' '));
    }
  });
});
