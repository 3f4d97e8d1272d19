/**
 * CLI start-up benchmark: wall time of `node -e 0` (the baseline: node's own start-up), then
 * `faultline --help` and `faultline sources` on a store holding the bundled data, each spawned
 * N times (default 20, `CLI_BENCH_N`) in turns, so load on the machine falls on all of them alike.
 * `sources` is timed three times: on a store unchanged since the last call (answered from the
 * snapshot beside the store, src/cli/sources-snapshot.ts); as the first call after a write by a
 * faultline command (`faultline keys create` before each run: a command that wrote the store leaves
 * a fresh snapshot once it has closed it, as `faultline import` does); and as the first call after a
 * change by another program (the snapshot removed before each run, so DuckDB opens the store).
 * Beside them, with no goal of their own: a page of 1,000 events as a table and the same page as CSV,
 * so the table's own cost (drawing and measuring the cells) is the difference, in the same run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/faultline.js');
const OUT = new URL('./out/', import.meta.url).pathname;

function run(args: string[], before?: () => void): number {
  before?.();
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`failed: node ${args.join(' ')}: ${String(r.stderr).trim()}`);
  return performance.now() - t;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Runs the CLI start-up benchmark and returns its medians (ms) and ratios to `node -e 0`. */
export async function benchCli(n = Number(process.env.CLI_BENCH_N ?? 20)): Promise<Record<string, unknown>> {
  if (!existsSync(join(ROOT, 'dist/faultline.js')))
    spawnSync('npm', ['run', '--silent', 'build:cli'], { cwd: ROOT, stdio: 'inherit' });
  mkdirSync(OUT, { recursive: true });
  const db = join(OUT, 'cli-bench.duckdb');
  // `start --no-serve` imports the bundled data once (idempotent: later runs only summarise).
  const startMs = run([BIN, 'start', '--no-serve', '--db', db]);
  const snapshot = `${db}.sources.json`;
  const sources = [BIN, 'sources', '--db', db];
  const cases: Record<string, [string[], (() => void)?]> = {
    'node -e 0': [['-e', '0']],
    'faultline --help': [[BIN, '--help']],
    'faultline sources': [sources],
    'faultline sources, after a faultline write': [
      sources,
      () => void run([BIN, 'keys', 'create', '--role', 'viewer', '--name', 'cli-bench', '--db', db]),
    ],
    'faultline sources, store changed by another program': [sources, () => rmSync(snapshot, { force: true })],
    'faultline events --limit 1000 (table)': [[BIN, 'events', '--limit', '1000', '--db', db]],
    'faultline events --limit 1000 --format csv': [
      [BIN, 'events', '--limit', '1000', '--format', 'csv', '--db', db],
    ],
  };
  /** The cases the goal (<= 0.4 s, <= 3x node) is about; the others are measured beside them. */
  const goal = (name: string) => name === 'faultline --help' || name.startsWith('faultline sources');
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (const [args, before] of Object.values(cases)) run(args, before); // warm the file cache
  const load = loadavg()[0]!;
  for (let i = 0; i < n; i++)
    for (const [name, [args, before]] of Object.entries(cases)) {
      // The unchanged-store case must be answered from a snapshot (the changed case before it removed it).
      if (name === 'faultline sources' && !existsSync(snapshot)) run(args);
      if (name === 'faultline sources' && !existsSync(snapshot))
        throw new Error(`no snapshot kept: ${snapshot}`);
      before?.();
      // The write's own snapshot must be there (the sources call is then timed reading it).
      if (name.includes('faultline write') && !existsSync(snapshot))
        throw new Error(`the write left no snapshot: ${snapshot}`);
      times[name]!.push(run(args));
    }
  const base = median(times['node -e 0']!);
  const out: Record<string, unknown> = {
    repetitions: n,
    load_average_1min: +load.toFixed(2),
    start_no_serve_s: +(startMs / 1000).toFixed(2),
  };
  for (const [name, xs] of Object.entries(times)) {
    const m = median(xs);
    out[name] = { median_ms: Math.round(m), ratio_to_node: +(m / base).toFixed(2) };
    if (name !== 'node -e 0')
      console.log(
        `cli ${name.padEnd(18)} median ${Math.round(m)} ms, ${(m / base).toFixed(2)}x node -e 0 (${Math.round(base)} ms)` +
          (goal(name) ? `; goal <= 400 ms and <= 3x: ${m <= 400 && m <= 3 * base ? 'met' : 'not met'}` : ''),
      );
  }
  console.log('cli', JSON.stringify(out));
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) await benchCli();
