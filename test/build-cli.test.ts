/**
 * scripts/build-cli.ts over a checkout of three files (an entry that imports a module lazily, that
 * module, the compute worker's entry), built again and again into one dist/: what a process started
 * from an earlier build can still load, and what a later build removes.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { buildCli } from '../scripts/build-cli.ts';
import { holdBuild } from '../src/cli/installed-build.ts';

const root = mkdtempSync(join(tmpdir(), 'faultline-build-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** A checkout whose lazily loaded module says `version`. */
function checkout(dir: string, version: string): string {
  mkdirSync(join(dir, 'src/cli'), { recursive: true });
  mkdirSync(join(dir, 'src/app'), { recursive: true });
  writeFileSync(join(dir, 'src/cli/main.ts'), `export const lazy = () => import('./lazy.ts');\n`);
  writeFileSync(join(dir, 'src/cli/lazy.ts'), `export const version = ${JSON.stringify(version)};\n`);
  writeFileSync(
    join(dir, 'src/app/compute-worker.ts'),
    `export default async () => (await import('../cli/lazy.ts')).version;\n`,
  );
  return dir;
}

/** The lazily loaded module's chunk of a build: the file a running process would import later. */
const lazyChunk = (files: string[]) => files.find((f) => /^lazy-\w+\.js$/.test(f))!;

const load = async (file: string, tag: string) =>
  (await import(`${pathToFileURL(file).href}?${tag}`)) as Record<string, () => Promise<unknown>>;

describe('a rebuild of the CLI', () => {
  it("keeps what a process of an earlier build loads lazily: its chunks and its compute worker, two builds later (before: only the previous build's chunks stayed)", async () => {
    const dir = checkout(join(root, 'lazy'), 'one');
    const dist = join(dir, 'dist');
    const first = await buildCli(dir, dist);
    // Loaded as a server loads it at start; its lazy import and its worker come later.
    const main = await load(join(dist, 'faultline.js'), 'first');
    let last = first;
    for (const version of ['two', 'three']) {
      checkout(dir, version);
      last = await buildCli(dir, dist);
    }
    const lazy = (await main.lazy!()) as { version: string };
    assert.equal(lazy.version, 'one', 'the first build still loads its own chunk');
    const worker = await load(join(dist, `compute-worker-${first.build}.js`), 'first');
    assert.equal(await worker.default!(), 'one', "the first build's worker runs the first build's code");
    const latest = readFileSync(join(dist, 'faultline.js'), 'utf8');
    assert.ok(latest.includes(lazyChunk(last.files)), "a new process runs the last build's chunk");
    assert.equal(JSON.parse(readFileSync(join(dist, 'build.json'), 'utf8')).build, last.build, 'installed');
  });

  it('a day on, removes the files of builds older than the last three, but not those a live server holds', async () => {
    const dir = checkout(join(root, 'prune'), 'a');
    const dist = join(dir, 'dist');
    const day = (d: number, minute: number) => new Date(Date.UTC(2026, 0, d, 0, minute));
    const held = await buildCli(dir, dist, day(1, 0));
    const release = holdBuild(held.build, dist);
    // A server that stopped without releasing its hold (killed): its hold no longer counts.
    writeFileSync(
      join(dist, 'builds/running-999999999.json'),
      JSON.stringify({ pid: 999999999, build: 'x' }),
    );
    const builds = [held];
    for (const [i, version] of ['b', 'c', 'd', 'e'].entries()) {
      checkout(dir, version);
      builds.push(await buildCli(dir, dist, day(1, i + 1)));
    }
    // Within the day every build stays.
    for (const b of builds) assert.ok(existsSync(join(dist, lazyChunk(b.files))), b.build);
    checkout(dir, 'f');
    builds.push(await buildCli(dir, dist, day(3, 0)));
    release();
    const kept = builds.map((b) => existsSync(join(dist, lazyChunk(b.files))));
    // Held (a), beyond the last three (b, c), the last three (d, e, f).
    assert.deepEqual(kept, [true, false, false, true, true, true]);
    assert.ok(
      !existsSync(join(dist, `builds/${builds[1]!.build}.json`)),
      "the removed build's record goes too",
    );
    assert.ok(!existsSync(join(dist, 'builds/running-999999999.json')), "a stopped server's hold is removed");
    assert.ok(existsSync(join(dist, `compute-worker-${held.build}.js`)), "the held build's worker stays");
  });
});
