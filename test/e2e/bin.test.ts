// test-run: alone, about 5 s (spawns the CLI)
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import type { SourcesAnswer } from '../../src/app/answers.ts';

const ROOT = new URL('../../', import.meta.url);
const BIN = new URL('bin/faultline.js', ROOT).pathname;
const DIST = new URL('dist/', ROOT);
const dir = mkdtempSync(join(tmpdir(), 'faultline-bin-'));

// A module hook that writes every URL the process resolves to a file: ESM has no module list.
writeFileSync(
  join(dir, 'hooks.mjs'),
  `import { appendFileSync } from 'node:fs';
let log;
export function initialize(data) { log = data.log; }
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(log, r.url + '\\n');
  return r;
}
`,
);
writeFileSync(
  join(dir, 'register.mjs'),
  `import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';
const log = process.env.RESOLVED_LOG;
register(new URL('./hooks.mjs', import.meta.url), { data: { log } });
// CommonJS (DuckDB's native binding, bundled packages' require calls) bypasses the hook: list its cache.
const cache = createRequire(import.meta.url).cache;
process.on('exit', () => appendFileSync(log, Object.keys(cache).map((f) => pathToFileURL(f).href + '\\n').join('')));
`,
);

/** Runs bin/faultline.js with a clean NODE_OPTIONS and returns its output and every module URL it resolved. */
function traced(...args: string[]): { status: number | null; stdout: string; resolved: string[] } {
  const log = join(dir, `resolved-${args[0]}.txt`);
  writeFileSync(log, '');
  const r = spawnSync(
    process.execPath,
    ['--import', pathToFileURL(join(dir, 'register.mjs')).href, BIN, ...args],
    { env: { ...process.env, NODE_OPTIONS: '', RESOLVED_LOG: log }, encoding: 'utf8' },
  );
  return {
    status: r.status,
    stdout: r.stdout,
    resolved: readFileSync(log, 'utf8').split('\n').filter(Boolean),
  };
}

interface Meta {
  outputs: Record<
    string,
    { imports: { path: string; kind: string; external?: boolean }[]; inputs: Record<string, unknown> }
  >;
}

/** The chunks dist/faultline.js imports statically (esbuild's metafile): what every call loads. */
function startupChunks(): Set<string> {
  const meta = JSON.parse(readFileSync(new URL('meta.json', DIST), 'utf8')) as Meta;
  const seen = new Set<string>();
  const walk = (out: string): void => {
    if (seen.has(out)) return;
    seen.add(out);
    for (const i of meta.outputs[out]!.imports)
      if (i.kind === 'import-statement' && !i.external) walk(i.path);
  };
  walk(Object.keys(meta.outputs).find((o) => o.endsWith('/faultline.js'))!);
  return new Set([...seen].map((o) => new URL(o.split('/').pop()!, DIST).href));
}

/** The source files compiled into those chunks. */
function startupInputs(): string[] {
  const meta = JSON.parse(readFileSync(new URL('meta.json', DIST), 'utf8')) as Meta;
  const chunks = startupChunks();
  return Object.entries(meta.outputs)
    .filter(([o]) => chunks.has(new URL(o.split('/').pop()!, DIST).href))
    .flatMap(([, o]) => Object.keys(o.inputs));
}

describe('bin/faultline.js', () => {
  // Every run below is waited for (spawnSync, or its close event), so no process writes there any more.
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('--help runs the compiled dist/ without tsx and loads no command code, DuckDB or npm package', () => {
    const r = traced('--help');
    assert.equal(r.status, 0);
    for (const cmd of [
      'start',
      'import',
      'events',
      'sources',
      'series',
      'serve',
      'forecast',
      'claims',
      'brief',
    ])
      assert.match(r.stdout, new RegExp(`^  ${cmd} `, 'm'), `help lists ${cmd}`);
    const files = r.resolved.filter((u) => u.startsWith('file:'));
    assert.ok(files.includes(new URL('faultline.js', DIST).href), 'runs dist/faultline.js');
    assert.deepEqual(
      files.filter((u) => u.includes('/node_modules/') || u.endsWith('.ts')),
      [],
      'no tsx, no TypeScript source, no package from node_modules',
    );
    assert.deepEqual(
      r.resolved.filter((u) => u === 'node:http' || u === 'node:crypto'),
      [],
      "Node's HTTP client and crypto load only when a command needs them",
    );
    const allowed = startupChunks();
    assert.deepEqual(
      files.filter((u) => u.includes('/dist/') && !allowed.has(u)),
      [],
      'only the chunks every call needs (a command chunk, storage or the API would be listed here)',
    );
  });

  it('what every call loads is the command registrations and small helpers: no store, API or analysis code', () => {
    const heavy = startupInputs().filter(
      (f) =>
        /^src\/(storage|api|analytics|geo|report|claims\/(?!tolerances))/.test(f) ||
        (f.includes('node_modules/') && !f.includes('node_modules/commander/')),
    );
    assert.deepEqual(heavy, []);
  });

  it('sources loads the store on demand: its chunk is resolved only when a command needs it', () => {
    const db = join(dir, 'store.duckdb');
    // A command that writes makes the store (one that only reads refuses a missing one, below).
    const made = spawnSync(process.execPath, [BIN, 'keys', 'create', '--role', 'viewer', '--db', db], {
      encoding: 'utf8',
    });
    assert.equal(made.status, 0, made.stderr);
    rmSync(`${db}.sources.json`); // the snapshot it left would answer without opening the store
    const r = traced('sources', '--db', db);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^Imports /);
    const allowed = startupChunks();
    assert.ok(
      r.resolved.some((u) => u.includes('/dist/') && !allowed.has(u)),
      'opening the store loads a lazy chunk (so the --help check above can see one)',
    );
    // What sources never uses: the filter vocabulary's packages, and Node's HTTP client (no server runs).
    assert.deepEqual(
      r.resolved.filter((u) => /i18n-iso-countries|fastest-levenshtein|^node:http$/.test(u)),
      [],
    );
  });

  it('sources opens the store read-only: several at once on one store all answer', async () => {
    const db = join(dir, 'store.duckdb'); // made by the test above
    const env = { ...process.env, NODE_OPTIONS: '' };
    const runs = await Promise.all(
      [1, 2, 3].map(
        () =>
          new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
            const child = spawn(process.execPath, [BIN, 'sources', '--db', db, '--format', 'json'], { env });
            let stdout = '';
            let stderr = '';
            child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
            child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
            child.on('close', (status) => resolve({ status, stdout, stderr }));
          }),
      ),
    );
    for (const r of runs) {
      assert.deepEqual([r.status, r.stderr], [0, '']);
      // An empty store still credits the bundled reference data (boundaries, gazetteer, populations).
      const { credits, ...rest } = JSON.parse(r.stdout) as SourcesAnswer;
      assert.deepEqual(rest, { imports: [], coverage: [] });
      assert.ok(credits.length > 0 && credits.every((c) => c.source === null));
    }
  });

  it('a bad setting is refused in one line with exit 2 (bad input), also by --help, which read it after the forwarding check', () => {
    const line =
      'faultline: invalid setting FAULTLINE_QUERY_TIMEOUT_MS: "2147483648" (a whole number of milliseconds from 1 to 2147483647, in plain digits)\n';
    for (const args of [['sources'], ['--help']]) {
      const r = spawnSync(process.execPath, [BIN, ...args], {
        encoding: 'utf8',
        env: { ...process.env, FAULTLINE_HOME: dir, FAULTLINE_QUERY_TIMEOUT_MS: '2147483648' },
      });
      assert.deepEqual([r.status, r.stdout, r.stderr], [2, '', line], args.join(' '));
    }
  });

  it('an unknown command is refused with exit 2, also when --help follows it (it showed the whole help, exit 0)', () => {
    for (const args of [
      ['returns'],
      ['returns', '--help'],
      ['--db', join(dir, 's.duckdb'), 'retruns', '-h'],
    ]) {
      const r = spawnSync(process.execPath, [BIN, ...args], {
        encoding: 'utf8',
        env: { ...process.env, FAULTLINE_HOME: dir },
      });
      const word = args.includes('returns') ? 'returns' : 'retruns';
      assert.deepEqual(
        [r.status, r.stdout, r.stderr],
        [2, '', `faultline: unknown command '${word}'; run faultline --help for usage\n`],
        args.join(' '),
      );
    }
  });

  it('a command that only reads refuses a store that does not exist (a mistyped --db), and makes nothing', () => {
    const missing = join(dir, 'no-such-dir', 'store.duckdb');
    const typo = join(dir, 'stroe.duckdb'); // in a directory that exists
    for (const [db, args] of [
      [missing, ['sources']],
      [missing, ['events', '--limit', '1']],
      [typo, ['events', '--limit', '1']],
    ] as const) {
      const r = spawnSync(process.execPath, [BIN, ...args, '--db', db], { encoding: 'utf8' });
      assert.deepEqual(
        [r.status, r.stdout, r.stderr],
        [
          4,
          '',
          `faultline: no store at "${db}": nothing is imported there (run \`faultline start\` to import the bundled data, or \`faultline import FILE\`; --db or FAULTLINE_DB names another store)\n`,
        ],
      );
    }
    assert.equal(existsSync(join(dir, 'no-such-dir')), false);
    assert.equal(existsSync(typo), false);
  });

  it('sources on a store unchanged since the last call answers from the snapshot beside it, without loading DuckDB', () => {
    const db = join(dir, 'store.duckdb'); // made by the tests above
    const past = new Date(Date.now() - 60_000);
    utimesSync(db, past, past); // settled: a snapshot of it may be kept (src/cli/sources-snapshot.ts)
    const duckdb = (u: string): boolean => /duckdb[^/]*\.node$|node-bindings/.test(u);
    const first = traced('sources', '--db', db);
    assert.equal(first.status, 0);
    assert.ok(first.resolved.some(duckdb), 'the first call reads the store');
    assert.ok(existsSync(`${db}.sources.json`), 'and keeps a snapshot beside it');
    const second = traced('sources', '--db', db);
    assert.equal(second.status, 0);
    assert.equal(second.stdout, first.stdout);
    assert.deepEqual(second.resolved.filter(duckdb), [], "DuckDB's native library is not loaded");
  });

  it('sources right after an import answers from the snapshot the import left, without loading DuckDB', () => {
    const db = join(dir, 'store.duckdb'); // made by the tests above
    const returns = new URL('data/afghan-returns/afghan_returns_published.csv', ROOT).pathname;
    const imported = spawnSync(process.execPath, [BIN, 'import', returns, '--db', db], {
      env: { ...process.env, NODE_OPTIONS: '' },
      encoding: 'utf8',
    });
    assert.equal(imported.status, 0, imported.stderr);
    const duckdb = (u: string): boolean => /duckdb[^/]*\.node$|node-bindings/.test(u);
    const first = traced('sources', '--db', db, '--format', 'json');
    assert.equal(first.status, 0);
    assert.deepEqual(first.resolved.filter(duckdb), [], "DuckDB's native library is not loaded");
    assert.ok(
      (JSON.parse(first.stdout) as { imports: { file: string }[] }).imports.some(
        (i) => i.file === 'afghan_returns_published.csv',
      ),
      'the import is in the answer',
    );
    // The store itself gives the same answer.
    rmSync(`${db}.sources.json`);
    const read = traced('sources', '--db', db, '--format', 'json');
    assert.ok(read.resolved.some(duckdb), 'this call reads the store');
    assert.equal(read.stdout, first.stdout);
  });

  it("brief --no-pdf does not load Chromium's driver (playwright-core), which only the PDF needs", () => {
    const db = join(dir, 'store.duckdb'); // made by the tests above
    const out = join(dir, 'brief');
    const r = traced('brief', '--period', '2021', '--no-pdf', '--out', out, '--db', db);
    assert.equal(r.status, 0, r.stdout);
    assert.ok(existsSync(join(out, 'briefing.html')), 'the briefing is written');
    assert.ok(
      r.resolved.some((u) => u.includes('/dist/')),
      'the trace sees the command load its chunks (so the next check can fail)',
    );
    assert.deepEqual(
      r.resolved.filter((u) => u.includes('/node_modules/playwright-core/')),
      [],
    );
  });

  it('an unknown option or subcommand is a usage error (exit 2) in one line naming the help to read, like one of the program', () => {
    const env = { ...process.env, NODE_OPTIONS: '', FAULTLINE_DB: join(dir, 'usage.duckdb') };
    // The line names the help of the command that refused the option, or the subcommand.
    for (const [args, refusal, help] of [
      [['--bogus'], "unknown option '--bogus'", 'faultline'],
      [['events', '--bogus'], "unknown option '--bogus'", 'faultline events'],
      [['forecast', 'backtest', '--bogus'], "unknown option '--bogus'", 'faultline forecast backtest'],
      [['claims', 'list'], "unknown command 'list'", 'faultline claims'],
    ] as const) {
      const r = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' });
      assert.deepEqual(
        [args, r.status, r.stderr],
        [args, 2, `faultline: ${refusal}; run ${help} --help for usage\n`],
      );
    }
  });

  it('--version prints the version of package.json', () => {
    const r = spawnSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' });
    const { version } = JSON.parse(readFileSync(new URL('package.json', ROOT), 'utf8')) as {
      version: string;
    };
    assert.deepEqual([r.status, r.stdout, r.stderr], [0, `${version}\n`, '']);
  });

  it('says in one line how to build when dist/ is missing', () => {
    const copy = join(dir, 'unbuilt', 'bin');
    mkdirSync(copy, { recursive: true });
    copyFileSync(BIN, join(copy, 'faultline.js'));
    const r = spawnSync(process.execPath, [join(copy, 'faultline.js'), '--help'], { encoding: 'utf8' });
    assert.deepEqual(
      [r.status, r.stderr],
      [1, 'faultline is not built: run `npm run build` (dist/faultline.js is missing)\n'],
    );
  });
});
