import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gedStoreCopy } from '../../../test/helpers/bundled-store.ts';
import { registeredCommand, runCli, runProgram } from '../../../test/helpers/in-process-cli.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { createStore, type Store } from '../../storage/index.ts';
import { registerEvents } from './events.ts';

const FILTER = ['--country', 'PAK', '--from', '2021', '--to', '2021'];

describe('events --output', () => {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-output-'));
  let path = '';
  let store: Store;
  before(async () => {
    path = await gedStoreCopy({ placed: false });
    store = await createStore({ path });
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(dirname(path), { recursive: true, force: true });
  });
  const events = (...args: string[]) => runCli(store, [registerEvents], ['events', ...FILTER, ...args]);

  it('replaces an existing file whole, keeping its mode, and says so in --help', async () => {
    const out = join(dir, 'kept-mode.csv');
    writeFileSync(out, 'an older export, longer than a header line would be '.repeat(1000));
    chmodSync(out, 0o600);
    const r = await events('--format', 'csv', '--output', out);
    assert.equal(r.error, undefined);
    const fresh = await events('--format', 'csv');
    assert.equal(readFileSync(out, 'utf8'), fresh.out);
    assert.equal(statSync(out).mode & 0o777, 0o600);
    const help = registeredCommand(store, [registerEvents], ['events'])
      .helpInformation()
      .replace(/\s+/g, ' ');
    assert.match(help, /an existing file is replaced, only once the export is complete/);
  });

  it('says "wrote 1 event" when the export holds one (it said "wrote 1 events")', async () => {
    const out = join(dir, 'one.csv');
    const r = await events('--format', 'csv', '--limit', '1', '--output', out);
    assert.equal(r.error, undefined);
    assert.match(r.err, new RegExp(`^wrote 1 event to "${out.replaceAll('/', '\\/')}"\\n`));
    rmSync(out); // a later test lists the folder
  });

  it(
    'writes through to a device (/dev/null), never renaming over it',
    { skip: statSync('/dev/null', { throwIfNoEntry: false }) ? false : 'no /dev/null here' },
    async () => {
      const r = await events('--format', 'ndjson', '--output', '/dev/null');
      assert.equal(r.error, undefined);
      assert.ok(statSync('/dev/null').isCharacterDevice());
    },
  );

  it("refuses the store's own file and write-ahead log as --output, leaving both as they were", async () => {
    const before = readFileSync(path);
    for (const target of [path, `${path}.wal`]) {
      const r = await runCli(
        store,
        [registerEvents],
        ['events', ...FILTER, '--format', 'csv', '--output', target],
        {
          FAULTLINE_DB: path,
        },
      );
      assert.ok(r.error instanceof InvalidInputError, String(r.error));
      assert.match(
        String((r.error as Error).message),
        /^cannot write ".*": it is the store's own (database file|write-ahead log)/,
      );
    }
    assert.deepEqual(readFileSync(path), before);
    assert.deepEqual(
      readdirSync(dirname(path)).filter((f) => f.endsWith('.part')),
      [],
    );
  });

  it('refuses a path under a regular file in one line quoting it (exit 2)', async () => {
    writeFileSync(join(dir, 'plain'), 'x');
    const r = await events('--format', 'csv', '--output', join(dir, 'plain', 'x.csv'));
    assert.ok(r.error instanceof InvalidInputError);
    // It said "ENOTDIR: not a directory", naming no path.
    assert.equal(
      r.error.message,
      `cannot write "${join(dir, 'plain', 'x.csv')}": "${join(dir, 'plain')}" is a file, not a folder`,
    );
  });

  it('refuses a path in a folder that does not exist, quoting the folder to create (it said "no such file or directory")', async () => {
    const out = join(dir, 'missing', 'deeper', 'x.csv');
    const r = await events('--format', 'csv', '--output', out);
    assert.ok(r.error instanceof InvalidInputError);
    assert.equal(
      r.error.message,
      `cannot write "${out}": the folder "${join(dir, 'missing')}" does not exist`,
    );
  });

  it(
    'refuses a file of a folder that takes no new files (/proc/version) saying so, not "no such file" of a file that exists',
    {
      skip: statSync('/proc/version', { throwIfNoEntry: false })
        ? false
        : 'no /proc/version here (not Linux)',
    },
    async () => {
      for (const [out, message] of [
        [
          '/proc/version',
          'cannot write "/proc/version": the folder "/proc" does not take new files (the new file is written there first, then renamed over the old one)',
        ],
        [
          '/proc/faultline.csv',
          'cannot write "/proc/faultline.csv": the folder "/proc" does not take new files',
        ],
      ] as const) {
        const r = await events('--format', 'csv', '--output', out);
        assert.ok(r.error instanceof InvalidInputError, out);
        assert.equal(r.error.message, message);
      }
    },
  );

  it("a missing folder, a directory or a folder that takes no new files is refused before the store is opened: with no store at --db, the refusal is the output's, and nothing is made", async () => {
    const none = join(dir, 'none.duckdb');
    const cases: [string, string][] = [
      [
        join(dir, 'missing', 'x.csv'),
        `cannot write "${join(dir, 'missing', 'x.csv')}": the folder "${join(dir, 'missing')}" does not exist`,
      ],
      [dir, `cannot write "${dir}": it is a directory, not a file (give --output a file path)`],
    ];
    if (statSync('/proc/version', { throwIfNoEntry: false }))
      cases.push([
        '/proc/faultline.csv',
        'cannot write "/proc/faultline.csv": the folder "/proc" does not take new files',
      ]);
    const before = readdirSync(dir).sort();
    for (const [out, line] of cases) {
      // It opened the store first, so said there was no store.
      const r = await runProgram({ FAULTLINE_HOME: dir }, [
        ...['events', ...FILTER, '--format', 'csv', '--output', out, '--db', none],
      ]);
      assert.deepEqual([r.status, r.stderr, r.stdout], [2, `faultline: ${line}\n`, ''], out);
    }
    assert.deepEqual(readdirSync(dir).sort(), before);
  });

  it('an export refused after its --output was opened (no store, an unknown country) leaves nothing beside it', async () => {
    const before = readdirSync(dir).sort();
    const out = join(dir, 'refused.csv');
    const noStore = await runProgram({ FAULTLINE_HOME: dir }, [
      ...['events', ...FILTER, '--format', 'csv', '--output', out, '--db', join(dir, 'none.duckdb')],
    ]);
    assert.equal(noStore.status, 4, noStore.stderr);
    assert.match(noStore.stderr, /^faultline: no store at /);
    const unknown = await runCli(
      store,
      [registerEvents],
      ['events', '--country', 'XXX', '--format', 'csv', '--output', out],
    );
    assert.match(String((unknown.error as Error).message), /^unknown country: "XXX" /);
    assert.deepEqual(readdirSync(dir).sort(), before);
  });

  // Last: it spoils the store's archive. The export wrote its header, then failed reading the first
  // original record: the half file was left under the user's name, and an earlier file was emptied first.
  it('an export that fails midway leaves the earlier file as it was, or none, and nothing beside it', async () => {
    const archive = join(dirname(path), 'archive');
    for (const f of readdirSync(archive).filter((f) => f.endsWith('.br')))
      writeFileSync(join(archive, f), 'garbage');
    const earlier = join(dir, 'earlier.csv');
    writeFileSync(earlier, 'the export of yesterday\n');
    const replaced = await events('--format', 'csv', '--original', '--output', earlier);
    assert.match(String(replaced.error), /cannot read the archived source file ".*\.br": block 0: /);
    assert.equal(readFileSync(earlier, 'utf8'), 'the export of yesterday\n');
    const fresh = await events('--format', 'csv', '--original', '--output', join(dir, 'new.csv'));
    assert.ok(fresh.error, 'the export failed');
    assert.deepEqual(
      readdirSync(dir).filter((f) => f !== 'plain' && f !== 'kept-mode.csv'),
      ['earlier.csv'],
    );
  });
});
