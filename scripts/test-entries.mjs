// Plans the test run: which test files run in a process of their own and which share one.
//
// Starting a test process costs about a second of CPU before the first test (Node, the tsx
// loader, DuckDB's native module, the module graph), and most of our ~100 test files run for less
// than that. So the light files are packed into a few group files that import them one after
// another in one process; node:test reports their suites as usual. A file runs alone when it lives
// under test/e2e or test/reliability (it spawns processes, measures time or memory, or drives
// Chromium), or when it says so near its top with a line like
//   // test-run: alone, about 30 s (why)
// The number orders the solo files, longest first, so the two workers finish together.
//
// Usage: node scripts/test-entries.mjs OUT_DIR FILE... ; prints the entries for `node --test`,
// one per line (absolute paths); group files are written to OUT_DIR.
import { Buffer } from 'node:buffer';
import console from 'node:console';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';

const GROUPS = Number(process.env.FAULTLINE_TEST_GROUPS ?? 4);
const [outDir, ...files] = process.argv.slice(2);
if (!outDir || files.length === 0) {
  console.error('usage: node scripts/test-entries.mjs OUT_DIR FILE...');
  process.exit(2);
}

const MARK = /^\/\/ test-run: alone(?:, about (\d+) s)?/m;
const solo = [];
const light = [];
for (const file of files) {
  const head = readFileSync(file, 'utf8').slice(0, 2000);
  const mark = MARK.exec(head);
  if (mark || /(^|\/)test\/(e2e|reliability)\//.test(file))
    solo.push({ file, seconds: Number(mark?.[1] ?? 30) });
  else light.push({ file, bytes: Buffer.byteLength(readFileSync(file, 'utf8')) });
}

// Round-robin over the light files from largest to smallest spreads their (unknown) cost evenly.
const groups = Array.from({ length: Math.min(GROUPS, light.length) }, () => []);
light.sort((a, b) => b.bytes - a.bytes || a.file.localeCompare(b.file));
light.forEach((f, i) => groups[i % groups.length].push(f.file));

mkdirSync(outDir, { recursive: true });
const entries = solo
  .sort((a, b) => b.seconds - a.seconds || a.file.localeCompare(b.file))
  .map((s) => resolve(s.file));
groups.forEach((members, i) => {
  const path = join(outDir, `group-${String(i + 1).padStart(2, '0')}.test.mjs`);
  const lines = members
    .sort()
    .map((m) => `await import(${JSON.stringify(pathToFileURL(resolve(m)).href)});`)
    .join('\n');
  writeFileSync(path, `// Light test files run in one process (scripts/test-entries.mjs).\n${lines}\n`);
  entries.push(path);
});
process.stdout.write(entries.join('\n') + '\n');
