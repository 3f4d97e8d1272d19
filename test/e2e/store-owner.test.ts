// test-run: alone, about 13 s (spawns the CLI and a server)
/**
 * One process owns the store: with `faultline serve` running, other commands on the same store run
 * through it (real processes, real HTTP, a real DuckDB file), and a stale discovery file is ignored.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { SourcesAnswer } from '../../src/app/answers.ts';

/** The ledger and coverage of a sources answer: the credits of the bundled reference data are in every one. */
const ledgerAndCoverage = (s: SourcesAnswer) => ({ imports: s.imports, coverage: s.coverage });

const ROOT = new URL('../../', import.meta.url).pathname;
// The compiled CLI (scripts/test.sh rebuilds dist/ when src/ is newer).
const BIN = join(ROOT, 'bin/faultline.js');
const dir = realpathSync(mkdtempSync(join(tmpdir(), 'faultline-owner-')));
const DB = join(dir, 'store.duckdb');
const DISCOVERY = `${DB}.server.json`;
const env: NodeJS.ProcessEnv = { ...process.env, FAULTLINE_HOME: join(dir, 'home') };
delete env.FAULTLINE_DB;

/** Every process this file starts, killed if still running and waited for before `dir` is removed. */
const children = new Set<ChildProcess>();
/** A process just spawned, which the file's last hook stops if a test left it running. */
function started<T extends ChildProcess>(child: T): T {
  children.add(child);
  return child;
}
after(async () => {
  await Promise.all(
    [...children].map((c) =>
      c.exitCode !== null || c.signalCode !== null
        ? undefined
        : new Promise((resolve) => {
            c.once('exit', resolve);
            c.kill('SIGKILL');
          }),
    ),
  );
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the compiled CLI. */
function cli(args: string[], cwd = ROOT): Promise<Run> {
  return new Promise((resolve) => {
    const child = started(spawn(process.execPath, [BIN, ...args], { cwd, env }));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** A pid that no process has any more. */
function deadPid(): Promise<number> {
  return new Promise((resolve) => {
    const child = started(spawn(process.execPath, ['-e', '']));
    child.once('exit', () => resolve(child.pid!));
  });
}

/** A local port nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Makes an empty store at `db`: a command that only reads refuses a store file that does not exist. */
async function emptyStore(db: string): Promise<void> {
  const { createStore } = await import('../../src/storage/index.ts');
  await (await createStore({ path: db })).close();
}

function staleFile(db: string, pid: number, port: number): void {
  writeFileSync(
    `${db}.server.json`,
    JSON.stringify({
      pid,
      host: '127.0.0.1',
      port,
      url: port ? `http://127.0.0.1:${port}` : '',
      db,
      startedAt: new Date().toISOString(),
      token: 'x'.repeat(43),
    }),
    { mode: 0o600 },
  );
}

describe('a CLI command while faultline serve owns the store', () => {
  let server: ChildProcess;
  let url = '';
  let log = '';

  before(async () => {
    server = started(
      spawn(process.execPath, [BIN, 'serve', '--port', '0', '--db', DB], {
        cwd: ROOT,
        env,
      }),
    );
    server.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    const deadline = Date.now() + 30_000;
    while (!existsSync(DISCOVERY)) {
      if (server.exitCode !== null) throw new Error(`serve exited ${server.exitCode}: ${log}`);
      if (Date.now() > deadline) throw new Error(`no discovery file after 30 s: ${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    url = JSON.parse(readFileSync(DISCOVERY, 'utf8')).url;
  });

  after(() => {
    if (server.exitCode === null) server.kill('SIGKILL');
  });

  it('the discovery file names pid, port, store and a token, readable by its owner only', () => {
    const d = JSON.parse(readFileSync(DISCOVERY, 'utf8'));
    assert.equal(d.pid, server.pid);
    assert.equal(d.db, DB);
    assert.ok(d.port > 0 && d.url === `http://127.0.0.1:${d.port}`, d.url);
    assert.match(d.token, /^[A-Za-z0-9_-]{43}$/);
    assert.ok(!Number.isNaN(Date.parse(d.startedAt)));
    assert.equal(statSync(DISCOVERY).mode & 0o777, 0o600);
  });

  it('import, sources and events run through the server, and its API sees the import', async () => {
    const before = await (await fetch(`${url}/api/v1/sources`)).json();
    assert.deepEqual(before.imports, []);
    // A path relative to the caller's directory, which is not the server's.
    const imported = await cli(['import', 'conflict_data_pak.csv', '--db', DB], join(ROOT, 'data/ucdp-ged'));
    assert.equal(imported.status, 0, imported.stderr);
    assert.match(
      imported.stdout,
      /conflict_data_pak\.csv\s+ucdp-ged\s+22\.1 \(inferred\)\s+6416\s+6416\s+0\s+6416\s.*imported/,
    );
    assert.doesNotMatch(imported.stderr, /lock/i);

    const [sources, events] = await Promise.all([
      cli(['sources', '--db', DB, '--format', 'json']),
      cli([
        'events',
        '--country',
        'PAK',
        '--from',
        '2021',
        '--to',
        '2021',
        '--limit',
        '3',
        '--format',
        'json',
        '--db',
        DB,
      ]),
    ]);
    assert.equal(sources.status, 0, sources.stderr);
    const ledger = JSON.parse(sources.stdout).imports;
    assert.deepEqual(
      ledger.map((l: { file: string; accepted: number }) => [l.file, l.accepted]),
      [['conflict_data_pak.csv', 6416]],
    );
    assert.equal(events.status, 0, events.stderr);
    const rows = JSON.parse(events.stdout);
    assert.equal(rows.length, 3);
    for (const e of rows) assert.match(e.date_start, /^2021-/);

    // The API's answer cache was dropped by the forwarded import.
    const after = await (await fetch(`${url}/api/v1/sources`)).json();
    assert.deepEqual(
      after.imports.map((l: { file: string; accepted: number }) => [l.file, l.accepted]),
      [['conflict_data_pak.csv', 6416]],
    );
  });

  it('a forwarded command with bad input exits 2 with its one-line message, and the server keeps serving', async () => {
    // The server runs them one at a time: the second may say it waits for the first (after a second).
    const waited = (r: { status: number | null; stderr: string; stdout: string }) => ({
      ...r,
      stderr: r.stderr.replace(
        /^faultline: waiting for `faultline \w+` \(running in the server since [\d:]+ UTC\) to end: the server runs commands one at a time\n/,
        '',
      ),
    });
    const [r, missing] = (
      await Promise.all([
        cli(['events', '--format', 'xml', '--db', DB]),
        cli(['claims', 'check', 'no-such-claims.yaml', '--db', DB], dir),
      ])
    ).map(waited);
    assert.deepEqual(
      [r.status, r.stderr, r.stdout],
      [
        2,
        'faultline: invalid --format: "xml" (use table, csv, ndjson, json, geojson, xlsx or parquet)\n',
        '',
      ],
    );
    assert.deepEqual(
      [missing.status, missing.stderr],
      [2, `faultline: no such file: "${join(dir, 'no-such-claims.yaml')}"\n`],
    );
    assert.equal((await fetch(`${url}/api/v1/health`)).status, 200);
    assert.equal(server.exitCode, null);
  });

  it('a second serve on the owned store fails in one line naming the pid and URL', async () => {
    const r = await cli(['serve', '--port', '0', '--db', DB]);
    assert.deepEqual(
      [r.status, r.stderr],
      [
        4,
        `faultline: store "${DB}" is already served by pid ${server.pid} at "${url}"; stop that server first (other commands run through it)\n`,
      ],
    );
  });

  it('a second serve with a bad flag is refused for the flag first, exit 2, as without a server', async () => {
    // It named the running server, exit 4, and the typo showed only once that server was stopped.
    const [port, unknown] = await Promise.all([
      cli(['serve', '--port', '99999', '--db', DB]),
      cli(['serve', '--prot', '0', '--db', DB]),
    ]);
    assert.deepEqual(
      [port.status, port.stderr],
      [2, 'faultline: invalid --port: "99999" (use an integer from 0 to 65535)\n'],
    );
    assert.equal(unknown.status, 2, unknown.stderr);
    assert.match(unknown.stderr, /^faultline: unknown option '--prot'/);
  });

  it('a start beside it refuses a bad flag first, exit 2, then the running server, exit 4, importing nothing', async () => {
    // start --port 99999, --format xml and a mistyped flag named the running server, exit 4, hiding the typo.
    // Refused before they touch the store: the calls run side by side.
    const cases = [
      [['--port', '99999'], 'faultline: invalid --port: "99999" (use an integer from 0 to 65535)\n'],
      [['--rate-limit', '0'], 'faultline: invalid --rate-limit: "0" (use an integer from 1 to 1000000000)\n'],
      [['--format', 'xml'], 'faultline: invalid --format: "xml" (use table or json)\n'],
      [
        ['--host', ''],
        'faultline: invalid --host: "" (give an address to listen on, such as 127.0.0.1, or leave the flag out)\n',
      ],
    ] as const;
    const [unknown, r, ...refused] = await Promise.all([
      cli(['start', '--prot', '0', '--db', DB]),
      cli(['start', '--port', '0', '--db', DB]),
      ...cases.map(([args]) => cli(['start', ...args, '--db', DB])),
    ]);
    cases.forEach(([, line], i) => assert.deepEqual([refused[i]!.status, refused[i]!.stderr], [2, line]));
    assert.equal(unknown!.status, 2, unknown!.stderr);
    assert.match(unknown!.stderr, /^faultline: unknown option '--prot'/);
    assert.deepEqual(
      [r!.status, r!.stdout, r!.stderr],
      [
        4,
        '',
        `faultline: store "${DB}" is already served by pid ${server.pid} at "${url}"; stop that server first (other commands run through it)\n`,
      ],
    );
    assert.equal(server.exitCode, null);
  });

  it('the internal route refuses a wrong token, an API key and no token', async () => {
    const body = JSON.stringify({ argv: ['sources'], cwd: ROOT });
    const key = await cli(['keys', 'create', '--role', 'admin', '--db', DB]);
    assert.equal(key.status, 0, key.stderr);
    for (const authorization of ['Bearer wrong', `Bearer ${key.stdout.trim()}`, undefined]) {
      const res = await fetch(`${url}/api/v1/internal/cli`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body,
      });
      assert.equal(res.status, 401, String(authorization));
      assert.equal((await res.json()).error.code, 'unauthenticated');
    }
  });

  it('a discovery file whose port answers with another token is stale: the command opens its own store', async () => {
    const other = join(dir, 'other.duckdb');
    await emptyStore(other);
    staleFile(other, server.pid!, Number(new URL(url).port));
    const r = await cli(['sources', '--db', other, '--format', 'json']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(
      ledgerAndCoverage(JSON.parse(r.stdout)),
      { imports: [], coverage: [] },
      'not the served store',
    );
    assert.equal(existsSync(`${other}.server.json`), false);
  });

  it('SIGTERM stops the server and removes its discovery file; then commands open the store directly', async () => {
    server.kill('SIGTERM');
    const code = await new Promise((res) =>
      server.exitCode === null ? server.once('exit', res) : res(server.exitCode),
    );
    assert.equal(code, 0, log);
    assert.equal(existsSync(DISCOVERY), false);
    const r = await cli(['sources', '--db', DB, '--format', 'csv']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /conflict_data_pak\.csv/);
  });
});

describe('a stale discovery file', () => {
  it('is ignored and removed when its process is gone, or its port is closed', async () => {
    const [pid, port] = await Promise.all([deadPid(), closedPort()]);
    const dead = join(dir, 'dead.duckdb');
    const closed = join(dir, 'closed.duckdb');
    await Promise.all([emptyStore(dead), emptyStore(closed)]);
    staleFile(dead, pid, port);
    // An alive process (this test) that does not listen on the port: stale too.
    staleFile(closed, process.pid, port);
    const runs = await Promise.all([
      cli(['sources', '--db', dead, '--format', 'json']),
      cli(['sources', '--db', closed, '--format', 'json']),
    ]);
    for (const r of runs) {
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(ledgerAndCoverage(JSON.parse(r.stdout)), { imports: [], coverage: [] });
    }
    assert.equal(existsSync(`${dead}.server.json`), false);
    assert.equal(existsSync(`${closed}.server.json`), false);
    assert.ok(
      existsSync(`${dead}.sources.json`) && existsSync(`${closed}.sources.json`),
      'the commands opened the stores themselves (and kept the sources snapshot beside them)',
    );
  });
});

describe('a store held by a starting server (port 0)', () => {
  it('makes a command wait while the holder lives, then run on its own when it is gone', async () => {
    const db = join(dir, 'starting.duckdb');
    await emptyStore(db);
    const holder = started(spawn(process.execPath, ['-e', 'setTimeout(() => {}, 120000)']));
    await new Promise((r) => holder.once('spawn', r));
    staleFile(db, holder.pid!, 0);
    const child = started(
      spawn(process.execPath, [BIN, 'sources', '--db', db, '--format', 'json'], {
        cwd: ROOT,
        env,
      }),
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes('waiting for pid')) holder.kill('SIGKILL'); // the holder goes away
    });
    const status = await new Promise((res) => child.once('close', res));
    holder.kill('SIGKILL');
    assert.equal(status, 0, stderr);
    assert.equal(stderr, `faultline: waiting for pid ${holder.pid} to finish importing and serve "${db}"\n`);
    assert.deepEqual(ledgerAndCoverage(JSON.parse(stdout)), { imports: [], coverage: [] });
    assert.equal(existsSync(`${db}.server.json`), false);
  });
});

describe('a command while faultline start imports before it serves', () => {
  it('waits for the import and runs through the server, which then owns the store', async () => {
    const db = join(dir, 'started.duckdb');
    const file = `${db}.server.json`;
    // The store served above (its server stopped), which holds the bundled GED file already: start
    // imports the five other bundled files (seconds of import to wait for), not all six again.
    cpSync(DB, db);
    if (existsSync(`${DB}.wal`)) cpSync(`${DB}.wal`, `${db}.wal`);
    const start = started(
      spawn(process.execPath, [BIN, 'start', '--port', '0', '--db', db], {
        cwd: ROOT,
        env,
      }),
    );
    let log = '';
    start.stderr.on('data', (d: Buffer) => (log += d.toString()));
    try {
      const deadline = Date.now() + 60_000;
      while (!existsSync(file)) {
        assert.ok(Date.now() < deadline && start.exitCode === null, `no discovery file: ${log}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const first = JSON.parse(readFileSync(file, 'utf8'));
      assert.deepEqual([first.pid, first.port, first.url], [start.pid, 0, ''], 'held, not yet serving');
      const r = await cli(['sources', '--db', db, '--format', 'json']);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(JSON.parse(r.stdout).imports.length, 6, 'every bundled file: it ran after the import');
      assert.ok(JSON.parse(readFileSync(file, 'utf8')).port > 0);
    } finally {
      start.kill('SIGTERM');
    }
    assert.equal(await new Promise((res) => start.once('exit', res)), 0, log);
    assert.equal(existsSync(file), false);
  });
});
