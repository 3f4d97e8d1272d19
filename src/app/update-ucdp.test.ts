import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import yazl from 'yazl';
import { parse } from 'csv-parse/sync';
import { registerUpdate } from '../cli/commands/update.ts';
import { exitCodeFor, failureLine } from '../cli/fail.ts';
import { csvLine, gedRows } from '../../test/helpers/ged-rows.ts';
import { NO_GEO } from '../domain/placed-event.ts';
import { runCli } from '../../test/helpers/in-process-cli.ts';
import { startLocalServer, type LocalServer } from '../../test/helpers/local-server.ts';
import { DuckDBStore } from '../storage/duckdb/duckdb-store.ts';
import type { Store } from '../storage/store.ts';
import { aggregateCase, routeMismatches } from '../../test/helpers/rollup-parity.ts';
import { querySeries } from './analysis/series.ts';
import { importFile } from './import-dataset.ts';
import { planUpdate, runUpdate, type UpdateOptions } from './update-ucdp.ts';

// Every temporary folder below is made in this one, removed after the file's tests (a run by hand left them).
const TEMP = mkdtempSync(join(tmpdir(), 'faultline-update-test-'));
after(() => rmSync(TEMP, { recursive: true, force: true }));

const CANDIDATE = (name: string) =>
  readFileSync(new URL(`../../data/ucdp-candidate/${name}`, import.meta.url));

let release: { header: string[]; rows: string[][] } | undefined;

/** The bundled GED rows of 2020-2021 (a release's worth of rows, kept small for speed), parsed once. */
function releaseRows(): { header: string[]; rows: string[][] } {
  if (release) return release;
  const { header, rows } = gedRows();
  const year = header.indexOf('year');
  release = { header, rows: rows.filter((r) => Number(r[year]) >= 2020) };
  return release;
}

/** A GED release CSV in UCDP's global layout (no HDX iso3 column, no HXL row) from bundled rows (less `withdrawn` ids), plus 3 Indian rows. */
function gedCsv(withdrawn: ReadonlySet<string> = new Set()): Buffer {
  const { header, rows: all } = releaseRows();
  const rows = all.filter((r) => !withdrawn.has(r[header.indexOf('id')]!));
  const iso = header.indexOf('iso3');
  const drop = (r: string[]) => r.filter((_, i) => i !== iso);
  const country = header.indexOf('country');
  const id = header.indexOf('id');
  const india = rows.slice(0, 3).map((r, k) => {
    const copy = [...r];
    copy[country] = 'India';
    copy[id] = String(9_000_000 + k);
    return copy;
  });
  const lines = [drop(header).join(','), ...[...rows, ...india].map((r) => csvLine(drop(r)))];
  return Buffer.from(lines.join('\n') + '\n');
}

/** A Candidate file of 2021 from the same GED rows with one more death each: what a naive sum would double. */
function candidate2021Csv(): Buffer {
  const { header, rows } = releaseRows();
  const iso = header.indexOf('iso3');
  const year = header.indexOf('year');
  const best = header.indexOf('best');
  const high = header.indexOf('high');
  const unknown = header.indexOf('deaths_unknown');
  const active = header.indexOf('active_year');
  const drop = (r: string[]) => r.filter((_, i) => i !== iso);
  const lines = rows
    .filter((r) => r[year] === '2021')
    .map((r) => {
      const c = [...r];
      for (const k of [best, high, unknown]) c[k] = String(Number(c[k]) + 1);
      // Candidate files write active_year as true/false (GED as 1/0): the format is told by content.
      c[active] = c[active] === '1' ? 'true' : 'false';
      return csvLine(drop(c));
    });
  return Buffer.from([drop(header).join(','), ...lines].join('\n') + '\n');
}

function zip(members: Record<string, Buffer>): Promise<Buffer> {
  const z = new yazl.ZipFile();
  for (const [name, data] of Object.entries(members)) z.addBuffer(data, name);
  z.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    z.outputStream.on('data', (c: Buffer) => chunks.push(c));
    z.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    z.outputStream.on('error', reject);
  });
}

/** Files the mirror serves by path, and per path a way to misbehave. */
interface Mirror {
  files: Map<string, Buffer | { html: string }>;
  /** Paths whose next full GET is cut after half the bytes (the socket is destroyed). */
  cutOnce: Set<string>;
  /** Paths answered 403 (a host that forbids rather than says 404). */
  forbidden: Set<string>;
  /** Paths served without Content-Length (chunked), on HEAD and GET. */
  noLength: Set<string>;
  /** Paths whose next full GET ends cleanly after half the bytes (no length to tell it was cut). */
  shortOnce: Set<string>;
}

function serve(mirror: Mirror): Promise<LocalServer> {
  return startLocalServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname.slice(1));
    const file = mirror.files.get(path);
    if (mirror.forbidden.has(path)) return void res.writeHead(403, { 'content-type': 'text/html' }).end();
    if (file === undefined)
      return void res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
    if (!Buffer.isBuffer(file))
      return void res.writeHead(200, { 'content-type': 'text/html' }).end(file.html);
    const etag = `"${createHash('sha256').update(file).digest('hex').slice(0, 16)}"`;
    const headers = { etag, 'accept-ranges': 'bytes', 'content-type': 'application/octet-stream' };
    if (mirror.noLength.has(path)) {
      if (req.method === 'HEAD') return void res.writeHead(200, headers).end();
      res.writeHead(200, headers);
      return void res.end(mirror.shortOnce.delete(path) ? file.subarray(0, file.length >> 1) : file);
    }
    if (req.method === 'HEAD')
      return void res.writeHead(200, { ...headers, 'content-length': file.length }).end();
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304, headers).end();
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (range) {
      const from = Number(range[1]);
      res.writeHead(206, {
        ...headers,
        'content-length': file.length - from,
        'content-range': `bytes ${from}-${file.length - 1}/${file.length}`,
      });
      return void res.end(file.subarray(from));
    }
    res.writeHead(200, { ...headers, 'content-length': file.length });
    if (mirror.cutOnce.delete(path)) {
      res.write(file.subarray(0, file.length >> 1));
      return void setTimeout(() => res.socket?.destroy(), 20);
    }
    res.end(file);
  });
}

describe('faultline update against a local mirror of UCDP downloads', () => {
  let server: LocalServer;
  let mirror: Mirror;
  let store: DuckDBStore;
  let options: UpdateOptions;
  const today = '2026-10-15';
  before(async () => {
    mirror = {
      files: new Map<string, Buffer | { html: string }>([
        ['ged/ged261-csv.zip', await zip({ 'GEDEvent_v26_1.csv': gedCsv() })],
        ['candidateged/GEDEvent_v26_01_26_06.csv', CANDIDATE('GEDEvent_v26_01_26_06_PAK_AFG.csv')],
        ['candidateged/GEDEvent_v26_0_7.csv', CANDIDATE('GEDEvent_v26_0_7_PAK_AFG.csv')],
        // Month 8 is not published (404); month 9 is an HTML error page served with status 200.
        ['candidateged/GEDEvent_v26_0_9.csv', { html: '<!DOCTYPE html><title>Maintenance</title>' }],
      ]),
      cutOnce: new Set(['ged/ged261-csv.zip']),
      forbidden: new Set(),
      noLength: new Set(),
      shortOnce: new Set(),
    };
    server = await serve(mirror);
    store = await DuckDBStore.open(':memory:');
    options = {
      baseUrl: `${server.url}/`,
      countries: ['PAK', 'AFG'],
      home: mkdtempSync(join(TEMP, 'update-')),
      today,
      place: () => NO_GEO,
      retries: 2,
      backoffMs: 1,
    };
  });
  after(async () => {
    await store.close();
    await server.close();
  });

  const snapshot = async () => ({
    imports: (await store.listImports()).length,
    events: await store.countEvents({}),
  });

  // The CLI's waits between attempts, recorded instead of waited (its notices quote the default 0.5 s).
  const waits: number[] = [];
  /** `faultline update ARGS...` run in-process against the mirror over this store (or `over`): what it printed, and the error it raised. */
  const updateCli = (args: readonly string[], o: { home?: string; over?: Store } = {}) =>
    runCli(
      o.over ?? store,
      [registerUpdate],
      ['update', ...args],
      { UCDP_DOWNLOADS_URL: server.url, ...(o.home ? { FAULTLINE_HOME: o.home } : {}) },
      { sleep: async (ms) => void waits.push(ms) },
    );

  it('finds the newest final release and the Candidate files after it; a month not yet published is named as skipped', async () => {
    const plan = await planUpdate(options);
    assert.deepEqual(
      plan.files.map((f) => `${f.kind} ${f.version} ${f.path}`),
      [
        'ged 26.1 ged/ged261-csv.zip',
        'candidate 26.0.6 candidateged/GEDEvent_v26_01_26_06.csv',
        'candidate 26.0.7 candidateged/GEDEvent_v26_0_7.csv',
        'candidate 26.0.9 candidateged/GEDEvent_v26_0_9.csv',
      ],
    );
    assert.deepEqual(plan.skipped, [
      { url: `${server.url}/candidateged/GEDEvent_v26_0_8.csv`, reason: 'not published (HTTP 404)' },
    ]);
  });

  it('update --dry-run lists the files and the skipped month, and changes nothing', async () => {
    const before = await snapshot();
    const { out, err, error } = await updateCli(['--dry-run', '--format', 'json'], {
      home: mkdtempSync(join(TEMP, 'update-')),
    });
    assert.equal(error, undefined);
    const answer = JSON.parse(out) as { files: { kind: string; version: string; url: string }[] };
    assert.deepEqual(answer.files[0], {
      kind: 'ged',
      version: '26.1',
      url: `${server.url}/ged/ged261-csv.zip`,
      status: 'new',
      reason: 'not downloaded yet',
    });
    assert.equal(err, '');
    assert.deepEqual(await snapshot(), before);
    assert.match(
      failureLine((await updateCli(['--countries', 'Pakistan'])).error),
      /^faultline: invalid --countries: "Pakistan" \(use ISO3 codes such as PAK, or all\)\n$/,
    );
    // Three letters naming no country were taken, and the release downloaded to keep none of its rows.
    assert.equal(
      failureLine((await updateCli(['--countries', 'PAK,XYZ', '--dry-run'])).error),
      'faultline: invalid --countries: "XYZ" (use ISO3 codes such as PAK, or all)\n',
    );
    assert.match(
      failureLine((await updateCli(['--allow-removals', 'all'])).error),
      /^faultline: invalid --allow-removals: "all" \(a count >= 0\)\n$/,
    );
  });

  it('a 403 names its status in the skipped reason, and a 403 on the newest final release is said on stderr and in the answer when an older one is planned', async () => {
    mirror.files.set('ged/ged251-csv.zip', mirror.files.get('ged/ged261-csv.zip')!);
    mirror.forbidden = new Set(['ged/ged261-csv.zip', 'candidateged/GEDEvent_v26_0_8.csv']);
    const { out, err, error } = await updateCli(['--dry-run', '--format', 'json']);
    mirror.forbidden = new Set();
    mirror.files.delete('ged/ged251-csv.zip');
    assert.equal(error, undefined);
    const answer = JSON.parse(out) as {
      files: { version: string }[];
      skipped: { url: string; reason: string }[];
      warnings: string[];
    };
    const warning = `"${server.url}/ged/ged261-csv.zip" answered HTTP 403: that final release may exist but was not reachable; planned GED 25.1 instead`;
    assert.equal(answer.files[0]!.version, '25.1');
    assert.deepEqual(answer.warnings, [warning]);
    assert.equal(err, `warning: ${warning}\n`);
    const month8 = `${server.url}/candidateged/GEDEvent_v26_0_8.csv`;
    assert.deepEqual(
      answer.skipped.find((x) => x.url === month8),
      { url: month8, reason: 'not published (HTTP 403)' },
    );
  });

  it('no final release found: the refusal quotes each release URL that answered 403, and only those (the older ones answered 404)', async () => {
    mirror.forbidden = new Set(['ged/ged261-csv.zip', 'ged/ged251-csv.zip']);
    const { error } = await updateCli(['--dry-run']);
    mirror.forbidden = new Set();
    const ged = (vv: number) => `"${server.url}/ged/ged${vv}1-csv.zip"`;
    assert.equal(
      failureLine(error),
      `faultline: no GED release found under "${server.url}" (looked for ${ged(26)} and older); HTTP 403 (not reachable) for ${ged(26)}, ${ged(25)}\n`,
    );
    assert.equal(exitCodeFor(error), 2);
  });

  it('an HTML page served as CSV fails in one line naming the URL, and the store is unchanged', async () => {
    const before = await snapshot();
    // An earlier run was killed half-way through month 7: its part file is on disk.
    const month7 = mirror.files.get('candidateged/GEDEvent_v26_0_7.csv') as Buffer;
    mkdirSync(join(options.home, 'downloads', 'ucdp', 'candidateged'), { recursive: true });
    writeFileSync(
      join(options.home, 'downloads', 'ucdp', 'candidateged', 'GEDEvent_v26_0_7.csv.part'),
      month7.subarray(0, 50_000),
    );
    const plan = await planUpdate(options);
    await assert.rejects(
      runUpdate(store, plan, options),
      new RegExp(
        `^RemoteError: download failed: "${server.url}/candidateged/GEDEvent_v26_0_9\\.csv": the server sent an HTML page, not data$`,
      ),
    );
    assert.deepEqual(await snapshot(), before);
  });

  it('downloads (retrying a cut transfer, resuming a killed one with Range), keeps PAK and AFG, and imports every release through the importer', async () => {
    mirror.files.delete('candidateged/GEDEvent_v26_0_9.csv');
    // Candidate events of 2021 imported before the final release arrives.
    const early = join(options.home, 'GEDEvent_v21_0_12.csv');
    writeFileSync(early, candidate2021Csv());
    await importFile(store, early, { place: () => NO_GEO });
    const plan = await planUpdate(options);
    // Each file's import shows its progress (the filtered file's bytes read), as its download does.
    const progress = new Map<string, { done: number; total: number }>();
    const done = await runUpdate(store, plan, {
      ...options,
      onProgress: (label, b, total, phase) => void progress.set(`${phase} ${label}`, { done: b, total }),
    });
    for (const f of plan.files) {
      const imported = progress.get(`import ${f.path}`);
      assert.ok(
        imported && imported.done > 0 && imported.done === imported.total,
        `import progress of ${f.path}`,
      );
    }
    const gets = (url: string) => server.seen.filter((r) => r.method === 'GET' && r.url === url);
    assert.ok(gets('/ged/ged261-csv.zip').length >= 2, 'the transfer cut mid-way was tried again');
    assert.deepEqual(
      gets('/candidateged/GEDEvent_v26_0_7.csv').map((r) => [
        r.headers.range,
        r.headers['if-none-match'] !== undefined,
      ]),
      [
        ['bytes=50000-', false],
        [undefined, true],
      ],
      'the killed download resumed from its part file; the next run asked whether it changed',
    );
    const month7 = mirror.files.get('candidateged/GEDEvent_v26_0_7.csv') as Buffer;
    assert.equal(done[2]!.sha256, createHash('sha256').update(month7).digest('hex'));
    const { rows } = releaseRows();
    assert.deepEqual(
      done.map((d) => [d.source, d.version, d.rows_kept, d.added, d.status]),
      [
        ['ucdp-ged', '26.1', rows.length, rows.length, 'imported'],
        ['ucdp-candidate', '26.0.6', 713, 713, 'imported'],
        ['ucdp-candidate', '26.0.7', 203, 201, 'imported'],
      ],
    );
    assert.equal(done[0]!.rows_read, rows.length + 3, 'the 3 Indian rows were read and left out');
    assert.equal(
      done[0]!.sha256,
      createHash('sha256')
        .update(mirror.files.get('ged/ged261-csv.zip') as Buffer)
        .digest('hex'),
    );
    assert.equal(await store.countEvents({ source: ['ucdp-ged'] }), rows.length);
  });

  it('counts of a period covered by both the final release and Candidate files equal the final counts (superseded events kept, marked, listed on request)', async () => {
    const { header, rows } = releaseRows();
    const year = header.indexOf('year');
    const best = header.indexOf('best');
    const final2021 = rows.filter((r) => r[year] === '2021');
    const deaths = final2021.reduce((n, r) => n + Number(r[best]), 0);
    const filter = { country: ['PAK'], from: '2021-01-01', to: '2021-12-31' };
    assert.equal(await store.countEvents(filter), final2021.length);
    const series = await querySeries(store, {
      filter,
      interval: 'year',
      metrics: ['events', 'fatalities_best'],
    });
    assert.deepEqual(
      series.points.map((p) => [p.events, p.fatalities_best]),
      [[final2021.length, deaths]],
    );
    const page = await store.queryEvents({ ...filter, limit: 1 });
    assert.equal(page.total, final2021.length);
    const all = await store.queryEvents({
      ...filter,
      source: ['ucdp-candidate'],
      includeSuperseded: true,
      limit: 100_000,
    });
    assert.equal(all.total, final2021.length, 'the Candidate events are kept');
    assert.ok(all.rows.every((e) => e.supersededBy === '26.1'));
    assert.equal(await store.countEvents({ ...filter, source: ['ucdp-candidate'] }), 0);
    const cases = [
      aggregateCase('PAK 2021', { filter }),
      aggregateCase('PAK 2021', { filter, unit: 'month', groupBy: 'source' }),
      aggregateCase('2021', {
        filter: { from: '2021-01-01', to: '2021-12-31' },
        unit: 'week',
        groupBy: 'type',
      }),
      { name: 'count', run: (s: Store) => s.countEvents(filter) },
    ];
    const mismatches = await routeMismatches(store, cases);
    assert.deepEqual(mismatches, [], 'rollups equal the raw events');
    // The place search counts events as every count does: not the superseded Candidate copies.
    const where = header.indexOf('where_coordinates');
    const names = final2021.map((r) => r[where]!.trim());
    const place = names.sort(
      (a, b) => names.filter((n) => n === b).length - names.filter((n) => n === a).length,
    )[0]!;
    const found = (await store.places({ prefix: place.slice(0, 4), country: ['PAK'], limit: 100 })).find(
      (p) => p.name === place,
    );
    const listed = await store.queryEvents({ country: ['PAK'], limit: 100_000 });
    assert.equal(found?.events, listed.rows.filter((e) => e.place === place).length, place);
  });

  it('a second update asks with ETags, downloads nothing and changes nothing', async () => {
    const before = await snapshot();
    const seen = server.seen.length;
    const done = await runUpdate(store, await planUpdate(options), options);
    assert.deepEqual(
      done.map((d) => [d.download, d.status]),
      [
        ['unchanged', 'already imported'],
        ['unchanged', 'already imported'],
        ['unchanged', 'already imported'],
      ],
    );
    const gets = server.seen.slice(seen).filter((r) => r.method === 'GET');
    assert.ok(
      gets.every((r) => r.headers['if-none-match']),
      'every GET carried If-None-Match',
    );
    assert.deepEqual(await snapshot(), before);
  });

  it('update --dry-run says which files are new, changed, unchanged or unknown (and why) from HEAD requests alone, downloading nothing', async () => {
    const before = await snapshot();
    const month7 = 'candidateged/GEDEvent_v26_0_7.csv';
    const month8 = 'candidateged/GEDEvent_v26_0_8.csv';
    const kept7 = mirror.files.get(month7) as Buffer;
    const etag = (b: Buffer) => `"${createHash('sha256').update(b).digest('hex').slice(0, 16)}"`;
    const sidecar6 = join(
      options.home,
      'downloads',
      'ucdp',
      'candidateged',
      'GEDEvent_v26_01_26_06.csv.json',
    );
    const state6 = readFileSync(sidecar6, 'utf8');
    const changed7 = Buffer.concat([kept7, Buffer.from('\n')]);
    mirror.files.set(month7, changed7);
    mirror.files.set(month8, kept7);
    writeFileSync(sidecar6, JSON.stringify({ ...JSON.parse(state6), lengthVerified: false }));
    const seen = server.seen.length;
    try {
      const { out, error } = await updateCli(['--dry-run', '--format', 'json'], { home: options.home });
      assert.equal(error, undefined);
      const { files } = JSON.parse(out) as { files: { version: string; status: string; reason: string }[] };
      assert.deepEqual(
        files.map((f) => [f.version, f.status, f.reason]),
        [
          ['26.1', 'unchanged', `same ETag ${etag(mirror.files.get('ged/ged261-csv.zip') as Buffer)}`],
          ['26.0.6', 'unknown', "kept copy's length was never verified"],
          ['26.0.7', 'changed', `ETag ${etag(changed7)}, kept ${etag(kept7)}`],
          ['26.0.8', 'new', 'not downloaded yet'],
        ],
      );
      const table = await updateCli(['--dry-run'], { home: options.home });
      assert.match(table.out, /^kind +version +file +status +reason/);
      assert.match(table.out, /26\.0\.7 +candidateged\/GEDEvent_v26_0_7\.csv +changed +ETag "/);
      assert.doesNotMatch(table.out, /cells cut/);
      assert.deepEqual(
        [...new Set(server.seen.slice(seen).map((r) => r.method))],
        ['HEAD'],
        'no GET: no body was downloaded',
      );
    } finally {
      mirror.files.set(month7, kept7);
      mirror.files.delete(month8);
      writeFileSync(sidecar6, state6);
    }
    assert.deepEqual(await snapshot(), before);
  });

  it('a second update reuses each filtered extract (same download sha256 and countries) and says so; a changed zip is filtered again', async () => {
    const filtered = join(options.home, 'downloads', 'ucdp', 'filtered');
    const mtimes = () => readdirSync(filtered).map((n) => [n, statSync(join(filtered, n)).mtimeMs]);
    const before = mtimes();
    const reused: string[] = [];
    const done = await runUpdate(store, await planUpdate(options), {
      ...options,
      onFilterReused: (f) => void reused.push(f.path),
    });
    assert.deepEqual(
      done.map((d) => [d.filter, d.status]),
      done.map(() => ['reused', 'already imported']),
    );
    assert.deepEqual(reused, [
      'ged/ged261-csv.zip',
      'candidateged/GEDEvent_v26_01_26_06.csv',
      'candidateged/GEDEvent_v26_0_7.csv',
    ]);
    assert.deepEqual(mtimes(), before, 'no extract was written again');
    const { rows } = releaseRows();
    assert.deepEqual([done[0]!.rows_read, done[0]!.rows_kept], [rows.length + 3, rows.length]);
    const { err } = await updateCli([], { home: options.home });
    assert.match(
      err,
      /^reused "downloads\/ucdp\/filtered\/GEDEvent_v26_1-AFG_PAK\.csv": filtered before from the same "ged\/ged261-csv\.zip" \(same sha256\) and countries$/m,
    );
    // The same rows in a zip of other bytes (another member name): filtered again, and the extract's bytes are already imported.
    const good = mirror.files.get('ged/ged261-csv.zip') as Buffer;
    mirror.files.set('ged/ged261-csv.zip', await zip({ 'GEDEvent_v26_1 (2).csv': gedCsv() }));
    const gedOnly = { files: (await planUpdate(options)).files.slice(0, 1), skipped: [], warnings: [] };
    try {
      const [again] = await runUpdate(store, gedOnly, options);
      assert.deepEqual(
        [again!.download, again!.filter, again!.status],
        ['downloaded', 'filtered', 'already imported'],
      );
    } finally {
      mirror.files.set('ged/ged261-csv.zip', good);
      await runUpdate(store, gedOnly, options); // the kept download is the mirror's again
    }
  });

  it('the update table names the import of each file (as faultline sources and rejections take it), also an already imported one', async () => {
    const { out, error } = await updateCli([], { home: options.home });
    assert.equal(error, undefined);
    const ids = new Map((await store.listImports()).map((l) => [`${l.source} ${l.version}`, l.id]));
    const rows = out.split('\n').filter((l) => / ucdp-(ged|candidate) /.test(l));
    assert.match(
      out,
      /^import +source +version +download +kept +added +changed +removed +unchanged +rejected +status/,
    );
    assert.equal(rows.length, 3, out);
    for (const row of rows) {
      const [id, source, version] = row.trim().split(/ +/); // the import number is right-aligned
      assert.equal(Number(id), ids.get(`${source} ${version}`), row);
      assert.match(row, / unchanged +\d+ of \d+ .* already imported /);
    }
  });

  it('when an import fails half-way, the files imported before it are listed with a note, then the failure', async () => {
    const month7 = CANDIDATE('GEDEvent_v26_0_7_PAK_AFG.csv').toString('utf8').split('\n');
    const months = ['candidateged/GEDEvent_v26_0_8.csv', 'candidateged/GEDEvent_v26_0_9.csv'];
    months.forEach((m, k) => mirror.files.set(m, Buffer.from(month7.slice(0, 40 - k).join('\n') + '\n')));
    // The store fails on the second new month (a full disk, say); the first stays imported.
    let begun = 0;
    const failing = new Proxy(store, {
      get(target, key) {
        const v = Reflect.get(target, key, target) as unknown;
        if (key !== 'beginImport' || typeof v !== 'function') return v;
        return (...a: unknown[]) =>
          ++begun === 2
            ? Promise.reject(new Error('disk full'))
            : (v as (...x: unknown[]) => unknown).apply(target, a);
      },
    });
    const { out, err, error } = await updateCli(['--format', 'json'], { home: options.home, over: failing });
    assert.match(String(error), /disk full/);
    const month8 = (await store.listImports()).at(-1)!;
    assert.equal(month8.version, '26.0.8', 'the file before the failure is imported');
    const { files } = JSON.parse(out) as { files: { version: string; import_id: number }[] };
    assert.deepEqual(
      files.map((f) => f.version),
      ['26.1', '26.0.6', '26.0.7', '26.0.8'],
    );
    assert.equal(files[3]!.import_id, month8.id);
    assert.match(
      err,
      new RegExp(
        `note: 4 of 5 files imported before the update stopped at "${server.url}/candidateged/GEDEvent_v26_0_9.csv" \\(the answer's files\\); faultline update again goes on from there\n$`,
      ),
    );
    for (const m of months) mirror.files.delete(m);
  });

  it('a Candidate file served without any length and cut short is imported as unverified with a warning, and the next update downloads it again whole instead of keeping it by ETag', async () => {
    const path = 'candidateged/GEDEvent_v26_0_8.csv';
    const month7 = CANDIDATE('GEDEvent_v26_0_7_PAK_AFG.csv').toString('utf8').split('\n');
    mirror.files.set(path, Buffer.from(month7.slice(0, 81).join('\n') + '\n'));
    mirror.noLength.add(path);
    mirror.shortOnce.add(path);
    const run = async () => {
      const { out, err, error } = await updateCli(['--format', 'json'], { home: options.home });
      assert.equal(error, undefined);
      const { files } = JSON.parse(out) as {
        files: { version: string; rows_kept: number; length_verified: boolean; download: string }[];
      };
      const f = files.find((x) => x.version === '26.0.8')!;
      return { row: [f.download, f.rows_kept, f.length_verified], err };
    };
    const warning = `warning: "${server.url}/${path}": the server announced no length, so the download's completeness was not verified (the next update downloads it again)\n`;
    const seen = server.seen.length;
    try {
      const cut = await run();
      // Each earlier file's extract is reused, and says so on a line of its own.
      assert.equal(cut.err.replace(/^reused .*\n/gm, ''), warning);
      assert.ok((cut.row[1] as number) < 80, `only part of the file arrived: ${cut.row[1]}`);
      // The next run, of this file alone (the CLI's part is checked above).
      const plan = await planUpdate(options);
      const only = { files: plan.files.filter((f) => f.path === path), skipped: [], warnings: [] };
      const [next] = await runUpdate(store, only, options);
      assert.deepEqual([next!.download, next!.rows_kept, next!.length_verified], ['downloaded', 80, false]);
    } finally {
      mirror.files.delete(path);
      mirror.noLength.clear();
    }
    const gets = server.seen.slice(seen).filter((r) => r.method === 'GET' && r.url === `/${path}`);
    assert.equal(gets.length, 2);
    assert.equal(
      gets[1]!.headers['if-none-match'],
      undefined,
      'the unverified file was not kept by its ETag',
    );
  });

  it('a file imported with rows kept with warnings and a rejected row: the table names each count (in the singular for one) and faultline rejections N [--warnings], the answer its warnings', async () => {
    const path = 'candidateged/GEDEvent_v26_0_8.csv';
    const [header, ...rows] = parse(CANDIDATE('GEDEvent_v26_0_7_PAK_AFG.csv')) as string[][];
    const [best, high, start] = ['best', 'high', 'date_start'].map((c) => header!.indexOf(c));
    // One row with high < best (a synthetic change of a real row): kept, with a warning; and the
    // last row given a day not in the calendar: rejected.
    const k = rows.findIndex((r) => Number(r[best!]) > 0);
    assert.ok(k >= 0 && k < 19);
    const cut = rows
      .slice(0, 20)
      .map((r, j) =>
        j === k
          ? r.map((v, i) => (i === high ? '0' : v))
          : j === 19
            ? r.map((v, i) => (i === start ? '2021-02-30' : v))
            : r,
      );
    mirror.files.set(path, Buffer.from([header!, ...cut].map((r) => csvLine(r)).join('\n') + '\n'));
    try {
      const table = await updateCli([], { home: options.home });
      assert.equal(table.error, undefined, String(table.error));
      const month8 = (await store.listImports()).at(-1)!;
      assert.deepEqual([month8.version, month8.warnings], ['26.0.8', 1]);
      assert.ok(
        table.err.includes(
          `ucdp-candidate 26.0.8: 1 row kept with warnings: faultline rejections ${month8.id} --warnings\n`,
        ),
        table.err,
      );
      assert.equal(month8.rejected, 1);
      assert.ok(
        table.err.includes(`ucdp-candidate 26.0.8: 1 rejected row: faultline rejections ${month8.id}\n`),
        table.err,
      );
      const json = await updateCli(['--format', 'json'], { home: options.home });
      const { files } = JSON.parse(json.out) as { files: { version: string; warnings: number }[] };
      assert.equal(files.find((f) => f.version === '26.0.8')!.warnings, 1);
    } finally {
      mirror.files.delete(path);
    }
  });

  it("a truncated zip and a zip with an unexpected member fail in one line as the remote service's fault (exit 5); the store is unchanged", async () => {
    const before = await snapshot();
    const good = mirror.files.get('ged/ged261-csv.zip') as Buffer;
    mirror.files.set('ged/ged261-csv.zip', good.subarray(0, good.length - 200));
    await assert.rejects(runUpdate(store, await planUpdate(options), options), (e: unknown) => {
      assert.match(
        String(e),
        new RegExp(`^RemoteError: "${server.url}/ged/ged261-csv\\.zip": not a readable zip: `),
      );
      assert.equal(exitCodeFor(e), 5);
      return true;
    });
    mirror.files.set(
      'ged/ged261-csv.zip',
      await zip({ 'GEDEvent_v26_1.csv': gedCsv(), 'setup.exe': Buffer.from('MZ') }),
    );
    await assert.rejects(
      runUpdate(store, await planUpdate(options), options),
      new RegExp(
        `^RemoteError: "${server.url}/ged/ged261-csv\\.zip": expected one CSV file in the zip, found GEDEvent_v26_1\\.csv, setup\\.exe$`,
      ),
    );
    assert.deepEqual(await snapshot(), before);
    mirror.files.set('ged/ged261-csv.zip', good);
  });

  it('a downloads folder that cannot be made fails in one line naming it, as the store side (exit 4), before any download', async () => {
    const home = mkdtempSync(join(TEMP, 'update-'));
    writeFileSync(join(home, 'downloads'), 'a file where the folder goes\n');
    const gets = server.seen.filter((r) => r.method === 'GET').length;
    const error = await runUpdate(store, { files: [], skipped: [], warnings: [] }, { ...options, home }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.equal(
      String(error),
      `StoreError: cannot create "${join(home, 'downloads', 'ucdp', 'filtered')}": ENOTDIR: not a directory`,
    );
    assert.equal(exitCodeFor(error), 4);
    assert.equal(server.seen.filter((r) => r.method === 'GET').length, gets);
  });

  it('an unreachable mirror fails in one line naming the URL', async () => {
    await assert.rejects(
      planUpdate({ baseUrl: 'http://127.0.0.1:9/', today, retries: 1, backoffMs: 1 }),
      /^RemoteError: cannot reach "http:\/\/127\.0\.0\.1:9\/ged\/ged261-csv\.zip": /,
    );
  });

  it('a new final release removes the stored GED events UCDP withdrew from it, and more than 5% needs allowRemovals', async () => {
    const { header, rows } = releaseRows();
    const ids = rows.map((r) => r[header.indexOf('id')]!);
    const good = mirror.files.get('ged/ged261-csv.zip') as Buffer;
    mirror.files.set(
      'ged/ged261-csv.zip',
      await zip({ 'GEDEvent_v26_1.csv': gedCsv(new Set(ids.slice(0, 3))) }),
    );
    // The final release alone: the Candidate files after it are already imported.
    const gedOnly = { files: (await planUpdate(options)).files.slice(0, 1), skipped: [], warnings: [] };
    const done = await runUpdate(store, gedOnly, options);
    assert.deepEqual([done[0]!.status, done[0]!.removed], ['imported', 3]);
    assert.equal(await store.countEvents({ source: ['ucdp-ged'] }), rows.length - 3);
    const before = await snapshot();
    const half = new Set(ids.slice(0, rows.length >> 1));
    mirror.files.set('ged/ged261-csv.zip', await zip({ 'GEDEvent_v26_1.csv': gedCsv(half) }));
    const refused = await runUpdate(store, gedOnly, options).then(
      () => '',
      (e: Error) => e.message,
    );
    const m = /would remove (\d+) of (\d+) stored ucdp-ged events, .* --allow-removals (\d+)$/.exec(refused);
    assert.ok(m && m[1] === m[3] && Number(m[2]) === rows.length - 3, refused);
    assert.ok(Number(m[1]) > (rows.length - 3) * 0.05);
    assert.deepEqual(await snapshot(), before);
    mirror.files.set('ged/ged261-csv.zip', good);
  });

  it('a final release older than the stored one (the newer one answering 403) is never imported: it is skipped and said in a dry run, the table and the answer', async () => {
    // GED 26.1 is stored (earlier tests): a mirror that forbids it offers 25.1 in its place.
    mirror.files.set('ged/ged251-csv.zip', await zip({ 'GEDEvent_v25_1.csv': gedCsv() }));
    mirror.forbidden = new Set(['ged/ged261-csv.zip']);
    try {
      const url = `${server.url}/ged/ged251-csv.zip`;
      const reason =
        'GED 25.1 is older than the stored GED 26.1: importing it would bring back events 26.1 withdrew; not downloaded or imported (faultline import --allow-older imports it anyway)';
      const ged = await store.countEvents({ source: ['ucdp-ged'] });
      const home = mkdtempSync(join(TEMP, 'update-'));
      const dry = await updateCli(['--dry-run', '--format', 'json'], { home });
      assert.equal(dry.error, undefined, String(dry.error));
      const planned = JSON.parse(dry.out) as {
        files: { kind: string }[];
        skipped: { url: string; reason: string }[];
        warnings: string[];
      };
      assert.deepEqual(planned.skipped[0], { url, reason });
      assert.ok(planned.files.every((f) => f.kind === 'candidate'));
      // The 403 warning says what happens to 25.1 (skipped), never that it was planned in 26.1's place.
      const warning = `"${server.url}/ged/ged261-csv.zip" answered HTTP 403: that final release may exist but was not reachable; the older GED 25.1 found in its place is skipped, not imported: the store holds the newer GED 26.1 (faultline import --allow-older imports it anyway)`;
      assert.deepEqual(planned.warnings, [warning]);
      assert.equal(dry.err, `warning: ${warning}\n`);
      const run = await updateCli([], { home });
      assert.equal(run.error, undefined, String(run.error));
      assert.ok(run.err.startsWith(`warning: ${warning}\n`), run.err);
      assert.ok(!run.err.includes('planned GED 25.1'), run.err);
      assert.ok(run.out.includes(`skipped "${url}": ${reason}\n`), run.out);
      assert.ok(!/ ucdp-ged /.test(run.out), run.out);
      assert.equal(await store.countEvents({ source: ['ucdp-ged'] }), ged);
      assert.ok(!server.seen.some((r) => r.method === 'GET' && r.url === '/ged/ged251-csv.zip'));
      // runUpdate itself refuses a plan that holds it (one line, exit 2) before any download.
      const refused = await runUpdate(store, await planUpdate(options), options).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.equal((refused as Error).message, `"${url}": ${reason}`);
      assert.equal(exitCodeFor(refused), 2);
    } finally {
      mirror.forbidden = new Set();
      mirror.files.delete('ged/ged251-csv.zip');
    }
  });

  it('a download cut mid-way is said on stderr before it is tried again (it was a silent wait), and the update goes on', async () => {
    const path = 'candidateged/GEDEvent_v26_0_8.csv';
    const month7 = CANDIDATE('GEDEvent_v26_0_7_PAK_AFG.csv').toString('utf8').split('\n');
    mirror.files.set(path, Buffer.from(month7.slice(0, 61).join('\n') + '\n'));
    mirror.cutOnce.add(path);
    waits.length = 0;
    try {
      // The home of the earlier tests: their files are kept (304), so only the new month is downloaded.
      const run = await updateCli([], { home: options.home });
      assert.equal(run.error, undefined, String(run.error));
      assert.match(
        run.err,
        new RegExp(
          `^attempt 1 of 5 failed: download of "${server.url}/${path}": network error \\([^)]+\\); trying again in 0\\.5 s$`,
          'm',
        ),
      );
      assert.deepEqual(waits, [500], 'the retry waits the 0.5 s its notice says');
      assert.ok(/ ucdp-candidate +26\.0\.8 /.test(run.out), run.out);
    } finally {
      mirror.files.delete(path);
    }
  });
});
