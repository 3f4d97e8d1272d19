import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { crc32 } from 'node:zlib';
import { registeredCommand, runCli } from '../../test/helpers/in-process-cli.ts';
import { startLocalServer, type LocalServer } from '../../test/helpers/local-server.ts';
import { registerFetch } from '../cli/commands/fetch.ts';
import { exitCodeFor, failureLine } from '../cli/fail.ts';
import { registerRelations } from '../cli/commands/relations.ts';
import type { RelationsAnswer } from './answers.ts';
import { GDELT_GAP_KINDS, GDELT_GAP_MEANINGS } from '../domain/gdelt-gap-kind.ts';
import { relationsFigures } from './claims/relations-figures.ts';
import { createStore } from '../storage/index.ts';
import type { Store } from '../storage/store.ts';
import { md5, realGdeltRows, zipOf } from '../../test/helpers/gdelt-rows.ts';

// Every temporary folder below is made in this one, removed after the file's tests (a run by hand left them).
const TEMP = mkdtempSync(join(tmpdir(), 'faultline-gdelt-walk-test-'));
after(() => rmSync(TEMP, { recursive: true, force: true }));

// A daily user's run of `faultline fetch gdelt` against a local copy of GDELT's folder: the lists,
// five 15-minute exports of 2025-08-06, one of them missing (404) and one damaged upstream (its md5
// in the list is the damaged file's, so only the zip itself can tell).

/** The first real GDELT row (src/ingest/gdelt/fixtures/README.md) as a template. */
const template = realGdeltRows()[0]!.split('\t');

/** A synthetic row: the template with its id, actors' countries, QuadClass, Goldstein, mentions and DATEADDED replaced. */
function row(
  id: number,
  slice: string,
  actor1: string,
  actor2: string,
  quad: number,
  goldstein: number,
): string {
  const f = [...template];
  [f[0], f[1], f[7], f[17], f[29], f[30], f[31], f[53], f[59], f[60]] = [
    String(id),
    slice.slice(0, 8),
    actor1,
    actor2,
    String(quad),
    String(goldstein),
    '2',
    '',
    slice,
    `https://example.org/synthetic/${id}`,
  ];
  return f.join('\t');
}

const hex = (n: number) => n.toString(16).padStart(8, '0');

const SLICES = ['20250806113000', '20250806114500', '20250806120000', '20250806121500', '20250806123000'];
const MISSING = '20250806120000';
const DAMAGED = '20250806121500';

describe('a daily fetch of GDELT exports, run twice, and the relations barometer after it', () => {
  let server: LocalServer;
  const files = new Map<string, Buffer>();
  let crcs = { recorded: '', actual: '' };
  before(async () => {
    let id = 1;
    for (const s of SLICES) {
      // Each export: one PAK-AFG material conflict, one AFG-PAK verbal cooperation, one row of another pair.
      const text = [
        row(id++, s, 'PAK', 'AFG', 4, -10),
        row(id++, s, 'AFG', 'PAK', 1, 3),
        row(id++, s, 'USA', 'GBR', 1, 1),
      ].join('\n');
      const data = Buffer.from(`${text}\n`);
      if (s !== DAMAGED) files.set(s, await zipOf(`${s}.export.CSV`, data));
      else {
        // Stored, not deflated, with one bit of the second row's event id flipped: the sizes still
        // agree, only the CRC-32 tells (yauzl, which reads the zip, checks sizes but not the CRC).
        const zip = await zipOf(`${s}.export.CSV`, data, false);
        const start = zip.indexOf(data);
        zip[start + data.indexOf('\n') + 1]! ^= 0x01;
        crcs = { recorded: hex(crc32(data)), actual: hex(crc32(zip.subarray(start, start + data.length))) };
        files.set(s, zip);
      }
    }
    server = await startLocalServer((req, res) => {
      const line = (s: string) =>
        `${files.get(s)!.length} ${md5(files.get(s)!)} ${server.url}/${s}.export.CSV.zip`;
      if (req.url === '/masterfilelist.txt')
        return void res.end(SLICES.slice(0, -1).map(line).join('\n') + '\n');
      if (req.url === '/lastupdate.txt') return void res.end(line(SLICES.at(-1)!) + '\n');
      const s = /^\/(\d{14})\.export\.CSV\.zip$/.exec(req.url)?.[1] ?? '';
      if (!files.has(s) || s === MISSING) {
        res.writeHead(404);
        return void res.end();
      }
      res.writeHead(200, {
        'content-length': String(files.get(s)!.length),
        'content-type': 'application/zip',
      });
      res.end(files.get(s));
    });
  });
  after(() => server.close());

  let store: Store;
  const env: Record<string, string> = {};
  before(async () => {
    store = await createStore({ path: ':memory:' });
    env.FAULTLINE_HOME = mkdtempSync(join(TEMP, 'gdelt-walk-'));
    env.GDELT_BASE_URL = server.url;
  });
  after(() => store.close());
  const fetchGdelt = (...more: string[]) =>
    runCli(
      store,
      [registerFetch],
      [
        'fetch',
        'gdelt',
        '--from',
        '2025-08-06T11:30',
        '--to',
        '2025-08-06T12:30',
        '--countries',
        'PAK,AFG',
        ...more,
      ],
      env,
    );

  it('a missing export and a damaged one are gaps, each with its reason, and nothing of the damaged one is imported', async () => {
    const r = await fetchGdelt('--format', 'json');
    assert.equal(r.error, undefined, 'gaps are reported, not fatal (exit 0)');
    const answer = JSON.parse(r.out) as {
      listed: number;
      imported: number;
      accepted: number;
      gaps: { slice: string; kind: string; reason: string }[];
    };
    assert.deepEqual([answer.listed, answer.imported, answer.accepted], [5, 3, 6]);
    // GDELT serves the damaged zip with the md5 its list gives: `damaged`, GDELT's, not `import` (ours).
    assert.deepEqual(answer.gaps, [
      {
        slice: MISSING,
        kind: 'missing-upstream',
        reason: `download failed: "${server.url}/${MISSING}.export.CSV.zip": HTTP 404 (not published)`,
      },
      {
        slice: DAMAGED,
        kind: 'damaged',
        reason: `import failed: "${DAMAGED}.export.CSV.zip": not a readable zip: "${DAMAGED}.export.CSV" is damaged (its CRC-32 is ${crcs.actual}, the zip records ${crcs.recorded})`,
      },
    ]);
    const imports = await store.listImports();
    // Sorted: the exports download and import several at once, so the ledger's order varies.
    assert.deepEqual(
      imports.map((i) => i.version).sort(),
      ['20250806113000', '20250806114500', '20250806123000'],
      'the damaged export is refused whole: no ledger entry, no row',
    );
  });

  it('the second run fetches nothing new and says so', async () => {
    const r = await fetchGdelt();
    assert.equal(r.error, undefined);
    const [head, , values] = r.out.split('\n');
    const table = Object.fromEntries(
      head!
        .trim()
        .split(/\s+/)
        .map((k, i) => [k, values!.trim().split(/\s+/)[i]]),
    );
    assert.deepEqual([table.listed, table.imported, table.already_imported], ['5', '0', '3']);
    assert.match(
      r.err,
      /\nnothing new: 3 of the 5 exports listed for the period were imported before; the other 2 are gaps \(listed above\)\n$/,
    );
    assert.equal((await store.listImports()).length, 3);
  });

  const period = (from: string, to: string, ...more: string[]) =>
    runCli(
      store,
      [registerFetch],
      ['fetch', 'gdelt', '--from', from, '--to', to, '--countries', 'PAK,AFG', ...more],
      env,
    );

  it('a period whose every export fails exits 5 after its answer; one with nothing listed, or partly fetched before, exits 0', async () => {
    // 12:00 is missing upstream (404), 12:15 damaged: nothing of the period can be imported.
    const json = await period('2025-08-06T12:00', '2025-08-06T12:15', '--format', 'json');
    const answer = JSON.parse(json.out) as { listed: number; imported: number; gaps: { slice: string }[] };
    assert.deepEqual(
      [answer.listed, answer.imported, answer.gaps.map((g) => g.slice)],
      [2, 0, [MISSING, DAMAGED]],
      'the answer is printed first',
    );
    const failure = `nothing imported: all 2 exports listed for the period failed (${MISSING}: download failed: "${server.url}/${MISSING}.export.CSV.zip": HTTP 404 (not published); the gaps list every one)`;
    assert.equal(failureLine(json.error), `faultline: ${failure}\n`);
    assert.equal(exitCodeFor(json.error), 5, 'a remote service failed');
    const table = await period('2025-08-06T12:00', '2025-08-06T12:15');
    assert.equal(exitCodeFor(table.error), 5);
    assert.match(
      table.err,
      new RegExp(
        `^  gap ${MISSING} \\(missing-upstream\\): download failed: [^\n]+\n  gap ${DAMAGED} \\(damaged\\): import failed: [^\n]+\n2 slices of the period are missing \\(listed above; by kind: missing-upstream 1, damaged 1\\)\n$`,
      ),
    );
    const one = await period('2025-08-06T12:00', '2025-08-06T12:00');
    assert.match(
      one.err,
      /\n1 slice of the period is missing \(listed above; by kind: missing-upstream 1\)\n$/,
      'one slice, in the singular',
    );
    assert.doesNotMatch(table.err, /nothing new/);
    // Exported after the newest listed slice: nothing to fetch is no failure.
    const later = await period('2025-08-06T13:00', '2025-08-06T13:15', '--format', 'json');
    assert.equal(later.error, undefined);
    assert.equal((JSON.parse(later.out) as { listed: number }).listed, 0);
    // One export imported before and the other failing: exit 0, the failure a listed gap.
    const some = await period('2025-08-06T11:45', '2025-08-06T12:00', '--format', 'json');
    assert.equal(some.error, undefined);
    const a = JSON.parse(some.out) as { already_imported: number; gaps: { slice: string }[] };
    assert.deepEqual([a.already_imported, a.gaps.map((g) => g.slice)], [1, [MISSING]]);
    assert.match(
      (await period('2025-08-06T11:45', '2025-08-06T12:00')).err,
      /\nnothing new: 1 of the 2 exports listed for the period was imported before; the other 1 is a gap \(listed above\)\n$/,
      'one imported before and one gap, in the singular',
    );
  });

  it('a period whose exports fail on this machine (no temporary folder can be made) exits 4, not 5, naming the import that failed', async () => {
    // TMPDIR names a file: the damaged export's zip cannot be unzipped here, whatever GDELT serves.
    const file = join(mkdtempSync(join(TEMP, 'gdelt-walk-tmp-')), 'a-file');
    writeFileSync(file, '');
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = file;
    let json: Awaited<ReturnType<typeof period>>;
    let table: Awaited<ReturnType<typeof period>>;
    try {
      json = await period('2025-08-06T12:00', '2025-08-06T12:15', '--format', 'json');
      table = await period('2025-08-06T12:00', '2025-08-06T12:15');
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
    const answer = JSON.parse(json.out) as { imported: number; gaps: { slice: string; kind: string }[] };
    assert.deepEqual(
      answer.gaps.map((g) => [g.slice, g.kind]),
      [
        [MISSING, 'missing-upstream'],
        [DAMAGED, 'import'],
      ],
      'the answer is printed first, each gap with its kind',
    );
    const reason = `import failed: "${DAMAGED}.export.CSV.zip": cannot create "${file}/faultline-gdelt-XXXXXX": ENOTDIR: not a directory`;
    assert.equal(
      failureLine(json.error),
      `faultline: nothing imported: all 2 exports listed for the period failed, 1 of them on this machine (${DAMAGED}: ${reason}; the gaps list every one)\n`,
    );
    assert.equal(exitCodeFor(json.error), 4, 'a file this machine could not write: not the remote service');
    assert.equal(exitCodeFor(table.error), 4);
    assert.match(
      table.err,
      /\n2 slices of the period are missing \(listed above; by kind: missing-upstream 1, import 1\)\n$/,
    );
    assert.deepEqual(
      (await store.listGdeltGaps!()).filter((g) => g.slice === DAMAGED).map((g) => g.kind),
      ['import'],
      'the store keeps the kind',
    );
  });

  it('a download this machine cannot write (a full disk) is a gap of kind import, kept in the store, and the fetch goes on; nothing imported exits 4', async () => {
    // A fresh home whose first export's .part file is /dev/full: every write to it fails with ENOSPC,
    // as on a full disk (the kernel's own failure, not a stand-in).
    const home = mkdtempSync(join(TEMP, 'gdelt-walk-full-'));
    const dir = join(home, 'downloads', 'gdelt');
    mkdirSync(dir, { recursive: true });
    const first = SLICES[0]!;
    const part = join(dir, `${first}.export.CSV.zip.part`);
    symlinkSync('/dev/full', part);
    const run = (to: string, ...more: string[]) =>
      runCli(
        store,
        [registerFetch],
        ['fetch', 'gdelt', '--from', '2025-08-06T11:30', '--to', to, '--countries', 'PAK,AFG', ...more],
        { ...env, FAULTLINE_HOME: home },
      );
    const reason = `download failed: cannot write "${part}": ENOSPC: no space left on device`;
    const alone = await run('2025-08-06T11:30', '--format', 'json');
    const answer = JSON.parse(alone.out) as { imported: number; gaps: unknown[] };
    assert.deepEqual(answer.gaps, [{ slice: first, kind: 'import', reason }]);
    assert.equal(
      failureLine(alone.error),
      `faultline: nothing imported: the 1 export listed for the period failed on this machine (${first}: ${reason}; the gaps list every one)\n`,
    );
    assert.equal(
      exitCodeFor(alone.error),
      4,
      "a full disk is this machine's failure, not the remote service's",
    );
    // With the next export beside it: that one is fetched (its bytes imported before), the full one a gap, exit 0.
    const both = await run('2025-08-06T11:45');
    assert.equal(both.error, undefined, both.err);
    assert.match(both.err, new RegExp(`^  gap ${first} \\(import\\): download failed: cannot write `, 'm'));
    assert.match(both.err, /\n1 slice of the period is missing \(listed above; by kind: import 1\)\n/);
    assert.deepEqual(
      (await store.listGdeltGaps!())
        .filter((g) => g.slice === first)
        .map(({ slice, kind, reason }) => ({ slice, kind, reason })),
      [{ slice: first, kind: 'import', reason }],
      'the store keeps the gap',
    );
  });

  it('fetch gdelt --help names every gap kind with what it means, and the exit codes', () => {
    const cmd = registeredCommand(store, [registerFetch], ['fetch', 'gdelt']);
    let text = '';
    cmd.configureOutput({ writeOut: (t) => void (text += t) });
    cmd.outputHelp();
    for (const kind of GDELT_GAP_KINDS)
      assert.match(
        text,
        new RegExp(`\\n  ${kind} +${GDELT_GAP_MEANINGS[kind].replace(/[()]/g, '\\$&')}\\n`),
        kind,
      );
    assert.match(text, /4 if one\nfailed on this machine \(kind import\), else 5/);
  });

  it('relations PAK AFG then says what the barometer counts and from how many files, and a day no file was read for is not covered, not 0', async () => {
    const args = [
      'relations',
      'PAK',
      'AFG',
      '--from',
      '2025-08-05',
      '--to',
      '2025-08-07',
      '--interval',
      'day',
    ];
    const json = await runCli(store, [registerRelations], [...args, '--format', 'json']);
    assert.equal(json.error, undefined, json.err);
    const r = JSON.parse(json.out) as RelationsAnswer;
    const s = r.series.find((x) => x.source.kind === 'faultline_barometer')!;
    const pick = (p: RelationsAnswer['series'][0]['points'][0]) => [
      p.period,
      p.days_covered,
      p.files,
      p.volume,
      p.events,
      p.material_conflict,
      p.verbal_cooperation,
      p.value,
    ];
    // 3 exports of 3 rows read on 2025-08-06 (the missing and the damaged one left out): per export a
    // PAK-AFG event (Goldstein -10) and an AFG-PAK one (+3), 2 mentions each: 1,000 x 3 x (-20 + 6) / 9.
    assert.deepEqual(s.points.map(pick), [
      ['2025-08-05', 0, null, null, null, null, null, null],
      ['2025-08-06', 1, 3, 9, 6, 3, 3, -4666.6667],
      ['2025-08-07', 0, null, null, null, null, null, null],
    ]);
    assert.equal(r.meta.coverage_status, 'partly_covered');
    assert.deepEqual(r.meta.uncovered, [
      { from: '2025-08-05', to: '2025-08-05' },
      { from: '2025-08-07', to: '2025-08-07' },
    ]);
    assert.ok(
      r.meta.notes.includes(
        "faultline-gdelt-barometer: 1 day covered was read from fewer than the 96 exports GDELT publishes a day (2025-08-06: 3 of 96); its volume and events count only those files' rows (value, a ratio of the same rows, less so); faultline fetch gdelt --from 2025-08-06 --to 2025-08-06 fetches the rest, and lists as gaps what it cannot",
      ),
      r.meta.notes.join('\n'),
    );
    // The table says what its figures count and heads the files column.
    const table = await runCli(store, [registerRelations], args);
    assert.match(table.out.split('\n')[0]!, /\bvolume\s+files\s+events\b/);
    assert.match(
      table.err,
      /^counts: value = 1,000 x sum over the pair's GDELT events of GoldsteinScale x NumMentions, /m,
    );
    assert.match(
      table.err,
      /^note: faultline-gdelt-barometer: 1 day covered was read from fewer than the 96 exports/m,
    );
  });

  it('relations USA GBR, a pair the fetch kept neither country of, is not covered on the days read (null, not 0), and a note says how to import it', async () => {
    const json = await runCli(
      store,
      [registerRelations],
      [
        'relations',
        'USA',
        'GBR',
        '--from',
        '2025-08-06',
        '--to',
        '2025-08-06',
        '--interval',
        'day',
        '--format',
        'json',
      ],
    );
    assert.equal(json.error, undefined, json.err);
    const r = JSON.parse(json.out) as RelationsAnswer;
    const p = r.series.find((x) => x.source.kind === 'faultline_barometer')!.points[0]!;
    // Each export held a USA-GBR row, left out of scope by --countries PAK,AFG: it read as 0 events, value 0.
    assert.deepEqual([p.days_covered, p.volume, p.events, p.value], [0, null, null, null]);
    assert.equal(r.meta.coverage_status, 'not_covered');
    assert.ok(
      r.meta.notes.includes(
        'faultline-gdelt-barometer: 1 day of the period (2025-08-06) was read from GDELT files imported with --countries AFG,PAK, which keep neither GBR nor USA: not covered for this pair (null, not 0); faultline fetch gdelt --from 2025-08-06 --to 2025-08-06 --countries AFG,GBR,PAK,USA imports their rows of it',
      ),
      r.meta.notes.join('\n'),
    );
    // Claims read the same days: a claim about USA-GBR relations finds no value there, not a 0.
    const figure = (await relationsFigures(store, 'USA', 'GBR', '2025-08-06', '2025-08-06')).find(
      (f) => f.source === 'faultline-gdelt-barometer',
    )!;
    assert.deepEqual([figure.daysCovered, figure.value], [0, null]);
  });
});
