import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startLocalServer, type LocalServer } from '../../test/helpers/local-server.ts';
import { registerFetch } from '../cli/commands/fetch.ts';
import { registerSources } from '../cli/commands/sources.ts';
import { runCli } from '../../test/helpers/in-process-cli.ts';
import { fetchGdelt } from './fetch-gdelt.ts';
import { loadSettings } from '../config/settings.ts';
import type { DuckDBStore } from '../storage/duckdb/duckdb-store.ts';
import { createStore } from '../storage/index.ts';
import { Command } from 'commander';
import type { Context } from '../cli/context.ts';
import { NO_GEO } from '../domain/placed-event.ts';
import { md5, realGdeltRows, zipOf } from '../../test/helpers/gdelt-rows.ts';

// Every temporary folder below is made in this one, removed after the file's tests (a run by hand left them).
const TEMP = mkdtempSync(join(tmpdir(), 'faultline-gdelt-fetch-test-'));
after(() => rmSync(TEMP, { recursive: true, force: true }));

/** Real GDELT rows (src/ingest/gdelt/fixtures); each served export zips a slice of whole rows. */
const rows = realGdeltRows();

describe('faultline fetch gdelt', () => {
  let server: LocalServer;
  const files = new Map<string, Buffer>();
  let cutOnce = true;
  let md5Fixed = false;
  before(async () => {
    const slices: [string, string[]][] = [
      ['20250807220000', rows],
      ['20250807221500', rows.slice(0, 5)],
      ['20250807223000', rows.slice(5, 10)],
      ['20250807224500', rows.slice(0, 10)],
      ['20250807231500', rows.slice(10)],
    ];
    for (const [s, r] of slices) files.set(s, await zipOf(`${s}.export.CSV`, r.join('\n') + '\n'));
    server = await startLocalServer((req, res) => {
      const line = (s: string, md5sum = md5(files.get(s)!)) =>
        `${files.get(s)!.length} ${md5sum} ${server.url}/${s}.export.CSV.zip`;
      if (req.url === '/masterfilelist.txt') {
        res.end(
          [
            // A mirror's list may name GDELT's own host: the file is still fetched from the base URL.
            line('20250807220000').replace(server.url, 'http://data.gdeltproject.org/gdeltv2'),
            `318084 bb27f78ba45f69a17ea6ed7755e9f8ff ${server.url}/20250807220000.mentions.CSV.zip`,
            line('20250807221500'),
            md5Fixed ? line('20250807223000') : line('20250807223000', '0'.repeat(32)),
            line('20250807224500'),
            'not a line of the list',
          ].join('\n') + '\n',
        );
        return;
      }
      if (req.url === '/lastupdate.txt') return void res.end(line('20250807231500') + '\n');
      const slice = /^\/(\d{14})\.export\.CSV\.zip$/.exec(req.url)?.[1];
      const body = slice ? files.get(slice) : undefined;
      if (!body || slice === '20250807221500') {
        res.writeHead(404);
        return void res.end();
      }
      const range = /bytes=(\d+)-/.exec(String(req.headers.range ?? ''));
      if (range) {
        const from = Number(range[1]);
        res.writeHead(206, {
          'content-length': String(body.length - from),
          'content-range': `bytes ${from}-${body.length - 1}/${body.length}`,
        });
        return void res.end(body.subarray(from));
      }
      res.writeHead(200, { 'content-length': String(body.length), 'content-type': 'application/zip' });
      if (slice === '20250807224500' && cutOnce) {
        // The connection drops halfway through the first transfer.
        cutOnce = false;
        // (after a pause, so the client has written the first half to its .part file)
        res.write(body.subarray(0, body.length >> 1), () => setTimeout(() => res.socket?.destroy(), 300));
        return;
      }
      res.end(body);
    });
  });
  after(async () => server.close());

  it('downloads the period in parallel, resumes a cut transfer, checks md5 and names every gap', async () => {
    const store = (await createStore({ path: ':memory:' })) as DuckDBStore;
    const home = mkdtempSync(join(TEMP, 'gdelt-fetch-'));
    let out = '';
    let err = '';
    const progress: string[] = [];
    const ctx: Context = {
      settings: loadSettings({ FAULTLINE_HOME: home, GDELT_BASE_URL: server.url }),
      store: async () => store,
      placer: async () => () => NO_GEO,
      out: (t) => void (out += t),
      err: (t) => void (err += t),
      progress: {
        isTTY: false,
        write: (t: string) => void progress.push(t),
      } as unknown as Context['progress'],
    };
    const program = new Command('faultline').exitOverride();
    registerFetch(program, ctx);
    await program.parseAsync([
      'node',
      'faultline',
      'fetch',
      'gdelt',
      '--from',
      '2025-08-07T22:00',
      '--to',
      '2025-08-07T23:15',
      '--countries',
      'PAK,AFG,IND',
      '--parallel',
      '2',
      '--format',
      'json',
    ]);
    const r = JSON.parse(out) as Record<string, unknown>;
    // Each gap's kind tells a script what it can do: nothing (unlisted, missing-upstream), or run again (checksum).
    assert.deepEqual(r.gaps, [
      {
        slice: '20250807221500',
        kind: 'missing-upstream',
        reason: `download failed: "${server.url}/20250807221500.export.CSV.zip": HTTP 404 (not published)`,
      },
      {
        slice: '20250807223000',
        kind: 'checksum',
        reason: `md5 mismatch: the list says ${'0'.repeat(32)}, the file has ${md5(files.get('20250807223000')!)}`,
      },
      { slice: '20250807230000', kind: 'unlisted', reason: 'not in the master list' },
    ]);
    // snake_case, as every answer.
    assert.deepEqual(Object.keys(r), [
      'listed',
      'imported',
      'already_imported',
      'rows_read',
      'accepted',
      'rejected',
      'out_of_scope',
      'unreadable_list_lines',
      'warnings',
      'gaps',
      'files',
    ]);
    assert.deepEqual(
      [r.listed, r.imported, r.already_imported, r.rows_read, r.accepted, r.rejected, r.out_of_scope],
      [5, 3, 0, 44, 4, 0, 40],
      '22 + 10 + 12 real rows read; the two India rows kept twice (the second time unchanged), the rest out of scope',
    );
    assert.equal(r.unreadable_list_lines, 1);
    // Each imported file's ledger entry exactly as `faultline sources --format json` gives it, key for key.
    const sources = await runCli(
      store,
      [registerSources],
      ['sources', '--part', 'imports', '--format', 'json'],
    );
    const entries = (JSON.parse(sources.out) as { imports: { id: number; version: string }[] }).imports;
    const fetched = r.files as { slice: string; already_imported: boolean; ledger: { id: number } }[];
    assert.deepEqual(
      fetched.map((f) => [f.slice, f.already_imported]),
      [
        ['20250807220000', false],
        ['20250807224500', false],
        ['20250807231500', false],
      ],
    );
    for (const f of fetched) {
      const entry = entries.find((l) => l.id === f.ledger.id);
      assert.deepEqual(Object.keys(f.ledger), Object.keys(entry!));
      assert.deepEqual(f.ledger, entry);
    }
    const resumed = server.seen.filter((s) => s.url.endsWith('20250807224500.export.CSV.zip'));
    assert.equal(resumed.length, 2);
    assert.match(String(resumed[1]!.headers.range), /^bytes=\d+-$/, 'the second request resumes with Range');
    const imports = await store.listImports();
    assert.deepEqual(imports.map((i) => i.version).sort(), [
      '20250807220000',
      '20250807224500',
      '20250807231500',
    ]);
    assert.ok(imports.every((i) => i.accepted + i.rejected + (i.outOfScope ?? 0) === i.rowsRead));
    assert.match(
      progress.at(-1)!,
      /^fetching GDELT \[#{20}\] 100% 5\/5 files, 4 rows kept, [\d.]+ files\/s/,
      'off a terminal, the last line is the last state',
    );
    // The cut transfer's retry is said (the cause is undici's word for the closed socket).
    assert.match(
      err,
      new RegExp(
        `^attempt 1 of 5 failed: download of "${server.url}/20250807224500\\.export\\.CSV\\.zip": network error \\([^)\n]+\\); trying again in [\\d.]+ s\n$`,
      ),
    );
    assert.deepEqual(
      (await store.listGdeltGaps!()).map((g) => [g.slice, g.kind]),
      [
        ['20250807221500', 'missing-upstream'],
        ['20250807223000', 'checksum'],
        ['20250807230000', 'unlisted'],
      ],
      'the gaps are kept in the store, each with its kind',
    );
    // GDELT fixes the list: a rerun skips what it has, imports the repaired slice and forgets its gap.
    md5Fixed = true;
    const again = await fetchGdelt(store, {
      baseUrl: server.url,
      from: '2025-08-07T22:00',
      to: '2025-08-07T23:15',
      countries: ['PAK', 'AFG', 'IND'],
      dir: join(home, 'downloads', 'gdelt'),
      backoffMs: 1,
    });
    assert.deepEqual([again.imported, again.alreadyImported, again.gaps.length], [1, 3, 2]);
    assert.deepEqual(
      again.files.map((f) => [f.slice, f.alreadyImported]),
      [
        ['20250807220000', true],
        ['20250807223000', false],
        ['20250807224500', true],
        ['20250807231500', true],
      ],
      'a rerun names the files it skipped, with the earlier import',
    );
    // The table heads its columns with the JSON keys, as every table does.
    out = '';
    await program.parseAsync([
      'node',
      'faultline',
      'fetch',
      'gdelt',
      '--from',
      '2025-08-07T22:00',
      '--to',
      '2025-08-07T22:00',
      '--countries',
      'PAK',
    ]);
    assert.deepEqual(out.split('\n')[0]!.trim().split(/\s+/), [
      'listed',
      'imported',
      'already_imported',
      'rows_read',
      'accepted',
      'rejected',
      'out_of_scope',
      'unreadable_list_lines',
    ]);
    assert.deepEqual(
      (await store.listGdeltGaps!()).map((g) => g.slice),
      ['20250807221500', '20250807230000'],
    );
    // Without --countries nothing is out of scope, and nothing is counted so: null, and no column.
    out = '';
    const slice = [
      'node',
      'faultline',
      'fetch',
      'gdelt',
      '--from',
      '2025-08-07T22:00',
      '--to',
      '2025-08-07T22:00',
    ];
    await program.parseAsync([...slice, '--format', 'json']);
    assert.equal((JSON.parse(out) as { out_of_scope: unknown }).out_of_scope, null);
    out = '';
    await program.parseAsync(slice);
    assert.doesNotMatch(out.split('\n')[0]!, /out_of_scope/);
    await store.close();
  });
});
