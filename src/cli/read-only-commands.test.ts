// test-run: alone, about 8 s (another process holds the bundled store; a forecast and a briefing run)
/**
 * Commands that only read open the store read-only, so several can run at once on one file: a
 * series in one terminal while a forecast runs in another. Each runs in this process (as the binary
 * does: src/cli/lazy-store.ts) while another process holds the file read-only, which refuses any
 * open for writing.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { bundledStoreCopy } from '../../test/helpers/bundled-store.ts';
import { runProgram } from '../../test/helpers/in-process-cli.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLAIMS = fileURLToPath(new URL('../../examples/claims/ttp-essay.yaml', import.meta.url));

/** What an analyst runs beside a long command; each only reads. */
const READS: readonly string[][] = [
  ['events', '--country', 'PAK', '--limit', '5', '--format', 'json'],
  ['series', '--country', 'PAK', '--from', '2020', '--to', '2021', '--format', 'json'],
  ['compare', '--country', 'PAK', '--period1', '2020', '--period2', '2021', '--format', 'json'],
  ['changepoints', '--country', 'PAK', '--format', 'json'],
  ['signals', '--country', 'PAK', '--format', 'json'],
  ['index', '--from', '2021-01-01', '--to', '2021-12-31', '--format', 'json'],
  ['network', '--from', '2021-01-01', '--format', 'json'],
  ['deadliest', '--limit', '3', '--format', 'json'],
  ['border', '--from', '2021-01', '--format', 'json'],
  ['relations', 'PAK', 'AFG', '--from', '2021-01-01', '--to', '2021-12-31', '--format', 'json'],
  ['indicators', '--format', 'json'],
  ['claims', 'check', CLAIMS, '--format', 'json'],
  // Events, not deaths: the same read-only command without the bottom-up province model (a sixth of the CPU).
  [
    'forecast',
    ...['--country', 'PAK', '--level', 'country', '--metric', 'events', '--draws', '200', '--seed', '1'],
    ...['--format', 'json'],
  ],
  ['brief', '--period', '2021', '--format', 'json'],
  ['sources', '--format', 'json'],
  ['gaps', '--format', 'json'],
  ['desk', 'list', '--format', 'json'],
  ['desk', 'queue', '--format', 'json'],
  ['desk', 'audit', '--format', 'json'],
  ['keys', 'list', '--format', 'json'],
  ['alerts', 'list', '--format', 'json'],
  ['alerts', 'deliveries', '--format', 'json'],
  ['alerts', 'rules', 'list', '--format', 'json'],
  ['boundaries', 'list', '--format', 'json'],
  ['geo', 'summary', '--format', 'json'],
];

describe('read commands beside another process reading the same store', () => {
  let db: string;
  let holder: ChildProcess;
  // The binary run as a writer beside the holder: it waits 5 s for a server to announce itself,
  // then refuses; started in before() so the wait overlaps the tests below.
  let busy: Promise<[number | null, string]>;
  before(async () => {
    db = await bundledStoreCopy();
    holder = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { DuckDBInstance } = await import('@duckdb/node-api');
        await DuckDBInstance.create(process.argv[1], { access_mode: 'READ_ONLY' });
        console.log('holding');
        setInterval(() => {}, 1000);`,
        db,
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const [line] = (await once(holder.stdout!, 'data')) as [Buffer];
    assert.equal(line.toString().trim(), 'holding');
    const writer = spawn(process.execPath, [join(ROOT, 'bin/faultline.js'), 'disagreements', '--db', db], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    writer.stderr!.on('data', (d: Buffer) => void (stderr += d.toString()));
    busy = once(writer, 'close').then(([code]) => [code as number | null, stderr]);
  });
  after(() => {
    holder?.kill();
    rmSync(dirname(db), { recursive: true, force: true });
  });

  it('a command that writes cannot open the store for writing (the holder keeps writers out)', async () => {
    const r = await runProgram({ FAULTLINE_DB: db }, ['disagreements', '--format', 'json']);
    assert.notEqual(r.status, 0, r.stdout.slice(0, 200));
    // The binary then names the holder: `store ... is busy: process N has it open` (cli/forward.ts).
    assert.match(r.stderr, /Conflicting lock is held/);
  });

  it('an export to Parquet (DuckDB writes the file, not the store) runs', async () => {
    const out = join(dirname(db), 'events.parquet');
    const r = await runProgram({ FAULTLINE_DB: db }, [
      'events',
      '--country',
      'PAK',
      '--format',
      'parquet',
      '--output',
      out,
    ]);
    assert.equal(r.status, 0, r.stderr.slice(0, 300));
    assert.match(r.stderr + r.stdout, /wrote [\d,]+ events/);
    assert.ok(statSync(out).size > 1000);
  });

  for (const args of READS)
    it(`faultline ${args.filter((a) => a !== CLAIMS).join(' ')} runs and answers`, async () => {
      const r = await runProgram({ FAULTLINE_DB: db }, args);
      assert.equal(r.status, 0, `${r.stderr.slice(0, 300)}`);
      assert.doesNotThrow(() => JSON.parse(r.stdout), r.stdout.slice(0, 200));
    });

  it('the binary, as a writer, refuses in one line quoting the store and naming the holder (exit 4)', async () => {
    assert.deepEqual(await busy, [
      4,
      `faultline: store "${db}" is busy: process ${holder.pid} has it open; try again when it is done, or keep \`faultline serve\` running so commands share the store\n`,
    ]);
  });
});

describe('a command that only reads, given a store file that does not exist', () => {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-typo-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const refusal = (db: string) =>
    `faultline: no store at "${db}": nothing is imported there (run \`faultline start\` to import the bundled data, or \`faultline import FILE\`; --db or FAULTLINE_DB names another store)\n`;

  it('in a directory that exists: says there is no store there (exit 4) and makes no file', async () => {
    const typo = join(dir, 'stroe.duckdb');
    for (const args of [
      ['events', '--limit', '1'],
      ['sources', '--format', 'csv'],
      ['series', '--from', '2021'],
      ['desk', 'list'],
      ['desk', 'queue'],
      ['desk', 'audit'],
      ['desk', 'show', '1'],
      ['keys', 'list', '--format', 'json'],
      ['alerts', 'list'],
      ['alerts', 'deliveries'],
      ['alerts', 'rules', 'list'],
      ['boundaries', 'list'],
      ['geo', 'summary'],
      ['geo', 'unplaced'],
      ['geo', 'disagreements'],
      // It may keep links it computes, so it opens the store for writing, but only one that exists.
      ['disagreements'],
      ['event', 'ucdp-ged:1'],
    ]) {
      const r = await runProgram({ FAULTLINE_DB: typo }, args);
      assert.deepEqual([r.status, r.stdout, r.stderr], [4, '', refusal(typo)], args.join(' '));
    }
    assert.deepEqual(readdirSync(dir), []);
  });

  it('a command that writes, given bad input, refuses it before the store is made', async () => {
    const typo = join(dir, 'stroe.duckdb');
    for (const [args, message] of [
      [
        ['keys', 'create', '--role', 'superuser'],
        'invalid --role: "superuser" (use viewer, analyst, reviewer or admin)',
      ],
      [
        ['desk', 'add', '--date', '2099-99-99'],
        'invalid --date: "2099-99-99" (use YYYY-MM-DD, or --date "" to clear it)',
      ],
      [['import', join(dir, 'no-such.csv')], `no such file: "${join(dir, 'no-such.csv')}"`],
      [
        ['desk', 'submit', '1', '--key', ''],
        'invalid key: "" (an empty key; give an API key from faultline keys create, or leave out --key and FAULTLINE_API_KEY to act as the local admin)',
      ],
      // In plain digits, with the range to give (it said only `invalid port: "1e6"`, and took 0x50 as port 80).
      [['serve', '--port', '1e6'], 'invalid --port: "1e6" (use an integer from 0 to 65535)'],
      [['serve', '--port', '0x50'], 'invalid --port: "0x50" (use an integer from 0 to 65535)'],
      // --rate-limit too (Number() took 0x10, 1e3 and " 5 "), and in --port a padded number.
      [
        ['serve', '--rate-limit', '0x10'],
        'invalid --rate-limit: "0x10" (use an integer from 1 to 1000000000)',
      ],
      [['serve', '--rate-limit', '1e3'], 'invalid --rate-limit: "1e3" (use an integer from 1 to 1000000000)'],
      [['start', '--rate-limit', ' 5 '], 'invalid --rate-limit: " 5 " (use an integer from 1 to 1000000000)'],
      [['serve', '--port', ' 80 '], 'invalid --port: " 80 " (use an integer from 0 to 65535)'],
      // An empty --host (an unset variable in a script) listened on every interface, not refused.
      [
        ['serve', '--host', ''],
        'invalid --host: "" (give an address to listen on, such as 127.0.0.1, or leave the flag out)',
      ],
      [
        ['start', '--host', ' '],
        'invalid --host: " " (give an address to listen on, such as 127.0.0.1, or leave the flag out)',
      ],
    ] as const) {
      const r = await runProgram({ FAULTLINE_DB: typo }, args);
      assert.deepEqual([r.status, r.stdout, r.stderr], [2, '', `faultline: ${message}\n`], args.join(' '));
    }
    // Headers allowed longer than the whole request: Node refused to listen (ERR_OUT_OF_RANGE), naming neither.
    for (const [env, message] of [
      [
        { FAULTLINE_HEADERS_TIMEOUT_MS: '3600000' },
        'invalid setting FAULTLINE_HEADERS_TIMEOUT_MS: "3600000" (at most the whole request\'s time limit, FAULTLINE_REQUEST_TIMEOUT_MS: 1800000 ms, the default)',
      ],
      [
        { FAULTLINE_HEADERS_TIMEOUT_MS: '5000', FAULTLINE_REQUEST_TIMEOUT_MS: '4000' },
        'invalid setting FAULTLINE_HEADERS_TIMEOUT_MS: "5000" (at most the whole request\'s time limit, FAULTLINE_REQUEST_TIMEOUT_MS: 4000 ms)',
      ],
    ] as const)
      for (const command of ['serve', 'start']) {
        const r = await runProgram({ FAULTLINE_DB: typo, ...env }, [command, '--port', '18136']);
        assert.deepEqual([r.status, r.stdout, r.stderr], [2, '', `faultline: ${message}\n`], command);
      }
    assert.deepEqual(readdirSync(dir), []);
  });

  it('a command that writes still makes the store', async () => {
    const db = join(dir, 'new', 'store.duckdb');
    const r = await runProgram({ FAULTLINE_DB: db }, ['keys', 'create', '--role', 'viewer']);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(db));
    const list = await runProgram({ FAULTLINE_DB: db }, ['keys', 'list', '--format', 'json']);
    assert.deepEqual(
      JSON.parse(list.stdout).keys.map((k: { role: string }) => k.role),
      ['viewer'],
    );
    // And once it exists, a read answers from it.
    assert.equal((await runProgram({ FAULTLINE_DB: db }, ['sources', '--format', 'json'])).status, 0);
  });
});
