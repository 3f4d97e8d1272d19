// test-run: alone, about 9 s (spawns the CLI ten times)
/**
 * A directory the CLI cannot make is refused in one line, exit 2: Node 20's mkdir with
 * `recursive: true` looped for ever on /proc/x/y (a core spinning, the command never returning), so
 * each run here is the real binary under a kill timer.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bundledStoreCopy } from '../helpers/bundled-store.ts';

const BIN = new URL('../../bin/faultline.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'faultline-unmakeable-'));
const env: NodeJS.ProcessEnv = { ...process.env, FAULTLINE_HOME: join(dir, 'home') };
delete env.FAULTLINE_DB;
// Long enough for a loaded machine to start the CLI, far shorter than "for ever".
const KILL_AFTER_MS = 20_000;

/**
 * Runs the compiled CLI (with `more` settings added to its environment), killed (status null,
 * killed true) if it has not exited after KILL_AFTER_MS.
 */
function cli(
  args: readonly string[],
  more: NodeJS.ProcessEnv = {},
  prefix: readonly string[] = [],
): Promise<{ status: number | null; stderr: string; killed: boolean }> {
  return new Promise((resolve) => {
    const [command, ...rest] = [...prefix, process.execPath, BIN, ...args];
    const child = spawn(command!, rest, { env: { ...env, ...more }, cwd: dir });
    let stderr = '';
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, KILL_AFTER_MS);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stderr, killed });
    });
  });
}

/** Runs a command as root without the capabilities that let root write where the owner may not (util-linux's setpriv). */
const AS_OWNER_ONLY = [
  'setpriv',
  '--bounding-set=-dac_override,-dac_read_search',
  '--inh-caps=-dac_override,-dac_read_search',
];

const PROC = existsSync('/proc/self')
  ? false
  : 'no /proc here (not Linux): nothing refuses a level with ENOENT';

describe('a directory the CLI cannot make', () => {
  let db = '';
  before(async () => {
    db = await bundledStoreCopy();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it(
    'brief --out /proc/x/y exits 2 at once, quoting the path (it spun for ever)',
    { skip: PROC },
    async () => {
      const r = await cli([
        'brief',
        '--country',
        'PAK',
        '--period',
        '2021',
        '--no-pdf',
        '--out',
        '/proc/x/y',
        '--db',
        db,
      ]);
      assert.deepEqual(
        [r.killed, r.status, r.stderr],
        [
          false,
          2,
          `faultline: cannot write briefing to "/proc/x/y": the folder "/proc" does not take new folders\n`,
        ],
      );
    },
  );

  it(
    'events --output /proc/version exits 2 saying its folder takes no new files (it said "no such file or directory" of a file that exists)',
    { skip: PROC },
    async () => {
      const r = await cli([
        'events',
        '--country',
        'PAK',
        '--format',
        'csv',
        '--output',
        '/proc/version',
        '--db',
        db,
      ]);
      assert.deepEqual(
        [r.killed, r.status, r.stderr],
        [
          false,
          2,
          'faultline: cannot write "/proc/version": the folder "/proc" does not take new files (the new file is written there first, then renamed over the old one)\n',
        ],
      );
    },
  );

  it(
    '--db /proc/x/s.duckdb for a command that makes the store exits 2 at once, saying /proc takes no new folders (it spun for ever, then said ENOENT of mkdir)',
    { skip: PROC },
    async () => {
      for (const args of [
        ['start', '--no-serve'],
        ['keys', 'create', '--role', 'viewer'],
      ]) {
        const r = await cli([...args, '--db', '/proc/x/s.duckdb']);
        assert.deepEqual(
          [r.killed, r.status, r.stderr],
          [
            false,
            2,
            `faultline: cannot create the directory of store "/proc/x/s.duckdb": the folder "/proc" does not take new folders\n`,
          ],
          args.join(' '),
        );
      }
    },
  );

  it(
    'FAULTLINE_DB or FAULTLINE_HOME under /proc exits 2 in the same words, quoting the store (it said ENOENT of mkdir)',
    { skip: PROC },
    async () => {
      for (const [more, store] of [
        [{ FAULTLINE_DB: '/proc/x/s.duckdb' }, '/proc/x/s.duckdb'],
        [{ FAULTLINE_HOME: '/proc/x' }, '/proc/x/faultline.duckdb'],
      ] as const) {
        const r = await cli(['keys', 'create', '--role', 'viewer'], more);
        assert.deepEqual(
          [r.killed, r.status, r.stderr],
          [
            false,
            2,
            `faultline: cannot create the directory of store "${store}": the folder "/proc" does not take new folders\n`,
          ],
          JSON.stringify(more),
        );
      }
    },
  );

  it('a folder that does not let this user write is refused in one line, exit 2, saying so (the wording had no test: the tests run as root)', async () => {
    const locked = join(dir, 'locked');
    mkdirSync(locked, { mode: 0o555 });
    chmodSync(locked, 0o555);
    // Root writes anywhere: as root, the CLI runs without the capabilities that let it (setpriv, util-linux).
    const asUser = process.getuid?.() === 0 ? AS_OWNER_ONLY : [];
    const out = join(locked, 'out.csv');
    for (const [args, line] of [
      [
        ['events', '--country', 'PAK', '--format', 'csv', '--output', out],
        `cannot write "${out}": the folder "${locked}" does not let this user add or replace files (permission denied)`,
      ],
      [
        ['brief', '--country', 'PAK', '--period', '2021', '--no-pdf', '--out', join(locked, 'briefs')],
        `cannot write briefing to "${join(locked, 'briefs')}": the folder "${locked}" does not let this user add folders (permission denied)`,
      ],
    ] as const) {
      const r = await cli([...args, '--db', db], {}, asUser);
      assert.deepEqual([r.killed, r.status, r.stderr], [false, 2, `faultline: ${line}\n`], args[0]);
    }
  });

  it('events --output in a folder this user cannot write, with no store at --db, is refused for its output before the store is opened; nothing is made', async () => {
    const locked = join(dir, 'locked-before-store');
    mkdirSync(locked, { mode: 0o555 });
    chmodSync(locked, 0o555);
    const asUser = process.getuid?.() === 0 ? AS_OWNER_ONLY : [];
    const out = join(locked, 'out.csv');
    const none = join(dir, 'none.duckdb');
    // It opened the store first: "no store at ...", exit 4, and the folder was never tried.
    const r = await cli(
      ['events', '--country', 'PAK', '--format', 'csv', '--output', out, '--db', none],
      {},
      asUser,
    );
    assert.deepEqual(
      [r.killed, r.status, r.stderr],
      [
        false,
        2,
        `faultline: cannot write "${out}": the folder "${locked}" does not let this user add or replace files (permission denied)\n`,
      ],
    );
    assert.equal(existsSync(none), false, 'no store was made');
    assert.deepEqual(readdirSync(locked), []);
  });

  it('--db under a regular file exits 2, naming the file in the way (it was a bare ENOTDIR, exit 1, then ENOTDIR of stat)', async () => {
    writeFileSync(join(dir, 'plain'), 'x');
    const r = await cli([
      'keys',
      'create',
      '--role',
      'viewer',
      '--db',
      join(dir, 'plain', 'sub', 's.duckdb'),
    ]);
    assert.deepEqual(
      [r.status, r.stderr],
      [
        2,
        `faultline: cannot create the directory of store "${join(dir, 'plain', 'sub', 's.duckdb')}": "${join(dir, 'plain')}" is a file, not a folder\n`,
      ],
    );
  });
});
