// Plans the test run: which test files run in a process of their own and which share one, and in
// which order they start.
//
// Starting a test process costs about a second of CPU before the first test (Node, the tsx
// loader, DuckDB's native module, the module graph), and most of our ~130 test files run for less
// than that. So the light files are packed into group files that import them one after another in
// one process; node:test reports their suites as usual. A file runs alone when it lives under
// test/e2e or test/reliability (it spawns processes, measures time or memory, or drives Chromium),
// or when it says so near its top with a line like
//   // test-run: alone, about 30 s (why)
// The number orders the run, longest first, so the two workers finish together (a group counts as
// GROUP_SECONDS), except that a file whose line says "(Chromium" does not start beside another
// such file while any other is left: a browser test keeps more than one core busy (the page, the
// GPU process, the server), and two at once slowed both by a third. The plan is worked out by
// following the two workers through the expected times. Node's runner sorts the files it is given
// by path, whatever their order on the command line, so the order is written into the names: each
// entry is OUT_DIR/NNN-<path>, a symbolic link to the test file (Node runs the file it points to,
// under its own path) or a group file.
//
// Usage: node scripts/test-entries.mjs OUT_DIR FILE... ; prints the entries for `node --test`,
// one per line (absolute paths); group files and links are written to OUT_DIR.
import { Buffer } from 'node:buffer';
import console from 'node:console';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import process from 'node:process';

const GROUPS = Number(process.env.FAULTLINE_TEST_GROUPS ?? 8);
// What one group of light files takes, about (2026-12-07, a whole run with each test process's CPU
// logged: the eight groups took 33-54 s of CPU each, 45-70 s of wall beside the other worker; 379 of
// the run's 668 s of CPU in test processes).
const GROUP_SECONDS = 45;
const [outDir, ...files] = process.argv.slice(2);
if (!outDir || files.length === 0) {
  console.error('usage: node scripts/test-entries.mjs OUT_DIR FILE...');
  process.exit(2);
}

const MARK = /^\/\/ test-run: alone(?:, about (\d+) s)?(.*)$/m;
// Workers of `node --test` (scripts/test.sh passes --test-concurrency=2).
const WORKERS = 2;
const solo = [];
const light = [];
for (const file of files) {
  const head = readFileSync(file, 'utf8').slice(0, 2000);
  const mark = MARK.exec(head);
  if (mark || /(^|\/)test\/(e2e|reliability)\//.test(file))
    solo.push({ file, seconds: Number(mark?.[1] ?? 30), browser: /\(Chromium/.test(mark?.[2] ?? '') });
  else light.push({ file, bytes: Buffer.byteLength(readFileSync(file, 'utf8')) });
}

// Round-robin over the light files from largest to smallest spreads their (unknown) cost evenly.
const groups = Array.from({ length: Math.min(GROUPS, light.length) }, () => []);
light.sort((a, b) => b.bytes - a.bytes || a.file.localeCompare(b.file));
light.forEach((f, i) => groups[i % groups.length].push(f.file));

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const left = [
  ...solo.map((s) => ({
    name: relative(process.cwd(), resolve(s.file)),
    seconds: s.seconds,
    browser: s.browser,
    file: s.file,
  })),
  ...groups.map((members, i) => ({
    name: `group-${String(i + 1).padStart(2, '0')}.test.mjs`,
    seconds: GROUP_SECONDS,
    browser: false,
    members,
  })),
].sort((a, b) => b.seconds - a.seconds || a.name.localeCompare(b.name));

// The workers as the runner will use them: the one free first takes the next entry.
const workers = Array.from({ length: WORKERS }, () => ({ until: 0, browser: false }));
const planned = [];
while (left.length) {
  const free = workers.reduce((a, b) => (b.until < a.until ? b : a));
  const browserBeside = workers.some((w) => w !== free && w.browser && w.until > free.until);
  const at = browserBeside
    ? Math.max(
        0,
        left.findIndex((e) => !e.browser),
      )
    : 0;
  const [next] = left.splice(at, 1);
  planned.push(next);
  free.until += next.seconds;
  free.browser = next.browser;
}

const entries = planned.map((p, i) => {
  const path = join(outDir, `${String(i).padStart(3, '0')}-${p.name.replaceAll('/', '--')}`);
  if (p.file) symlinkSync(resolve(p.file), path);
  else {
    const lines = p.members
      .sort()
      // Absolute paths (not file: URLs), so scripts/bundle-tests.mjs can inline them too.
      .map((m) => `await import(${JSON.stringify(resolve(m))});`)
      .join('\n');
    writeFileSync(path, `// Light test files run in one process (scripts/test-entries.mjs).\n${lines}\n`);
  }
  return path;
});
process.stdout.write(entries.join('\n') + '\n');
